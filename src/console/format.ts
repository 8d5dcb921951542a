/** Locale-aware formatting for the console (Intl formatters are cached: creating them is the expensive part). */

import { dateFormat } from '../ui/format.js';

export { formatBytes } from '../ui/format-bytes.js';
export { formatCountdown, formatNumber, formatTime, formatUnit, formatWait } from '../ui/format.js';

/** A time of day with seconds, for the audit log. */
export function formatClock(at: number, locale?: string): string {
  return dateFormat(locale, { hour: 'numeric', minute: '2-digit', second: '2-digit' }).format(at);
}

/** A waiting time in whole minutes (rounded down, never negative). */
export function wholeMinutes(ms: number): number {
  return Math.max(0, Math.floor(ms / 60_000));
}

/** A code in groups of three digits, as it is read out on the phone: `123 456`. */
export function groupDigits(code: string): string {
  return code.replace(/(\d{3})(?=\d)/g, '$1 ');
}

/** Whether the relay gave a full join link (it gives only `?rsw-code=…` when no help page is configured). */
export function isFullUrl(joinUrl: string): boolean {
  return /^https?:\/\//i.test(joinUrl);
}
