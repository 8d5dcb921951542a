/**
 * The consent cooldown across relay processes: the customer (on one process) denies a function and the technician (on
 * the other) asks for it again at once; the process that never saw the denial refuses the request all the same, as
 * the wait is kept in the session's record in Redis, and lets it through once the wait is over.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { RelayError } from '../../src/protocol/index.js';
import { call, ok, sleep } from '../relay/support.js';
import { MISSING_REDIS_SERVER, missingRedis } from '../support/redis-server.js';
import { expectNoProblems, pairAcross, testRedis, twoRelays } from './support.js';

beforeEach(({ skip }) => {
  if (!testRedis()) missingRedis(skip, MISSING_REDIS_SERVER);
});

describe('consent cooldown across two processes', () => {
  it('refuses the request on the process that did not see the denial, until the wait is over', async () => {
    const [a, b] = await twoRelays({ consentCooldownMs: 1_000 });
    const { tech, cust } = await pairAcross(b, a);
    const asked = await ok<{ prompt: { id: string } }>(tech, 'consent:request', { fn: 'desktop-view' });
    await ok(cust, 'consent:decide', { promptId: asked.prompt.id, allow: false });

    const refused = (await call(tech, 'consent:request', { fn: 'desktop-view' })) as { ok: false; error: RelayError };
    expect(refused.ok).toBe(false);
    expect(refused.error).toMatchObject({ code: 'rate-limited', fn: 'desktop-view' });
    expect(refused.error.retryAfter).toBeGreaterThan(0);
    expect(refused.error.retryAfter).toBeLessThanOrEqual(1_000);

    await sleep(refused.error.retryAfter! + 50);
    await ok(tech, 'consent:request', { fn: 'desktop-view' });
    expectNoProblems(a, b);
  }, 30_000);
});
