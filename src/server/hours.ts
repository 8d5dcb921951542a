/** Business hours: is the service open at a given moment, in the vendor's time zone? */
import type { HoursInfo } from '../protocol/index.js';

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

function minutes(hhmm: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!match) throw new RangeError(`not a time of day: "${hhmm}" (expected HH:MM)`);
  const h = Number(match[1]);
  const m = Number(match[2]);
  if (h > 24 || m > 59 || (h === 24 && m > 0)) throw new RangeError(`not a time of day: "${hhmm}"`);
  return h * 60 + m;
}

export function isOpen(hours: HoursInfo, at: Date): boolean {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: hours.timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = WEEKDAYS[get('weekday')];
  if (day === undefined || !hours.days.includes(day)) return false;
  const now = Number(get('hour')) * 60 + Number(get('minute'));
  return now >= minutes(hours.open) && now < minutes(hours.close);
}

/**
 * Parses `"1-5 08:00-16:00 Europe/Warsaw"` (ISO weekdays, a range or a comma list, then opening and closing time,
 * then an IANA time zone) as given on the command line.
 */
export function parseHours(text: string): HoursInfo {
  const match = /^\s*([1-7](?:-[1-7])?(?:,[1-7](?:-[1-7])?)*)\s+(\d{1,2}:\d{2})-(\d{1,2}:\d{2})\s+(\S+)\s*$/.exec(text);
  if (!match) throw new RangeError(`business hours must look like "1-5 08:00-16:00 Europe/Warsaw", got "${text}"`);
  const [, dayText, open, close, timeZone] = match as unknown as [string, string, string, string, string];
  const days = new Set<number>();
  for (const part of dayText.split(',')) {
    const [a, b = a] = part.split('-').map(Number) as [number, number?];
    for (let d = a; d <= b; d++) days.add(d);
  }
  validateHours({ timeZone, days: [...days], open, close });
  return { timeZone, days: [...days].sort(), open, close };
}

export function validateHours(hours: HoursInfo): void {
  if (minutes(hours.open) >= minutes(hours.close)) throw new RangeError('business hours must open before they close');
  if (hours.days.length === 0 || hours.days.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) {
    throw new RangeError('business days must be ISO weekdays 1 (Monday) to 7 (Sunday)');
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: hours.timeZone });
  } catch {
    throw new RangeError(`unknown time zone "${hours.timeZone}"`);
  }
}
