/**
 * The consumer apps (test/consumers/<app>/): each installs the packed tarball (`npm ci` against its own lockfile),
 * builds with its own tools, and is served the way it would be in production. Used by consumers.test.ts.
 */
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

export const CONSUMERS = import.meta.dirname;

export interface App {
  name: string;
  /** The command that builds it (none: served as it is). */
  build?: string[];
  /** Serves the built app on loopback, for the relay at `relay`; resolves to its URL and how to stop it. */
  serve(dir: string, relay: string): Promise<Served>;
  /** The page is rendered on the server (Next.js): its HTML must carry the element already. */
  ssr?: boolean;
}

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** The environment of the apps' tools: not the test runner's NODE_ENV (`test`), so they build for production. */
function toolEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NODE_ENV: _runner, ...inherited } = process.env;
  return { ...inherited, ...extra };
}

/** Runs `command` in `cwd`; resolves to its output, rejects with the output's tail when it fails. */
export function run(command: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  const [file, ...args] = command as [string, ...string[]];
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, env: toolEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command.join(' ')} in ${cwd}: exit ${code}\n${out.slice(-3000)}`))));
  });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

/**
 * The README's Content-Security-Policy lines (each a header of its own, all enforced) for the relay at `relay`:
 * connections only to the page's origin and the relay's, scripts and styles only from the page's origin, Trusted Types.
 */
export function readmeCsp(relay: string): string[] {
  const readme = readFileSync(join(CONSUMERS, '..', '..', 'README.md'), 'utf8');
  const lines = [...readme.matchAll(/^Content-Security-Policy: (.+)$/gm)].map((m) => m[1]!);
  if (lines.length === 0) throw new Error('README.md shows no Content-Security-Policy');
  const { host } = new URL(relay);
  return lines.map((line) => line.replaceAll('wss://support.example.com', `ws://${host}`).replaceAll('https://support.example.com', `http://${host}`));
}

/**
 * A static file server for `root` on 127.0.0.1 (or `host`), its pages under the Content-Security-Policy headers `csp`;
 * unknown paths get index.html (single-page apps).
 */
export function serveStatic(root: string, host = '127.0.0.1', csp: string[] = []): Promise<Served> {
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(root + sep) && file !== root) return void res.writeHead(403).end();
    if (!existsSync(file) || statSync(file).isDirectory()) file = existsSync(join(file, 'index.html')) ? join(file, 'index.html') : join(root, 'index.html');
    res.setHeader('content-type', TYPES[extname(file)] ?? 'application/octet-stream');
    if (csp.length > 0) res.setHeader('content-security-policy', csp);
    res.writeHead(200);
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, host, () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://${host}:${port}`, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

/** A free port on loopback (for servers that cannot listen on port 0 and say which port they got). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** `next start` on a free port; resolves once it answers. */
async function serveNext(dir: string): Promise<Served> {
  const port = await freePort();
  const child = spawn(join(dir, 'node_modules', '.bin', 'next'), ['start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: dir,
    env: toolEnv({ NEXT_TELEMETRY_DISABLED: '1' }),
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error('next start did not answer within 60 s');
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    close: () =>
      new Promise((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill();
      }),
  };
}

export const APPS: App[] = [
  { name: 'react', build: ['npm', 'run', 'build'], serve: (dir) => serveStatic(join(dir, 'dist')) },
  { name: 'vue', build: ['npm', 'run', 'build'], serve: (dir) => serveStatic(join(dir, 'dist')) },
  { name: 'angular', build: ['npm', 'run', 'build'], serve: (dir) => serveStatic(join(dir, 'dist', 'browser')) },
  { name: 'next', build: ['npm', 'run', 'build'], serve: serveNext, ssr: true },
  // The script-tag page from another origin than the relay (another port), under the README's strict policies.
  { name: 'html', serve: (dir, relay) => serveStatic(dir, '127.0.0.1', readmeCsp(relay)) },
];

/** Runs `jobs` with at most `limit` at a time; resolves to their outcomes in order. */
export async function limited<T>(jobs: (() => Promise<T>)[], limit: number): Promise<PromiseSettledResult<T>[]> {
  const results: PromiseSettledResult<T>[] = [];
  let nextJob = 0;
  const worker = async () => {
    while (nextJob < jobs.length) {
      const i = nextJob++;
      try {
        results[i] = { status: 'fulfilled', value: await jobs[i]!() };
      } catch (reason) {
        results[i] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}
