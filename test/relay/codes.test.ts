/**
 * Session codes (format, uniqueness, single use, expiry) and the brute-force limits on guessing them, per client
 * address and over all clients. All test clients come from 127.0.0.1, so other addresses are simulated with
 * `trustProxy` and an X-Forwarded-For header, as a reverse proxy in front of the relay would send it.
 */
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RelayError } from '../../src/protocol/index.js';
import { MemoryStore } from '../../src/server/memory-store.js';
import { customerWith, emitRaw } from './clients.js';
import { call, connected, customer, next, ok, sleep, startRelay, technician, type TestRelay } from './support.js';

/** A code of the same length that is not `code`. */
const other = (code: string, by = 1) => String((Number(code) + by) % 10 ** code.length).padStart(code.length, '0');

async function create(t: TestRelay) {
  const tech = technician(t.url, t.token);
  const created = await ok<{ code: string; session: { id: string }; codeExpiresAt: number }>(tech, 'session:create');
  return { tech, ...created };
}

const error = (ack: unknown) => (ack as { ok: false; error: RelayError }).error;

describe('session codes', () => {
  it('are 6 digits and unique over 200 live sessions', async () => {
    const t = await startRelay({ sessionsPerTechnicianPerHour: 200 });
    const sessions = await Promise.all(Array.from({ length: 200 }, () => create(t)));
    const codes = sessions.map((s) => s.code);
    for (const code of codes) expect(code).toMatch(/^\d{6}$/);
    expect(new Set(codes).size).toBe(200);
    expect(await t.relay.store.countLive()).toBe(200);
  });

  it('have the configured length', async () => {
    const t = await startRelay({ codeLength: 9 });
    expect((await create(t)).code).toMatch(/^\d{9}$/);
  });

  it('refuse a wrong code with invalid-code', async () => {
    const t = await startRelay();
    const { code } = await create(t);
    expect(await call(customer(t.url), 'session:join', { code: other(code) })).toMatchObject({ ok: false, error: { code: 'invalid-code' } });
  });

  it('refuse a code of the wrong length with invalid-code, even when it starts or ends with the right one', async () => {
    const t = await startRelay();
    const { code } = await create(t);
    const cust = customer(t.url);
    for (const attempt of ['1234', '12345', code.slice(0, 5), `${code}0`, `0${code}`, `${code}${code}`]) {
      expect(await call(cust, 'session:join', { code: attempt }), attempt).toMatchObject({ ok: false, error: { code: 'invalid-code' } });
    }
    await ok(cust, 'session:join', { code });
  });

  it('are single use: a second customer with the same code gets code-used', async () => {
    const t = await startRelay();
    const { code, tech } = await create(t);
    await ok(customer(t.url), 'session:join', { code });
    const seen = await call(customer(t.url), 'session:join', { code });
    expect(seen).toMatchObject({ ok: false, error: { code: 'code-used' } });
    // the session was not touched by the second attempt
    expect(await call(tech, 'chat:history', { afterSeq: 0 })).toMatchObject({ ok: true, messages: [] });
  });

  it('are burnt when the technician ends the session before anyone joined', async () => {
    const t = await startRelay();
    const { code, tech } = await create(t);
    await ok(tech, 'session:end');
    expect(await call(customer(t.url), 'session:join', { code })).toMatchObject({ ok: false, error: { code: 'code-used' } });
  });

  it('expire when left unused past codeTtlMs: the technician is told code-expired and a late customer gets code-expired', async () => {
    const t = await startRelay({ codeTtlMs: 300 });
    const { code, tech, codeExpiresAt, session } = await create(t);
    const ended = next<{ by: string; reason: string }>(tech, 'session:ended', () => true, 2_000);
    expect(await ended).toEqual({ by: 'relay', reason: 'code-expired' });
    expect(Date.now()).toBeGreaterThanOrEqual(codeExpiresAt);
    expect(await call(customer(t.url), 'session:join', { code })).toMatchObject({ ok: false, error: { code: 'code-expired' } });
    expect((await t.relay.store.getSession(session.id))?.state).toBe('ended');
    expect(await t.relay.store.countLive()).toBe(0);
  });

  it('that expired are always reported code-expired, never code-used, however the expiry timer falls', async () => {
    // Node timers can fire a millisecond before Date.now() reaches their due time; over 100 codes that happens often.
    const t = await startRelay({ codeTtlMs: 100, failedJoinsPerAddress: 1_000, failedJoinsGlobal: 1_000, eventsPerSecond: 1_000 });
    const sessions = await Promise.all(
      Array.from({ length: 100 }, async () => {
        const tech = technician(t.url, t.token);
        const ended = next<{ reason: string }>(tech, 'session:ended', () => true, 10_000); // 100 technicians connect at once: generous on a loaded machine
        const created = await ok<{ code: string }>(tech, 'session:create');
        return { code: created.code, ended };
      }),
    );
    for (const s of sessions) expect(await s.ended).toMatchObject({ reason: 'code-expired' });
    const late = customer(t.url);
    const answers = await Promise.all(sessions.map((s) => call(late, 'session:join', { code: s.code })));
    expect(new Set(answers.map((a) => (a.ok ? 'ok' : a.error.code)))).toEqual(new Set(['code-expired']));
  });

  it('are still good just before they expire', async () => {
    const t = await startRelay({ codeTtlMs: 400 });
    const { code } = await create(t);
    await new Promise((resolve) => setTimeout(resolve, 150));
    await ok(customer(t.url), 'session:join', { code });
  });

  it('do not count malformed join payloads as failed attempts', async () => {
    const t = await startRelay({ failedJoinsPerAddress: 2 });
    const { code } = await create(t);
    const cust = customer(t.url);
    for (const attempt of ['abc', '', '1'.repeat(13), ' 123456']) {
      expect(await call(cust, 'session:join', { code: attempt })).toMatchObject({ ok: false, error: { code: 'bad-payload' } });
    }
    await ok(cust, 'session:join', { code });
  });
});

describe('brute-force protection', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('cuts one address off after failedJoinsPerAddress wrong codes, then refuses even the right code', async () => {
    const t = await startRelay({ failedJoinsPerAddress: 5, trustProxy: true });
    const { code } = await create(t);
    const attacker = customerWith(t.url, { forwardedFor: '203.0.113.7' });
    for (let i = 1; i <= 5; i++) {
      expect(await emitRaw(attacker, 'session:join', { code: other(code, i) })).toMatchObject({ ok: false, error: { code: 'invalid-code' } });
    }
    const cut = error(await emitRaw(attacker, 'session:join', { code: other(code, 6) }));
    expect(cut.code).toBe('rate-limited');
    expect(cut.retryAfter).toBeGreaterThan(0);
    expect(cut.retryAfter).toBeLessThanOrEqual(15 * 60_000);
    const right = error(await emitRaw(attacker, 'session:join', { code }));
    expect(right.code).toBe('rate-limited');
    expect(right.retryAfter).toBeGreaterThan(0);
    // a new connection from the same address is just as blocked
    expect(await emitRaw(customerWith(t.url, { forwardedFor: '203.0.113.7' }), 'session:join', { code })).toMatchObject({
      ok: false,
      error: { code: 'rate-limited' },
    });
    // another address is not
    await ok(customerWith(t.url, { forwardedFor: '198.51.100.20' }), 'session:join', { code });
  });

  it('holds one address to failedJoinsPerAddress guesses when its many connections guess at the same moment', async () => {
    const t = await startRelay({ failedJoinsPerAddress: 3 });
    const { code } = await create(t);
    const attackers = Array.from({ length: 30 }, () => customer(t.url));
    await Promise.all(attackers.map((a) => connected(a)));
    const answers = await Promise.all(attackers.map((a, i) => call(a, 'session:join', { code: other(code, i + 1) })));
    const codes = answers.map((a) => error(a).code);
    expect(codes.filter((c) => c === 'invalid-code')).toHaveLength(3);
    expect(codes.filter((c) => c === 'rate-limited')).toHaveLength(27);
  });

  it('does not count a right code against the address: failedJoinsPerAddress wrong ones are still allowed after it', async () => {
    const t = await startRelay({ failedJoinsPerAddress: 2 });
    const first = await create(t);
    const second = await create(t);
    await ok(customer(t.url), 'session:join', { code: first.code });
    const attacker = customer(t.url);
    for (let i = 1; i <= 2; i++) expect(error(await call(attacker, 'session:join', { code: other(second.code, i) })).code).toBe('invalid-code');
    expect(error(await call(attacker, 'session:join', { code: second.code })).code).toBe('rate-limited');
  });

  it('leaves no point taken by a right code refused while another right code of the address was still being checked', async () => {
    // Looking a code up takes a while (a busy store): the address's second right code comes while the first holds the
    // last attempt left.
    const store = new MemoryStore();
    const claim = store.claimCode.bind(store);
    store.claimCode = async (...args: Parameters<MemoryStore['claimCode']>) => {
      await sleep(300);
      return claim(...args);
    };
    const t = await startRelay({ failedJoinsPerAddress: 3, store });
    const [first, second, third] = [await create(t), await create(t), await create(t)];
    const guesser = customer(t.url);
    for (let i = 1; i <= 2; i++) expect(error(await call(guesser, 'session:join', { code: other(third.code, i * 7) })).code).toBe('invalid-code');
    const a = customer(t.url);
    const b = customer(t.url);
    await Promise.all([connected(a), connected(b)]);
    const firstJoin = call(a, 'session:join', { code: first.code });
    await sleep(100);
    expect(error(await call(b, 'session:join', { code: second.code })).code).toBe('rate-limited');
    expect(await firstJoin).toMatchObject({ ok: true });
    // Two failures stand, as before: the address's next right code gets in.
    await ok(customer(t.url), 'session:join', { code: third.code });
  });

  it('counts wrong-length codes and used codes as failed attempts', async () => {
    const t = await startRelay({ failedJoinsPerAddress: 3 });
    const { code } = await create(t);
    await ok(customer(t.url), 'session:join', { code });
    const attacker = customer(t.url);
    expect(await call(attacker, 'session:join', { code: '1234' })).toMatchObject({ ok: false, error: { code: 'invalid-code' } });
    expect(await call(attacker, 'session:join', { code })).toMatchObject({ ok: false, error: { code: 'code-used' } });
    expect(await call(attacker, 'session:join', { code: '1234567' })).toMatchObject({ ok: false, error: { code: 'invalid-code' } });
    expect(await call(attacker, 'session:join', { code: other(code) })).toMatchObject({ ok: false, error: { code: 'rate-limited' } });
  });

  it('lifts the cut-off once the 15-minute window has passed', async () => {
    const t = await startRelay({ failedJoinsPerAddress: 3, codeTtlMs: 60 * 60_000 });
    const { code } = await create(t);
    const attacker = customer(t.url);
    for (let i = 1; i <= 3; i++) await call(attacker, 'session:join', { code: other(code, i) });
    const cut = error(await call(attacker, 'session:join', { code }));
    expect(cut.code).toBe('rate-limited');
    expect(cut.retryAfter).toBeGreaterThan(14 * 60_000);

    if (t.redis) {
      // Redis keeps the window by its own clock: the count for this address expires with the window.
      const redis = new Redis(t.redis.url);
      try {
        const [key] = await redis.keys(`${t.redis.keyPrefix}rl:join-addr:*`);
        expect(await redis.pttl(key!)).toBeGreaterThan(14 * 60_000);
        await redis.pexpire(key!, 1);
      } finally {
        redis.disconnect();
      }
      await sleep(20);
      await ok(customer(t.url), 'session:join', { code });
      return;
    }
    // Only the clock moves; timers stay real. A socket.io client whose clock jumps takes its connection for dead,
    // so each step connects anew (from the same address).
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 14 * 60_000 });
    expect(await call(customer(t.url), 'session:join', { code })).toMatchObject({ ok: false, error: { code: 'rate-limited' } });
    vi.setSystemTime(Date.now() + cut.retryAfter! - 14 * 60_000 + 1_000);
    await ok(customer(t.url), 'session:join', { code });
  });

  it('slows everyone down after failedJoinsGlobal wrong codes from many addresses, but never refuses the right code', async () => {
    const t = await startRelay({ failedJoinsPerAddress: 100, failedJoinsGlobal: 6, failedJoinsGlobalDelayMs: 400, trustProxy: true });
    const { code } = await create(t);
    for (let i = 1; i <= 6; i++) {
      const bot = customerWith(t.url, { forwardedFor: `192.0.2.${i}` });
      expect(await emitRaw(bot, 'session:join', { code: other(code, i) })).toMatchObject({ ok: false, error: { code: 'invalid-code' } });
    }
    // the global cap is used up: a guess from a fresh address is answered, after the delay
    let started = Date.now();
    expect(await emitRaw(customerWith(t.url, { forwardedFor: '192.0.2.77' }), 'session:join', { code: other(code, 7) })).toMatchObject({
      ok: false,
      error: { code: 'invalid-code' },
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    // and the customer with the right code from a fresh address gets in, after the same delay
    const innocent = customerWith(t.url, { forwardedFor: '198.51.100.99' });
    started = Date.now();
    await ok(innocent, 'session:join', { code });
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
  });

  it('ignores X-Forwarded-For unless trustProxy is set, so a client cannot pick its own address', async () => {
    const t = await startRelay({ failedJoinsPerAddress: 3 });
    const { code } = await create(t);
    for (let i = 1; i <= 3; i++) {
      const bot = customerWith(t.url, { forwardedFor: `192.0.2.${i}` });
      expect(await emitRaw(bot, 'session:join', { code: other(code, i) })).toMatchObject({ ok: false, error: { code: 'invalid-code' } });
    }
    expect(await emitRaw(customerWith(t.url, { forwardedFor: '192.0.2.200' }), 'session:join', { code })).toMatchObject({
      ok: false,
      error: { code: 'rate-limited' },
    });
  });

  it('behind a trusted proxy, keys on the address the proxy saw, not on a client-supplied X-Forwarded-For', async () => {
    // A proxy appends the address it saw to whatever X-Forwarded-For the client sent: "<client's claim>, <real address>".
    const t = await startRelay({ failedJoinsPerAddress: 3, trustProxy: true });
    const { code } = await create(t);
    for (let i = 1; i <= 3; i++) {
      const bot = customerWith(t.url, { forwardedFor: `10.9.8.${i}, 203.0.113.50` });
      expect(await emitRaw(bot, 'session:join', { code: other(code, i) })).toMatchObject({ ok: false, error: { code: 'invalid-code' } });
    }
    expect(await emitRaw(customerWith(t.url, { forwardedFor: '10.9.8.77, 203.0.113.50' }), 'session:join', { code })).toMatchObject({
      ok: false,
      error: { code: 'rate-limited' },
    });
    await ok(customerWith(t.url, { forwardedFor: '10.9.8.1, 203.0.113.51' }), 'session:join', { code });
  });
});
