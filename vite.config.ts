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
 * Node-only and debug builds (`ws`, `debug`) out.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, defineConfig, type Plugin, type UserConfig } from 'vite';
import { shortMsgIds } from './vite-msg-ids.js';

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

/** The names a module declares at its top level (imports too), with the declaration (without `export`). */
function topLevel(program: { body: Node[] }): [string, Node][] {
  return program.body.flatMap((n): [string, Node][] => {
    const d = n.type === 'ExportNamedDeclaration' && n.declaration ? (n.declaration as Node) : n;
    if (d.type === 'ImportDeclaration') return (d.specifiers as Node[]).map((sp) => [(sp.local as Node).name as string, d]);
    if (d.type === 'VariableDeclaration') return (d.declarations as Node[]).map((v) => [(v.id as Node).name as string, d]);
    return (d.type === 'ClassDeclaration' || d.type === 'FunctionDeclaration') && d.id ? [[(d.id as Node).name as string, d]] : [];
  });
}

/** The methods named `names` of the class `className` declared at the top level of `program`. */
function classMethods(program: unknown, className: string, names: readonly string[]): Node[] {
  const body = (program as { body: Node[] }).body;
  const declaration = body.map((n) => (n.type === 'ExportNamedDeclaration' ? (n.declaration as Node | null) : n)).find((n) => n?.type === 'ClassDeclaration' && (n.id as Node | null)?.name === className);
  const members = declaration ? (((declaration.body as Node).body as Node[]) ?? []) : [];
  return members.filter((m) => m.type === 'MethodDefinition' && (m.key as Node).type === 'Identifier' && names.includes((m.key as Node).name as string));
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
 * The widget's socket opens a WebSocket first and needs long-polling only on networks that refuse the WebSocket
 * (src/widget/session/transport-plan.ts), so the box's build leaves long-polling (about 1 KB gzip) out of the socket
 * client's chunk: out of engine.io-client's transport table, and out of the re-exports of engine.io-client and
 * socket.io-client (which would keep the module, whose top level has side effects, in that chunk); and two methods of
 * engine.io-client's Socket that only a long-polling connection calls (the probe that upgrades it to a WebSocket, the
 * payload size check of its requests) are stubs there. src/widget/session/polling.ts, a chunk of its own loaded on
 * such a network, puts it all back: its import of engine.io-client resolves to a module that exports the table and
 * the transport and gives the Socket its two methods. The build fails when engine.io-client's Socket changes so that
 * they can no longer be moved.
 */
function lazyPolling(): Plugin {
  const lean = '\0rsw-engine-polling';
  const engineFile = (path: string) => new RegExp(`engine\\.io-client[\\\\/]build[\\\\/]esm[\\\\/]${path.replace(/[/.]/g, (c) => (c === '.' ? '\\.' : '[\\\\/]'))}$`);
  const edits: [RegExp, RegExp[]][] = [
    [engineFile('transports/index.js'), [/^import \{ XHR \} from .*$/m, /^\s*polling: XHR,\s*$/m]],
    [engineFile('index.js'), [/^export \{ Fetch \} from .*$/m, /^export \{ XHR as NodeXHR \} from .*$/m, /^export \{ XHR \} from .*$/m]],
    [/socket\.io-client[\\/]build[\\/]esm[\\/]index\.js$/, [/(?<=^export \{[^}]*)\bFetch, NodeXHR, XHR, (?=[^}]*\} from "engine\.io-client";$)/m]],
  ];
  /** The Socket's methods for long-polling and their stubs; the Socket itself and the helpers (copied) they use. */
  const stubs: Record<string, string> = { _probe: '_probe() {}', _getWritablePackets: '_getWritablePackets() { return this.writeBuffer; }' };
  const helpers = ['BASE64_OVERHEAD', 'byteLength', 'utf8Length'];
  const parsed = (ctx: { parse(code: string): unknown }, file: string) => {
    const code = readFileSync(join(engineDir, file), 'utf8');
    return { code, program: ctx.parse(code) as { body: Node[] } };
  };
  let engineDir = '';
  return {
    name: 'rsw-lazy-polling',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (source !== 'engine.io-client' || !importer?.endsWith(join('src', 'widget', 'session', 'polling.ts'))) return null;
      const engine = await this.resolve(source, importer, { skipSelf: true });
      if (!engine) return null;
      engineDir = join(engine.id, '..');
      return lean;
    },
    load(id) {
      if (id !== lean) return null;
      const module = (path: string) => JSON.stringify(join(engineDir, path));
      const socket = parsed(this, 'socket.js');
      const util = parsed(this, 'util.js');
      const methods = classMethods(socket.program, 'Socket', Object.keys(stubs)).map((m) => socket.code.slice(m.start, m.end));
      const copies = topLevel(util.program).filter(([name]) => helpers.includes(name));
      const texts = [...methods, ...copies.map(([, n]) => util.code.slice(n.start, n.end))];
      // Names of either module that the moved code would need besides the Socket and the copies.
      const names = [...topLevel(socket.program), ...topLevel(util.program)].map(([name]) => name);
      const missing = names.filter((name) => name !== 'Socket' && !helpers.includes(name) && texts.some((t) => new RegExp(`\\b${name}\\b`).test(t)));
      if (methods.length !== Object.keys(stubs).length || copies.length !== helpers.length || missing.length) {
        this.error(`engine.io-client changed: its Socket's long-polling methods cannot be moved (${missing.join(', ')})`);
      }
      return [
        `export { transports } from ${module('transports/index.js')};`,
        `export { XHR } from ${module('transports/polling-xhr.js')};`,
        `import { Socket } from ${module('socket.js')};`,
        ...texts.slice(methods.length),
        `Object.assign(Socket.prototype, {\n${methods.join(',\n')}\n});`,
      ].join('\n');
    },
    transform(code, id) {
      if (engineFile('socket.js').test(id)) {
        const methods = classMethods(this.parse(code), 'Socket', Object.keys(stubs));
        if (methods.length !== Object.keys(stubs).length) this.error("engine.io-client changed: its Socket's long-polling methods are not there");
        let out = code;
        for (const m of methods.sort((a, b) => b.start - a.start)) out = out.slice(0, m.start) + stubs[(m.key as Node).name as string] + out.slice(m.end);
        return { code: out, map: null };
      }
      const patterns = edits.find(([file]) => file.test(id))?.[1];
      if (!patterns) return null;
      let out = code;
      for (const pattern of patterns) {
        const next = out.replace(pattern, '');
        if (next === out) this.warn(`${id} changed: long-polling may stay in the socket client's chunk`);
        out = next;
      }
      return { code: out, map: null };
    },
  };
}

/**
 * socket.io-client's Manager takes the parsers' module as a namespace (`import * as parser`) for its `parser` option's
 * default; a namespace object needs the bundler's runtime helper, which would be a chunk of its own on the English path
 * (0.2 KB gzip). The Manager uses its Encoder and Decoder only: the box's build imports those two by name.
 */
function parserByName(): Plugin {
  return {
    name: 'rsw-parser-by-name',
    transform(code, id) {
      if (!/socket\.io-client[\\/]build[\\/]esm[\\/]manager\.js$/.test(id)) return null;
      const out = code.replace(/^import \* as parser from "socket\.io-parser";$/m, 'import { Encoder, Decoder } from "socket.io-parser";\nconst parser = { Encoder, Decoder };');
      if (out === code) this.warn('socket.io-client changed: its Manager no longer imports the parser as a namespace');
      return { code: out, map: null };
    },
  };
}

/**
 * socket.io-client's Socket has methods the widget never calls (listeners for any event, incoming or outgoing; the
 * `compress` and `volatile` flags): the box's build leaves them out of the class. Its queue of packets sent again
 * until acknowledged serves the `retries` option only, which the widget never sets (its own outgoing queue does that
 * job): `_addToQueue`, called only with that option, throws, and `_drainQueue` has nothing to drain. Fails the build
 * when one of them is no longer there or the rest of the module calls a removed one.
 */
function unusedSocketMethods(): Plugin {
  const names = ['send', 'close', 'disconnected', 'notifyOutgoingListeners', 'compress', 'volatile', 'onAny', 'prependAny', 'offAny', 'listenersAny', 'onAnyOutgoing', 'prependAnyOutgoing', 'offAnyOutgoing', 'listenersAnyOutgoing'];
  const stubs: Record<string, string> = {
    _addToQueue: '_addToQueue() { throw new Error("socket.io-client\'s retries option is not in this build"); }',
    _drainQueue: '_drainQueue() {}',
  };
  return {
    name: 'rsw-unused-socket-methods',
    transform(code, id) {
      if (!/socket\.io-client[\\/]build[\\/]esm[\\/]socket\.js$/.test(id)) return null;
      const found = classMethods(this.parse(code), 'Socket', [...names, ...Object.keys(stubs)]);
      let out = code;
      for (const m of found.sort((a, b) => b.start - a.start)) out = out.slice(0, m.start) + (stubs[(m.key as Node).name as string] ?? '') + out.slice(m.end);
      const missing = [...names, ...Object.keys(stubs)].filter((n) => !found.some((m) => (m.key as Node).name === n));
      const uncommented = out.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      const called = names.filter((n) => new RegExp(`\\bthis\\.${n}\\b`).test(uncommented));
      if (missing.length || called.length) this.error(`socket.io-client changed: Socket methods ${[...missing, ...called].join(', ')}`);
      return { code: out, map: null };
    },
  };
}

/**
 * A pattern for `text` as it appears in a module: its tokens (what the whitespace in `text` separates) in the same
 * order, with any whitespace or comments between them.
 */
export function sourcePattern(text: string): RegExp {
  const gap = String.raw`(?:\s|//[^\n]*|/\*[\s\S]*?\*/)*`;
  return new RegExp(text.trim().split(/\s+/).map((t) => t.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join(gap), 'g');
}

/**
 * Edits of a package's module: the text it has (a pattern for minified code; found `times` times, once unless said),
 * what the build puts there instead.
 */
type SourceEdits = [file: RegExp, edits: [from: string | RegExp, to: string, times?: number][]];
const esm = (pkg: string, file: string) => new RegExp(`${pkg.replace('.', '\\.')}[\\\\/]build[\\\\/]esm[\\\\/]${file.replace(/[/.]/g, (c) => (c === '.' ? '\\.' : '[\\\\/]'))}$`);

/**
 * Code paths of socket.io-client and engine.io-client that the widget's connection (session/connection.ts) never takes
 * in a browser, since it always connects the same way: a new Manager for each socket (`forceNew`), to an absolute URL
 * without a query (ui/connection.ts `relayTarget`), with a list of transport names, with none of the options for
 * Node.js or React Native (`agent`, TLS options, `extraHeaders`, `autoUnref`, `protocols`), nor `closeOnBeforeunload`,
 * `rememberUpgrade`, `withCredentials` (which needs a cookie jar in Node.js only), `forceBase64` or `timestampRequests`.
 * Also left out: the aliases and listeners nobody calls (listeners of any event go with the Socket's `onAny`, see
 * `unusedSocketMethods`), and the long explanation of a socket.io v2 server's answer (the relay is v4).
 */
export const SOCKET_CLIENT_EDITS: SourceEdits[] = [
  [
    esm('socket.io-client', 'index.js'),
    [
      // `io()`: a new Manager for every socket, on the URL as given (no cache of Managers, no relative URLs, no query).
      [`import { url } from "./url.js";`, `import { parse } from "engine.io-client";`],
      [
        `const cache = {}; function lookup(uri, opts) { if (typeof uri === "object") { opts = uri; uri = undefined; } opts = opts || {}; const parsed = url(uri, opts.path || "/socket.io"); const source = parsed.source; const id = parsed.id; const path = parsed.path; const sameNamespace = cache[id] && path in cache[id]["nsps"]; const newConnection = opts.forceNew || opts["force new connection"] || false === opts.multiplex || sameNamespace; let io; if (newConnection) { io = new Manager(source, opts); } else { if (!cache[id]) { cache[id] = new Manager(source, opts); } io = cache[id]; } if (parsed.query && !opts.query) { opts.query = parsed.queryKey; } return io.socket(parsed.path, opts); } Object.assign(lookup, { Manager, Socket, io: lookup, connect: lookup, });`,
        `function lookup(uri, opts) { return new Manager(uri, opts).socket(parse(uri).path || "/", opts); }`,
      ],
    ],
  ],
  [
    esm('socket.io-client', 'manager.js'),
    [
      [`if (this.opts.autoUnref) { timer.unref(); }`, '', 2],
      // Aliases of open() and _close().
      [`connect(fn) { return this.open(fn); }`, ''],
      // The options read once (the widget never changes them on a Manager), without their getters and setters.
      [
        `this.reconnection(opts.reconnection !== false); this.reconnectionAttempts(opts.reconnectionAttempts || Infinity); this.reconnectionDelay(opts.reconnectionDelay || 1000); this.reconnectionDelayMax(opts.reconnectionDelayMax || 5000); this.randomizationFactor((_a = opts.randomizationFactor) !== null && _a !== void 0 ? _a : 0.5); this.backoff = new Backoff({ min: this.reconnectionDelay(), max: this.reconnectionDelayMax(), jitter: this.randomizationFactor(), }); this.timeout(null == opts.timeout ? 20000 : opts.timeout);`,
        `this._reconnection = opts.reconnection !== false; this._reconnectionAttempts = opts.reconnectionAttempts || Infinity; this.backoff = new Backoff({ min: opts.reconnectionDelay || 1000, max: opts.reconnectionDelayMax || 5000, jitter: (_a = opts.randomizationFactor) !== null && _a !== void 0 ? _a : 0.5, }); this._timeout = null == opts.timeout ? 20000 : opts.timeout;`,
      ],
      [
        `reconnection(v) { if (!arguments.length) return this._reconnection; this._reconnection = !!v; if (!v) { this.skipReconnect = true; } return this; } reconnectionAttempts(v) { if (v === undefined) return this._reconnectionAttempts; this._reconnectionAttempts = v; return this; } reconnectionDelay(v) { var _a; if (v === undefined) return this._reconnectionDelay; this._reconnectionDelay = v; (_a = this.backoff) === null || _a === void 0 ? void 0 : _a.setMin(v); return this; } randomizationFactor(v) { var _a; if (v === undefined) return this._randomizationFactor; this._randomizationFactor = v; (_a = this.backoff) === null || _a === void 0 ? void 0 : _a.setJitter(v); return this; } reconnectionDelayMax(v) { var _a; if (v === undefined) return this._reconnectionDelayMax; this._reconnectionDelayMax = v; (_a = this.backoff) === null || _a === void 0 ? void 0 : _a.setMax(v); return this; } timeout(v) { if (!arguments.length) return this._timeout; this._timeout = v; return this; }`,
        '',
      ],
      [`disconnect() { return this._close(); }`, ''],
    ],
  ],
  [
    esm('socket.io-client', 'socket.js'),
    [
      // Listeners of any event, incoming or outgoing (see unusedSocketMethods).
      [`this.notifyOutgoingListeners(packet); this.packet(packet); } else {`, `this.packet(packet); } else {`],
      [`this.notifyOutgoingListeners(packet); this.packet(packet); });`, `this.packet(packet); });`],
      [`if (this._anyListeners && this._anyListeners.length) { const listeners = this._anyListeners.slice(); for (const listener of listeners) { listener.apply(this, args); } }`, ''],
      [
        `new Error("It seems you are trying to reach a Socket.IO server in v2.x with a v3.x client, but they are not compatible (more information here: https://socket.io/docs/v3/migrating-from-2-x-to-3-0/)")`,
        `new Error("not a Socket.IO v3+ server")`,
      ],
    ],
  ],
  [
    esm('engine.io-client', 'socket.js'),
    [
      [`if (parsedUri.query) opts.query = parsedUri.query;`, ''],
      // Transports given by name, never as classes.
      [
        `if (opts.transportImplementations && opts.transports) { throw new Error("specifying both 'transportImplementations' and 'transports' options is not supported"); } if (opts.transportImplementations || (((_a = opts.transports) === null || _a === void 0 ? void 0 : _a.length) && typeof opts.transports[0] === "function")) { this.transports = []; this._transportsByName = Object.create(null); ((_b = opts.transportImplementations) !== null && _b !== void 0 ? _b : opts.transports).forEach((t) => { const transportName = t.prototype.name; this.transports.push(transportName); this._transportsByName[transportName] = t; }); } else { this.transports = opts.transports ? [...opts.transports] : ["polling", "websocket", "webtransport"]; this._transportsByName = DEFAULT_TRANSPORTS; }`,
        `this.transports = [...opts.transports]; this._transportsByName = DEFAULT_TRANSPORTS;`,
      ],
      // Defaults of options that only Node.js reads, or that only the code left out here reads.
      [`agent: false,`, ''],
      [`rememberUpgrade: false,`, ''],
      [`rejectUnauthorized: true, perMessageDeflate: { threshold: 1024, },`, ''],
      [`closeOnBeforeunload: false,`, ''],
      [`if (typeof this.opts.query === "string") { this.opts.query = decode(this.opts.query); }`, ''],
      [
        `if (this.opts.closeOnBeforeunload) { this._beforeunloadEventListener = () => { if (this.transport) { this.transport.removeAllListeners(); this.transport.close(); } }; addEventListener("beforeunload", this._beforeunloadEventListener, false); }`,
        '',
      ],
      [`if (this._beforeunloadEventListener) { removeEventListener("beforeunload", this._beforeunloadEventListener, false); }`, ''],
      [`if (this.opts.withCredentials) { this._cookieJar = createCookieJar(); }`, ''],
      [
        `const transportName = this.opts.rememberUpgrade && Socket.priorWebsocketSuccess && this.transports.indexOf("websocket") !== -1 ? "websocket" : this.transports[0];`,
        `const transportName = this.transports[0];`,
      ],
      [`if (this.opts.autoUnref) { this._pingTimeoutTimer.unref(); }`, ''],
      // An alias of write(), and the protocol's number on the class (the packets carry it).
      [`send(msg, options, fn) { this._sendPacket("message", msg, options, fn); return this; }`, ''],
      [`Socket.protocol = protocol;`, ''],
    ],
  ],
  [
    esm('engine.io-client', 'transports/websocket.js'),
    [
      // The browser's WebSocket, which takes the URL alone (what else is passed serves Node.js and React Native).
      [`const isReactNative = typeof navigator !== "undefined" && typeof navigator.product === "string" && navigator.product.toLowerCase() === "reactnative";`, ''],
      [
        `const protocols = this.opts.protocols; const opts = isReactNative ? {} : pick(this.opts, "agent", "perMessageDeflate", "pfx", "key", "passphrase", "cert", "ca", "ciphers", "rejectUnauthorized", "localAddress", "protocolVersion", "origin", "maxPayload", "family", "checkServerIdentity"); if (this.opts.extraHeaders) { opts.headers = this.opts.extraHeaders; } try { this.ws = this.createSocket(uri, protocols, opts); }`,
        `try { this.ws = this.createSocket(uri); }`,
      ],
      [`if (this.opts.autoUnref) { this.ws._socket.unref(); }`, ''],
      [`if (this.opts.timestampRequests) { query[this.opts.timestampParam] = randomString(); } if (!this.supportsBinary) { query.b64 = 1; }`, ''],
      [`const WebSocketCtor = globalThis.WebSocket || globalThis.MozWebSocket;`, `const WebSocketCtor = globalThis.WebSocket;`],
      [
        `createSocket(uri, protocols, opts) { return !isReactNative ? protocols ? new WebSocketCtor(uri, protocols) : new WebSocketCtor(uri) : new WebSocketCtor(uri, protocols, opts); }`,
        `createSocket(uri) { return new WebSocketCtor(uri); }`,
      ],
    ],
  ],
  [
    esm('socket.io-client', 'contrib/backo2.js'),
    [
      // Only the Manager's setters above called them.
      [`Backoff.prototype.setMin = function (min) { this.ms = min; };`, ''],
      [`Backoff.prototype.setMax = function (max) { this.max = max; };`, ''],
      [`Backoff.prototype.setJitter = function (jitter) { this.jitter = jitter; };`, ''],
    ],
  ],
  [esm('engine.io-client', 'index.js'), [[`export const protocol = Socket.protocol;`, '']]],
  [
    /@socket\.io[\\/]component-emitter[\\/]lib[\\/]esm[\\/]index\.js$/,
    [
      // The emitter is always a base class (never mixed into an object); no DOM-style aliases, no listener queries.
      [`export function Emitter(obj) { if (obj) return mixin(obj); }`, `export function Emitter() {}`],
      [`function mixin(obj) { for (var key in Emitter.prototype) { obj[key] = Emitter.prototype[key]; } return obj; }`, ''],
      [`Emitter.prototype.on = Emitter.prototype.addEventListener = function`, `Emitter.prototype.on = function`],
      [`Emitter.prototype.removeEventListener = function`, `function`],
      [`Emitter.prototype.listeners = function(event){ this._callbacks = this._callbacks || {}; return this._callbacks['$' + event] || []; };`, ''],
      [`Emitter.prototype.hasListeners = function(event){ return !! this.listeners(event).length; };`, ''],
    ],
  ],
];

/** Methods that SOCKET_CLIENT_EDITS takes away, under names that nothing else in the widget's chunks has. */
const REMOVED_METHODS = ['reconnectionAttempts', 'reconnectionDelay', 'reconnectionDelayMax', 'randomizationFactor', 'setMin', 'setMax', 'setJitter', 'listeners', 'hasListeners', 'notifyOutgoingListeners'];

/**
 * lit as the script-tag bundles take it (their own copy, which no other code shares): its errors for a stylesheet made
 * without its `css` tag in a few words (long explanations of a mistake in our sources, which the tests would meet
 * first; the errors are thrown all the same), and without the hooks for other code on the page: lit's versions pushed
 * onto the page's global lists (from which a page's own Lit in development mode would warn of several versions
 * loaded), and the hooks for Lit's polyfills of old browsers (which cannot run these bundles) and for server-side
 * rendering's hydration (the widget is never rendered on a server). Minified names and versions may change.
 */
export const LIT_EDITS: SourceEdits[] = [
  [
    /@lit[\\/]reactive-element[\\/]css-tag\.js$/,
    [
      ['"CSSResult is not constructable. Use `unsafeCSS` or `css` instead."', '"use css or unsafeCSS"'],
      [
        `"Value passed to 'css' function must be a 'css' function result: "+t+". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security."`,
        `"not a css result: "+t`,
      ],
    ],
  ],
  [
    /@lit[\\/]reactive-element[\\/]reactive-element\.js$/,
    [
      [/\w+=\w+\.reactiveElementPolyfillSupport,/g, ''],
      [/,\w+\?\.\(\{ReactiveElement:\w+\}\),\(\w+\.reactiveElementVersions\?\?=\[\]\)\.push\("[\d.]+"\);/g, ';'],
    ],
  ],
  [
    /[\\/]lit-html[\\/]lit-html\.js$/,
    [[/,\w+=\w+\.litHtmlPolyfillSupport;\w+\?\.\(\w+,\w+\),\(\w+\.litHtmlVersions\?\?=\[\]\)\.push\("[\d.]+"\);/g, ';']],
  ],
  [
    /[\\/]lit-element[\\/]lit-element\.js$/,
    [
      [/,\w+\.litElementHydrateSupport\?\.\(\{LitElement:\w+\}\);const \w+=\w+\.litElementPolyfillSupport;\w+\?\.\(\{LitElement:\w+\}\);/g, ';'],
      [/\(\w+\.litElementVersions\?\?=\[\]\)\.push\("[\d.]+"\);/g, ''],
    ],
  ],
];

/**
 * lit as the box's chunks take it, besides LIT_EDITS. The box is loaded by the launcher, which adopts constructable
 * stylesheets itself (launcher/launcher.styles.ts): where a browser has none, the launcher fails before any box is
 * loaded. So the box's lit adopts its stylesheets the same way, without its fallback of `<style>` elements (and the
 * polyfill's check that chose it). And it has no metadata of standard decorators (`Symbol.metadata`, which it would
 * also define on the page): the box's elements declare `static properties`, and TypeScript's decorators (the
 * project's `experimentalDecorators`) do not use it (test/unit/bundle-size.test.ts checks that no decorator is bundled).
 */
export const BOX_LIT_EDITS: SourceEdits[] = [
  [
    /@lit[\\/]reactive-element[\\/]css-tag\.js$/,
    [[/(\w+)=\w+\.ShadowRoot&&\(void 0===\w+\.ShadyCSS\|\|\w+\.ShadyCSS\.nativeShadow\)&&"adoptedStyleSheets"in Document\.prototype&&"replace"in CSSStyleSheet\.prototype,/g, '$1=!0,']],
  ],
  [
    /@lit[\\/]reactive-element[\\/]reactive-element\.js$/,
    [
      [/Symbol\.metadata\?\?=Symbol\("metadata"\),\w+\.litPropertyMetadata\?\?=new WeakMap;/g, ''],
      [/const \w+=this\[Symbol\.metadata\];if\(null!==\w+\)\{const \w+=litPropertyMetadata\.get\(\w+\);if\(void 0!==\w+\)for\(const\[\w+,\w+\]of \w+\)this\.elementProperties\.set\(\w+,\w+\)\}/g, ''],
    ],
  ],
];

/**
 * Applies `table` (named `name`); fails the build when a module no longer has the text an edit replaces, or when a
 * chunk still calls one of `removed`, methods the edits took away.
 */
function editSources(name: string, table: SourceEdits[], removed: string[] = []): Plugin {
  const removedCall = removed.length ? new RegExp(String.raw`\.(${removed.join('|')})\(`) : undefined;
  return {
    name,
    renderChunk(code, chunk) {
      const call = removedCall?.exec(code);
      if (call) this.error(`${chunk.fileName} calls ${call[1]}(), which the build took away`);
      return null;
    },
    transform(code, id) {
      const edits = table.find(([file]) => file.test(id))?.[1];
      if (!edits) return null;
      let out = code;
      for (const [from, to, times = 1] of edits) {
        const pattern = typeof from === 'string' ? sourcePattern(from) : from;
        const found = out.match(pattern)?.length ?? 0;
        if (found !== times) this.error(`${id} changed: ${String(from).slice(0, 60)}… found ${found} times`);
        // A pattern's replacement may name its groups ($1); a text's is taken as it is.
        out = typeof from === 'string' ? out.replace(pattern, () => to) : out.replace(pattern, to);
      }
      return { code: out, map: null };
    },
  };
}

/**
 * engine.io-client parses URLs with a long regular expression and a table of its parts (contrib/parseuri.js, about
 * 0.4 KB gzip); the box's build takes src/widget/session/parseuri.ts instead, which reads the same fields from the
 * platform's URL parser.
 */
function platformUrlParser(): Plugin {
  const file = fileURLToPath(new URL('./src/widget/session/parseuri.ts', import.meta.url));
  return {
    name: 'rsw-platform-url-parser',
    enforce: 'pre',
    resolveId(source, importer) {
      return source.endsWith('/contrib/parseuri.js') && importer && /engine\.io-client[\\/]build[\\/]esm[\\/]/.test(importer) ? file : null;
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

/** Prints the gzip size of each chunk written, and warns when one contains eval. */
function chunkReport(): Plugin {
  return {
    name: 'rsw-chunk-report',
    writeBundle(options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        console.log(`${options.dir ?? ''}/${chunk.fileName}: gzip -9 ${(gzipSize(chunk.code) / 1024).toFixed(1)} KB`);
        const evals = findEval(chunk.code);
        if (evals.length) this.warn(`${chunk.fileName} contains code a strict CSP refuses: ${evals.join(', ')}`);
      }
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
      editSources('rsw-box-lit', BOX_LIT_EDITS),
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
    plugins: [minifyTemplates(), shortMsgIds(import.meta.dirname), sizeReport()],
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
      rolldownOptions: { output: { codeSplitting: false } },
    },
  };
}

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
