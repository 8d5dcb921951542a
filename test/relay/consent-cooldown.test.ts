/**
 * The consent cooldown (SPEC §3, PROTOCOL `consent:request`): after the customer says no to a function (denies it, lets
 * it expire, revokes it), a new request for it is refused with `rate-limited` and `retryAfter` until a wait that grows
 * with each no has passed; the refusal is audited; other functions, used grants and hand-overs start no wait. The wait
 * is kept in the session record, so it holds for a relay process that did not see the no (Redis).
 */
import type { Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import type { AuditEntry, RelayError } from '../../src/protocol/index.js';
import { BACKEND, call, collect, grant, ok, pair, sleep, startRelay, technician } from './support.js';

/** The base wait of these tests: short, yet long enough that an immediate request surely falls within it. */
const BASE = 400;

type Refusal = { ok: false; error: RelayError };

async function deny(tech: Socket, cust: Socket, fn: string): Promise<void> {
  const requested = await ok<{ prompt: { id: string } }>(tech, 'consent:request', { fn });
  await ok(cust, 'consent:decide', { promptId: requested.prompt.id, allow: false });
}

describe('consent cooldown', () => {
  it('refuses a request right after a denial with retryAfter, audits it, and allows it once the wait is over', async () => {
    const t = await startRelay({ consentCooldownMs: BASE });
    const { tech, cust } = await pair(t);
    const audit = collect<AuditEntry>(tech, 'audit:entry');
    const prompts = collect<unknown>(cust, 'consent:prompt');
    await deny(tech, cust, 'desktop-view');
    const shown = prompts.length;

    const again = (await call(tech, 'consent:request', { fn: 'desktop-view' })) as Refusal;
    expect(again.ok).toBe(false);
    expect(again.error).toMatchObject({ code: 'rate-limited', fn: 'desktop-view' });
    expect(again.error.retryAfter).toBeGreaterThan(0);
    expect(again.error.retryAfter).toBeLessThanOrEqual(BASE);
    await sleep(50);
    expect(prompts.length).toBe(shown); // the customer saw nothing
    expect(audit.filter((e) => e.type === 'use-refused')).toEqual([
      expect.objectContaining({ actor: 'technician', fn: 'desktop-view', detail: 'consent:request: rate-limited' }),
    ]);

    await sleep(again.error.retryAfter! + 20);
    await ok(tech, 'consent:request', { fn: 'desktop-view' });
  });

  it('makes the wait longer with every further no, and leaves other functions alone', async () => {
    const t = await startRelay({ consentCooldownMs: BASE });
    const { tech, cust } = await pair(t);
    const waits: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      await deny(tech, cust, 'system-info');
      const refused = (await call(tech, 'consent:request', { fn: 'system-info' })) as Refusal;
      expect(refused.error.code).toBe('rate-limited');
      waits.push(refused.error.retryAfter!);
      // Another function is not held back by this one's wait.
      if (i === 0) await deny(tech, cust, 'file-transfer');
      await sleep(refused.error.retryAfter! + 20);
    }
    // 1×, 3×, 6× the base (less the time the test itself took).
    expect(waits[0]).toBeLessThanOrEqual(BASE);
    expect(waits[1]).toBeGreaterThan(BASE * 2);
    expect(waits[1]).toBeLessThanOrEqual(BASE * 3);
    expect(waits[2]).toBeGreaterThan(BASE * 5);
    expect(waits[2]).toBeLessThanOrEqual(BASE * 6);
  }, 20_000);

  it('starts a wait when a request expires unanswered', async () => {
    const t = await startRelay({ consentCooldownMs: BASE, promptTimeoutMs: 150 });
    const { tech } = await pair(t);
    await ok(tech, 'consent:request', { fn: 'reboot' });
    await sleep(200);
    // The expiry is applied by this very request if the relay's timer has not run yet: refused all the same.
    const refused = (await call(tech, 'consent:request', { fn: 'reboot' })) as Refusal;
    expect(refused.error).toMatchObject({ code: 'rate-limited', fn: 'reboot' });
  });

  it("starts a wait when the customer revokes a live grant, but not when a one-shot grant is used", async () => {
    const t = await startRelay({ consentCooldownMs: BASE });
    const { tech, cust } = await pair(t);
    await grant(tech, cust, 'file-transfer');
    await ok(cust, 'consent:revoke', { fn: 'file-transfer' });
    const refused = (await call(tech, 'consent:request', { fn: 'file-transfer' })) as Refusal;
    expect(refused.error).toMatchObject({ code: 'rate-limited', fn: 'file-transfer' });

    await grant(tech, cust, 'system-info');
    await ok(tech, 'sysinfo:request');
    await ok(tech, 'consent:request', { fn: 'system-info' });
  });

  it('is off with a base of 0', async () => {
    const t = await startRelay({ consentCooldownMs: 0 });
    const { tech, cust } = await pair(t);
    await deny(tech, cust, 'desktop-view');
    await ok(tech, 'consent:request', { fn: 'desktop-view' });
  });

  it.runIf(BACKEND === 'redis')('holds on another relay process sharing the store', async () => {
    const tokenSecret = 's'.repeat(40);
    const a = await startRelay({ tokenSecret, consentCooldownMs: 2_000 });
    const b = await startRelay({ tokenSecret, consentCooldownMs: 2_000, ...(a.redis ? { redis: a.redis } : {}) });
    const { tech, cust, sessionId } = await pair(a);
    await deny(tech, cust, 'desktop-view');
    // The technician comes back through the other process (a fresh console attaching to its session).
    const other = technician(b.url, a.token);
    await ok(other, 'session:attach', { sessionId });
    const refused = (await call(other, 'consent:request', { fn: 'desktop-view' })) as Refusal;
    expect(refused.error).toMatchObject({ code: 'rate-limited', fn: 'desktop-view' });
    expect(refused.error.retryAfter).toBeGreaterThan(1_000);
  });
});
