/**
 * Debian's nginx for the deployment tests: the configuration of docs/DEPLOYMENT.md (its `nginx` block, read from the
 * document, so that what is documented is what is tested), with only the listen address, the upstream servers and
 * the certificate paths replaced, inside a minimal main configuration of its own (prefix, pid, logs and temporary
 * files in a temporary directory). Started in the foreground and stopped by its pid.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { httpsGet } from '../support/tls.js';

export const NGINX = process.env.NGINX_PATH || '/usr/sbin/nginx';
export const MISSING_NGINX = `no nginx at ${NGINX} (apt-get install -y nginx, or set NGINX_PATH): the deployment tests start their own`;

export function hasNginx(): boolean {
  return spawnSync(NGINX, ['-v'], { stdio: 'ignore' }).status === 0;
}

/** The first ```nginx block of docs/DEPLOYMENT.md. */
export function documentedConfig(): string {
  const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'DEPLOYMENT.md'), 'utf8');
  const block = /```nginx\n([\s\S]*?)```/.exec(doc)?.[1];
  if (!block) throw new Error('docs/DEPLOYMENT.md has no ```nginx block');
  return block;
}

/** Replaces each documented value by the test's; a value no longer in the document fails loudly. */
function replaceAll(config: string, replacements: [string, string][]): string {
  let out = config;
  for (const [documented, actual] of replacements) {
    if (!out.includes(documented)) throw new Error(`docs/DEPLOYMENT.md's nginx block no longer contains "${documented}"; update test/deploy/nginx.ts`);
    out = out.replaceAll(documented, actual);
  }
  return out;
}

export interface NginxOptions {
  dir: string;
  port: number;
  upstreams: [string, string];
  certFile: string;
  keyFile: string;
}

export interface RunningNginx {
  url: string;
  errorLog: () => string;
  stop(): Promise<void>;
}

export async function startNginx({ dir, port, upstreams, certFile, keyFile }: NginxOptions): Promise<RunningNginx> {
  const site = replaceAll(documentedConfig(), [
    ['listen 443 ssl;', `listen 127.0.0.1:${port} ssl;`],
    ['server 127.0.0.1:3001;', `server ${upstreams[0]};`],
    ['server 127.0.0.1:3002;', `server ${upstreams[1]};`],
    ['/etc/ssl/certs/support.example.com.pem', certFile],
    ['/etc/ssl/private/support.example.com.key', keyFile],
  ]);
  // The worker processes (nobody) create and use the temporary directories.
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  chmodSync(join(dir, 'tmp'), 0o777);
  writeFileSync(join(dir, 'relay.conf'), site);
  const errorLog = join(dir, 'error.log');
  const temp = (kind: string) => `${kind}_temp_path ${join(dir, 'tmp', kind)};`;
  writeFileSync(
    join(dir, 'nginx.conf'),
    [
      'daemon off;',
      'worker_processes 1;',
      `pid ${join(dir, 'nginx.pid')};`,
      `error_log ${errorLog} info;`,
      'events { worker_connections 512; }',
      'http {',
      `  access_log ${join(dir, 'access.log')};`,
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${temp(kind)}`),
      `  include ${join(dir, 'relay.conf')};`,
      '}',
      '',
    ].join('\n'),
  );
  const args = ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', errorLog];
  const check = spawnSync(NGINX, [...args, '-t'], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`nginx -t refused the documented configuration:\n${check.stderr}`);
  const child: ChildProcess = spawn(NGINX, args, { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stopOnExit = () => child.kill('SIGKILL');
  process.once('exit', stopOnExit);
  const url = `https://127.0.0.1:${port}`;
  const readLog = () => {
    try {
      return readFileSync(errorLog, 'utf8');
    } catch {
      return '';
    }
  };
  const stop = async () => {
    process.off('exit', stopOnExit);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + 10_000;
  for (;;) {
    const status = await httpsGet(`${url}/healthz`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`nginx did not answer /healthz with 200 (last: ${status}):\n${readLog()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, errorLog: readLog, stop };
}
