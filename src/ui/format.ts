/**
 * Locale-aware formatting shared by the widget and the console, all through `Intl` (formatters are cached: creating
 * them is the expensive part). An undefined `locale` means the one the element on show chose (`setFormatLocale`,
 * called by the LocaleController before each render), so that numbers, times and durations match the language of the
 * texts around them.
 *
 * @lit/localize has no plural forms, so no message puts a number before a noun that would need one: counts and
 * durations come out of `Intl.NumberFormat` (`formatUnit`: "1 minute", "5 minut", "٥ دقائق"), and messages are
 * written around them ("Unread messages: 3").
 */

import { joinList } from './list-format.js';

let formatLocale: string | undefined;

/** The default locale of every formatter here (undefined = the browser's). */
export function setFormatLocale(tag: string | undefined): void {
  formatLocale = tag;
}

type Formatter = Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat;

const cache = new Map<string, Formatter>();

function cached<T extends Formatter>(
  make: new (locale: string | undefined, options: object) => T,
  locale: string | undefined,
  options: object,
): T {
  locale ??= formatLocale;
  const key = `${make.name}|${locale ?? ''}|${JSON.stringify(options)}`;
  let format = cache.get(key) as T | undefined;
  if (!format) cache.set(key, (format = new make(locale, options)));
  return format;
}

/**
 * A list in the locale's style: "a, b and c" (a conjunction, `Intl.ListFormat`'s default type); without building an
 * `Intl.ListFormat` in the apps' languages (list-format.ts).
 */
export function formatList(items: string[], locale?: string): string {
  locale ??= formatLocale;
  return joinList(items, locale) ?? new Intl.ListFormat(locale).format(items);
}

/** A cached `Intl.DateTimeFormat` for `locale` and `options`. */
export function dateFormat(locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached(Intl.DateTimeFormat, locale, options);
}

/** A number in the locale's digits and grouping, e.g. `1,234`, `1 234`, `١٬٢٣٤`. */
export function formatNumber(value: number, locale?: string, options: Intl.NumberFormatOptions = {}): string {
  return cached(Intl.NumberFormat, locale, options).format(value);
}

/** A quantity with its unit in words, plural forms included: `formatUnit(5, 'minute', 'pl')` is "5 minut". */
export function formatUnit(value: number, unit: 'second' | 'minute', locale?: string): string {
  return formatNumber(value, locale, { style: 'unit', unit, unitDisplay: 'long' });
}

/** A time of day, e.g. `14:05` or `2:05 PM`. */
export function formatTime(at: number, locale?: string): string {
  return dateFormat(locale, { hour: 'numeric', minute: '2-digit' }).format(at);
}

/** `m:ss` of a duration (rounded up, never negative) in the locale's digits, for countdowns. */
export function formatCountdown(ms: number, locale?: string): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${formatNumber(Math.floor(s / 60), locale, { useGrouping: false })}:${formatNumber(s % 60, locale, { minimumIntegerDigits: 2 })}`;
}

/**
 * A wait in the unit a person would say it, rounded up (never sooner than the relay allows): minutes (at least one)
 * under an hour, whole hours, and minutes again between one and two hours ("75 minutes", not "2 hours").
 */
export function waitAmount(ms: number): { value: number; unit: 'minute' | 'hour' } {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  if (minutes < 60 || (minutes < 120 && minutes % 60 !== 0)) return { value: minutes, unit: 'minute' };
  return { value: Math.ceil(minutes / 60), unit: 'hour' };
}

/** A wait from now in words (`waitAmount`), e.g. "in 40 minutes", "za 40 minut", "dans 1 heure". */
export function formatWait(ms: number, locale?: string): string {
  const { value, unit } = waitAmount(ms);
  return cached(Intl.RelativeTimeFormat, locale, { numeric: 'always' }).format(value, unit);
}
