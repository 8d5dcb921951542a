/**
 * The console's catalog (lit-localize.console.json, XLIFF in `locales/console/`). The entry modules say how its locale
 * files are loaded: `script-tag.ts` from next to the script, `index.ts` with a dynamic import bundlers understand.
 */
import { localeChooser } from '../ui/locale.js';
import { Localization } from '../ui/localization.js';
import { sourceLocale, targetLocales } from './generated/locale-codes.js';

export const localization = new Localization(sourceLocale, targetLocales, localeChooser(sourceLocale, targetLocales));
