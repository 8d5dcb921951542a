/**
 * The widget's catalog (lit-localize.json, XLIFF in `locales/widget/`). The entry modules say how its locale files are
 * loaded: `script-tag.ts` from next to the script, `index.ts` with a dynamic import bundlers understand; which
 * language an element speaks is the launcher's choice (from-launcher.ts).
 */
import { Localization } from '../ui/localization.js';
import { fromLauncher } from './from-launcher.js';
import { sourceLocale, targetLocales } from './generated/locale-codes.js';

export const localization = new Localization(sourceLocale, targetLocales, (element) => fromLauncher.choose(element));
