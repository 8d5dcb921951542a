/**
 * Debian's coturn (`turnserver`) on loopback for the TURN tests: the TURN REST API credentials (`use-auth-secret`,
 * `static-auth-secret`), UDP and TCP on one port, no TLS/DTLS, no CLI, its pid and log in a temporary directory.
 * Loopback peers are allowed (both browsers' relayed addresses are on 127.0.0.1 here). Started in the foreground,
 * its log kept in memory; stopped by its pid; restartable with another secret on the same port.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

export const TURNSERVER = process.env.TURNSERVER_PATH || 'turnserver';
export const MISSING_COTURN = `no ${TURNSERVER} (apt-get install -y coturn, or set TURNSERVER_PATH): the TURN tests start their own`;

export function hasCoturn(): boolean {
  return spawnSync(TURNSERVER, ['--version'], { stdio: 'ignore' }).status === 0;
}

export interface Coturn {
  url: string;
  /** What coturn logged so far. */
  log(): string;
  /** Stops it and starts it again on the same port with `secret`. */
  restart(secret: string): Promise<void>;
  stop(): Promise<void>;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

export async function startCoturn(dir: string, port: number, secret: string): Promise<Coturn> {
  let output = '';
  let child: ChildProcess | undefined;
  let exited: Promise<unknown> = Promise.resolve();
  const stopOnExit = () => child?.kill('SIGKILL');
  process.once('exit', stopOnExit);
  const log = () => output;

  async function start(withSecret: string): Promise<void> {
    output = '';
    const config = join(dir, 'turnserver.conf');
    writeFileSync(
      config,
      [
        'listening-ip=127.0.0.1',
        'relay-ip=127.0.0.1',
        `listening-port=${port}`,
        'use-auth-secret',
        `static-auth-secret=${withSecret}`,
        'realm=rsw.test',
        'fingerprint',
        'no-tls',
        'no-dtls',
        'no-cli',
        'allow-loopback-peers',
        'no-software-attribute',
        `pidfile=${join(dir, 'turnserver.pid')}`,
        'log-file=stdout',
        'verbose',
        '',
      ].join('\n'),
    );
    const started = spawn(TURNSERVER, ['-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    started.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child = started;
    exited = new Promise((resolve) => started.once('exit', resolve));
    const deadline = Date.now() + 10_000;
    while (!(await portOpen(port))) {
      if (started.exitCode !== null || Date.now() > deadline) throw new Error(`turnserver did not start on port ${port}:\n${log()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function stop(): Promise<void> {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    child = undefined;
  }

  await start(secret);
  return {
    url: `turn:127.0.0.1:${port}?transport=udp`,
    log,
    async restart(withSecret) {
      await stop();
      await start(withSecret);
    },
    async stop() {
      process.off('exit', stopOnExit);
      await stop();
    },
  };
}
