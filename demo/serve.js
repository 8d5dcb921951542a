#!/usr/bin/env node
// `npm start`: the demo on embedded defaults, from one port on loopback (see demo/server.js).
import { startDemo } from './server.js';

const demo = await startDemo({
  host: process.env.RSW_HOST ?? '127.0.0.1',
  port: Number(process.env.PORT ?? process.env.RSW_PORT ?? 3000),
  logger: process.env.RSW_LOG_LEVEL ?? 'warn',
});

process.stdout.write(`
  remote-support-widget demo — embedded defaults, everything in memory

  Vendor help page (customer):   ${demo.url}/
  Technician console:            ${demo.url}/technician
  Relay health:                  ${demo.url}/healthz

  *** DEVELOPMENT MODE — not for production ***
  Development technician token (the console page fills it in; valid until restart):

  ${demo.devToken}

  Press Ctrl+C to stop.
`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void demo.close().then(() => process.exit(0));
  });
}
