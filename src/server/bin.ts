#!/usr/bin/env node
/** `remote-support-relay`: runs the relay, or mints a technician token. */
import { issueTechnicianToken } from './auth.js';
import { parseCli, USAGE } from './cli.js';
import { ConfigError } from './options.js';
import { createRelay } from './relay.js';

async function main(): Promise<void> {
  const config = parseCli(process.argv.slice(2), process.env);
  if (config.command === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  if (config.command === 'token' && config.token) {
    const { name, org, id, expires } = config.token;
    process.stdout.write(`${await issueTechnicianToken(config.relay.tokenSecret!, { id, name, org }, expires)}\n`);
    return;
  }
  const relay = await createRelay(config.relay);
  const url = await relay.listen(config.port, config.host);
  process.stdout.write(`remote-support-relay listening on ${url} (health: ${url}/healthz)\n`);
  if (relay.devToken) {
    process.stdout.write(
      `\n  *** DEVELOPMENT MODE — not for production ***\n` +
        `  No token secret was configured, so a random one was made for this run.\n` +
        `  Development technician token (valid until restart):\n\n  ${relay.devToken}\n\n` +
        `  In production set RSW_TOKEN_SECRET and mint tokens with: remote-support-relay token --name … --org …\n\n`,
    );
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    relay.logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    void relay.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`remote-support-relay: ${err.message}\n\n${USAGE}`);
    process.exit(2);
  }
  process.stderr.write(`remote-support-relay: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
