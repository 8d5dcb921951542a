/**
 * The launcher (the script-tag file) stays within its budget and runs under a strict CSP; the box's chunks next to it
 * are content-hashed ES modules, and the English path open → code → connected → prompt → grants bar loads at most what
 * its budget says, summed over the launcher and the chunks it loads (found from the build's module graph; the
 * end-to-end test/e2e/path-size.test.ts measures what a browser loads on the way, lazily loaded parts included). Each
 * other language is a small file of its own, loaded on demand. Builds everything afresh with the same configuration
 * as `npm run build` (vite's build() API, into a temporary directory), so the result never depends on a stale dist/;
 * prints the breakdown by chunk.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import {
  buildLocales,
  buildScriptTag,
  type ChunkInfo,
  CHUNKS_DIR,
  COMPILE_HINT,
  LOCALE_GZIP_BUDGET,
  MODULE_FILE,
  moduleConfig,
  SCRIPT_TAG_FILE,
  targetLocales,
  TRUSTED_TYPES_POLICY,
  WIDGET_GZIP_BUDGET,
} from '../../vite.config.js';
import { catalogIds, KeyTable } from '../../build/msg-ids.js';
import { sourcePattern } from '../../build/package-edits.js';
import { findEval, gzipSize } from '../../build/size-report.js';
import { PATH_GZIP_BUDGET, PATH_GZIP_TARGET } from '../support/size-budgets.js';

const root = join(import.meta.dirname, '..', '..');
const outDir = mkdtempSync(join(tmpdir(), 'rsw-bundle-'));
let launcher = '';
let esModule = '';
let chunks: ChunkInfo[] = [];

beforeAll(async () => {
  process.chdir(root);
  chunks = await buildScriptTag(outDir, 'error');
  await build({ configFile: false, root, ...moduleConfig(outDir, false), logLevel: 'error' });
  await buildLocales('widget', outDir, 'error');
  launcher = readFileSync(join(outDir, SCRIPT_TAG_FILE), 'utf8');
  esModule = readFileSync(join(outDir, MODULE_FILE), 'utf8');
}, 120_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const byName = (name: string) => chunks.find((c) => c.fileName === name)!;

/** `from` and every chunk it imports statically, transitively. */
function staticClosure(from: ChunkInfo, seen = new Set<ChunkInfo>()): Set<ChunkInfo> {
  if (seen.has(from)) return seen;
  seen.add(from);
  for (const name of from.imports) staticClosure(byName(name), seen);
  return seen;
}

/**
 * socket.io-client's chunk: the connection where a WebSocket cannot be opened (or the page asks for long-polling
 * first), loaded then with long-polling; the widget's own socket.io client over WebSocket (session/ws-socket.ts) is
 * in the box's entry (transport-plan.ts).
 */
const isConnection = (c: ChunkInfo) => c.modules.some((m) => /[\\/]socket\.io-client[\\/]/.test(m));
/** The long-polling transport's chunk, loaded only where a WebSocket cannot be opened (transport-plan.ts). */
const isPolling = (c: ChunkInfo) => c.modules.some((m) => /[\\/]engine\.io-client[\\/].*[\\/]polling-xhr\.js$/.test(m));

/**
 * The chunks the English path loads: the box's entry and what it imports (the widget's socket.io client over
 * WebSocket among them). No lazily loaded part of the box is on it (test/e2e/path-size.test.ts, which sums what the
 * browser really loads, would disagree otherwise): the functions' chunks (screen sharing, file transfer, system
 * information, reboot), the transcript's, the background notifications' and the end screen's are not, nor
 * socket.io-client's, loaded only where a WebSocket cannot be opened.
 */
function pathChunks(): ChunkInfo[] {
  return [...staticClosure(chunks[0]!)];
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
/** What a chunk holds, for the breakdown: its source modules of this project, shortened. */
const what = (c: ChunkInfo) =>
  c.modules
    .map((m) => m.replace(/^.*?[\\/]src[\\/]/, '').replace(/^.*node_modules[\\/]((@[^\\/]+[\\/])?[^\\/]+).*$/, '$1'))
    .filter((m, i, all) => all.indexOf(m) === i)
    .slice(0, 6)
    .join(', ');

describe('the launcher (script-tag file)', () => {
  it(`is at most ${WIDGET_GZIP_BUDGET / 1024} KB gzip (level 9)`, () => {
    const size = gzipSize(launcher);
    console.info(`${SCRIPT_TAG_FILE}: ${launcher.length} bytes, gzip -9 ${size} bytes (${kb(size)})`);
    expect(size).toBeLessThanOrEqual(WIDGET_GZIP_BUDGET);
  });

  it('contains no eval or new Function (a strict CSP forbids them)', () => {
    expect(findEval(launcher)).toEqual([]);
  });

  it("is one classic script without import or export statements, V8's compile hint first (its magic comment must be)", () => {
    expect(launcher.startsWith(`${COMPILE_HINT}\n(function(){`)).toBe(true);
    expect(launcher).not.toMatch(/^\s*(import|export)\s/m);
  });

  it('has no lit, no socket.io and no @lit/localize runtime in it', () => {
    expect(/lit-html|LitElement|createPolicy|socket\.io|engine\.io|lit-localize/.exec(launcher)?.[0]).toBeUndefined();
  });

  it("imports the box's entry chunk of the same build, by its content-hashed name, next to the script", () => {
    const entry = chunks[0]!;
    expect(entry.fileName).toMatch(new RegExp(`^${CHUNKS_DIR}/box-[\\w-]{8,}\\.js$`));
    expect(launcher.includes(`\`${entry.fileName}\``) || launcher.includes(JSON.stringify(entry.fileName))).toBe(true);
  });

  it('carries no locale file (only its own failure message in each language): the rest is imported when a page asks', () => {
    expect(launcher).not.toContain('Zdalna pomoc');
    expect(launcher).not.toContain('⟦');
  });
});

describe('the chunks', () => {
  it('are ES modules with content-hashed names, free of eval, on the production builds', () => {
    for (const c of chunks) {
      expect(c.fileName).toMatch(new RegExp(`^${CHUNKS_DIR}/[\\w.-]+-[\\w-]{8,}\\.js$`));
      expect(findEval(c.code), c.fileName).toEqual([]);
      expect(c.code).not.toContain('Lit is in dev mode');
      expect(c.code).not.toMatch(/require\(["'](debug|ws)["']\)/);
    }
  });

  it("name lit's Trusted Types policy after the widget (never lit-html)", () => {
    const all = chunks.map((c) => c.code).join('\n');
    expect(new RegExp(`createPolicy\\(["'\`]${TRUSTED_TYPES_POLICY.widget}["'\`]`).test(all)).toBe(true);
    expect(/createPolicy\(["'`]lit-html/.test(all)).toBe(false);
  });

  it("carry lit without the hooks for the page's other code and without its long stylesheet errors (build/package-edits.ts, LIT_EDITS)", () => {
    const all = chunks.map((c) => c.code).join('\n');
    expect(all).toContain('class extends HTMLElement');
    expect(all).not.toMatch(/Versions|PolyfillSupport|HydrateSupport|page security/);
    // Stylesheets adopted as the launcher adopts its own (BOX_LIT_EDITS), never copied into <style> elements.
    expect(all).toContain('adoptedStyleSheets');
    expect(all).not.toMatch(/litNonce|ShadyCSS/);
    // No metadata of standard decorators: none is bundled (they would need it).
    expect(all).not.toMatch(/Symbol\.metadata|litPropertyMetadata/);
    expect(chunks.flatMap((c) => c.modules).filter((m) => /decorators/.test(m))).toEqual([]);
  });

  it("carry lit without the features the box's elements never use (build/package-edits.ts, BOX_LIT_EDITS)", () => {
    const all = chunks.map((c) => c.code).join('\n');
    // No directives (lit commits values as they are) and HTML templates alone (an import of svg or mathml fails the build).
    expect(chunks.flatMap((c) => c.modules).filter((m) => /[\\/]directives?[\\/.]|async-directive/.test(m))).toEqual([]);
    expect(all).not.toMatch(/_\$litDirective\$|_\$AU|setConnected|<svg>|<math>/);
    // Properties' attributes are strings or Booleans, with lit's own converter and change check.
    expect(all).not.toMatch(/type:(Number|Object|Array)[,}]|converter|hasChanged|useDefault|addInitializer/);
  });

  it(`the English path open → code → connected → prompt → grants bar loads at most ${kb(PATH_GZIP_BUDGET)} gzip in all (target ${kb(PATH_GZIP_TARGET)})`, () => {
    const path = pathChunks();
    const off = chunks.filter((c) => !path.includes(c));
    // The launcher is the first file of the path: the whole English widget a customer loads is held to the budget.
    const total = gzipSize(launcher) + path.reduce((sum, c) => sum + gzipSize(c.code), 0);
    const lines = [
      'English path (open → code → connected → prompt → grants bar):',
      `  launcher ${SCRIPT_TAG_FILE}: ${kb(gzipSize(launcher))}`,
      ...path.map((c) => `  ${c.fileName}: ${kb(gzipSize(c.code))} (${what(c)})`),
      `  total ${total} bytes (${kb(total)}); budget ${kb(PATH_GZIP_BUDGET)}, target ${kb(PATH_GZIP_TARGET)}`,
      'loaded only when needed (the end screen, each function, the transcript, long-polling where WebSockets fail):',
      ...off.map((c) => `  ${c.fileName}: ${kb(gzipSize(c.code))} (${what(c)})`),
    ];
    console.info(lines.join('\n'));
    expect(path[0]).toBe(chunks[0]);
    expect(chunks[0]!.modules.some((m) => /[\\/]session[\\/]ws-socket\.ts$/.test(m))).toBe(true);
    expect(path.filter(isConnection)).toEqual([]);
    expect(total).toBeLessThanOrEqual(PATH_GZIP_BUDGET);
  });

  it("keep the prompts of the functions the path does not ask for off it, in the functions' views' chunk (prompt-words.ts)", () => {
    const path = pathChunks().map((c) => c.code).join('\n');
    const views = chunks.filter((c) => c.modules.some((m) => /[\\/]widget[\\/]function-views\.ts$/.test(m)));
    expect(views).toHaveLength(1);
    expect(pathChunks()).not.toContain(views[0]);
    // Screen viewing's question, the path's, stays in the box.
    expect(path).toContain('asks to see your screen.');
    for (const text of ['asks to send files to you', 'asks to point on your screen.', 'asks to restart your computer', 'Save your work first.']) {
      expect(path, text).not.toContain(text);
      expect(views[0]!.code, text).toContain(text);
    }
  });

  it("keep the end's rating and transcript requests (session/record.ts) off the path, in a chunk of their own", () => {
    const isRecord = (c: ChunkInfo) => c.modules.some((m) => /[\\/]session[\\/]record\.ts$/.test(m));
    expect(chunks.filter(isRecord)).toHaveLength(1);
    expect(pathChunks().filter(isRecord)).toEqual([]);
  });

  it("keep long-polling out of the socket client's chunk: a chunk of its own that only that chunk imports, off the path", () => {
    const client = chunks.filter(isConnection);
    const polling = chunks.filter(isPolling);
    expect(client).toHaveLength(1);
    expect(polling).toHaveLength(1);
    expect(client[0]!.dynamicImports).toEqual([polling[0]!.fileName]);
    expect(chunks.filter((c) => c.imports.includes(polling[0]!.fileName) || c.dynamicImports.includes(polling[0]!.fileName))).toEqual(client);
    expect(pathChunks()).not.toContain(polling[0]);
    // The transport, and the Socket's probe that upgrades a long-polling connection to a WebSocket.
    expect(client[0]!.code).not.toMatch(/XMLHttpRequest|xhr poll error|probe error/);
    expect(polling[0]!.code).toMatch(/xhr poll error/);
    expect(polling[0]!.code).toMatch(/probe error/);
  });

  it("carry none of the socket client's code paths the widget's connection never takes (build/package-edits.ts, SOCKET_CLIENT_EDITS)", () => {
    const client = chunks.find(isConnection)!.code;
    // The Managers' cache, transports given as classes, Node.js and React Native options, closing on beforeunload.
    for (const gone of ['force new connection', 'transportImplementations', 'perMessageDeflate', 'autoUnref', 'reactnative', 'beforeunload']) {
      expect(client, gone).not.toContain(gone);
    }
    expect(client).not.toMatch(/\.(reconnectionDelay|setMin|hasListeners)\(/);
    // What the connection does use: WebSocket, acknowledgements with a timeout, reconnection with a backoff.
    expect(client).toContain('websocket connection closed');
    expect(client).toContain('operation has timed out');
    expect(client).toContain('reconnect_attempt');
  });
});

describe("the build's edits of socket.io's client", () => {
  it('find their text across line breaks, indentation and comments, and nowhere else', () => {
    const pattern = sourcePattern('if (this.opts.autoUnref) { timer.unref(); }');
    expect('if (this.opts.autoUnref) {\n    // Node.js only\n    timer.unref(); /* x */\n}'.match(pattern)).toHaveLength(1);
    expect('if (this.opts.autoUnref) { timer.ref(); }'.match(pattern)).toBeNull();
    expect('if (this.opts.autoUnref) { other(); timer.unref(); }'.match(pattern)).toBeNull();
  });
});

describe('the locale files', () => {
  it.each(targetLocales('widget'))('%s.js exists, is small, self-contained and CSP-safe', (locale) => {
    const code = readFileSync(join(outDir, 'locales', `${locale}.js`), 'utf8');
    const size = gzipSize(code);
    console.info(`locales/${locale}.js: ${code.length} bytes, gzip -9 ${size} bytes`);
    expect(size).toBeLessThanOrEqual(LOCALE_GZIP_BUDGET);
    expect(code).toMatch(/export\s*\{[^}]*\b\w+ as templates\b[^}]*\}/);
    expect(code).not.toMatch(/^\s*import\s/m);
    expect(findEval(code)).toEqual([]);
  });

  it.each(targetLocales('widget'))("%s.js keys its texts like the box's messages, and carries the catalog's stamp the launcher checks", (locale) => {
    const code = readFileSync(join(outDir, 'locales', `${locale}.js`), 'utf8');
    const table = new KeyTable(catalogIds(join(root, 'locales')));
    // build/msg-ids.ts: short keys, no message id left, in the box's chunks, the launcher and the locale files alike.
    expect(code).toMatch(/[{,]A:`/);
    expect(code).not.toMatch(/["'`]ask\.open["'`]:/);
    for (const c of chunks) expect(c.code, c.fileName).not.toMatch(/\{id:["'`][\w-]+\.[\w.-]+["'`]\}/);
    expect(chunks[0]!.code).toContain(`{id:\`${table.key('ask.open')}\`}`);
    const stamp = new RegExp(`["'\`]${table.catalog}["'\`]`);
    expect(code).toMatch(stamp);
    expect(launcher).toMatch(stamp);
  });
});

describe('the ES module build', () => {
  it('is the launcher, and imports the box lazily (lit, @lit/localize and socket.io-client left to the bundler)', () => {
    expect(esModule).not.toMatch(/from "lit"/);
    expect(esModule).not.toContain('class LitElement');
    expect(esModule).toMatch(/import\(\s*"\.\/chunks\/box-entry-[\w-]+\.js"\s*\)/);
    const box = readFileSync(join(outDir, /"\.\/(chunks\/box-entry-[\w-]+\.js)"/.exec(esModule)![1]!), 'utf8');
    expect(box).toMatch(/from "lit"/);
    expect(box).toMatch(/from "@lit\/localize"/);
  });

  it.each(targetLocales('widget'))('imports %s as a chunk of its own, by a literal import() every bundler follows', (locale) => {
    const imported = new RegExp(`import\\(\\s*["'](\\./chunks/${locale}-[\\w-]+\\.js)["']\\s*\\)`).exec(esModule)?.[1];
    expect(imported).toBeDefined();
    const chunk = readFileSync(join(outDir, imported!), 'utf8');
    expect(chunk).toMatch(/export\s*\{\s*templates\s*\}/);
    expect(chunk).toMatch(/from "@lit\/localize"/);
    expect(esModule).not.toContain('Zdalne sterowanie');
  });

  it('imports socket.io-client only for long-polling (from a chunk of its own), so a bundler can split it off', () => {
    expect(esModule).not.toMatch(/from\s*["']socket\.io-client["']/);
    // The launcher imports the box's chunk, which imports the connection's chunk (both in chunks/).
    const boxFile = /"\.\/(chunks\/box-entry-[\w-]+\.js)"/.exec(esModule)![1]!;
    const box = readFileSync(join(outDir, boxFile), 'utf8');
    expect(box).not.toMatch(/from\s*["']socket\.io-client["']/);
    const chunk = /import\(\s*["']\.\/((?:chunks\/)?socket-client-[\w-]+\.js)["']\s*\)/.exec(box)?.[1];
    expect(chunk).toBeDefined();
    expect(readFileSync(join(outDir, 'chunks', chunk!.replace(/^chunks\//, '')), 'utf8')).toMatch(/from\s*["']socket\.io-client["']/);
  });
});
