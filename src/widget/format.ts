/** Locale-aware formatting with Intl (formatters are cached: creating them is the expensive part). */
import type { HoursInfo } from '../protocol/index.js';
import { dateFormat } from '../ui/format.js';

export { formatCountdown, formatTime } from '../ui/format.js';

/** Session codes have 6 digits. */
export const CODE_LENGTH = 6;

/** Keeps the digits of a typed or pasted code ("123 456", "123-456", full-width digits) and at most 6 of them. */
export function normalizeCode(value: string): string {
  return value.normalize('NFKC').replace(/\D/g, '').slice(0, CODE_LENGTH);
}

/** A list in the locale's style: "a, b and c". */
export function formatList(items: string[], locale?: string): string {
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(items);
}

/**
 * Business hours in words, e.g. "Monday – Friday, 8:00 AM – 4:00 PM (Central European Standard Time)".
 * Days and times are shown as the vendor gave them, in the vendor's time zone, which is named.
 */
export function formatHours(hours: HoursInfo, locale?: string): string {
  // 2024-01-01 was a Monday: ISO weekday d is 2024-01-0d.
  const day = (d: number) => dateFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(2024, 0, d));
  const days = [...new Set(hours.days)].filter((d) => d >= 1 && d <= 7).sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < days.length; ) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === days[j]! + 1) j++;
    const first = days[i]!;
    const last = days[j]!;
    runs.push(j - i >= 2 ? `${day(first)} – ${day(last)}` : j > i ? `${day(first)}, ${day(last)}` : day(first));
    i = j + 1;
  }
  const clock = (hhmm: string) => {
    const [h = 0, m = 0] = hhmm.split(':').map(Number);
    return dateFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(Date.UTC(2024, 0, 1, h, m));
  };
  let zone = hours.timeZone;
  try {
    zone =
      dateFormat(locale, { timeZone: hours.timeZone, timeZoneName: 'long' })
        .formatToParts(Date.now())
        .find((p) => p.type === 'timeZoneName')?.value ?? zone;
  } catch {
    // unknown zone: show its id
  }
  return `${runs.join(', ')}, ${clock(hours.open)} – ${clock(hours.close)} (${zone})`;
}
