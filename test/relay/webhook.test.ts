/**
 * What server-side code learns of grants (issue 6, remote control hand-off): `relay.events`, `relay.grants()` and the
 * signed webhook, checked against a real local HTTP server with `verifyWebhookSignature`.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ConfigError,
  createRelay,
  issueTechnicianToken,
  signWebhook,
  verifyWebhookSignature,
  type ConsentChangedEvent,
  type SessionEndedEvent,
  type WebhookEvent,
} from '../../src/server/index.js';
import { connected, customer, grant, next, ok, pair, sleep, startRelay, technician } from './support.js';

/** A Standard Webhooks secret, as `whsec_$(openssl rand -base64 32)` makes one. */
const SECRET = `whsec_${randomBytes(32).toString('base64')}`;

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

const servers: Array<ReturnType<typeof createServer>> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A webhook receiver on loopback; `status` answers each request (default 204). */
async function receiver(status: (n: number) => number = () => 204) {
  const received: Received[] = [];
  let count = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const code = status(count++);
      if (code < 300) received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(code).end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/rsw`;
  /** Resolves once `n` deliveries arrived. */
  const arrived = async (n: number, ms = 5000) => {
    const until = Date.now() + ms;
    while (received.length < n && Date.now() < until) await sleep(10);
    if (received.length < n) throw new Error(`${received.length} of ${n} webhook deliveries within ${ms} ms`);
    return received.slice(0, n);
  };
  return { url, received, arrived, attempts: () => count };
}

const events = (deliveries: Received[]) => deliveries.map((d) => JSON.parse(d.body) as WebhookEvent);
const summary = (deliveries: Received[]) =>
  events(deliveries).map((e) => (e.type === 'consent.changed' ? `${(e.data as { fn: string }).fn}:${(e.data as { to: string }).to}` : e.type));

describe('relay.events', () => {
  it('emits every grant change in order with the technician, and the end', async () => {
    const t = await startRelay();
    const consent: ConsentChangedEvent[] = [];
    const ended: SessionEndedEvent[] = [];
    t.relay.events.on('consent', (e) => consent.push(e));
    t.relay.events.on('session-ended', (e) => ended.push(e));
    const { tech, cust, sessionId } = await pair(t);
    await grant(tech, cust, 'desktop-view');
    await grant(tech, cust, 'remote-control');
    await ok(cust, 'consent:revoke', { fn: 'desktop-view' });
    const over = next(tech, 'session:ended');
    await ok(cust, 'session:end');
    await over;
    expect(consent.map((e) => [e.fn, e.from, e.to, e.cause])).toEqual([
      ['desktop-view', 'none', 'pending', 'request'],
      ['desktop-view', 'pending', 'granted', 'allow'],
      ['remote-control', 'none', 'pending', 'request'],
      ['remote-control', 'pending', 'granted', 'allow'],
      ['desktop-view', 'granted', 'revoked', 'revoke'],
      ['remote-control', 'granted', 'revoked', 'dependency'],
    ]);
    for (const e of consent) {
      expect(e).toMatchObject({ sessionId, technician: { id: 'dev-technician', name: 'Alex Demo', org: 'Demo Support' } });
      expect(e.at).toBeGreaterThan(0);
    }
    expect(consent.map((e) => e.version)).toEqual([...consent.map((e) => e.version)].sort((a, b) => a - b));
    expect(ended).toEqual([{ sessionId, by: 'customer', reason: 'customer-ended', at: expect.any(Number) as unknown }]);
  });

  it('keeps the relay serving when a listener throws', async () => {
    const t = await startRelay();
    t.relay.events.on('consent', () => {
      throw new Error('agent bug');
    });
    const { tech, cust } = await pair(t);
    await grant(tech, cust, 'desktop-view');
    await ok(tech, 'screen:signal', { kind: 'offer', data: 'v=0' });
  });
});

describe('relay.grants()', () => {
  it('answers the live grants of a session, and undefined for an unknown one', async () => {
    const t = await startRelay({ promptTimeoutMs: 150 });
    const { tech, cust, sessionId } = await pair(t);
    expect(await t.relay.grants('no-such-session')).toBeUndefined();
    await grant(tech, cust, 'file-transfer');
    expect((await t.relay.grants(sessionId))?.grants['file-transfer'].status).toBe('granted');
    await ok(tech, 'consent:request', { fn: 'reboot' });
    // A prompt past its time counts as expired at once, even before the relay's timer ran.
    await sleep(160);
    expect((await t.relay.grants(sessionId))?.grants.reboot.status).toBe('expired');
    await ok(cust, 'consent:revoke', { fn: 'file-transfer' });
    expect((await t.relay.grants(sessionId))?.grants['file-transfer'].status).toBe('revoked');
  });
});

describe('the webhook', () => {
  it('POSTs signed JSON on grant and revoke, in order, and the end; verifyWebhookSignature accepts it', async () => {
    const hook = await receiver();
    const t = await startRelay({ webhookUrl: hook.url, webhookSecret: SECRET });
    const { tech, cust, sessionId } = await pair(t);
    await grant(tech, cust, 'file-transfer');
    await ok(cust, 'consent:revoke', { fn: 'file-transfer' });
    await ok(tech, 'session:end');
    const deliveries = await hook.arrived(4);
    expect(summary(deliveries)).toEqual(['file-transfer:pending', 'file-transfer:granted', 'file-transfer:revoked', 'session.ended']);
    const [requested, granted, revoked, ended] = events(deliveries);
    expect(granted).toEqual({
      id: expect.any(String) as unknown,
      type: 'consent.changed',
      at: expect.any(Number) as unknown,
      sessionId,
      data: {
        fn: 'file-transfer',
        from: 'pending',
        to: 'granted',
        cause: 'allow',
        version: expect.any(Number) as unknown,
        technician: { id: 'dev-technician', name: 'Alex Demo', org: 'Demo Support' },
      },
    });
    expect(revoked!.data).toMatchObject({ from: 'granted', to: 'revoked', cause: 'revoke' });
    expect(ended).toMatchObject({ type: 'session.ended', sessionId, data: { by: 'technician', reason: 'technician-ended' } });
    expect(new Set(events(deliveries).map((e) => e.id)).size).toBe(4);
    expect(requested!.at).toBeLessThanOrEqual(granted!.at);
    for (const d of deliveries) {
      expect(d.headers['content-type']).toBe('application/json');
      const id = d.headers['webhook-id'] as string;
      const input = { secret: SECRET, body: d.body, id, timestamp: d.headers['webhook-timestamp'] as string, signature: d.headers['webhook-signature'] as string };
      expect(input.signature).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
      expect(id).toBe((JSON.parse(d.body) as WebhookEvent).id);
      expect(verifyWebhookSignature(input)).toBe(true);
      // A stock Standard Webhooks receiver (the reference library) verifies it too.
      expect(new Webhook(SECRET).verify(d.body, { 'webhook-id': id, 'webhook-timestamp': input.timestamp, 'webhook-signature': input.signature })).toEqual(JSON.parse(d.body));
      expect(() => new Webhook(`whsec_${randomBytes(32).toString('base64')}`).verify(d.body, d.headers as Record<string, string>)).toThrow();
      // Tampered, signed with another secret, or replayed later: refused.
      expect(verifyWebhookSignature({ ...input, body: d.body.replace('"sessionId":"', '"sessionId":"x') })).toBe(false);
      expect(verifyWebhookSignature({ ...input, secret: `whsec_${randomBytes(32).toString('base64')}` })).toBe(false);
      expect(verifyWebhookSignature({ ...input, now: Number(input.timestamp) * 1000 + 6 * 60_000 })).toBe(false);
      expect(verifyWebhookSignature({ ...input, timestamp: String(Number(input.timestamp) + 1) })).toBe(false);
      expect(verifyWebhookSignature({ ...input, id: `${id}x` })).toBe(false);
    }
  });

  it('adds the transcript and the audit log to session.ended with webhookIncludeTranscript, and only then', async () => {
    const hook = await receiver();
    const t = await startRelay({ webhookUrl: hook.url, webhookSecret: SECRET, webhookIncludeTranscript: true });
    const { tech, cust, sessionId } = await pair(t);
    await ok(cust, 'chat:send', { clientId: 'c1', text: 'My printer <b>is</b> on fire' });
    await ok(tech, 'chat:send', { clientId: 't1', text: 'Unplug it, please.' });
    await grant(tech, cust, 'system-info');
    await ok(cust, 'session:end');
    const deliveries = await hook.arrived(3 + 1);
    expect(summary(deliveries)).toEqual(['system-info:pending', 'system-info:granted', 'system-info:revoked', 'session.ended']);
    const ended = events(deliveries)[3]!;
    expect(ended).toMatchObject({ type: 'session.ended', sessionId, data: { by: 'customer', reason: 'customer-ended' } });
    const data = ended.data as { transcript: Array<{ from: string; text: string; seq: number }>; audit: Array<{ type: string; actor: string }> };
    expect(data.transcript.map((m) => [m.from, m.text])).toEqual([
      ['customer', 'My printer <b>is</b> on fire'],
      ['technician', 'Unplug it, please.'],
    ]);
    expect(data.audit.map((e) => e.type)).toEqual(expect.arrayContaining(['session-created', 'customer-joined', 'consent-requested', 'consent-changed', 'session-ended']));
    expect(data.audit.at(-1)).toMatchObject({ type: 'session-ended', actor: 'customer' });
    const d = deliveries[3]!;
    expect(new Webhook(SECRET).verify(d.body, d.headers as Record<string, string>)).toEqual(ended);

    const plain = await receiver();
    const t2 = await startRelay({ webhookUrl: plain.url, webhookSecret: SECRET });
    const second = await pair(t2);
    await ok(second.cust, 'chat:send', { clientId: 'c1', text: 'hello' });
    await ok(second.cust, 'session:end');
    const [only] = events(await plain.arrived(1));
    expect(only!.data).toEqual({ by: 'customer', reason: 'customer-ended' });
  });

  it('retries a failed delivery with backoff and keeps the order', async () => {
    // The first two attempts fail (a 503, then a 500); the event after it waits its turn.
    const hook = await receiver((n) => (n < 2 ? 500 + 3 * (1 - n) : 204));
    const t = await startRelay({ webhookUrl: hook.url, webhookSecret: SECRET, webhookRetryDelaysMs: [30, 30, 30] });
    const { tech, cust } = await pair(t);
    await grant(tech, cust, 'desktop-view');
    const deliveries = await hook.arrived(2);
    expect(hook.attempts()).toBe(4);
    expect(summary(deliveries)).toEqual(['desktop-view:pending', 'desktop-view:granted']);
  });

  it('gives up on an event the receiver refuses for good (4xx) and goes on with the next, never blocking the relay', async () => {
    const hook = await receiver((n) => (n === 0 ? 401 : 204));
    const t = await startRelay({ webhookUrl: hook.url, webhookSecret: SECRET, webhookRetryDelaysMs: [30, 30] });
    const { tech, cust } = await pair(t);
    await grant(tech, cust, 'desktop-view');
    const deliveries = await hook.arrived(1);
    await sleep(100);
    expect(hook.attempts()).toBe(2);
    expect(summary(deliveries)).toEqual(['desktop-view:granted']);
  });

  it('does not hold up the relay while the receiver is down', async () => {
    const hook = await receiver();
    const url = hook.url.replace(/:\d+\//, ':9/'); // nothing listens on the discard port
    const t = await startRelay({ webhookUrl: url, webhookSecret: SECRET, webhookRetryDelaysMs: [5000] });
    const { tech, cust } = await pair(t);
    const started = Date.now();
    await grant(tech, cust, 'desktop-view');
    await ok(tech, 'screen:signal', { kind: 'offer', data: 'v=0' });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('webhook configuration and signatures', () => {
  it('needs an http(s) URL and a whsec_ secret', async () => {
    await expect(createRelay({ logger: 'silent', webhookUrl: 'https://agent.example.com/rsw' })).rejects.toThrow(ConfigError);
    await expect(createRelay({ logger: 'silent', webhookUrl: 'https://agent.example.com/rsw', webhookSecret: 'whsec-test-0123456789abcdef' })).rejects.toThrow(/whsec_/);
    await expect(createRelay({ logger: 'silent', webhookUrl: 'https://agent.example.com/rsw', webhookSecret: `whsec_${randomBytes(8).toString('base64')}` })).rejects.toThrow(/24 to 64/);
    await expect(createRelay({ logger: 'silent', webhookUrl: 'ftp://agent.example.com', webhookSecret: SECRET })).rejects.toThrow(/http/);
    await expect(createRelay({ logger: 'silent', iceServers: [{ urls: 'http://stun.example.com' }] })).rejects.toThrow(/iceServers/);
  });

  it('verifies HMAC-SHA256 over "id.timestamp.body", within the tolerance, accepting any of several signatures', () => {
    const body = '{"id":"x"}';
    const id = 'msg_2Lh9';
    const seconds = 1_800_000_000;
    const now = seconds * 1000;
    const signature = signWebhook(SECRET, id, seconds, body);
    // What the reference library signs is what the relay signs.
    expect(new Webhook(SECRET).sign(id, new Date(now), body)).toBe(signature);
    expect(verifyWebhookSignature({ secret: SECRET, body, id, timestamp: seconds, signature, now })).toBe(true);
    expect(verifyWebhookSignature({ secret: SECRET, body: Buffer.from(body), id, timestamp: String(seconds), signature, now: now + 299_000 })).toBe(true);
    expect(verifyWebhookSignature({ secret: SECRET, body, id, timestamp: seconds, signature, now: now - 301_000 })).toBe(false);
    expect(verifyWebhookSignature({ secret: SECRET, body, id, timestamp: seconds, signature, now: now + 61_000, toleranceMs: 60_000 })).toBe(false);
    // During a secret rotation the receiver may be sent (or try) several, space-separated.
    expect(verifyWebhookSignature({ secret: SECRET, body, id, timestamp: seconds, signature: `v1,${'A'.repeat(43)}= ${signature}`, now })).toBe(true);
    for (const bad of [undefined, '', 'v1,', signature.toUpperCase(), signature.slice(0, -2)]) {
      expect(verifyWebhookSignature({ secret: SECRET, body, id, timestamp: seconds, signature: bad, now })).toBe(false);
    }
    expect(verifyWebhookSignature({ secret: SECRET, body, id, timestamp: undefined, signature, now })).toBe(false);
    expect(verifyWebhookSignature({ secret: SECRET, body, id: undefined, timestamp: seconds, signature, now })).toBe(false);
    expect(verifyWebhookSignature({ secret: SECRET, body, id, timestamp: 'soon', signature, now })).toBe(false);
  });
});

describe('the webhook, for what customers tell the vendor', () => {
  it('POSTs the rating with its session and a left message without one', async () => {
    const hook = await receiver();
    const t = await startRelay({ webhookUrl: hook.url, webhookSecret: SECRET });
    const { tech, cust, sessionId } = await pair(t);
    await ok(tech, 'session:end');
    await ok(cust, 'session:rate', { score: 2, comment: 'Took long.' });
    await ok(customer(t.url), 'message:leave', { name: 'Ada', contact: { kind: 'phone', value: '+48 600 700 800' }, text: 'Call me.' });
    const delivered = events(await hook.arrived(3)).slice(1);
    expect(delivered[0]).toMatchObject({ type: 'session.rated', sessionId, data: { score: 2, comment: 'Took long.', technician: { name: 'Alex Demo' } } });
    expect(delivered[1]).toMatchObject({ type: 'message.left', data: { name: 'Ada', contact: { kind: 'phone', value: '+48 600 700 800' }, text: 'Call me.' } });
    expect(delivered[1]).not.toHaveProperty('sessionId');
  });
});

describe('the webhook, for a hand-off', () => {
  it('POSTs session.handed-off with both technicians, after the grants ended with it', async () => {
    const hook = await receiver();
    const tokenSecret = randomBytes(32).toString('hex');
    const t = await startRelay({ webhookUrl: hook.url, webhookSecret: SECRET, tokenSecret });
    const sam = technician(t.url, await issueTechnicianToken(tokenSecret, { id: 'sam', name: 'Sam Field', org: 'Demo Support' }));
    await connected(sam);
    const { tech, cust, sessionId } = await pair(t);
    await grant(tech, cust, 'desktop-view');
    await ok(tech, 'session:handoff', { technicianId: 'sam' });
    const delivered = events(await hook.arrived(4));
    expect(delivered.map((e) => e.type)).toEqual(['consent.changed', 'consent.changed', 'consent.changed', 'session.handed-off']);
    expect(delivered[2]).toMatchObject({ type: 'consent.changed', data: { fn: 'desktop-view', from: 'granted', to: 'revoked', cause: 'handed-off' } });
    expect(delivered[3]).toMatchObject({
      type: 'session.handed-off',
      sessionId,
      data: { from: { id: 'dev-technician', name: 'Alex Demo', org: 'Demo Support' }, to: { id: 'sam', name: 'Sam Field', org: 'Demo Support' } },
    });
  });
});
