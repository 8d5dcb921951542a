/**
 * Handshake checks (customer origin allowlist, technician tokens), consent enforcement for a technician without a
 * grant, what reaches the logs, and the health endpoint — all against a real relay on loopback.
 */
import { SignJWT } from 'jose';
import { pino } from 'pino';
import { io as connect } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import type { AuditEntry, ChatMessage } from '../../src/protocol/index.js';
import { issueTechnicianToken } from '../../src/server/index.js';
import { customerWith, emitRaw, handshake, recordAll, technicianWith } from './clients.js';
import { call, customer, flakyStore, next, ok, pair, sleep, startRelay, technician } from './support.js';

const SECRET = 'test-secret-test-secret-test-secret-0001';
const OTHER_SECRET = 'another-secret-another-secret-another-02';
const ALEX = { id: 'alex', name: 'Alex Tech', org: 'Acme Support' };

describe('the customer namespace checks the Origin on the handshake', () => {
  it('refuses a foreign origin with forbidden-origin', async () => {
    const { url } = await startRelay();
    expect(await handshake(customerWith(url, { origin: 'https://evil.example' }))).toMatchObject({ data: { code: 'forbidden-origin' } });
  });

  it('refuses a handshake without an Origin header', async () => {
    const { url } = await startRelay();
    expect(await handshake(customerWith(url, { origin: null }))).toMatchObject({ data: { code: 'forbidden-origin' } });
  });

  it('refuses the opaque origin "null" (sandboxed frames, file: pages)', async () => {
    const { url } = await startRelay();
    expect(await handshake(customerWith(url, { origin: 'null' }))).toMatchObject({ data: { code: 'forbidden-origin' } });
  });

  it('refuses a foreign origin over HTTP long-polling too, not only over WebSocket', async () => {
    const { url } = await startRelay();
    expect(await handshake(customerWith(url, { origin: 'https://evil.example', transport: 'polling' }))).toMatchObject({
      data: { code: 'forbidden-origin' },
    });
    expect(await handshake(customerWith(url, { transport: 'polling' }))).toBe('connected');
  });

  it('accepts loopback origins on any port by default', async () => {
    const { url } = await startRelay();
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:8080', 'http://[::1]:3000', 'https://localhost:8443']) {
      expect(await handshake(customerWith(url, { origin })), origin).toBe('connected');
    }
  });

  it('matches allowlist wildcards as one port or one host label, never more', async () => {
    const { url } = await startRelay({ allowedOrigins: ['http://localhost:*', 'https://*.example.com', 'https://vendor.test'] });
    const allowed = ['http://localhost:8080', 'http://localhost:1', 'https://help.example.com', 'https://x-1.example.com', 'https://HELP.Example.com', 'https://vendor.test'];
    const refused = [
      'https://evil.example.com.attacker.net',
      'https://a.b.example.com',
      'https://example.com',
      'https://.example.com',
      'http://help.example.com',
      'https://help.example.com:8443',
      'https://helpexample.com',
      'https://help.example.community',
      'https://help_example.com',
      'http://localhost',
      'http://localhost.attacker.net:8080',
      'http://localhost:8080.attacker.net',
      'https://localhost:8080',
      'https://vendor.test.evil',
      'https://vendor.test:443',
      'http://vendor.test',
      'https://sub.vendor.test',
    ];
    for (const origin of allowed) expect(await handshake(customerWith(url, { origin })), origin).toBe('connected');
    for (const origin of refused) {
      expect(await handshake(customerWith(url, { origin })), origin).toMatchObject({ data: { code: 'forbidden-origin' } });
    }
  });

  it('refuses a foreign origin on the technician namespace as well, even with a valid token', async () => {
    const { url, token } = await startRelay();
    expect(await handshake(technicianWith(url, { token }, { origin: 'https://evil.example' }))).toMatchObject({
      data: { code: 'forbidden-origin' },
    });
    expect(await handshake(technicianWith(url, { token }, { origin: 'http://localhost:4000' }))).toBe('connected');
  });
});

describe('the technician namespace needs a valid signed token', () => {
  const unauthorized = { data: { code: 'unauthorized' } };

  it('accepts a token signed with the relay secret (the control case)', async () => {
    const { url } = await startRelay({ tokenSecret: SECRET });
    const socket = technicianWith(url, { token: await issueTechnicianToken(SECRET, ALEX) });
    expect(await handshake(socket)).toBe('connected');
    const created = await ok<{ session: { technician: unknown } }>(socket, 'session:create');
    expect(created.session.technician).toEqual({ name: 'Alex Tech', org: 'Acme Support' });
  });

  it('refuses a handshake without a token, or with a token that is not a string', async () => {
    const { url } = await startRelay({ tokenSecret: SECRET });
    expect(await handshake(technicianWith(url, undefined))).toMatchObject(unauthorized);
    expect(await handshake(technicianWith(url, {}))).toMatchObject(unauthorized);
    expect(await handshake(technicianWith(url, { token: '' }))).toMatchObject(unauthorized);
    expect(await handshake(technicianWith(url, { token: 42 }))).toMatchObject(unauthorized);
    expect(await handshake(technicianWith(url, { token: { name: 'Alex' } }))).toMatchObject(unauthorized);
  });

  it('refuses a garbage token', async () => {
    const { url } = await startRelay({ tokenSecret: SECRET });
    for (const token of ['garbage', 'a.b.c', 'x'.repeat(5_000), `${await issueTechnicianToken(SECRET, ALEX)}x`]) {
      expect(await handshake(technicianWith(url, { token }))).toMatchObject(unauthorized);
    }
  });

  it('refuses a token signed with another secret', async () => {
    const { url } = await startRelay({ tokenSecret: SECRET });
    expect(await handshake(technicianWith(url, { token: await issueTechnicianToken(OTHER_SECRET, ALEX) }))).toMatchObject(unauthorized);
  });

  it("refuses a development relay's token at a relay with its own secret", async () => {
    const dev = await startRelay();
    const { url } = await startRelay({ tokenSecret: SECRET });
    expect(await handshake(technicianWith(url, { token: dev.token }))).toMatchObject(unauthorized);
  });

  it('refuses an expired token', async () => {
    const { url } = await startRelay({ tokenSecret: SECRET });
    expect(await handshake(technicianWith(url, { token: await issueTechnicianToken(SECRET, ALEX, '-1s') }))).toMatchObject(unauthorized);
    expect(await handshake(technicianWith(url, { token: await issueTechnicianToken(SECRET, ALEX, '-2h') }))).toMatchObject(unauthorized);
  });

  it('refuses a token that expired while waiting', async () => {
    const { url } = await startRelay({ tokenSecret: SECRET });
    const token = await issueTechnicianToken(SECRET, ALEX, '1s');
    // jose counts whole seconds: exp = floor(issued) + 1 ≤ floor(issued + 1 s), so one second later it has expired.
    await sleep(1_050);
    expect(await handshake(technicianWith(url, { token }))).toMatchObject(unauthorized);
  });

  it('refuses a correctly signed token that never expires', async () => {
    const { url } = await startRelay({ tokenSecret: SECRET });
    const eternal = await new SignJWT({ name: 'Alex', org: 'Acme' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alex')
      .setIssuer('remote-support-relay')
      .setAudience('technician')
      .setIssuedAt()
      .sign(new TextEncoder().encode(SECRET));
    expect(await handshake(technicianWith(url, { token: eternal }))).toMatchObject(unauthorized);
  });

  it('refuses an unsigned ("alg": "none") token, and signed ones with the wrong audience or issuer or without a name', async () => {
    const { url } = await startRelay({ tokenSecret: SECRET });
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: 'alex', name: 'Alex', org: 'Acme', iss: 'remote-support-relay', aud: 'technician', iat: now, exp: now + 3600 };
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
    const key = new TextEncoder().encode(SECRET);
    const sign = (payload: Record<string, unknown>) => new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).sign(key);
    const wrongAudience = await sign({ ...claims, aud: 'customer' });
    const wrongIssuer = await sign({ ...claims, iss: 'someone-else' });
    const nameless = await sign({ ...claims, name: '   ' });
    const expired = await sign({ ...claims, exp: now - 10 });
    for (const token of [unsigned, wrongAudience, wrongIssuer, nameless, expired]) {
      expect(await handshake(technicianWith(url, { token }))).toMatchObject(unauthorized);
    }
  });
});

describe('a technician without a grant', () => {
  const GATED = [
    ['sysinfo:request', {}, 'system-info'],
    ['reboot:request', {}, 'reboot'],
    ['screen:signal', { kind: 'offer', data: 'v=0' }, 'desktop-view'],
    ['control:event', { type: 'pointer', x: 0.5, y: 0.5 }, 'remote-control'],
    ['file:offer', { transferId: 't1', name: 'a.txt', size: 5, type: 'text/plain', sha256: 'a'.repeat(64) }, 'file-transfer'],
    ['file:accept', { transferId: 't1' }, 'file-transfer'],
    ['file:chunk', { transferId: 't1', index: 0, data: 'aGVsbG8=' }, 'file-transfer'],
  ] as const;

  it('is refused every gated function with not-granted, each refusal is audited, and nothing reaches the customer', async () => {
    const t = await startRelay();
    const { tech, cust, sessionId } = await pair(t);
    await sleep(30);
    const seenByCustomer = recordAll(cust);
    const before = (await t.relay.store.getSession(sessionId))!.consent;

    for (const [event, payload, fn] of GATED) {
      expect(await call(tech, event, payload), event).toMatchObject({ ok: false, error: { code: 'not-granted', fn } });
    }

    await sleep(50);
    expect(seenByCustomer.filter(([event]) => event !== 'audit:entry')).toEqual([]);
    expect((await t.relay.store.getSession(sessionId))!.consent).toEqual(before);
    const audit = await ok<{ entries: AuditEntry[] }>(cust, 'audit:fetch');
    const refused = audit.entries.filter((e) => e.type === 'use-refused');
    expect(refused.map((e) => ({ actor: e.actor, fn: e.fn, detail: e.detail }))).toEqual(
      GATED.map(([event, , fn]) => ({ actor: 'technician', fn, detail: `${event}: not-granted` })),
    );
    // the customer sees the refusals in its copy of the audit log, and nothing else
    expect(seenByCustomer.map(([event, entry]) => [event, (entry as AuditEntry).type])).toEqual(GATED.map(() => ['audit:entry', 'use-refused']));
  });

  it('is refused again after the customer denied the request, and after revoking a grant', async () => {
    const t = await startRelay();
    const { tech, cust } = await pair(t);
    const requested = await ok<{ prompt: { id: string } }>(tech, 'consent:request', { fn: 'desktop-view' });
    await ok(cust, 'consent:decide', { promptId: requested.prompt.id, allow: false });
    expect(await call(tech, 'screen:signal', { kind: 'offer', data: 'v=0' })).toMatchObject({ ok: false, error: { code: 'not-granted', fn: 'desktop-view' } });

    const again = await ok<{ prompt: { id: string } }>(tech, 'consent:request', { fn: 'file-transfer' });
    await ok(cust, 'consent:decide', { promptId: again.prompt.id, allow: true });
    await ok(cust, 'consent:revoke', { fn: 'file-transfer' });
    await sleep(30);
    const seenByCustomer = recordAll(cust);
    expect(await call(tech, 'file:chunk', { transferId: 't1', index: 0, data: 'aGVsbG8=' })).toMatchObject({
      ok: false,
      error: { code: 'not-granted', fn: 'file-transfer' },
    });
    await sleep(50);
    expect(seenByCustomer.filter(([event]) => event === 'file:chunk')).toEqual([]);
  });

  it('is refused a function the session does not offer, even before asking', async () => {
    const t = await startRelay({ functions: ['desktop-view'] });
    const { tech, cust } = await pair(t);
    await sleep(30);
    const seenByCustomer = recordAll(cust);
    expect(await call(tech, 'reboot:request')).toMatchObject({ ok: false, error: { code: 'function-unavailable', fn: 'reboot' } });
    expect(await call(tech, 'consent:request', { fn: 'reboot' })).toMatchObject({ ok: false, error: { code: 'function-unavailable' } });
    await sleep(50);
    expect(seenByCustomer.filter(([event]) => event !== 'audit:entry')).toEqual([]);
  });

  it("cannot use another session's grants: the technician of session B is refused while session A has them", async () => {
    const t = await startRelay();
    const a = await pair(t);
    const requested = await ok<{ prompt: { id: string } }>(a.tech, 'consent:request', { fn: 'system-info' });
    await ok(a.cust, 'consent:decide', { promptId: requested.prompt.id, allow: true });
    const b = await pair(t);
    await sleep(30);
    const seenByA = recordAll(a.cust);
    expect(await call(b.tech, 'sysinfo:request')).toMatchObject({ ok: false, error: { code: 'not-granted' } });
    const attached = await call(b.tech, 'session:attach', { sessionId: a.sessionId });
    expect(attached).toMatchObject({ ok: false, error: { code: 'invalid-state' } });
    await sleep(50);
    expect(seenByA).toEqual([]);
    // A's grant is untouched and still works for A's technician.
    const delivered = next(a.cust, 'sysinfo:request');
    await ok(a.tech, 'sysinfo:request');
    await delivered;
  });

  it('cannot reach a customer from a socket that is in no session', async () => {
    const t = await startRelay();
    const { cust } = await pair(t);
    await sleep(30);
    const seenByCustomer = recordAll(cust);
    const stranger = technician(t.url, t.token);
    for (const [event, payload] of GATED) {
      expect(await call(stranger, event, payload)).toMatchObject({ ok: false, error: { code: 'not-in-session' } });
    }
    expect(await call(stranger, 'chat:send', { clientId: 'x', text: 'hello' })).toMatchObject({ ok: false, error: { code: 'not-in-session' } });
    await sleep(50);
    expect(seenByCustomer).toEqual([]);
  });

  it('gets nothing from a customer without a grant: screen signals, screen state and file events are refused', async () => {
    const t = await startRelay();
    const { tech, cust } = await pair(t);
    await sleep(30);
    const seenByTech = recordAll(tech);
    expect(await call(cust, 'screen:signal', { kind: 'answer', data: 'v=0' })).toMatchObject({ ok: false, error: { code: 'not-granted', fn: 'desktop-view' } });
    expect(await call(cust, 'screen:state', { state: 'sharing', surface: 'monitor' })).toMatchObject({ ok: false, error: { code: 'not-granted', fn: 'desktop-view' } });
    for (const [event, payload] of [
      ['file:offer', { transferId: 't1', name: 'a.txt', size: 5, type: 'text/plain', sha256: 'a'.repeat(64) }],
      ['file:accept', { transferId: 't1' }],
      ['file:chunk', { transferId: 't1', index: 0, data: 'aGVsbG8=' }],
    ] as const) {
      expect(await call(cust, event, payload), event).toMatchObject({ ok: false, error: { code: 'not-granted', fn: 'file-transfer' } });
    }
    await sleep(50);
    expect(seenByTech.filter(([event]) => event !== 'audit:entry')).toEqual([]);
  });
});

describe('logs', () => {
  it('never contain chat text, tokens or the session code', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
    const t = await startRelay({ logger, failedJoinsPerAddress: 2 });
    const marker = `MARKER-${Math.random().toString(36).slice(2)}-zebra`;
    const secretish = `sk_live_${Math.random().toString(36).slice(2)}`;

    const { tech, cust, code, resumeToken } = await pair(t);
    const toTech = next<ChatMessage>(tech, 'chat:message');
    await ok(cust, 'chat:send', { clientId: 'c1', text: `${marker} my password is ${secretish}` });
    await toTech;
    const toCust = next<ChatMessage>(cust, 'chat:message');
    await ok(tech, 'chat:send', { clientId: 't1', text: `thanks, ${marker}` });
    await toCust;
    // refused messages, malformed ones and unknown events are logged (at debug) without their contents
    await call(cust, 'chat:send', { clientId: 'c2', text: `${marker}${'x'.repeat(3_000)}` });
    await call(cust, 'chat:send', { clientId: 'c3', text: marker, [marker]: secretish });
    await emitRaw(cust, marker, { text: marker });
    await call(cust, 'session:resume', { token: `${marker}_${secretish}`.replace(/[^\w-]/g, '_').slice(0, 90), lastSeq: 0 });
    await call(tech, 'screen:signal', { kind: 'offer', data: marker });
    // a queued customer's name and problem description, and a failed code attempt
    const queued = customer(t.url);
    await call(queued, 'queue:join', { name: marker, description: `${marker} ${secretish}` });
    await call(customer(t.url), 'session:join', { code: String((Number(code) + 1) % 1_000_000).padStart(6, '0') });
    // refused technician handshakes
    await handshake(technicianWith(t.url, { token: `${marker}.${secretish}.x` }));
    await ok(cust, 'session:end');
    await sleep(30);

    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(5);
    expect(log).toContain('session created');
    for (const secret of [marker, secretish, t.token, resumeToken, `"${code}"`]) expect(log).not.toContain(secret);
  });
});

describe('the health endpoint', () => {
  it('answers GET /healthz with 200 JSON, status ok and the count of live sessions', async () => {
    const t = await startRelay();
    const get = async () => {
      const res = await fetch(`${t.url}/healthz`);
      return { status: res.status, type: res.headers.get('content-type'), cache: res.headers.get('cache-control'), body: (await res.json()) as Record<string, unknown> };
    };
    expect(await get()).toMatchObject({ status: 200, type: 'application/json', cache: 'no-store', body: { status: 'ok', liveSessions: 0 } });
    const { cust } = await pair(t);
    await ok(technician(t.url, t.token), 'session:create');
    expect((await get()).body).toMatchObject({ status: 'ok', liveSessions: 2, sockets: { customers: 1, technicians: 2 } });
    await ok(cust, 'session:end');
    expect((await get()).body).toMatchObject({ status: 'ok', liveSessions: 1 });
    const query = await fetch(`${t.url}/healthz?probe=1`);
    expect(query.status).toBe(200);
    await query.body?.cancel();
  });

  it('answers 503 with liveSessions null and store unavailable while the store does not answer, and 200 again after', async () => {
    const flaky = flakyStore('countLive');
    const t = await startRelay({ store: flaky.store });
    flaky.fail(1);
    const down = await fetch(`${t.url}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: 'unavailable', liveSessions: null, store: 'unavailable' });
    const up = await fetch(`${t.url}/healthz`);
    expect(up.status).toBe(200);
    expect(await up.json()).toMatchObject({ status: 'ok', liveSessions: 0, store: 'memory' });
  });

  it('answers other paths with a bare 404', async () => {
    const t = await startRelay();
    for (const path of ['/', '/healthz/x', '/admin', '/socket.io.js']) {
      const res = await fetch(`${t.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(await res.json()).toEqual({ error: 'not-found' });
    }
  });
});

describe('a page served by the relay itself', () => {
  it('may open the customer namespace over long-polling, which sends no Origin on a same-origin GET', async () => {
    const t = await startRelay();
    const host = new URL(t.url).host;
    const sameOrigin = connect(`${t.url}/customer`, {
      transports: ['polling'],
      forceNew: true,
      reconnection: false,
      extraHeaders: { 'sec-fetch-site': 'same-origin', host },
    });
    try {
      await new Promise<void>((resolve, reject) => {
        sameOrigin.once('connect', resolve);
        sameOrigin.once('connect_error', reject);
      });
      expect(sameOrigin.connected).toBe(true);
    } finally {
      sameOrigin.disconnect();
    }
  });

  it('is not assumed for a cross-site request without an Origin header', async () => {
    const t = await startRelay();
    const crossSite = connect(`${t.url}/customer`, {
      transports: ['polling'],
      forceNew: true,
      reconnection: false,
      extraHeaders: { 'sec-fetch-site': 'cross-site' },
    });
    try {
      const error = await new Promise<Error & { data?: { code?: string } }>((resolve) => crossSite.once('connect_error', resolve));
      expect(error.data?.code).toBe('forbidden-origin');
    } finally {
      crossSite.disconnect();
    }
  });
});
