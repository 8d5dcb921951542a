/**
 * The launcher's language before the box is loaded: its direction, and its name from the locale file of the page's
 * language (the box takes over both once it is loaded).
 */
import { chooseLocale, langCandidates } from '../../ui/locale.js';
import { sourceLocale, targetLocales } from '../generated/locale-codes.js';
import { boxSource } from './box-loader.js';
import { ENGLISH, type LauncherTexts } from './views.js';

/** Sets `el`'s direction and gives `texts` the launcher's texts (English at once, then the page's language's). */
export function launcherLanguage(el: HTMLElement, texts: (t: LauncherTexts) => void): void {
  const choice = chooseLocale(langCandidates(el, navigator.languages ?? []), [sourceLocale, ...targetLocales], sourceLocale);
  if (el.dir !== choice.dir) el.dir = choice.dir;
  texts(ENGLISH);
  const load = boxSource()?.locale;
  if (choice.locale === sourceLocale || !load) return;
  load(choice.locale).then(
    (file) => texts({ ...ENGLISH, ...(file.templates as Partial<LauncherTexts>) }),
    () => undefined,
  );
}
