/**
 * Where the script-tag builds load their languages from: `locales/<locale>.js` next to the script, or in the folder
 * the script tag names with `data-locales` (for a script hosted apart from its locale files, e.g. bundled into the
 * vendor's own script or served from a CDN path of its own). Read while the script runs: `document.currentScript`
 * is gone later.
 */
import type { LocaleModule } from '@lit/localize';
import type { Localization } from './localization.js';
import { msgCatalog } from './msg-key.js';

/** The folder of the locale files for `script` (a URL ending in `/`), or undefined when there is no way to know. */
export function localesFolder(script: HTMLScriptElement | null, page: string): string | undefined {
  const named = script?.dataset.locales?.trim();
  if (named) return new URL(named.endsWith('/') ? named : `${named}/`, script?.src || page).href;
  return script?.src ? new URL('locales/', script.src).href : undefined;
}

/**
 * `file`, a locale file loaded by URL, when it is of this build's message catalog: the builds key its texts by numbers
 * of the catalog's ids (build/msg-ids.ts), so a file of another build (a cache's, a folder hosted apart) would give
 * messages other messages' texts. Throws otherwise (the language then falls back to English, with a hint). Any file
 * passes in the sources, which key by the ids themselves.
 */
export function ofThisCatalog<T extends object>(file: T, expected = msgCatalog()): T {
  const found = (file as { catalog?: unknown }).catalog;
  if (expected !== undefined && found !== expected) throw new Error(`the locale file is of another build (catalog ${String(found)}, expected ${expected})`);
  return file;
}

/** Loads `localization`'s languages from the folder the running script says (see `localesFolder`). */
export function useScriptLocales(localization: Localization): void {
  const folder = localesFolder(document.currentScript as HTMLScriptElement | null, location.href);
  if (!folder) return;
  const url = (locale: string) => new URL(`${locale}.js`, folder).href;
  localization.use((locale) => (import(/* @vite-ignore */ url(locale)) as Promise<LocaleModule>).then(ofThisCatalog), url);
}
