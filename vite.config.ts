/**
 * Builds the customer widget (`vite build`, after tsc has built the relay and `localize:build` the locale modules):
 *   dist/widget/chunks/box-<hash>.js      the box (lit, its screens, the session logic) and what it imports, as
 *   dist/widget/chunks/<name>-<hash>.js   content-hashed ES chunks: loaded by the launcher when the customer needs them
 *   dist/widget/remote-support-widget.js  the launcher for a <script> tag: one small IIFE file without lit, which has
 *                                         the entry chunk's name written in (built after the chunks)
 *   dist/widget/index.js                  an ES module for bundlers (lit, @lit/localize, socket.io-client external;
 *                                         the box a dynamic import, split into dist/widget/chunks/ as well)
 *   dist/widget/locales/<locale>.js       one small self-contained ES module per other language, which both of the
 *                                         above import on demand (built apart, so that any build can load them)
 * and prints the gzip size of the launcher against its budget, of each chunk, and of each locale file.
 *
 * The `production` and `browser` export conditions pick lit's production build and keep socket.io-client's
 * Node-only and debug builds (`ws`, `debug`) out. The plugins the builds use are in build/, one job per module.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, defineConfig, type Plugin, type UserConfig } from 'vite';
import { shortMsgIds } from './build/msg-ids.js';
import { leanMsgLookup } from './build/msg-lookup.js';
import { BOX_LIT_EDITS, editSources, LIT_EDITS, REMOVED_METHODS, SOCKET_CLIENT_EDITS } from './build/package-edits.js';
import { chunkReport, sizeReport } from './build/size-report.js';
import { lazyPolling, noFunctionConstructor, noWebTransport, parserByName, platformUrlParser, textOnlyParsers, unusedSocketMethods } from './build/socket-client.js';
import { minifyTemplates } from './build/templates.js';
import { ownTrustedTypesPolicy } from './build/trusted-types.js';


/**
 * Budget of the launcher (the script-tag file), gzip level 9: what every visitor of a vendor's page loads (issue 12:
 * at most 10 KB; everything else is in the chunks, loaded when the customer needs the box).
 */
export const WIDGET_GZIP_BUDGET = 10 * 1024;
/** Where the chunks go, next to the script; the box's entry chunk is `chunks/box-<hash>.js`. */
export const CHUNKS_DIR = 'chunks';
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

/**
 * The id of this build, written into the launcher and the box's entry chunk alike (the launcher refuses a box of
 * another build): a hash of the package's version and of every source file, so that the same sources build the same
 * files.
 */
export function buildId(): string {
  const hash = createHash('sha256');
  const src = join(import.meta.dirname, 'src');
  hash.update(readFileSync(join(import.meta.dirname, 'package.json')));
  for (const file of readdirSync(src, { recursive: true, encoding: 'utf8' }).sort()) {
    if (file.endsWith('.ts')) hash.update(file).update(readFileSync(join(src, file)));
  }
  return hash.digest('base64url').slice(0, 12);
}

/** The Trusted Types policy names of the script-tag bundles' own copies of lit (docs: README, Content-Security-Policy). */
export const TRUSTED_TYPES_POLICY = { widget: 'remote-support-widget', console: 'remote-support-console' } as const;

/**
 * The plugins of every build that bundles lit, @lit/localize and socket.io-client (the script-tag bundles: the box's
 * chunks, the console), whose Trusted Types policy is `policy`.
 */
function bundledLibraries(policy: string): Plugin[] {
  return [
    minifyTemplates(),
    shortMsgIds(import.meta.dirname),
    noFunctionConstructor(),
    noWebTransport(),
    textOnlyParsers(),
    leanMsgLookup(),
    ownTrustedTypesPolicy(policy),
    editSources('rsw-lean-lit', LIT_EDITS),
  ];
}

/** A self-contained IIFE bundle with all plugins (the console's script-tag file; vite.console.config.ts sets its entry). */
export function iifeConfig(outDir: string, emptyOutDir = true, policy: string = TRUSTED_TYPES_POLICY.widget): UserConfig {
  return {
    logLevel: 'warn',
    publicDir: false,
    define,
    resolve: { conditions },
    plugins: bundledLibraries(policy),
    build: { outDir, emptyOutDir, target: 'es2022', minify: true, sourcemap: false, rolldownOptions: { output: { codeSplitting: false } } },
  };
}

/** One chunk of a build: its file, code, the chunks it imports (statically and dynamically) and its source modules. */
export interface ChunkInfo {
  fileName: string;
  code: string;
  isEntry: boolean;
  imports: string[];
  dynamicImports: string[];
  modules: string[];
}

/** The box's chunks: content-hashed ES modules (dist/widget/chunks/); `onChunks` gets them once written. */
export function boxChunksConfig(outDir = 'dist/widget', emptyOutDir = true, onChunks: (chunks: ChunkInfo[]) => void = () => undefined): UserConfig {
  return {
    logLevel: 'warn',
    publicDir: false,
    define: { ...define, __RSW_BUILD__: JSON.stringify(buildId()) },
    resolve: { conditions },
    plugins: [
      ...bundledLibraries(TRUSTED_TYPES_POLICY.widget),
      lazyPolling(),
      parserByName(),
      editSources('rsw-lean-socket-client', SOCKET_CLIENT_EDITS, REMOVED_METHODS),
      editSources('rsw-box-lit', BOX_LIT_EDITS, ['addInitializer']),
      unusedSocketMethods(),
      platformUrlParser(),
      {
        name: 'rsw-box-entry',
        writeBundle(_options, bundle) {
          const chunks: ChunkInfo[] = [];
          for (const c of Object.values(bundle)) {
            if (c.type !== 'chunk') continue;
            const { fileName, code, isEntry, imports, dynamicImports } = c;
            chunks.push({ fileName, code, isEntry, imports, dynamicImports, modules: Object.keys(c.modules) });
          }
          onChunks(chunks);
        },
      },
      chunkReport(),
    ],
    build: {
      outDir,
      emptyOutDir,
      target: 'es2022',
      minify: true,
      sourcemap: false,
      lib: { entry: 'src/widget/box-entry.ts', formats: ['es'] },
      rolldownOptions: {
        // Every module the box's entry imports statically is in the entry chunk, also what a lazily loaded part
        // (screens/lazy.ts) shares with it: the entry is loaded first anyway, and small shared chunks on the English
        // path would each be gzipped apart. The parts import what they share from the entry.
        preserveEntrySignatures: 'allow-extension',
        output: {
          entryFileNames: `${CHUNKS_DIR}/box-[hash].js`,
          chunkFileNames: `${CHUNKS_DIR}/[name]-[hash].js`,
          minify: true,
          codeSplitting: { groups: [{ name: 'box-main', tags: ['$initial'] }] },
          // No comments at all: the pure annotations the bundler has used are dead weight for the browser.
          comments: false,
        },
      },
    },
  };
}

/** The script-tag launcher: one small IIFE file, which imports the box from `boxChunk` (relative to itself). */
export function scriptTagConfig(outDir = 'dist/widget', boxChunk: string): UserConfig {
  return {
    logLevel: 'warn',
    publicDir: false,
    define: { ...define, __RSW_BOX_CHUNK__: JSON.stringify(boxChunk), __RSW_BUILD__: JSON.stringify(buildId()) },
    resolve: { conditions },
    plugins: [minifyTemplates(), shortMsgIds(import.meta.dirname), sizeReport(SCRIPT_TAG_FILE, WIDGET_GZIP_BUDGET)],
    build: {
      outDir,
      emptyOutDir: false,
      target: 'es2022',
      minify: true,
      sourcemap: false,
      lib: {
        entry: 'src/widget/script-tag.ts',
        formats: ['iife'],
        name: 'RemoteSupportWidgetScript',
        fileName: () => SCRIPT_TAG_FILE,
      },
      rolldownOptions: { output: { codeSplitting: false, postBanner: COMPILE_HINT } },
    },
  };
}

/**
 * V8's explicit compile hint (Chromium 136 and later; a plain comment elsewhere), first in the launcher: every page
 * view calls nearly all of its functions, so V8 compiles them all while it streams the file, off the main thread,
 * instead of on the main thread at each first call (about 1 ms less main-thread work at load: npm run bench:page).
 */
export const COMPILE_HINT = '//# allFunctionsCalledOnLoad';

/** Builds the chunks, then the launcher that loads them, into `outDir`; resolves to the chunks (the entry first). */
export async function buildScriptTag(outDir = 'dist/widget', logLevel: UserConfig['logLevel'] = 'warn'): Promise<ChunkInfo[]> {
  let chunks: ChunkInfo[] = [];
  await build({ configFile: false, ...boxChunksConfig(outDir, true, (c) => (chunks = c)), logLevel });
  const entry = chunks.find((c) => c.isEntry);
  if (!entry) throw new Error('the box build made no entry chunk');
  await build({ configFile: false, ...scriptTagConfig(outDir, entry.fileName), logLevel });
  return [entry, ...chunks.filter((c) => c !== entry)];
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
    plugins: [shortMsgIds(import.meta.dirname, { stamp: true }), sizeReport(`locales/${locale}.js`, LOCALE_GZIP_BUDGET)],
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
    plugins: [minifyTemplates(), shortMsgIds(import.meta.dirname), noFunctionConstructor(), noWebTransport()],
    build: {
      outDir,
      emptyOutDir,
      target: 'es2022',
      minify: false,
      sourcemap: true,
      lib: { entry: `src/${ui}/index.ts`, formats: ['es'], fileName: () => MODULE_FILE },
      rolldownOptions: {
        external: [/^lit(\/|$)/, /^@lit\//, /^(socket|engine)\.io-client(\/|$)/],
        output: { chunkFileNames: `${CHUNKS_DIR}/[name]-[hash].js` },
      },
    },
  };
}

/**
 * `vite build` builds them all, one after the other: the chunks (emptying dist/widget first) and the launcher that
 * names their entry (each through vite's build() API with its own configuration), then this config's own build, the
 * module build, and the locale files.
 */
export default defineConfig({
  ...moduleConfig(),
  builder: {
    async buildApp(builder) {
      await buildScriptTag('dist/widget');
      await builder.build(builder.environments.client!);
      await buildLocales('widget');
    },
  },
});
