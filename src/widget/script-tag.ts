/**
 * The script-tag entry (built as one small IIFE file, dist/widget/remote-support-widget.js): defines the launcher
 * `<remote-support-widget>`. Loading the script a second time changes nothing: the element of the first load stays
 * defined.
 *
 * Everything else comes from next to the script, captured now while it runs (`document.currentScript` is gone later):
 * the box from `chunks/` (content-hashed ES modules of the same build: the build writes the entry chunk's name into
 * this file, so a cached file of another build is never mixed in), and languages other than English from
 * `locales/<locale>.js` (or the folder the script tag's `data-locales` names; one of another build's message catalog is
 * refused, see `ofThisCatalog`).
 */
import { setBoxSource, type BoxModule, type LocaleFile } from './launcher/box-loader.js';
import { RemoteSupportWidget } from './remote-support-widget.js';
import { localesFolder, ofThisCatalog } from '../ui/script-locales.js';

/** The box's entry chunk, relative to the script (`chunks/box-<hash>.js`); set by the build. */
declare const __RSW_BOX_CHUNK__: string;
/** This build's id (the box's chunk carries the same; one of another build is refused); set by the build. */
declare const __RSW_BUILD__: string | undefined;

const tag = document.currentScript as HTMLScriptElement | null;
const script = tag?.src || location.href;
const at = (path: string) => new URL(path, script).href;
/** The locale files' folder: next to the script, or the one its `data-locales` names. */
const locales = localesFolder(tag, location.href) ?? at('locales/');
const localeUrl = (locale: string) => new URL(`${locale}.js`, locales).href;

setBoxSource({
  // A retry asks for the entry chunk under another URL: a browser keeps a failed module import for good.
  box: (attempt) => import(/* @vite-ignore */ at(__RSW_BOX_CHUNK__ + (attempt > 1 ? `?retry=${attempt}` : ''))) as Promise<BoxModule>,
  locale: (locale) => (import(/* @vite-ignore */ localeUrl(locale)) as Promise<LocaleFile>).then(ofThisCatalog),
  where: localeUrl,
  build: typeof __RSW_BUILD__ === 'string' ? __RSW_BUILD__ : undefined,
});

RemoteSupportWidget.define();
