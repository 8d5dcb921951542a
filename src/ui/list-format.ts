/**
 * Lists joined as `Intl.ListFormat` (conjunction, long) joins them in the languages the apps speak ("a, b, and c",
 * "a, b und c", "a وb وc"), without building one: the first `Intl.ListFormat` of a page loads ICU's list formatter,
 * 12–30 ms of main-thread time on a desktop core and a long task on a phone, and the widget's code screen, the first
 * thing its box draws, shows a list. test/unit/list-format.test.ts compares the result with `Intl.ListFormat`.
 */

/** The word before a list's last item, by language (Arabic joins each item with "و", written onto the next word). */
const AND: Record<string, string> = { en: ' and ', de: ' und ', fr: ' et ', es: ' y ', pl: ' i ', ar: ' و' };

/** English regions that put a comma before "and" (CLDR's `en`; the others follow `en-001`). */
const SERIAL_COMMA = /^(us|ph|pr|vi|as|gu|mp|um)$/;

/** `items` joined in the list style of `tag` (BCP 47); undefined for a language not covered here. */
export function joinList(items: readonly string[], tag: string | undefined): string | undefined {
  const [language = '', ...rest] = (tag ?? '').toLowerCase().split(/[-_]/);
  let and = AND[language];
  if (and === undefined) return undefined;
  const last = items[items.length - 1] ?? '';
  if (items.length < 2) return last;
  if (language === 'ar') return items.join(and);
  // Spanish says "e" before an "i" sound: "información", "hilo", not "hielo" or "hiato".
  if (language === 'es' && /^(i|hi$|hi[^ae])/i.test(last)) and = ' e ';
  const region = rest.find((subtag) => subtag.length !== 4);
  if (language === 'en' && items.length > 2 && (!region || SERIAL_COMMA.test(region))) and = ',' + and;
  return items.slice(0, -1).join(', ') + and + last;
}
