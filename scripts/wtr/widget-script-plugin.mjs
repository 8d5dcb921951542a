// @web/test-runner plugin: the script-tag build of the widget, from the current source, for tests of how a vendor
// page loads it (test/browser/widget-loading.test.ts).
//
// - serve: `/__widget-script.js` answers src/widget/script-tag.ts bundled by esbuild as ONE classic IIFE file with
//   everything inside (lit, @lit/localize, socket.io-client), like dist/widget/remote-support-widget.js but without
//   `npm run build`. Every <script src="/__widget-script.js"> evaluates a fresh copy (own classes), as a page that
//   has the vendor's script tag twice would. Built once per run, on first request.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const WIDGET_SCRIPT_PATH = '/__widget-script.js';

/** The script-tag bundle built from the current source (as a string). */
export async function bundle() {
  const require = createRequire(import.meta.url);
  const esbuild = createRequire(require.resolve('@web/dev-server-esbuild'))('esbuild');
  const result = await esbuild.build({
    entryPoints: [join(ROOT, 'src', 'widget', 'script-tag.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    conditions: ['browser', 'production'],
    define: { 'process.env.NODE_ENV': '"production"' },
    tsconfig: join(ROOT, 'tsconfig.json'),
    logLevel: 'error',
  });
  return result.outputFiles[0].text;
}

export function widgetScriptPlugin() {
  /** @type {Promise<string> | undefined} */
  let code;
  return {
    name: 'rsw-widget-script',
    async serve(context) {
      if (context.path !== WIDGET_SCRIPT_PATH) return undefined;
      code ??= bundle();
      return { body: await code, type: 'js', headers: { 'cache-control': 'no-store' } };
    },
  };
}
