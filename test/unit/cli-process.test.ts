/**
 * The relay's command line as an operator meets it: the real `remote-support-relay` program (bundled from the current
 * source) in a child process. Bad options and environment values end with one line on stderr and exit code 2;
 * SIGTERM ends the process within its deadline even when nobody reads its output; `/healthz` says `draining` first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { io } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bundleServer } from '../../scripts/bundle-server.mjs';
import { verifyTechnicianToken } from '../../src/server/auth.js';
import { packageVersion } from '../../src/server/version.js';

const SECRET = 'cli-process-test-secret-'.padEnd(40, 'x');
let bin: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  bin = await bundleServer('src/server/bin.ts');
}, 30_000);
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
afterAll(() => rmSync(bin, { force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the program to its end (at most 10 s). */
function run(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const child = spawn(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still running after 10 s: ${args.join(' ')}\n${stderr}`)), 10_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Expects exit code 2 and exactly one line on stderr matching `pattern`. */
async function refused(args: string[], pattern: RegExp, env: Record<string, string> = {}): Promise<void> {
  const { code, stderr, stdout } = await run(args, { RSW_LOG_LEVEL: 'silent', ...env });
  expect(stderr.endsWith('\n') ? stderr.slice(0, -1) : stderr).not.toContain('\n');
  expect(stderr).toMatch(/^remote-support-relay: /);
  expect(stderr).toMatch(pattern);
  expect(stderr).not.toMatch(/\bat .+:\d+:\d+/); // no stack trace
  expect(stdout).toBe('');
  expect(code).toBe(2);
}

describe('bad options and environment values: one line, exit code 2', () => {
  it('refuses a port in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      await refused(['--port', String(port)], new RegExp(`127\\.0\\.0\\.1:${port} is already in use`));
      // Without waiting for the drain first: it never served anything.
      const started = Date.now();
      await refused(['--port', String(port), '--drain', '30'], /is already in use/);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      blocker.close();
    }
  });

  it.each([
    [['--port', '99999'], /--port must be a whole number from 0 to 65535, got "99999"/],
    [['--log-level', 'loud'], /--log-level must be a pino logger or one of fatal, error, warn, info, debug, trace, silent/],
    [['--join-url', 'not a url'], /--join-url must be an http\(s\) URL/],
    [['--origins', 'not-an-origin'], /--origins must be origins like https:\/\/help\.example\.com/],
    [['--origins', 'https://help.example.com/path'], /--origins must be origins/],
    [['--code-ttl', '0.001'], /--code-ttl must be a whole number of seconds from 30 to 86400, got "0.001"/],
    [['--prompt-timeout', '1e9'], /--prompt-timeout must be a whole number of seconds from 5 to 600, got "1e9"/],
    [['--functions', 'mind-control'], /--functions must name known functions/],
    [['--webhook-url', 'https://agent.example.com', '--webhook-secret', 'short'], /--webhook-secret must be "whsec_"/],
    [['--jwks-url', 'https://idp.example.com/jwks'], /--jwks-url needs --jwt-issuer and --jwt-audience/],
    [['--metrics-token', 'short'], /--metrics-token must be at least 16 characters/],
    [['--drain=-1'], /--drain must be a whole number of seconds from 0 to 600, got "-1"/],
    [['--nope'], /Unknown option '--nope'/],
    [['token', '--id', 'dana', '--name', 'Dana', '--org', 'Example', '--expires', 'never'], /--expires must be a time span like 30m, 12h or 7d, got "never"/],
    [['token', '--id', 'dana', '--name', 'Dana', '--org', 'Example', '--expires', '10y'], /--expires must be a time span/],
    [['token', '--id', 'dana', '--name', 'Dana', '--org', 'Example', '--expires', '365d'], /--expires must be at most 30d/],
    [['token', '--name', 'Dana', '--org', 'Example'], /token needs --id, --name and --org/],
    [['token', '--id', 'dana kowalska', '--name', 'Dana', '--org', 'Example'], /--id must be 1 to 128 letters/],
  ])('%j', async (args, pattern) => {
    await refused(args, pattern, { RSW_TOKEN_SECRET: SECRET });
  });

  it('names the environment variable a bad value came from', async () => {
    await refused([], /RSW_PORT must be a whole number from 0 to 65535, got "http"/, { RSW_PORT: 'http' });
    await refused([], /RSW_LOG_LEVEL must be/, { RSW_LOG_LEVEL: 'chatty' });
    await refused([], /RSW_TRUST_PROXY must be 1 or 0, got "maybe"/, { RSW_TRUST_PROXY: 'maybe' });
    await refused([], /RSW_TOKEN_SECRET must be at least 32 characters long/, { RSW_TOKEN_SECRET: 'short' });
    // Found only when the relay starts: named as given all the same.
    await refused([], /^remote-support-relay: RSW_REVOKED_FILE cannot be read: ENOENT/, { RSW_REVOKED_FILE: '/nonexistent/revoked.txt' });
    await refused(['--revoked-file', '/nonexistent/revoked.txt'], /^remote-support-relay: --revoked-file cannot be read/);
  });
});

describe('the good paths', () => {
  it('prints the version of package.json', async () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const { code, stdout } = await run(['--version']);
    expect([code, stdout]).toEqual([0, `${version}\n`]);
  });

  it('installed from npm, reads the version of remote-support-relay, not of the app it is installed in', () => {
    const app = mkdtempSync(join(tmpdir(), 'relay-version-'));
    try {
      const server = join(app, 'node_modules', 'remote-support-relay', 'dist', 'server');
      mkdirSync(server, { recursive: true });
      writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'vendor-app', version: '3.0.0' }));
      writeFileSync(join(app, 'node_modules', 'remote-support-relay', 'package.json'), JSON.stringify({ name: 'remote-support-relay', version: '1.2.3' }));
      expect(packageVersion(server)).toBe('1.2.3');
      expect(packageVersion(app)).toBe('unknown');
    } finally {
      rmSync(app, { recursive: true, force: true });
    }
  });

  it('mints a token for the given technician id, valid for the span asked', async () => {
    const { code, stdout } = await run(['token', '--id', 'dana.k@example.com', '--name', 'Dana Kowalska', '--org', 'Example', '--expires', '2h'], { RSW_TOKEN_SECRET: SECRET });
    expect(code).toBe(0);
    expect(await verifyTechnicianToken(SECRET, stdout.trim())).toEqual({ id: 'dana.k@example.com', name: 'Dana Kowalska', org: 'Example' });
    const payload = JSON.parse(Buffer.from(stdout.split('.')[1]!, 'base64url').toString()) as { exp: number; iat: number };
    expect(payload.exp - payload.iat).toBe(7200);
  });
});

describe('shutdown', () => {
  /** Starts the relay on a free port and resolves with its URL, read from the first line of its output. */
  async function serve(args: string[], env: Record<string, string> = {}) {
    const child = spawn(process.execPath, [bin, '--port', '0', ...args], {
      env: { PATH: process.env.PATH ?? '', RSW_TOKEN_SECRET: SECRET, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const match = /listening on (http:\/\/\S+)/.exec(out);
        if (match) resolve(match[1]!);
      });
      void exited.then((code) => reject(new Error(`exited with ${code}: ${out}`)));
    });
    return { child, url, exited, out: () => out };
  }

  /** Refused technician connections: each one writes a log line. */
  async function noise(url: string, n: number): Promise<void> {
    await Promise.all(
      Array.from({ length: n }, () => {
        const socket = io(`${url}/technician`, { auth: { token: 'not-a-token' }, transports: ['websocket'], reconnection: false, forceNew: true });
        return new Promise<void>((resolve) => socket.once('connect_error', () => resolve(socket.close() && undefined)));
      }),
    );
  }

  it('prints its health URL under --path, and serves Prometheus metrics there to the RSW_METRICS_TOKEN bearer only', async () => {
    const token = 'metrics-token-of-the-cli-test';
    const { child, url, exited, out } = await serve(['--path', '/support', '--log-level', 'silent'], { RSW_METRICS_TOKEN: token });
    // The health URL it prints is the one under the mount point.
    expect(out()).toContain(`(health: ${url}/support/healthz)`);
    expect((await fetch(`${url}/support/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/support/metrics`)).status).toBe(401);
    const res = await fetch(`${url}/support/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/^rsw_sessions_live 0$/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds /m);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('ends on SIGTERM within its deadline although its output pipe was closed, after answering 503 draining', async () => {
    const { child, url, exited } = await serve(['--drain', '1', '--shutdown-timeout', '3', '--log-level', 'trace']);
    // The reader goes away: every later line the relay writes has nowhere to go.
    child.stdout.destroy();
    await noise(url, 200);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const t0 = Date.now();
    child.kill('SIGTERM');
    let health: Response | undefined;
    for (let i = 0; i < 50 && health?.status !== 503; i++) {
      health = await fetch(`${url}/healthz`).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(health?.status).toBe(503);
    expect(await health?.json()).toMatchObject({ status: 'draining' });
    expect(await exited).toBe(0);
    const took = Date.now() - t0;
    expect(took).toBeGreaterThanOrEqual(1000);
    expect(took).toBeLessThan(4000);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });

  it('ends on SIGTERM within its deadline while its output pipe is full', async () => {
    const { child, url, exited } = await serve(['--shutdown-timeout', '2', '--log-level', 'trace', '--max-connections', '1000']);
    // The reader stops reading: the pipe fills up.
    child.stdout.pause();
    await noise(url, 400);
    const t0 = Date.now();
    child.kill('SIGTERM');
    expect(await exited).not.toBeNull();
    expect(Date.now() - t0).toBeLessThan(3000);
  });
});
