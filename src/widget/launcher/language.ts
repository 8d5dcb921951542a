/**
 * The launcher's language before the box is loaded: its direction, and its name from the locale file of the page's
 * language (the box takes over both once it is loaded).
 */
import { chooseLocale, langCandidates } from '../../ui/locale.js';
import { msgKey } from '../../ui/msg-key.js';
import { sourceLocale, targetLocales } from '../generated/locale-codes.js';
import { boxSource } from './box-loader.js';
import { FAILURE_TEXTS } from './texts.js';
import { ENGLISH, type LauncherTexts } from './views.js';

/**
 * Sets `el`'s direction and gives `texts` the launcher's texts: at once its name in English and the failure's texts in
 * the page's language, then its name from the locale file of that language.
 */
export function launcherLanguage(el: HTMLElement, texts: (t: LauncherTexts) => void): void {
  const choice = chooseLocale(langCandidates(el, () => navigator.languages), [sourceLocale, ...targetLocales], sourceLocale);
  if (el.dir !== choice.dir) el.dir = choice.dir;
  // The failure's texts at once, from the launcher's own table (they must show when no file can be loaded).
  const own: LauncherTexts = { ...ENGLISH, ...FAILURE_TEXTS[choice.locale as keyof typeof FAILURE_TEXTS] };
  texts(own);
  const load = boxSource()?.locale;
  if (choice.locale === sourceLocale || !load) return;
  load(choice.locale).then(({ templates: t }) => {
    // The locale files keep each text under its message id's key (the builds shorten the ids: msg-key.ts).
    const name = t[msgKey('title')] as string | undefined;
    const failed = t[msgKey('launcher.failed')] as string | undefined;
    const retry = t[msgKey('launcher.retry')] as string | undefined;
    texts({ title: name ?? own.title, 'launcher.failed': failed ?? own['launcher.failed'], 'launcher.retry': retry ?? own['launcher.retry'] });
  }, () => undefined);
}
