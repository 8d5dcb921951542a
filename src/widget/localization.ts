/**
 * Runtime localization (@lit/localize runtime mode). English is the source locale; translations are XLIFF files in
 * `locales/`, built into `src/widget/generated/locales/<locale>.ts` by `lit-localize build` once there are target
 * locales (then `loadLocale` below imports them).
 */
import { configureLocalization } from '@lit/localize';
import { allLocales, sourceLocale, targetLocales } from './generated/locale-codes.js';

interface LocaleApi {
  getLocale(): string;
  setLocale(locale: string): Promise<void>;
}

let api: LocaleApi | null | undefined;

/**
 * Configures @lit/localize on first use (not at import, so importing the classes has no side effects). When the page's
 * own app configured it already, the widget follows that app's locale (`null`).
 */
function localization(): LocaleApi | null {
  if (api === undefined) {
    try {
      api = configureLocalization({
        sourceLocale,
        targetLocales,
        // No target locales yet. With some, this becomes `(locale) => import(`./generated/locales/${locale}.js`)`.
        loadLocale: (locale) => Promise.reject(new Error(`remote-support-widget: no translation for "${locale}"`)),
      });
    } catch {
      api = null;
    }
  }
  return api;
}

/** The best supported locale for a BCP 47 tag: exact match, then the language alone, else the source locale. */
export function pickLocale(tag: string): string {
  const locales: readonly string[] = allLocales;
  const wanted = tag.toLowerCase();
  return (
    locales.find((l) => l.toLowerCase() === wanted) ??
    locales.find((l) => l.toLowerCase() === wanted.split('-')[0]) ??
    sourceLocale
  );
}

/** Switches the widget's strings to the best match for `tag` (a no-op while only English exists). */
export function applyLanguage(tag: string): void {
  const loc = localization();
  if (!loc) return;
  const locale = pickLocale(tag);
  if (locale !== loc.getLocale()) loc.setLocale(locale).catch(() => undefined);
}

/** A tag Intl accepts, or undefined (= the browser's default) when `tag` is empty or malformed. */
export function intlLocale(tag: string): string | undefined {
  try {
    return tag ? Intl.getCanonicalLocales(tag)[0] : undefined;
  } catch {
    return undefined;
  }
}
