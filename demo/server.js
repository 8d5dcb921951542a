// The demo server: one relay process on embedded defaults that also serves a fictional vendor's help page with the
// one-line widget embed, and the technician console page. No database, no Redis: everything lives in memory, and
// technician tokens are development tokens. `demo/serve.js` (npm start) runs it; the end-to-end tests start it too.
import { createServer } from 'node:net';
import { createRelay } from '../dist/server/index.js';
import { demoSite } from './site.js';

/** PORT=0 picks a free port up front, so that join links can name it. */
async function freePort(host) {
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, host, resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * Starts the demo. Resolves to its base URL, the development token and `close()`.
 * @param {{ host?: string, port?: number, logger?: string, relayOptions?: object, extraCsp?: string[] }} [options]
 */
export async function startDemo({ host = '127.0.0.1', port = 3000, logger = 'warn', relayOptions = {}, extraCsp = [] } = {}) {
  const listenPort = port === 0 ? await freePort(host) : port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${listenPort}`;
  let devToken = '';

  const relay = await createRelay({
    logger,
    ...relayOptions,
    fallback: demoSite({ url, technicianToken: () => devToken, extraCsp }),
    // Join links (`?rsw-code=`) open the demo help page.
    joinUrl: `${url}/`,
  });
  await relay.listen(listenPort, host);
  devToken = relay.devToken ?? '';
  return { url, devToken, relay, close: () => relay.close() };
}
