/**
 * The script-tag entry (built as one IIFE file, dist/widget/remote-support-widget.js): defines
 * `<remote-support-widget>` and its parts. Loading the script a second time changes nothing: the elements of the
 * first load stay defined.
 *
 * Languages other than English are small ES modules next to the script (`locales/<locale>.js`), or in the folder
 * that the script tag's `data-locales` names, imported when a page asks for one.
 */
import { useScriptLocales } from '../ui/script-locales.js';
import { localization } from './localization.js';
import { RemoteSupportWidget } from './remote-support-widget.js';

useScriptLocales(localization);

RemoteSupportWidget.define();
