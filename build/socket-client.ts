/**
 * The socket client (socket.io-client, engine.io-client and their parsers) as the script-tag bundles take it: the
 * plugins that resolve or rewrite its modules. The text edits of its sources are in package-edits.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { classMethods, type Node, topLevel } from './ast.js';

/**
 * engine.io-client finds the global object with `Function("return this")()` when neither `self` nor `window` exists.
 * Browsers never get there, but a strict-CSP audit of the bundle should find no Function constructor at all.
 */
export function noFunctionConstructor(): Plugin {
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
export function noWebTransport(): Plugin {
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
export function lazyPolling(): Plugin {
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
export function parserByName(): Plugin {
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
export function unusedSocketMethods(): Plugin {
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
 * engine.io-client parses URLs with a long regular expression and a table of its parts (contrib/parseuri.js, about
 * 0.4 KB gzip); the box's build takes src/widget/session/parseuri.ts instead, which reads the same fields from the
 * platform's URL parser.
 */
export function platformUrlParser(): Plugin {
  const file = fileURLToPath(new URL('../src/widget/session/parseuri.ts', import.meta.url));
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
export function textOnlyParsers(): Plugin {
  const dir = fileURLToPath(new URL('../src/widget/session/text-only/', import.meta.url));
  return {
    name: 'rsw-text-only-parsers',
    enforce: 'pre',
    resolveId(source) {
      return source === 'socket.io-parser' || source === 'engine.io-parser' ? join(dir, `${source}.ts`) : null;
    },
  };
}
