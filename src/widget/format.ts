/** Locale-aware formatting with Intl (formatters are cached: creating them is the expensive part). */
export { formatCountdown, formatList, formatNumber, formatTime, formatUnit } from '../ui/format.js';

/** Session codes have 6 digits. */
export const CODE_LENGTH = 6;

/** A decimal digit of any script ("٣", "۳", "३", "3") as an ASCII digit: digits come in runs of ten from zero. */
function asciiDigit(digit: string): string {
  const cp = digit.codePointAt(0)!;
  let value = 0;
  while (value < 9 && /\p{Nd}/u.test(String.fromCodePoint(cp - value - 1))) value++;
  return String(value);
}

/**
 * Keeps the digits of a typed or pasted code ("123 456", "123-456", full-width or Arabic-Indic digits from a phone's
 * keyboard) as ASCII digits, at most 6 of them.
 */
export function normalizeCode(value: string): string {
  return value.normalize('NFKC').replace(/\p{Nd}/gu, asciiDigit).replace(/\D/g, '').slice(0, CODE_LENGTH);
}
