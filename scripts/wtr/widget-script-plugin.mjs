// @web/test-runner plugin: the script-tag build of the widget, and the locale files of widget and console, from the
// current source (no `npm run build` needed), for tests of how a vendor page loads them.
//
// - serve: `/__widget-script.js` answers src/widget/script-tag.ts (the launcher) bundled by esbuild as one classic
//   IIFE file, like dist/widget/remote-support-widget.js but without `npm run build`, and `/__widget-chunks/box.js`
//   the box it loads (src/widget/box-entry.ts as one ES module with lit, @lit/localize and socket.io-client inside;
//   the launcher is built with that name, as `npm run build` writes the hashed name of its entry chunk). Every
//   <script src="/__widget-script.js"> evaluates a fresh launcher (own classes), as a page that has the vendor's
//   script tag twice would. Built once per run, on first request.
// - serve: `<dir>/locales/<locale>.js` answers the generated locale module (src/<ui>/generated/locales/<locale>.ts)
//   bundled as a self-contained ES module, like dist/<ui>/locales/<locale>.js: `/locales/` is next to
//   `/__widget-script.js` (the script tag loads from there); `/src/widget/locales/` and `/src/console/locales/` answer
//   the same. (The source entry modules, index.ts of widget and console, import the generated modules directly.)
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const WIDGET_SCRIPT_PATH = '/__widget-script.js';
export const BOX_CHUNK_PATH = '/__widget-chunks/box.js';

function esbuild() {
  const require = createRequire(import.meta.url);
  return createRequire(require.resolve('@web/dev-server-esbuild'))('esbuild');
}

/** The script-tag launcher (`format` iife) or the box's chunk (`format` esm) built from the current source (a string). */
export async function bundle(entry = 'script-tag.ts', format = 'iife') {
  const result = await esbuild().build({
    entryPoints: [join(ROOT, 'src', 'widget', entry)],
    bundle: true,
    write: false,
    format,
    platform: 'browser',
    target: 'es2022',
    conditions: ['browser', 'production'],
    define: { 'process.env.NODE_ENV': '"production"', __RSW_BOX_CHUNK__: JSON.stringify(BOX_CHUNK_PATH.slice(1)), __RSW_BUILD__: '"test"' },
    tsconfig: join(ROOT, 'tsconfig.json'),
    logLevel: 'error',
  });
  return result.outputFiles[0].text;
}

/** The locale module of `ui` ('widget' or 'console') for `locale` as a self-contained ES module, or undefined. */
export async function bundleLocale(ui, locale) {
  const entry = join(ROOT, 'src', ui, 'generated', 'locales', `${locale}.ts`);
  if (!/^[\w-]+$/.test(locale) || !existsSync(entry)) return undefined;
  const result = await esbuild().build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'error',
  });
  return result.outputFiles[0].text;
}

/** Which locale file `path` asks for: `{ui, locale}`, or undefined. */
export function localeRequest(path) {
  const match = /^(?:\/src\/(widget|console))?\/locales\/([\w-]+)\.js$/.exec(path);
  return match ? { ui: match[1] ?? 'widget', locale: match[2] } : undefined;
}

export function widgetScriptPlugin() {
  /** @type {Promise<string> | undefined} */
  let code;
  /** @type {Promise<string> | undefined} */
  let box;
  /** @type {Map<string, Promise<string | undefined>>} */
  const locales = new Map();
  return {
    name: 'rsw-widget-script',
    async serve(context) {
      if (context.path === WIDGET_SCRIPT_PATH) {
        code ??= bundle();
        return { body: await code, type: 'js', headers: { 'cache-control': 'no-store' } };
      }
      if (context.path === BOX_CHUNK_PATH) {
        box ??= bundle('box-entry.ts', 'esm');
        return { body: await box, type: 'js', headers: { 'cache-control': 'no-store' } };
      }
      const wanted = localeRequest(context.path);
      if (!wanted) return undefined;
      const key = `${wanted.ui}/${wanted.locale}`;
      if (!locales.has(key)) locales.set(key, bundleLocale(wanted.ui, wanted.locale));
      const body = await locales.get(key);
      return body === undefined ? undefined : { body, type: 'js', headers: { 'cache-control': 'no-store' } };
    },
  };
}
