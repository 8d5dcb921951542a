/**
 * A throwaway redis-server for tests: the binary from PATH, on a free loopback port, in a temporary directory, without
 * persistence unless asked; stopped (and restartable on the same port) by the test that started it. With REDIS_URL set, that
 * server is used instead and nothing is started (tests that stop Redis need the binary).
 *
 * Without a binary, tests that need Redis fail when CI=true and are skipped otherwise, saying why (`missingRedis`).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

export interface TestRedis {
  url: string;
  /** Stops the server (its data is gone, unless it is persistent). */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
  /** Stops it for good and removes its directory. */
  dispose(): Promise<void>;
  /** Freezes the process (SIGSTOP): its connections stay open, nothing is answered, as a stalled Redis. */
  pause(): void;
  /** Lets it run again (SIGCONT). */
  resume(): void;
}

export const MISSING_REDIS =
  'redis-server is not on PATH (apt-get install -y redis-server) and REDIS_URL is not set: the Redis tests cannot run';
export const MISSING_REDIS_SERVER =
  'redis-server is not on PATH (apt-get install -y redis-server): the multi-process tests start and stop their own';

export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** What a test needing Redis does without one: fails on CI, else is skipped, saying why. */
export function missingRedis(skip: (note: string) => void, why = MISSING_REDIS): void {
  if (process.env.CI === 'true') throw new Error(why);
  skip(why);
}

/** A loopback port that nothing listens on (now). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resolves once the server at `url` answers PING (or rejects after `ms`). */
export async function waitForRedis(url: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.ping();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`redis at ${url} did not answer within ${ms} ms`, { cause: err });
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      client.disconnect();
    }
  }
}

/**
 * Starts a redis-server from PATH; undefined when there is none. `persistent`: with an append-only file written on
 * every command, so that what it stored survives `stop()` and `start()` (as in production).
 */
export async function startRedisServer({ persistent = false } = {}): Promise<TestRedis | undefined> {
  if (!hasRedisServer()) return undefined;
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'rsw-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const persistence = persistent ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--dir', dir, '--daemonize', 'no'];
  const stopOnExit = () => child?.kill('SIGKILL');
  process.once('exit', stopOnExit);

  const redis: TestRedis = {
    url,
    async start() {
      if (child) return;
      const started = spawn('redis-server', args, { stdio: 'ignore' });
      child = started;
      started.once('exit', () => {
        if (child === started) child = undefined;
      });
      await waitForRedis(url);
    },
    async stop() {
      const running = child;
      if (!running) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      // A paused server ends only once it runs again.
      running.kill('SIGCONT');
      running.kill('SIGTERM');
      await exited;
    },
    pause() {
      child?.kill('SIGSTOP');
    },
    resume() {
      child?.kill('SIGCONT');
    },
    async dispose() {
      await redis.stop();
      process.off('exit', stopOnExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await redis.start();
  return redis;
}
