/** Locale-aware formatting shared by the widget and the console (Intl formatters are cached: creating them is the expensive part). */

const cache = new Map<string, Intl.DateTimeFormat>();

/** A cached `Intl.DateTimeFormat` for `locale` and `options`. */
export function dateFormat(locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) cache.set(key, (format = new Intl.DateTimeFormat(locale, options)));
  return format;
}

/** A time of day, e.g. `14:05` or `2:05 PM`. */
export function formatTime(at: number, locale?: string): string {
  return dateFormat(locale, { hour: 'numeric', minute: '2-digit' }).format(at);
}

/** `m:ss` of a duration (rounded up, never negative), for countdowns. */
export function formatCountdown(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
const numbers = new Map<string, Intl.NumberFormat>();

/** A file size in the locale's words (1024-based, one decimal at most), e.g. "25 MB", "1.5 kB", "300 bytes". */
export function formatBytes(bytes: number, locale?: string): string {
  let i = 0;
  while (i < UNITS.length - 1 && bytes >= 1024 ** (i + 1)) i++;
  const key = `${locale ?? ''}|${i}`;
  let format = numbers.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'unit', unit: UNITS[i], unitDisplay: i ? 'short' : 'long', maximumFractionDigits: i ? 1 : 0 });
    numbers.set(key, format);
  }
  return format.format(bytes / 1024 ** i);
}
