/**
 * Which language the widget and the console speak: plain logic, no rendering (test/unit/locale.test.ts).
 *
 * The candidates, in order: the element's own `lang` attribute, else the nearest `lang` above it in the page (through
 * shadow roots), then the browser's languages (`navigator.languages`). The first candidate one of our catalogs serves
 * wins (its exact tag, else its language: `de-AT` → `de`); when none does, English (the source locale).
 */

/** What an element shows: a catalog, the tag for `Intl` (dates, times, numbers) and the writing direction. */
export interface LocaleChoice {
  /** One of the supported locales: the catalog whose texts are shown. */
  locale: string;
  /** The candidate that matched, canonical (`de-AT` for the `de` catalog), for `Intl`; the locale itself for the fallback. */
  tag: string;
  dir: 'ltr' | 'rtl';
}

/** Languages written from right to left (Arabic, Persian, Hebrew, Urdu, Pashto, Sindhi, Uyghur, Yiddish, Dhivehi, Sorani). */
const RTL = /^(ar|fa|he|ur|ps|sd|ug|yi|dv|ckb)(-|$)/i;

/** The writing direction of `locale`'s language. */
export function textDirection(locale: string): 'ltr' | 'rtl' {
  return RTL.test(locale) ? 'rtl' : 'ltr';
}

/** A language of ours, alone or with a region, already in canonical case (no alias to resolve). */
const CANONICAL = /^(en|pl|de|fr|es|ar)(-[A-Z]{2}|-\d{3})?$/;

/**
 * The canonical form of a BCP 47 tag, or undefined when it is empty or malformed. The usual tags of a page (`en`,
 * `de-AT`) are canonical already and skip `Intl`, whose first use costs the page a few milliseconds.
 */
export function canonicalTag(tag: string | null | undefined): string | undefined {
  if (tag && CANONICAL.test(tag)) return tag;
  try {
    return tag ? Intl.getCanonicalLocales(tag)[0] : undefined;
  } catch {
    return undefined;
  }
}

/** The first candidate that one of `supported` serves (exact tag, else its language), else `source`. */
export function chooseLocale(
  candidates: Iterable<string | null | undefined>,
  supported: readonly string[],
  source: string,
): LocaleChoice {
  for (const candidate of candidates) {
    const tag = canonicalTag(candidate);
    if (!tag) continue;
    const lower = tag.toLowerCase();
    const locale =
      supported.find((l) => l.toLowerCase() === lower) ?? supported.find((l) => l.toLowerCase() === lower.split('-')[0]);
    if (locale) return { locale, tag, dir: textDirection(locale) };
  }
  return { locale: source, tag: source, dir: textDirection(source) };
}

/**
 * How an element's locale is chosen among `source` and `targets`: `chooseLocale` over its `langCandidates` and the
 * browser's languages (read at each call).
 */
export function localeChooser(source: string, targets: readonly string[]): (element: LangSource) => LocaleChoice {
  return (element) => chooseLocale(langCandidates(element, () => navigator.languages), [source, ...targets], source);
}

/** The parts of an element `langCandidates` reads (an `Element` has them). */
export interface LangSource {
  closest(selector: string): { getAttribute(name: string): string | null } | null;
  getRootNode(): unknown;
}

/**
 * The language candidates for `element`, best first: the nearest `lang` attribute (its own or an ancestor's, through
 * shadow roots: an element inside another component's shadow root inherits that host's language), then `languages()`
 * (the browser's, `navigator.languages`), which is only called when no `lang` of the page was taken: its first read
 * costs the page. `lang=""` (language unknown) ends the search in the page.
 */
export function* langCandidates(element: LangSource, languages: () => readonly string[] | undefined): Generator<string> {
  let node: LangSource | undefined = element;
  while (node) {
    const lang = node.closest('[lang]')?.getAttribute('lang');
    if (lang != null) {
      yield lang;
      break;
    }
    node = (node.getRootNode() as { host?: LangSource } | null)?.host;
  }
  yield* languages() ?? [];
}
