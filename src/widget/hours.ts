/**
 * Business hours in words, for the relay's "closed now" error (error-text.ts, a part of the box loaded when an error
 * is shown).
 */
import type { HoursInfo } from '../protocol/index.js';
import { dateFormat, formatList } from '../ui/format.js';

/**
 * Business hours in words, in parts for the message around them: `days` ("Monday – Friday"), `times`
 * ("8:00 AM – 4:00 PM") and `zone` ("Central European Standard Time"). Days and times are shown as the vendor gave
 * them, in the vendor's time zone, which is named.
 */
export function formatHours(hours: HoursInfo, locale?: string): { days: string; times: string; zone: string } {
  // 2024-01-01 was a Monday: ISO weekday d is 2024-01-0d.
  const day = (d: number) => dateFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(2024, 0, d));
  const days = [...new Set(hours.days)].filter((d) => d >= 1 && d <= 7).sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < days.length; ) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === days[j]! + 1) j++;
    if (j - i >= 2) runs.push(`${day(days[i]!)} – ${day(days[j]!)}`);
    else for (let k = i; k <= j; k++) runs.push(day(days[k]!));
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
  return { days: formatList(runs, locale), times: `${clock(hours.open)} – ${clock(hours.close)}`, zone };
}
