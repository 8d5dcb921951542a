/**
 * Builds the customer widget (`vite build`, after tsc has built the relay and `localize:build` the locale modules):
 *   dist/widget/remote-support-widget.js  one IIFE file with everything inside, for a <script> tag (English)
 *   dist/widget/index.js                  an ES module for bundlers (lit, @lit/localize, socket.io-client external),
 *                                         with a chunk per other language (dist/widget/chunks/) bundlers follow
 *   dist/widget/locales/<locale>.js       one small self-contained ES module per other language, which the script
 *                                         imports on demand (an IIFE cannot split code: these are built apart)
 * and prints the gzip size of the script-tag file against its budget, and of each locale file.
 *
 * The `production` and `browser` export conditions pick lit's production build and keep socket.io-client's
 * Node-only and debug builds (`ws`, `debug`) out.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, defineConfig, type Plugin, type UserConfig } from 'vite';

/** What issue 13's connection options, locale fallback and developer hints added to the script-tag bundle. */
export const APPS_ADDED_BYTES = 609;

/**
 * Budget of the script-tag bundle, gzip level 9 (SPEC §7 targets 28 KB for the whole English widget; that needs the
 * launcher split). 35 KB held chat and consent (34.2 KB measured). The five functions of issue 6 (screen sharing over
 * WebRTC, file transfer, system information, the reboot token, the technician's pointer) added 8,369 bytes measured
 * (35,057 → 43,426); they are not yet loaded on demand in the script-tag build (the ES module build splits them).
 * Localization added 0.25 KB for what the on-demand locale loading costs (choosing the locale, loading its file next
 * to the script, following lang changes: about 0.9 KB, of which 0.35 KB is won back elsewhere in the bundle).
 * Splitting the widget into one module per concern (issue 11) added 145 bytes measured (44,432 → 44,577), nearly all
 * of it the screens' view and actions objects, whose property names the minifier keeps; the budget moves by as much,
 * so the margin stays what it was.
 * Honest file names (issue 15: invisible and direction-changing characters replaced, the real extension shown apart,
 * the warning before accepting a program or script, with its list of extensions) added 770 bytes measured
 * (44,432 → 45,202).
 * Using the widget in apps (issue 13) added 609 bytes measured (44,432 → 45,041): `path` and `transports`, a relay
 * under a path prefix, `data-locales`, the English fallback of a language that fails to load, and the one-time
 * console hints for the page's developer.
 * The Trusted Types policy's own name (`remote-support-widget` instead of `lit-html`) and the three changes above
 * meeting in one bundle: 16 bytes more (45,991 measured after merging them all).
 * The widget's session logic split the same way (connection, resume, withdrawals,
 * chat as modules of their own under one composition, issue 11) added 589 bytes measured (44,583 → 45,172): the
 * methods the parts call on each other keep their names, and each part has its own constructor and fields. The
 * budget moves by as much; the launcher-first widget replaces this budget. Loading socket.io-client only when a
 * session connects (a dynamic import, issue 12) added 432 bytes measured (45,172 → 45,604): this one-file build
 * inlines the import, and wraps the modules it reaches so that they run when it does; the lazy build splits it off.
 * Retrying by itself (issue 14: backoff on a transient resume error, the outgoing queue retrying `unavailable` and
 * `rate-limited`, fetching the messages a gap in `seq` shows were missed, a reload's resume tried again) added 381
 * bytes measured (45,604 → 45,985).
 * The ICE transport policy handed to the screen share (issue 16: TURN-only screen viewing) added 30 bytes measured
 * (45,370 → 45,400).
 * The chat features of issue 17 added 2,454 bytes measured on the main they were merged into (47,414 → 49,868; on the
 * older main they were written on, 2,341: 44,577 → 46,918): chat links, the receipt's sentence for every audit type,
 * the rating form, the too-soon answer feedback and the remote-control wording. They are modules of their own, for
 * the launcher-first split to load on demand.
 */
export const CHAT_FEATURES_GZIP = 2_454;
export const WIDGET_GZIP_BUDGET = 35 * 1024 + 8_369 + 0.25 * 1024 + 145 + 770 + APPS_ADDED_BYTES + 16 + 589 + 432 + 381 + 30 + CHAT_FEATURES_GZIP;
export const SCRIPT_TAG_FILE = 'remote-support-widget.js';
export const MODULE_FILE = 'index.js';
/** Budget of each locale file, gzip level 9. */
export const LOCALE_GZIP_BUDGET = 6 * 1024;

export type UI = 'widget' | 'console';
const LOCALIZE_CONFIGS: Record<UI, string> = { widget: 'lit-localize.json', console: 'lit-localize.console.json' };

/** The languages of `ui` besides English: the `targetLocales` of its lit-localize config. */
export function targetLocales(ui: UI): string[] {
  const file = join(import.meta.dirname, LOCALIZE_CONFIGS[ui]);
  return (JSON.parse(readFileSync(file, 'utf8')) as { targetLocales: string[] }).targetLocales;
}

const conditions = ['module', 'browser', 'production'];
const define = { 'process.env.NODE_ENV': JSON.stringify('production') };

/** Gzip level 9 size of `code`, in bytes. */
export function gzipSize(code: string | Uint8Array): number {
  return gzipSync(code, { level: 9 }).length;
}

/** Things a strict Content-Security-Policy (no 'unsafe-eval') would refuse to run. */
export function findEval(code: string): string[] {
  return [/\beval\s*\(/, /\bnew\s+Function\s*\(/, /\bFunction\s*\(\s*["'`]/].filter((re) => re.test(code)).map(String);
}

type Node = { type?: string; start: number; end: number; [key: string]: unknown };

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as Node).type === 'string';
}

/** Collapses the static text of a css`` template (comments, indentation, spaces around punctuation). */
export function minifyCssText(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/ ?([{};,>]) ?/g, '$1')
    .replace(/: /g, ':')
    .replace(/;}/g, '}')
    .replace(/([\s:,(-])0\.(\d)/g, '$1.$2');
}

/** Collapses runs of whitespace in an html``/svg`` template to one space, and drops it between tags. */
export function minifyHtmlText(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/> </g, '><');
}

/**
 * Minifies the static parts of Lit's css``, html`` and svg`` templates in our sources (the JS minifier leaves
 * template text alone). Text inside `${…}` is untouched, so messages and bindings stay as written.
 */
function minifyTemplates(): Plugin {
  return {
    name: 'rsw-minify-templates',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/src\/(widget|ui)\/(?!session\/).*\.ts$/.test(id) || !/(css|html|svg)`/.test(code)) return null;
      const edits: { start: number; end: number; text: string }[] = [];
      const visit = (node: unknown): void => {
        if (Array.isArray(node)) return node.forEach(visit);
        if (!isNode(node)) return;
        const tag = node.tag as Node | undefined;
        if (node.type === 'TaggedTemplateExpression' && tag?.type === 'Identifier') {
          const name = tag.name as string;
          const minify = name === 'css' ? minifyCssText : name === 'html' || name === 'svg' ? minifyHtmlText : undefined;
          const quasi = node.quasi as Node;
          if (minify) {
            for (const q of quasi.quasis as Node[]) {
              const raw = code.slice(q.start, q.end);
              const text = minify(raw);
              if (text !== raw) edits.push({ start: q.start, end: q.end, text });
            }
          }
        }
        for (const key of Object.keys(node)) if (key !== 'tag') visit(node[key]);
      };
      visit(this.parse(code, { lang: 'ts' }));
      let out = code;
      for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
      return { code: out, map: null };
    },
  };
}

/**
 * engine.io-client finds the global object with `Function("return this")()` when neither `self` nor `window` exists.
 * Browsers never get there, but a strict-CSP audit of the bundle should find no Function constructor at all.
 */
function noFunctionConstructor(): Plugin {
  return {
    name: 'rsw-no-function-constructor',
    transform(code, id) {
      if (!/engine\.io-client[\\/].*globals(\.node)?\.js$/.test(id)) return null;
      return { code: code.replace(/Function\(\s*["']return this["']\s*\)\(\)/g, 'globalThis'), map: null };
    },
  };
}

/**
 * engine.io-client registers a WebTransport transport next to WebSocket and long-polling. The widget's session asks
 * for `['websocket', 'polling']` only (and the relay does not offer WebTransport), so that transport is dead weight
 * in the bundle (about 0.8 KB gzip): leave it out of the transport table.
 */
function noWebTransport(): Plugin {
  return {
    name: 'rsw-no-webtransport',
    transform(code, id) {
      if (!/engine\.io-client[\\/]build[\\/]esm[\\/]transports[\\/]index\.js$/.test(id)) return null;
      const out = code.replace(/^import \{ WT \} from .*$/m, '').replace(/^\s*webtransport: WT,\s*$/m, '');
      if (out.includes('WT')) this.warn('engine.io-client changed: WebTransport is still in the bundle');
      return { code: out, map: null };
    },
  };
}

/**
 * The relay's payloads are plain JSON objects (binary attachments are `bad-payload`, docs/PROTOCOL.md §2.2) and it
 * never sends binary data, so the script-tag bundles take socket.io's two packet parsers without their binary support
 * (Blob/ArrayBuffer attachments, base64 packets; about 1.7 KB gzip): text-only versions of `socket.io-parser` and
 * `engine.io-parser` (src/widget/session/text-only/) that encode and decode text packets exactly as those packages do
 * (test/unit/text-only-parsers.test.ts compares them). WebSocket and the long-polling fallback are unchanged.
 */
function textOnlyParsers(): Plugin {
  const dir = fileURLToPath(new URL('./src/widget/session/text-only/', import.meta.url));
  return {
    name: 'rsw-text-only-parsers',
    enforce: 'pre',
    resolveId(source) {
      return source === 'socket.io-parser' || source === 'engine.io-parser' ? join(dir, `${source}.ts`) : null;
    },
  };
}

/**
 * Every `msg()` in our sources has an explicit id and is a string or a `str` template (test/unit/translations.test.ts
 * checks both), so two parts of @lit/localize's message lookup are dead code in the script-tag bundles: the id hashing
 * of id-less messages (an FNV-1a 64 implementation) and the reordering of `html` template values. Its runtime-msg
 * module is replaced by the lookup that remains (about 0.3 KB gzip less; a message without an id would show in
 * English).
 */
function leanMsgLookup(): Plugin {
  const lean = '\0rsw-runtime-msg';
  return {
    name: 'rsw-lean-msg-lookup',
    enforce: 'pre',
    resolveId(source, importer) {
      return source.endsWith('/runtime-msg.js') && importer && /@lit[\\/]localize[\\/]init[\\/]/.test(importer) ? lean : null;
    },
    load(id) {
      if (id !== lean) return null;
      return `import { defaultMsg } from '@lit/localize/internal/default-msg.js';
import { joinStringsAndValues } from '@lit/localize/internal/str-tag.js';
export function runtimeMsg(templates, template, options) {
  const localized = templates && options && templates[options.id];
  if (!localized) return defaultMsg(template);
  return typeof localized === 'string' ? localized : joinStringsAndValues(localized.strings, template.values, localized.values);
}`;
    },
  };
}

/** The Trusted Types policy names of the script-tag bundles' own copies of lit (docs: README, Content-Security-Policy). */
export const TRUSTED_TYPES_POLICY = { widget: 'remote-support-widget', console: 'remote-support-console' } as const;

/**
 * lit-html creates a Trusted Types policy named `lit-html` when its module runs. A page built with Lit has one already,
 * and under a `trusted-types` directive without 'allow-duplicates' a second `createPolicy('lit-html')` throws, so the
 * widget would never render. The script-tag bundles carry their own copy of lit, so they name its policy after
 * themselves; a vendor enforcing Trusted Types allows that name. (The ES module build shares the page's lit and its
 * policy.)
 */
function ownTrustedTypesPolicy(name: string): Plugin {
  return {
    name: 'rsw-trusted-types-policy',
    transform(code, id) {
      if (!/[\\/]lit-html[\\/](development[\\/])?lit-html\.js$/.test(id)) return null;
      const out = code.replace(/createPolicy\((["'`])lit-html\1/, `createPolicy("${name}"`);
      if (out === code) this.error('lit-html changed: its Trusted Types policy could not be renamed');
      return { code: out, map: null };
    },
  };
}

/** Reports the gzip size of `file` after each build and warns over `budget` or when it contains eval. */
function sizeReport(file = SCRIPT_TAG_FILE, budget = WIDGET_GZIP_BUDGET): Plugin {
  return {
    name: 'rsw-size-report',
    writeBundle(options, bundle) {
      const chunk = bundle[file];
      if (!chunk || chunk.type !== 'chunk') return;
      const gz = gzipSize(chunk.code);
      const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
      const line = `${options.dir ?? ''}/${file}: ${kb(chunk.code.length)}, gzip -9 ${kb(gz)} (budget ${kb(budget)})`;
      console.log(line);
      if (gz > budget) this.warn(`OVER BUDGET by ${kb(gz - budget)}: ${line}`);
      const evals = findEval(chunk.code);
      if (evals.length) this.warn(`${file} contains code a strict CSP refuses: ${evals.join(', ')}`);
    },
  };
}

/** The script-tag bundle: one self-contained IIFE file. */
export function scriptTagConfig(outDir = 'dist/widget', emptyOutDir = true, policy: string = TRUSTED_TYPES_POLICY.widget): UserConfig {
  return {
    logLevel: 'warn',
    publicDir: false,
    define,
    resolve: { conditions },
    plugins: [minifyTemplates(), noFunctionConstructor(), noWebTransport(), textOnlyParsers(), leanMsgLookup(), ownTrustedTypesPolicy(policy), sizeReport()],
    build: {
      outDir,
      emptyOutDir,
      target: 'es2022',
      minify: true,
      sourcemap: false,
      lib: {
        entry: 'src/widget/script-tag.ts',
        formats: ['iife'],
        name: 'RemoteSupportWidgetScript',
        fileName: () => SCRIPT_TAG_FILE,
      },
      rolldownOptions: { output: { codeSplitting: false } },
    },
  };
}

/**
 * One language of `ui` as a self-contained ES module (`<outDir>/locales/<locale>.js`, `export const templates`): the
 * generated module with @lit/localize's `str` tag inside, so that a page can import it without a bundler.
 */
export function localeConfig(ui: UI, locale: string, outDir = `dist/${ui}`): UserConfig {
  return {
    logLevel: 'warn',
    publicDir: false,
    resolve: { alias: [{ find: /^@lit\/localize$/, replacement: '@lit/localize/internal/str-tag.js' }] },
    plugins: [sizeReport(`locales/${locale}.js`, LOCALE_GZIP_BUDGET)],
    build: {
      outDir,
      emptyOutDir: false,
      target: 'es2022',
      minify: true,
      sourcemap: false,
      lib: { entry: `src/${ui}/generated/locales/${locale}.ts`, formats: ['es'], fileName: () => `locales/${locale}.js` },
      // vite leaves whitespace in ES library builds; these files are only ever loaded as they are.
      rolldownOptions: { output: { minify: true } },
    },
  };
}

/** Builds every locale file of `ui` into `outDir`. */
export async function buildLocales(ui: UI, outDir = `dist/${ui}`, logLevel: UserConfig['logLevel'] = 'warn'): Promise<void> {
  for (const locale of targetLocales(ui)) await build({ configFile: false, ...localeConfig(ui, locale, outDir), logLevel });
}

/**
 * The ES module of `ui` for bundlers: our code only; lit, @lit/localize and socket.io-client stay imports. Each
 * language is a chunk of its own (`chunks/<locale>-<hash>.js`, imported by a literal `import()`), which the app's
 * bundler follows and emits like any other chunk.
 */
export function moduleConfig(outDir = 'dist/widget', emptyOutDir = false, ui: UI = 'widget'): UserConfig {
  return {
    logLevel: 'warn',
    publicDir: false,
    resolve: { conditions },
    plugins: [minifyTemplates(), noFunctionConstructor(), noWebTransport()],
    build: {
      outDir,
      emptyOutDir,
      target: 'es2022',
      minify: false,
      sourcemap: true,
      lib: { entry: `src/${ui}/index.ts`, formats: ['es'], fileName: () => MODULE_FILE },
      rolldownOptions: {
        external: [/^lit(\/|$)/, /^@lit\//, /^socket\.io-client(\/|$)/],
        output: { chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  };
}

/** `vite build` builds all three, one after the other (the script-tag build empties dist/widget first). */
export default defineConfig({
  builder: {
    async buildApp(builder) {
      await builder.build(builder.environments.scriptTag!);
      await builder.build(builder.environments.module!);
      await buildLocales('widget');
    },
  },
  environments: {
    scriptTag: { ...pick(scriptTagConfig()) },
    module: { ...pick(moduleConfig()) },
  },
  logLevel: 'warn',
  publicDir: false,
  plugins: [
    minifyTemplates(),
    noFunctionConstructor(),
    noWebTransport(),
    textOnlyParsers(),
    leanMsgLookup(),
    ownTrustedTypesPolicy(TRUSTED_TYPES_POLICY.widget),
    sizeReport(),
  ],
});

function pick(config: UserConfig) {
  return { define: config.define, resolve: config.resolve, build: config.build, consumer: 'client' as const };
}
