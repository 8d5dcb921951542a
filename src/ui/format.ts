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
