#!/usr/bin/env node
/**
 * `remote-support-relay`: runs the relay, or mints a technician token. A bad option or environment value, or a port
 * that cannot be listened on, ends with one line on stderr and exit code 2.
 */
import { issueTechnicianToken } from './auth.js';
import { parseCli, USAGE } from './cli.js';
import { ConfigError } from './options.js';
import { createRelay } from './relay.js';
import { createLogger, nonBlockingStdout } from './logger.js';
import { installShutdown } from './shutdown.js';
import { relayVersion } from './version.js';

/** Errors of `listen()` that come from the configuration (the port or address), not from the relay. */
const LISTEN_ERRORS: Record<string, string> = {
  EADDRINUSE: 'is already in use',
  EACCES: 'may not be listened on by this user',
  EADDRNOTAVAIL: 'is not an address of this machine',
};

async function main(): Promise<void> {
  const config = parseCli(process.argv.slice(2), process.env);
  if (config.command === 'help') return void process.stdout.write(USAGE);
  if (config.command === 'version') return void process.stdout.write(`${relayVersion()}\n`);
  if (config.command === 'token' && config.token) {
    const { name, org, id, expires } = config.token;
    process.stdout.write(`${await issueTechnicianToken(config.relay.tokenSecret!, { id, name, org }, expires)}\n`);
    return;
  }
  // The process must stop on SIGTERM even when nobody reads its output any more (a closed or full pipe): standard
  // output is never waited for, and never touched through process.stdout (which may block on a pipe).
  const stdout = nonBlockingStdout();
  const level = typeof config.relay.logger === 'string' ? config.relay.logger : undefined;
  // A problem only createRelay finds (a revoked-tokens file it cannot read) names the flag or variable too.
  const relay = await createRelay({ ...config.relay, logger: createLogger(level, stdout) }).catch((err: unknown) => {
    throw config.named(err);
  });
  let url;
  try {
    url = await relay.listen(config.port, config.host);
  } catch (err) {
    await relay.close();
    const problem = LISTEN_ERRORS[(err as NodeJS.ErrnoException).code ?? ''];
    if (problem) throw new ConfigError(`${config.host}:${config.port} ${problem}`);
    throw err;
  }
  installShutdown(relay, { shutdownTimeoutMs: config.shutdownTimeoutMs });
  // Health is under the mount point (`--path /support`: /support/healthz).
  const health = `${url}${(config.relay.path ?? '').replace(/\/+$/, '')}/healthz`;
  stdout.write(`remote-support-relay ${relayVersion()} listening on ${url} (health: ${health})\n`);
  if (relay.devToken) {
    stdout.write(
      `\n  *** DEVELOPMENT MODE — not for production ***\n` +
        `  No token secret was configured, so a random one was made for this run.\n` +
        `  Development technician token (valid until restart):\n\n  ${relay.devToken}\n\n` +
        `  In production set RSW_TOKEN_SECRET and mint tokens with: remote-support-relay token --id … --name … --org …\n\n`,
    );
  }
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`remote-support-relay: ${message.split('\n')[0]}${err instanceof ConfigError ? ' (see --help)' : ''}\n`);
  process.exit(err instanceof ConfigError ? 2 : 1);
});
