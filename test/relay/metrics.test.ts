/**
 * Prometheus metrics (issue 16): `<path>/metrics` behind a bearer token, scraped after a real journey against a real
 * relay (technician, customers, a wrong code, chat both ways, consent granted / denied / revoked, a refused use, a file,
 * the queue, the webhook), with the exact counts; two relays in one process keep their counts apart.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createRelay } from '../../src/server/index.js';
import { startRedisProxy } from '../support/redis-proxy.js';
import { MISSING_REDIS_SERVER, missingRedis, startRedisServer } from '../support/redis-server.js';
import { BACKEND, call, customer, grant, next, ok, REDIS_URL, redisSettings, sleep, startRelay, technician, type TestRelay } from './support.js';

const TOKEN = randomBytes(24).toString('hex');
const SECRET = `whsec_${randomBytes(32).toString('base64')}`;

const FAMILIES = [
  'rsw_sessions_live',
  'rsw_sockets',
  'rsw_joins_total',
  'rsw_join_failures_total',
  'rsw_queue_length',
  'rsw_queue_wait_seconds',
  'rsw_consent_requests_total',
  'rsw_consent_grants_total',
  'rsw_consent_denials_total',
  'rsw_consent_expiries_total',
  'rsw_consent_revocations_total',
  'rsw_uses_refused_total',
  'rsw_consent_cooldown_refusals_total',
  'rsw_chat_messages_total',
  'rsw_chat_delivery_seconds',
  'rsw_file_bytes_total',
  'rsw_webhook_deliveries_total',
  'rsw_webhook_failures_total',
  'nodejs_eventloop_lag_seconds',
  'nodejs_eventloop_lag_p99_seconds',
  'process_resident_memory_bytes',
];

const servers: Array<ReturnType<typeof createServer>> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A webhook receiver on loopback that answers 500 to its first request, then 204. */
async function webhookReceiver() {
  let attempts = 0;
  let delivered = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (attempts++ === 0) return res.writeHead(500).end();
      delivered += 1;
      res.writeHead(204).end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, attempts: () => attempts, delivered: () => delivered };
}

/** GET `<url>/metrics` with `Authorization: Bearer <token>`, or without the header when `token` is null. */
async function scrape(url: string, token: string | null = TOKEN): Promise<Response> {
  return fetch(`${url}/metrics`, token === null ? {} : { headers: { authorization: `Bearer ${token}` } });
}

async function scrapeText(t: TestRelay): Promise<string> {
  const res = await scrape(t.url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
}

/** The value of one sample (`name` with exactly `labels`), or undefined when the scrape has none. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort()
    .join(',');
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? '')
      .split(/,(?=[a-zA-Z_]+=")/)
      .filter(Boolean)
      .sort()
      .join(',');
    if (have === wanted) return Number(match[3]);
  }
  return undefined;
}

/** Every sample of `name` (all label sets), summed. */
function total(text: string, name: string): number {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name} `) || line.startsWith(`${name}{`))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/** A code of the right length that is not `code`. */
const wrongCode = (code: string) => `${code.slice(0, -1)}${(Number(code.at(-1)) + 1) % 10}`;

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(10);
  }
}

describe('relay metrics', () => {
  it('counts a whole journey exactly, and has every metric family', async () => {
    const hook = await webhookReceiver();
    const t = await startRelay({ metricsToken: TOKEN, webhookUrl: hook.url, webhookSecret: SECRET, webhookRetryDelaysMs: [20, 20] });

    // The technician creates a session; a customer first tries a wrong code, then joins with the right one.
    const tech = technician(t.url, t.token);
    const created = await ok<{ code: string; session: { id: string } }>(tech, 'session:create');
    const guesser = customer(t.url);
    expect(await call(guesser, 'session:join', { code: wrongCode(created.code) })).toMatchObject({ ok: false, error: { code: 'invalid-code' } });
    const cust = customer(t.url);
    await ok(cust, 'session:join', { code: created.code });

    const during = await scrapeText(t);
    expect(sample(during, 'rsw_sessions_live')).toBe(1);
    expect(sample(during, 'rsw_sockets', { role: 'customer' })).toBe(2);
    expect(sample(during, 'rsw_sockets', { role: 'technician' })).toBe(1);
    expect(sample(during, 'rsw_queue_length')).toBe(0);

    // Chat both ways (a resend of the same message is not counted again).
    const heard = next(tech, 'chat:message');
    await ok(cust, 'chat:send', { clientId: 'c1', text: 'My printer is offline' });
    await heard;
    await ok(cust, 'chat:send', { clientId: 'c1', text: 'My printer is offline' });
    await ok(tech, 'chat:send', { clientId: 't1', text: 'Let me have a look' });

    // Consent: desktop view granted, system information denied, file transfer granted and used, desktop view revoked.
    await grant(tech, cust, 'desktop-view');
    const asked = await ok<{ prompt: { id: string } }>(tech, 'consent:request', { fn: 'system-info' });
    await ok(cust, 'consent:decide', { promptId: asked.prompt.id, allow: false });
    await grant(tech, cust, 'file-transfer');
    const data = Buffer.from('a small log file\n'.repeat(100));
    tech.on('file:chunk', (_chunk: unknown, ack: (r: { ok: boolean }) => void) => ack({ ok: true }));
    const offered = next(tech, 'file:offer');
    await ok(cust, 'file:offer', { transferId: 'tx1', name: 'log.txt', size: data.length, type: 'text/plain', sha256: createHash('sha256').update(data).digest('hex') });
    await offered;
    await ok(tech, 'file:accept', { transferId: 'tx1' });
    await ok(cust, 'file:chunk', { transferId: 'tx1', index: 0, data: data.toString('base64') });
    await ok(tech, 'file:done', { transferId: 'tx1', sha256: createHash('sha256').update(data).digest('hex') });
    await ok(cust, 'consent:revoke', { fn: 'desktop-view' });

    // A use without a grant is refused.
    expect(await call(tech, 'reboot:request')).toMatchObject({ ok: false, error: { code: 'not-granted' } });

    // The technician ends; a queued customer is then picked from the queue.
    await ok(tech, 'session:end');
    const waiting = customer(t.url);
    const queued = await ok<{ session: { id: string } }>(waiting, 'queue:join', { name: 'Ada', description: 'VPN' });
    expect(sample(await scrapeText(t), 'rsw_queue_length')).toBe(1);
    await ok(tech, 'queue:pick', { sessionId: queued.session.id });

    // Every webhook event delivered (the first POST failed and was retried).
    await until(() => hook.delivered() > 0 && hook.attempts() === hook.delivered() + 1);
    await sleep(100);
    const text = await scrapeText(t);

    for (const family of FAMILIES) expect(text, family).toMatch(new RegExp(`^# HELP ${family} \\S`, 'm'));
    for (const family of FAMILIES.filter((f) => f.startsWith('rsw_'))) expect(text, family).toMatch(new RegExp(`^# TYPE ${family} (counter|gauge|histogram)$`, 'm'));

    expect(sample(text, 'rsw_joins_total', { via: 'code' })).toBe(1);
    expect(sample(text, 'rsw_joins_total', { via: 'queue' })).toBe(1);
    expect(sample(text, 'rsw_join_failures_total', { reason: 'invalid-code' })).toBe(1);
    expect(total(text, 'rsw_join_failures_total')).toBe(1);
    expect(sample(text, 'rsw_queue_wait_seconds_count')).toBe(1);
    expect(sample(text, 'rsw_queue_wait_seconds_sum')).toBeLessThan(5);
    expect(sample(text, 'rsw_queue_length')).toBe(0);
    expect(sample(text, 'rsw_sessions_live')).toBe(1);
    expect(sample(text, 'rsw_sockets', { role: 'customer' })).toBe(3);

    // Every sample of the consent counters, by function: anything not listed here is absent.
    const consent: Array<[string, string, number]> = [
      ['rsw_consent_requests_total', 'desktop-view', 1],
      ['rsw_consent_requests_total', 'system-info', 1],
      ['rsw_consent_requests_total', 'file-transfer', 1],
      ['rsw_consent_grants_total', 'desktop-view', 1],
      ['rsw_consent_grants_total', 'file-transfer', 1],
      ['rsw_consent_denials_total', 'system-info', 1],
      ['rsw_consent_revocations_total', 'desktop-view', 1],
    ];
    for (const [name, fn, value] of consent) expect(sample(text, name, { function: fn }), `${name} ${fn}`).toBe(value);
    // The other functions are there from the start, at 0.
    expect(sample(text, 'rsw_consent_grants_total', { function: 'remote-control' })).toBe(0);
    for (const name of ['rsw_consent_requests_total', 'rsw_consent_grants_total', 'rsw_consent_denials_total', 'rsw_consent_revocations_total', 'rsw_consent_expiries_total']) {
      expect(total(text, name), name).toBe(consent.filter(([n]) => n === name).reduce((sum, [, , value]) => sum + value, 0));
    }
    expect(sample(text, 'rsw_uses_refused_total', { function: 'reboot' })).toBe(1);
    expect(total(text, 'rsw_uses_refused_total')).toBe(1);

    expect(sample(text, 'rsw_chat_messages_total', { sender: 'customer' })).toBe(1);
    expect(sample(text, 'rsw_chat_messages_total', { sender: 'technician' })).toBe(1);
    expect(sample(text, 'rsw_chat_delivery_seconds_count')).toBe(3);
    expect(sample(text, 'rsw_chat_delivery_seconds_bucket', { le: '+Inf' })).toBe(3);
    expect(sample(text, 'rsw_chat_delivery_seconds_sum')).toBeGreaterThan(0);
    expect(sample(text, 'rsw_chat_delivery_seconds_sum')).toBeLessThan(3);
    expect(sample(text, 'rsw_file_bytes_total', { sender: 'customer' })).toBe(data.length);

    expect(sample(text, 'rsw_webhook_deliveries_total')).toBe(hook.delivered());
    expect(sample(text, 'rsw_webhook_failures_total', { outcome: 'retry' })).toBe(1);
    expect(sample(text, 'rsw_webhook_failures_total', { outcome: 'dropped' })).toBe(0);

    // Redis availability is there exactly when the relay runs on Redis.
    expect(sample(text, 'rsw_redis_up')).toBe(BACKEND === 'redis' ? 1 : undefined);
    // Nothing is labelled by session, socket or code.
    expect(text).not.toContain(created.session.id);
    expect(text).not.toContain(queued.session.id);
  });

  it('counts expired consent prompts', async () => {
    const t = await startRelay({ metricsToken: TOKEN, promptTimeoutMs: 50 });
    const tech = technician(t.url, t.token);
    const created = await ok<{ code: string }>(tech, 'session:create');
    const cust = customer(t.url);
    await ok(cust, 'session:join', { code: created.code });
    const expired = next<{ changes: Array<{ cause: string }> }>(tech, 'consent:update', (u) => u.changes.some((c) => c.cause === 'expire'));
    await ok(tech, 'consent:request', { fn: 'desktop-view' });
    await expired;
    const text = await scrapeText(t);
    expect(sample(text, 'rsw_consent_expiries_total', { function: 'desktop-view' })).toBe(1);
    expect(total(text, 'rsw_consent_grants_total')).toBe(0);
  });

  it('counts a request refused by the consent cooldown apart from refused uses', async () => {
    const t = await startRelay({ metricsToken: TOKEN, consentCooldownMs: 60_000 });
    const tech = technician(t.url, t.token);
    const created = await ok<{ code: string }>(tech, 'session:create');
    const cust = customer(t.url);
    await ok(cust, 'session:join', { code: created.code });
    const asked = await ok<{ prompt: { id: string } }>(tech, 'consent:request', { fn: 'system-info' });
    await ok(cust, 'consent:decide', { promptId: asked.prompt.id, allow: false });
    // Asked again right after the no: the cooldown refuses the request (it is not a use).
    expect(await call(tech, 'consent:request', { fn: 'system-info' })).toMatchObject({ ok: false, error: { code: 'rate-limited', fn: 'system-info' } });
    // A use without a grant: refused by the gate.
    expect(await call(tech, 'sysinfo:request')).toMatchObject({ ok: false, error: { code: 'not-granted' } });
    const text = await scrapeText(t);
    expect(sample(text, 'rsw_consent_cooldown_refusals_total', { function: 'system-info' })).toBe(1);
    expect(total(text, 'rsw_consent_cooldown_refusals_total')).toBe(1);
    expect(sample(text, 'rsw_consent_cooldown_refusals_total', { function: 'reboot' })).toBe(0);
    expect(sample(text, 'rsw_uses_refused_total', { function: 'system-info' })).toBe(1);
    expect(total(text, 'rsw_uses_refused_total')).toBe(1);
    expect(sample(text, 'rsw_consent_denials_total', { function: 'system-info' })).toBe(1);
  });

  it('answers 401 without the right bearer token, and never the data', async () => {
    const t = await startRelay({ metricsToken: TOKEN, path: '/support' });
    const base = `${t.url}/support`;
    for (const auth of [null, 'wrong-token-of-some-length', `${TOKEN}x`, TOKEN.slice(1)]) {
      const res = await scrape(base, auth);
      expect(res.status, String(auth)).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      const body = await res.text();
      expect(body).not.toContain('rsw_');
    }
    const basic = await fetch(`${base}/metrics`, { headers: { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` } });
    expect(basic.status).toBe(401);
    await basic.text();
    const good = await scrape(base);
    expect(good.status).toBe(200);
    expect(await good.text()).toContain('# TYPE rsw_sessions_live gauge');
    // Only under the mount point.
    const outside = await scrape(t.url);
    expect(outside.status).toBe(404);
    await outside.text();
  });

  it('is not served without a token, while relay.metrics still counts', async () => {
    const t = await startRelay();
    const res = await scrape(t.url);
    expect(res.status).toBe(404);
    await res.text();
    const tech = technician(t.url, t.token);
    const created = await ok<{ code: string }>(tech, 'session:create');
    await call(customer(t.url), 'session:join', { code: wrongCode(created.code) });
    const text = await t.relay.metrics.metrics();
    expect(sample(text, 'rsw_join_failures_total', { reason: 'invalid-code' })).toBe(1);
    // Without served metrics the process-wide default metrics are not started.
    expect(text).not.toContain('nodejs_eventloop_lag_seconds');
  });

  it('keeps the counts of two relays in one process apart', async () => {
    const a = await startRelay({ metricsToken: TOKEN });
    const b = await startRelay({ metricsToken: TOKEN });
    const tech = technician(a.url, a.token);
    const created = await ok<{ code: string }>(tech, 'session:create');
    await call(customer(a.url), 'session:join', { code: wrongCode(created.code) });
    expect(sample(await scrapeText(a), 'rsw_join_failures_total', { reason: 'invalid-code' })).toBe(1);
    const other = await scrapeText(b);
    expect(sample(other, 'rsw_join_failures_total', { reason: 'invalid-code' })).toBe(0);
    expect(sample(other, 'rsw_sessions_live')).toBe(0);
    expect(other).toContain('nodejs_eventloop_lag_seconds');
  });

  it('refuses a bad metricsToken with a clear error', async () => {
    await expect(createRelay({ logger: 'silent', metricsToken: 'short' })).rejects.toThrow('metricsToken must be at least 16 characters (e.g. openssl rand -hex 24)');
    await expect(createRelay({ logger: 'silent', metricsToken: 'sixteen chars with spaces' })).rejects.toThrow('metricsToken must be printable ASCII without spaces');
    await expect(createRelay({ logger: 'silent', metricsToken: 42 as unknown as string })).rejects.toThrow('metricsToken must be a string');
  });

  // On the relay-redis project (the memory project has no Redis to lose).
  it.runIf(BACKEND === 'redis')('shows Redis going away as rsw_redis_up 0, and still answers the scrape', async () => {
    const proxy = await startRedisProxy(REDIS_URL!);
    try {
      const t = await startRelay({ metricsToken: TOKEN, redis: { ...redisSettings(), url: proxy.url } });
      const before = await scrapeText(t);
      expect(sample(before, 'rsw_redis_up')).toBe(1);
      expect(sample(before, 'rsw_sessions_live')).toBe(0);
      await proxy.close();
      await until(() => proxy.connections() === 0);
      await sleep(200);
      const after = await scrapeText(t);
      expect(sample(after, 'rsw_redis_up')).toBe(0);
      // The store cannot be counted while Redis is away: NaN for this scrape, not a failed scrape.
      expect(sample(after, 'rsw_sessions_live')).toBeNaN();
    } finally {
      await proxy.close();
    }
  });

  it.runIf(BACKEND === 'redis')('takes an error reply to its ping (a user without the right to PING) as Redis answering, not as down', async ({ skip }) => {
    const own = await startRedisServer();
    if (!own) return missingRedis(skip, MISSING_REDIS_SERVER);
    const admin = new Redis(own.url);
    try {
      await admin.call('ACL', 'SETUSER', 'relay', 'on', '>relay-password', '~*', '&*', '+@all', '-ping');
      const url = new URL(own.url);
      url.username = 'relay';
      url.password = 'relay-password';
      const t = await startRelay({ metricsToken: TOKEN, redis: { ...redisSettings(), url: url.toString() } });
      // A ping a second, each refused with NOPERM.
      await sleep(2500);
      expect(sample(await scrapeText(t), 'rsw_redis_up')).toBe(1);
      expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
      await ok(technician(t.url, t.token), 'session:create');
    } finally {
      admin.disconnect();
      await own.dispose();
    }
  });

  it.runIf(BACKEND === 'redis')('shows a Redis that stops answering without closing the connection as rsw_redis_up 0, fails store calls and /healthz at once, and recovers', async ({ skip }) => {
    const own = await startRedisServer();
    if (!own) return missingRedis(skip, MISSING_REDIS_SERVER);
    const lines: string[] = [];
    try {
      const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
      const t = await startRelay({ metricsToken: TOKEN, logger, redis: { ...redisSettings(), url: own.url } });
      expect(sample(await scrapeText(t), 'rsw_redis_up')).toBe(1);
      own.pause();
      // A ping a second, each given the command timeout (3 s).
      await eventually(async () => sample(await scrapeText(t), 'rsw_redis_up') === 0, 10_000);
      expect(lines.some((line) => line.includes('"msg":"redis unavailable"'))).toBe(true);
      const started = Date.now();
      const health = await fetch(`${t.url}/healthz`);
      expect([health.status, Date.now() - started < 1000]).toEqual([503, true]);
      expect(await health.json()).toMatchObject({ status: 'unavailable', liveSessions: null, store: 'unavailable' });
      // Every store call fails at once meanwhile (the widget and console retry), not after the command timeout each.
      const asked = Date.now();
      await expect(t.relay.store.countLive()).rejects.toThrow(/not answering/);
      expect(Date.now() - asked).toBeLessThan(500);
      // So does a join, rate limits included: they fall back to their in-memory counts at once (Redis's client still
      // says `ready` during a stall), not after a command timeout per limiter.
      const cust = customer(t.url);
      await next(cust, 'connect');
      const joinAsked = Date.now();
      const joined = await call(cust, 'session:join', { code: '9'.repeat(t.relay.options.codeLength) });
      expect([(joined as { error?: { code: string } }).error?.code, Date.now() - joinAsked < 1500]).toEqual(['unavailable', true]);
      own.resume();
      await eventually(async () => sample(await scrapeText(t), 'rsw_redis_up') === 1, 10_000);
      expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
      expect(lines.some((line) => line.includes('"msg":"redis available again"'))).toBe(true);
    } finally {
      await own.dispose();
    }
  }, 30_000);
});

/** Waits until the async `check` holds (checked again every 100 ms), at most `ms`. */
async function eventually(check: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await sleep(100);
  }
}
