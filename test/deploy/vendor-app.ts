/**
 * A vendor's app server in a child process, for the deployment tests: a plain node:http server that serves the demo
 * site (help page and console page, naming the public URL behind the proxy), with the relay attached to it
 * (`createRelay({server})`). Config as JSON in argv[2]: `{name, publicUrl, relay}`. `GET /__node` answers the
 * process's name (so that a test can see where the proxy sent it). SIGTERM closes relay and server.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { demoSite } from '../../demo/site.js';
import { createRelay, issueTechnicianToken, type RelayOptions } from '../../src/server/index.js';
import { reportProblems } from '../support/relay-child.js';

reportProblems();

interface Config {
  name: string;
  publicUrl: string;
  /** The repository's folder (this file runs bundled elsewhere). */
  root: string;
  relay: RelayOptions & { tokenSecret: string };
}
const { name, publicUrl, root, relay: options } = JSON.parse(process.argv[2] ?? '{}') as Config;
const token = await issueTechnicianToken(options.tokenSecret, { id: 'tech-1', name: 'Alex Demo', org: 'Demo Support' });
const site = demoSite({ url: publicUrl, technicianToken: () => token, root });
const server = createServer((req, res) => {
  if (req.url === '/__node') return void res.end(name);
  site(req, res);
});
const relay = await createRelay({ logger: process.env.RSW_LOG_LEVEL ?? 'silent', ...options, server, joinUrl: `${publicUrl}/` });
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
process.send?.({ type: 'ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
process.on('SIGTERM', () => void relay.close().then(() => (server.closeAllConnections(), server.close(() => process.exit(0)))));
