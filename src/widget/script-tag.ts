/**
 * The script-tag entry (built as one IIFE file, dist/widget/remote-support-widget.js): defines
 * `<remote-support-widget>` and its parts. Loading the script a second time changes nothing: the elements of the
 * first load stay defined.
 *
 * Languages other than English are small ES modules next to the script (`locales/<locale>.js`), imported when a page
 * asks for one: the script's own URL is captured now, while it runs (`document.currentScript` is gone later).
 */
import type { LocaleModule } from '@lit/localize';
import { localization } from './localization.js';
import { RemoteSupportWidget } from './remote-support-widget.js';

const script = (document.currentScript as HTMLScriptElement | null)?.src;
if (script) localization.use((locale) => import(/* @vite-ignore */ new URL(`locales/${locale}.js`, script).href) as Promise<LocaleModule>);

RemoteSupportWidget.define();
