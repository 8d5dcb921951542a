// @web/test-runner plugin: a REAL relay (createRelay from src/server) for the browser tests.
//
// - serverStart: bundles src/server/index.ts (scripts/bundle-server.mjs: always the current source, no
//   `npm run build` needed), then starts one shared relay on 127.0.0.1, port 0, whose customer namespace allows
//   exactly the test runner's origin.
// - serve: `/__relay.js` answers `export const relayUrl = '…'; export const devToken = '…'; export const origin = '…';`
//   (test/browser/support.ts imports it; so can any test page).
// - executeCommand (called from the browser with executeServerCommand from @web/test-runner-commands):
//     relay:start {options?}           -> {id, url, devToken}   an extra relay with its own options (short timeouts,
//                                                              tight limits, business hours…); defaults = the relay's
//     relay:stop {id}                  -> true                  closes it (its URL is then unreachable)
//     relay:drop {id?, role?}          -> number                cuts the transport of every socket of `role`
//                                                              (default customer) like a network drop: clients see
//                                                              `transport close` and reconnect by themselves
//     relay:token {id?, technician?, expiresIn?} -> string     a technician token with any name/organisation
//     relay:agent {id?, sessionId, agent?} -> boolean          the vendor's agent declares itself (relay.declareAgent)
//     relay:delay {id, ms}             -> true                  the relay sees every new HTTP request and WebSocket
//                                                              upgrade `ms` late (0 = on time again), like a slow
//                                                              network: holds `connecting`, and `reconnecting`
//                                                              after a relay:drop; open WebSockets are unaffected
//   `id` omitted = the shared relay.
// - serverStop: closes every relay.
//
// The shared relay has generous brute-force and rate limits because every test file talks to it from 127.0.0.1
// at the same time; a test of those limits starts its own relay with relay:start.
import { rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { bundleServer } from '../bundle-server.mjs';

const CLOSE_GRACE_MS = 1_000;

/** Options of the shared relay (on top of the relay's defaults). */
export const SHARED_RELAY_OPTIONS = {
  failedJoinsPerAddress: 100_000,
  failedJoinsGlobal: 100_000,
  messagesPerMinute: 100_000,
  eventsPerSecond: 100_000,
  queueJoinsPerHour: 100_000,
  sessionsPerTechnicianPerHour: 100_000,
  // Tests ask for a function again right after the customer stopped it; the cooldown is tested on a relay of its own.
  consentCooldownMs: 0,
};

/** Bundles src/server/index.ts (dependencies stay external) and imports it. */
export async function loadServer() {
  const outfile = await bundleServer('src/server/index.ts');
  try {
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(outfile, { force: true });
  }
}

export function relayPlugin({ logLevel = process.env.RSW_LOG_LEVEL ?? 'silent' } = {}) {
  /** @type {Map<string, {relay: any, url: string, delayMs?: number}>} */
  const relays = new Map();
  let server;
  let origin = '';
  let nextId = 1;

  async function start(options = {}, id = `relay-${nextId++}`) {
    const relay = await server.createRelay({ allowedOrigins: [origin], ...options, logger: logLevel });
    try {
      const url = await relay.listen(0, '127.0.0.1');
      relays.set(id, { relay, url });
      return { id, url, devToken: relay.devToken ?? '' };
    } catch (err) {
      await close(id, relay);
      throw err;
    }
  }

  /**
   * relay.close(), with a watchdog: if it has not finished after CLOSE_GRACE_MS, the plugin says so and closes the
   * HTTP connections still open (Chromium keeps pre-opened, never-used connections that can hold `server.close()`).
   */
  async function close(id, relay) {
    let timer;
    const watchdog = new Promise((resolve) => {
      timer = setTimeout(() => resolve('slow'), CLOSE_GRACE_MS);
    });
    const closing = relay.close();
    if ((await Promise.race([closing.then(() => 'closed'), watchdog])) === 'slow') {
      const open = await new Promise((resolve) => relay.httpServer.getConnections((_err, n) => resolve(n)));
      console.warn(`[rsw-relay] relay ${id} still closing after ${CLOSE_GRACE_MS} ms (${open} HTTP connection(s) open); closing them`);
      relay.httpServer.closeAllConnections();
    }
    clearTimeout(timer);
    await closing;
  }

  /**
   * Puts a delay in front of the relay's HTTP `request` and `upgrade` listeners (installed on first use, when
   * socket.io's listeners are all in place); `entry.delayMs` says how long.
   */
  function installDelay(entry) {
    if (entry.delayMs !== undefined) return;
    entry.delayMs = 0;
    const server = entry.relay.httpServer;
    for (const event of ['request', 'upgrade']) {
      const listeners = server.listeners(event);
      server.removeAllListeners(event);
      server.on(event, (...args) => {
        const run = () => listeners.forEach((listener) => listener.apply(server, args));
        if (entry.delayMs > 0) setTimeout(run, entry.delayMs);
        else run();
      });
    }
  }

  function get(id = 'shared') {
    const entry = relays.get(id);
    if (!entry) throw new Error(`no relay "${id}" (stopped already?)`);
    return entry;
  }

  return {
    name: 'rsw-relay',

    async serverStart({ config }) {
      origin = `${config.protocol ?? 'http:'}//${config.hostname}:${config.port}`;
      server = await loadServer();
      await start(SHARED_RELAY_OPTIONS, 'shared');
    },

    async serverStop() {
      const all = [...relays.entries()];
      relays.clear();
      await Promise.allSettled(all.map(([id, { relay }]) => close(id, relay)));
    },

    serve(context) {
      if (context.path !== '/__relay.js') return undefined;
      const { relay, url } = get();
      const body = [
        `export const relayUrl = ${JSON.stringify(url)};`,
        `export const devToken = ${JSON.stringify(relay.devToken ?? '')};`,
        `export const origin = ${JSON.stringify(origin)};`,
        '',
      ].join('\n');
      return { body, type: 'js', headers: { 'cache-control': 'no-store' } };
    },

    async executeCommand({ command, payload }) {
      if (!command.startsWith('relay:')) return undefined;
      const p = payload ?? {};
      switch (command) {
        case 'relay:start': {
          const { store: _store, logger: _logger, fallback: _fallback, ...options } = p.options ?? {};
          return start(options);
        }
        case 'relay:stop': {
          if (!p.id || p.id === 'shared') throw new Error('relay:stop needs the id of a relay started with relay:start');
          const entry = relays.get(p.id);
          if (!entry) return false;
          relays.delete(p.id);
          await close(p.id, entry.relay);
          return true;
        }
        case 'relay:drop': {
          const { relay } = get(p.id);
          const ns = relay.io.of(p.role === 'technician' ? '/technician' : '/customer');
          let dropped = 0;
          for (const socket of ns.sockets.values()) {
            socket.conn.close();
            dropped += 1;
          }
          return dropped;
        }
        case 'relay:delay': {
          if (!p.id || p.id === 'shared') throw new Error('relay:delay needs the id of a relay started with relay:start');
          const entry = get(p.id);
          installDelay(entry);
          entry.delayMs = Math.max(0, Number(p.ms) || 0);
          return true;
        }
        case 'relay:agent': {
          // The vendor's native agent declares itself for a session (PROTOCOL §19), or goes away (`agent` omitted).
          const { relay } = get(p.id);
          return relay.declareAgent(p.sessionId, p.agent);
        }
        case 'relay:token': {
          const { relay } = get(p.id);
          const technician = { id: 'test-technician', name: 'Alex Demo', org: 'Demo Support', ...p.technician };
          return server.issueTechnicianToken(relay.options.tokenSecret, technician, p.expiresIn ?? '1h');
        }
        default:
          throw new Error(`unknown relay command "${command}"`);
      }
    },
  };
}
