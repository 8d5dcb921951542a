/**
 * The package as a vendor's developer uses it: the packed tarballs (`npm run build`, then scripts/pack.mjs) installed
 * with `npm ci` into fresh React 19 (Vite), Vue 3 (Vite), Angular and Next.js apps and a plain HTML page, each with
 * its own lockfile, built by its own tools (TypeScript strict with exactOptionalPropertyTypes), and driven in
 * Chromium against a relay installed from its own tarball: open the box from the app, join with a code, chat, answer
 * a consent prompt, the app sees `rsw-grant`, Polish loads. The plain page is served under the README's
 * Content-Security-Policy lines (connect-src, Trusted Types), so a violation is a console error. Run by `npm test`
 * (scripts/test-all.mjs, after the build) or `npx vitest run -c vitest.consumers.config.ts`. Prints how long the
 * installs and builds took.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pack } from '../../scripts/pack.mjs';
import { next } from '../support/next-event.js';
import { APPS, CONSUMERS, limited, run, serveStatic, type Served } from './apps.js';

const ROOT = join(CONSUMERS, '..', '..');
const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const CHROME_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const SECRET = 'consumer-apps-test-secret-0123456789abcdef';
const WAIT = 20_000;
/** The widget ignores clicks on a consent prompt in its first 600 ms. */
const PROMPT_ARM_MS = 700;
/** CONSUMERS_REUSE=1 keeps the apps installed and built by the last run (ignored in CI). */
const REUSE = process.env.CONSUMERS_REUSE === '1' && process.env.CI !== 'true';

type Outcome = PromiseSettledResult<unknown>;
const installed = new Map<string, Outcome>();
const built = new Map<string, Outcome>();
const timings: string[] = [];

interface RelayModule {
  createRelay(options: { tokenSecret: string; allowedOrigins: string[]; logger: string }): Promise<{ listen(port: number, host: string): Promise<string>; close(): Promise<void> }>;
  issueTechnicianToken(secret: string, who: { id: string; name: string; org: string }, ttl: string): Promise<string>;
}

let relay: Awaited<ReturnType<RelayModule['createRelay']>> | undefined;
let relayUrl = '';
let token = '';
let browser: Browser | undefined;
const sockets: Socket[] = [];

async function timed<T>(label: string, job: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await job();
  } finally {
    timings.push(`${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

/**
 * `npm ci` in every app at once (mostly waiting on the npm cache and the disk), then the builds, at most two at a time
 * (2 cores).
 */
async function installAndBuild(): Promise<void> {
  await timed('pack', async () => pack({ quiet: true }));
  const dirs = [...APPS.map((a) => a.name), 'relay'];
  const installs = await timed('npm ci (all, in parallel)', () =>
    Promise.allSettled(
      dirs.map(async (name) => {
        const dir = join(CONSUMERS, name);
        rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
        await timed(`  npm ci ${name}`, () => run(['npm', 'ci', '--no-audit', '--no-fund', '--prefer-offline'], dir));
      }),
    ),
  );
  dirs.forEach((name, i) => installed.set(name, installs[i]!));
  const buildable = APPS.filter((a) => a.build && installed.get(a.name)?.status === 'fulfilled');
  const jobs = [
    ...buildable.map((a) => () => timed(`  build ${a.name}`, () => run(a.build!, join(CONSUMERS, a.name), { NEXT_TELEMETRY_DISABLED: '1', NG_CLI_ANALYTICS: 'false' }))),
    () => timed('  typecheck relay snippet', () => run(['npm', 'run', 'typecheck'], join(CONSUMERS, 'relay'))),
  ];
  const builds = await timed('builds (two at a time)', () => limited(jobs, 2));
  buildable.forEach((a, i) => built.set(a.name, builds[i]!));
  built.set('relay', builds[buildable.length]!);
}

beforeAll(async () => {
  if (!existsSync(CHROME_PATH)) throw new Error(`No Chromium at ${CHROME_PATH} (set CHROME_PATH; apt-get install -y chromium)`);
  for (const file of ['dist/widget/index.js', 'dist/server/index.js', 'dist/types/widget/index.d.ts']) {
    if (!existsSync(join(ROOT, file))) throw new Error(`Missing ${file}: run \`npm run build\` first`);
  }
  const started = Date.now();
  if (REUSE) {
    // Developers iterating on the journey: keep the installs and builds of the last run (never in CI).
    for (const name of [...APPS.map((a) => a.name), 'relay']) {
      installed.set(name, { status: 'fulfilled', value: undefined });
      built.set(name, { status: 'fulfilled', value: undefined });
    }
  } else await installAndBuild();
  timings.push(`install and build: ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const relayModule = (await import(pathToFileURL(join(CONSUMERS, 'relay', 'node_modules', 'remote-support-relay', 'dist', 'server', 'index.js')).href)) as RelayModule;
  relay = await relayModule.createRelay({ tokenSecret: SECRET, allowedOrigins: ['http://127.0.0.1:*'], logger: 'warn' });
  relayUrl = await relay.listen(0, '127.0.0.1');
  token = await relayModule.issueTechnicianToken(SECRET, { id: 'tech-1', name: 'Alex Demo', org: 'Example Ltd' }, '1h');
  browser = await chromium.launch({ executablePath: CHROME_PATH, args: CHROME_ARGS, headless: true });
}, 900_000);

afterAll(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await browser?.close();
  await relay?.close();
  console.info(`consumer apps:\n${timings.join('\n')}`);
});

function check(outcome: Outcome | undefined, what: string): void {
  if (!outcome) throw new Error(`${what} did not run`);
  if (outcome.status === 'rejected') throw outcome.reason instanceof Error ? outcome.reason : new Error(String(outcome.reason));
}

/** A technician connected to the relay from the tarball. */
async function technician(): Promise<Socket> {
  const socket = io(`${relayUrl}/technician`, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token } });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

async function ack<T>(socket: Socket, event: string, payload: unknown): Promise<T> {
  const res = (await socket.timeout(5000).emitWithAck(event, payload)) as { ok: boolean; error?: { code: string } } & T;
  if (!res.ok) throw new Error(`${event}: ${res.error?.code}`);
  return res;
}

/** Collects the page's console warnings and errors, and its uncaught exceptions. */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    // A failed request is reported below with its URL.
    if ((m.type() === 'warning' || m.type() === 'error') && !m.text().startsWith('Failed to load resource')) problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && new URL(r.url()).pathname !== '/favicon.ico') problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  return problems;
}

/** The whole journey in the app at `url`. */
async function journey(app: string, url: string): Promise<void> {
  const page = await browser!.newPage();
  const problems = watch(page);
  try {
    await page.goto(`${url}/?relay=${encodeURIComponent(relayUrl)}`);
    const widget = page.locator('remote-support-widget');
    // The app opens the box through the element's `open` property (a framework binding, or page script).
    await page.getByRole('button', { name: 'Get help' }).click();
    const codeField = widget.getByRole('textbox', { name: 'Session code' });
    await codeField.waitFor({ timeout: WAIT });
    expect(await widget.evaluate((el: HTMLElement & { open: boolean }) => el.open)).toBe(true);

    const tech = await technician();
    const { code } = await ack<{ code: string }>(tech, 'session:create', {});
    await codeField.pressSequentially(code);
    await widget.getByRole('button', { name: 'Connect', exact: true }).click();
    const status = widget.locator('header [role="status"]');
    await expect.poll(() => status.innerText(), { timeout: WAIT }).toMatch(/^Connected/);

    // Chat, both ways.
    const heard = next<{ text: string }>(tech, 'chat:message', (m) => m.text === `Hello from ${app}`, WAIT);
    const composer = widget.getByRole('textbox', { name: 'Message', exact: true });
    await composer.pressSequentially(`Hello from ${app}`);
    await composer.press('Enter');
    await heard;
    await ack(tech, 'chat:send', { clientId: `t-${app}`, text: 'Hello, this is Alex' });
    await widget.getByRole('log', { name: 'Chat messages' }).getByText('Hello, this is Alex').waitFor({ timeout: WAIT });

    // A consent prompt, answered by the customer; the app hears the grant.
    await ack(tech, 'consent:request', { fn: 'system-info' });
    const prompt = widget.getByRole('alertdialog');
    await prompt.waitFor({ timeout: WAIT });
    await page.waitForTimeout(PROMPT_ARM_MS);
    await prompt.getByRole('button', { name: 'Allow', exact: true }).click();
    await expect.poll(() => page.locator('output').innerText(), { timeout: WAIT }).toContain('system-info');

    // Polish: the page switches its language; the locale file (a chunk of the app's bundle) loads.
    await page.evaluate(() => (document.documentElement.lang = 'pl'));
    await expect.poll(() => status.innerText(), { timeout: WAIT }).toMatch(/^Połączono/);
    await widget.getByRole('textbox', { name: 'Wiadomość', exact: true }).waitFor({ timeout: WAIT });

    expect(problems).toEqual([]);
  } finally {
    await page.close();
  }
}

describe.each(APPS)('the $name app', (app) => {
  const dir = join(CONSUMERS, app.name);
  let served: Served | undefined;

  afterAll(async () => served?.close());

  it('installs the packed tarball with npm ci, without the relay’s server dependencies', () => {
    check(installed.get(app.name), `npm ci in ${app.name}`);
    expect(existsSync(join(dir, 'node_modules', 'remote-support-widget', 'dist', 'widget', 'index.js'))).toBe(true);
    for (const serverOnly of ['socket.io', 'ioredis', 'pino', 'prom-client', '@socket.io/redis-streams-adapter', 'remote-support-relay']) {
      expect(existsSync(join(dir, 'node_modules', serverOnly)), `${serverOnly} installed`).toBe(false);
    }
  });

  if (app.build) {
    it('builds, its TypeScript strict with exactOptionalPropertyTypes', () => check(built.get(app.name), `the build of ${app.name}`));
  }

  it('opens the box, joins with a code, chats, answers a consent prompt, sees rsw-grant, loads Polish', async () => {
    check(installed.get(app.name), `npm ci in ${app.name}`);
    if (app.build) check(built.get(app.name), `the build of ${app.name}`);
    served = await app.serve(dir, relayUrl);
    if (app.ssr) {
      const html = await (await fetch(`${served.url}/?relay=${encodeURIComponent(relayUrl)}`)).text();
      expect(html).toMatch(/<remote-support-widget[^>]*vendor="Example Ltd"/);
    }
    await journey(app.name, served.url);
  }, 120_000);
});

describe('the relay from its own tarball', () => {
  it('the README snippet type-checks (strict, exactOptionalPropertyTypes)', () => check(built.get('relay'), 'tsc in relay'));

  it('installs no ws older than 8.23.1 (SECURITY.md: Ping floods) without overrides in the app', () => {
    check(installed.get('relay'), 'npm ci in relay');
    const app = join(CONSUMERS, 'relay');
    expect(JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'))).not.toHaveProperty('overrides');
    const copies = readdirSync(join(app, 'node_modules'), { recursive: true, encoding: 'utf8' })
      .filter((file) => file === join('ws', 'package.json') || file.endsWith(`${sep}node_modules${sep}ws${sep}package.json`))
      .map((file) => (JSON.parse(readFileSync(join(app, 'node_modules', file), 'utf8')) as { version: string }).version);
    expect(copies.length).toBeGreaterThan(0);
    expect(copies.filter((v) => v.localeCompare('8.23.1', 'en', { numeric: true }) < 0)).toEqual([]);
  });

  it('`remote-support-relay --version` prints the version of its package', async () => {
    check(installed.get('relay'), 'npm ci in relay');
    const { version } = JSON.parse(readFileSync(join(ROOT, 'packages', 'relay', 'package.json'), 'utf8')) as { version: string };
    expect(await run([join(CONSUMERS, 'relay', 'node_modules', '.bin', 'remote-support-relay'), '--version'], join(CONSUMERS, 'relay'))).toBe(`${version}\n`);
  });
});

describe('the plain page on an origin the relay does not allow', () => {
  it('tells the developer once in the console which origin to add', async () => {
    check(installed.get('html'), 'npm ci in html');
    // Served from localhost: the relay allows only 127.0.0.1.
    const served = await serveStatic(join(CONSUMERS, 'html'), 'localhost');
    const page = await browser!.newPage();
    const problems = watch(page);
    try {
      await page.goto(`${served.url}/?relay=${encodeURIComponent(relayUrl)}`);
      await page.getByRole('button', { name: 'Get help' }).click();
      const widget = page.locator('remote-support-widget');
      const codeField = widget.getByRole('textbox', { name: 'Session code' });
      for (const attempt of ['123456', '654321']) {
        await codeField.fill(attempt);
        await widget.getByRole('button', { name: 'Connect', exact: true }).click();
        await widget.locator('#error').waitFor({ timeout: WAIT });
      }
      const origin = new URL(served.url).origin;
      // The hint's text is a chunk loaded when it is due: it may come a moment after the error.
      const given = () => problems.filter((p) => p.includes('refused the origin'));
      await expect.poll(() => given().length, { timeout: WAIT }).toBeGreaterThan(0);
      const hints = given();
      expect(hints).toHaveLength(1);
      expect(hints[0]).toContain(`refused the origin ${origin}; add it to the relay's allowedOrigins`);
    } finally {
      await page.close();
      await served.close();
    }
  }, 60_000);
});
