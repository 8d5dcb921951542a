/**
 * Text edits of packages' modules (socket.io-client, engine.io-client, lit): the tables of what the script-tag
 * bundles leave out or write shorter, and the plugin that applies a table and fails the build when a package changed.
 */
import type { Plugin } from 'vite';

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
export type SourceEdits = [file: RegExp, edits: [from: string | RegExp, to: string, times?: number][]];
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
export const REMOVED_METHODS = ['reconnectionAttempts', 'reconnectionDelay', 'reconnectionDelayMax', 'randomizationFactor', 'setMin', 'setMax', 'setJitter', 'listeners', 'hasListeners', 'notifyOutgoingListeners'];

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
 * Nor the features of lit that the box's elements never use: directives (and what they read of a part, such as
 * whether the element is connected), `svg` and `mathml` templates, compiled templates, initializers, properties' own
 * converters, change checks and `useDefault`, attributes of type Number, Object or Array. The test of the bundles
 * fails when a chunk has any of them.
 */
export const BOX_LIT_EDITS: SourceEdits[] = [
  [
    /@lit[\\/]reactive-element[\\/]css-tag\.js$/,
    [[/(\w+)=\w+\.ShadowRoot&&\(void 0===\w+\.ShadyCSS\|\|\w+\.ShadyCSS\.nativeShadow\)&&"adoptedStyleSheets"in Document\.prototype&&"replace"in CSSStyleSheet\.prototype,/g, '$1=!0,']],
  ],
  [
    /[\\/]lit-html[\\/]lit-html\.js$/,
    [
      // No directives: a value is committed as it is (the directive's instance, update and disconnection are gone).
      [/function (\w+)\((\w+),(\w+),\w+=\2,\w+\)\{if\(\3===\w+\)return \3;let \w+=void 0!==\w+\?\w+\._\$Co\?\.\[\w+\]:\w+\._\$Cl;[^}]*\}/g, 'function $1($2,$3){return $3}'],
      // Nor what directives read of a part (its nodes, its element's tag, whether it is connected: async directives).
      [/get _\$AU\(\)\{return this\._\$AM\._\$AU\}/g, '', 3],
      [/get _\$AU\(\)\{return this\._\$AM\?\._\$AU\?\?this\._\$Cv\}/g, ''],
      [/this\._\$AN=void 0,/g, '', 4],
      [/,this\._\$Cv=\w+\?\.isConnected\?\?!0\}/g, '}'],
      [/setConnected\((\w+)\)\{void 0===this\._\$AM&&\(this\._\$Cv=\1,this\._\$AP\?\.\(\1\)\)\}/g, ''],
      [/get parentNode\(\)\{return this\._\$AM\.parentNode\}/g, ''],
      [/get parentNode\(\)\{let [^}]*\}get startNode\(\)\{return this\._\$AA\}get endNode\(\)\{return this\._\$AB\}/g, ''],
      [/get tagName\(\)\{return this\.element\.tagName\}/g, ''],
      [/for\(this\._\$AP\?\.\(!1,!0,\w+\);/g, 'for(;'],
      // HTML templates alone: no `svg` or `mathml` tag (an import of either fails the build), no compiled templates.
      [/,(\w+)=(\w+)\(2\),(\w+)=\2\(3\)/g, ''],
      [/\w+ as mathml,/g, ''],
      [/,\w+ as svg\}/g, '}'],
      [/(\w+)=2===(\w+)\?"<svg>":3===\2\?"<math>":""/g, '$1=""'],
      [/\+\(2===\w+\?"<\/svg>":3===\w+\?"<\/math>":""\)/g, ''],
      [/if\(([^;{]*?),2===\w+\|\|3===\w+\)\{const (\w+)=this\.el\.content\.firstChild;\2\.replaceWith\(\.\.\.\2\.childNodes\)\}/g, '$1;'],
      [/"number"==typeof (\w+)\?(this\._\$AC\(\w+\)):\(void 0===\1\.el&&\(\1\.el=\w+\.createElement\(\w+\(\1\.h,\1\.h\[0\]\),this\.options\)\),\1\)/g, '$2'],
    ],
  ],
  [
    /[\\/]lit-element[\\/]lit-element\.js$/,
    [
      // Whether the element is connected: only async directives read it from the parts.
      [/this\.hasUpdated\|\|\(this\.renderOptions\.isConnected=this\.isConnected\),/g, ''],
      [/connectedCallback\(\)\{super\.connectedCallback\(\),this\._\$Do\?\.setConnected\(!0\)\}disconnectedCallback\(\)\{super\.disconnectedCallback\(\),this\._\$Do\?\.setConnected\(!1\)\}/g, ''],
    ],
  ],
  [
    /@lit[\\/]reactive-element[\\/]reactive-element\.js$/,
    [
      [/Symbol\.metadata\?\?=Symbol\("metadata"\),\w+\.litPropertyMetadata\?\?=new WeakMap;/g, ''],
      // Attributes as strings or Booleans (no `type: Number`, `Object` or `Array`), no property's own `converter` or
      // `hasChanged`: the test of the bundles fails when a chunk has any of them.
      [/case Boolean:(\w+)=\1\?(\w+):null;break;case Object:case Array:\1=null==\1\?\1:JSON\.stringify\(\1\)\}/g, 'case Boolean:$1=$1?$2:null}'],
      [/case Boolean:(\w+)=null!==(\w+);break;case Number:\1=null===\2\?null:Number\(\2\);break;case Object:case Array:try\{\1=JSON\.parse\(\2\)\}catch\(\w+\)\{\1=null\}\}/g, 'case Boolean:$1=null!==$2}'],
      [/type:String,converter:(\w+),reflect:!1,(useDefault:!1,)?hasChanged:\w+\}/g, 'type:String,reflect:!1$2}'],
      [/\(void 0!==(\w+)\.converter\?\.toAttribute\?\1\.converter:(\w+)\)\.toAttribute/g, '$2.toAttribute'],
      [/(\w+)="function"==typeof (\w+)\.converter\?\{fromAttribute:\2\.converter\}:void 0!==\2\.converter\?\.fromAttribute\?\2\.converter:(\w+);/g, '$1=$3;'],
      [/\((\w+)\.hasChanged\?\?(\w+)\)\(/g, '$2('],
      // No initializers (only decorators add them: the build fails when a chunk calls addInitializer).
      [/static addInitializer\(\w+\)\{this\._\$Ei\(\),\(this\.l\?\?=\[\]\)\.push\(\w+\)\}/g, ''],
      [/void 0!==(\w+)\.l&&\(this\.l=\[\.\.\.\1\.l\]\),/g, ''],
      [/,this\.constructor\.l\?\.forEach\(\w+=>\w+\(this\)\)/g, ''],
      // No property's `useDefault` (a reflected property's default kept apart from its attribute): no property sets it.
      [/useDefault:!1,/g, ''],
      [/\|\|\w+\.useDefault&&\w+\.reflect&&\w+===this\._\$Ej\?\.get\(\w+\)&&!this\.hasAttribute\(\w+\._\$Eu\(\w+,\w+\)\)/g, ''],
      [/C\((\w+),(\w+),\{useDefault:(\w+),reflect:(\w+),wrapped:\w+\},\w+\)\{\3&&!\(this\._\$Ej\?\?=new Map\)\.has\(\1\)&&\(this\._\$Ej\.set\(\1,\w+\?\?\2\?\?this\[\1\]\),!0!==\w+\|\|void 0!==\w+\)\|\|\(this\._\$AL\.has\(\1\)\|\|\(this\.hasUpdated\|\|\3\|\|/g, 'C($1,$2,{reflect:$4}){(this._$AL.has($1)||(this.hasUpdated||'],
      [/(this\[\w+\]=(\w+))\?\?this\._\$Ej\?\.get\(\w+\)\?\?\2/g, '$1'],
      [/const \w+=this\[Symbol\.metadata\];if\(null!==\w+\)\{const \w+=litPropertyMetadata\.get\(\w+\);if\(void 0!==\w+\)for\(const\[\w+,\w+\]of \w+\)this\.elementProperties\.set\(\w+,\w+\)\}/g, ''],
    ],
  ],
];

/**
 * Applies `table` (named `name`); fails the build when a module no longer has the text an edit replaces, or when a
 * chunk still calls one of `removed`, methods the edits took away.
 */
export function editSources(name: string, table: SourceEdits[], removed: string[] = []): Plugin {
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
