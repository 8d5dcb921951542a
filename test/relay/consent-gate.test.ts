/**
 * The relay as the consent enforcer (SPEC §3): every gated event passes the grant state kept at the relay, in every
 * state a grant can be in, from both sides; prompts are shown one at a time; every change reaches the audit log and
 * both participants. Real relay on loopback, real socket.io clients.
 */
import type { Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import type {
  AuditEntry,
  ChatMessage,
  ConsentChange,
  ConsentState,
  FunctionId,
  Prompt,
  RelayError,
} from '../../src/protocol/index.js';
import { call, collect, grant, next, ok, pair, sleep, startRelay } from './support.js';

type ConsentUpdate = { consent: ConsentState; changes: ConsentChange[] };
type PromptInfo = { prompt: Prompt | null; technician?: { name: string; org: string } };

/**
 * Gated technician events, the function each needs, a payload that uses it, what the customer then receives (default:
 * the payload) and what the technician's acknowledgement holds besides `ok`; `nth` makes the i-th of several uses.
 */
interface GatedUse {
  event: string;
  fn: FunctionId;
  payload: Record<string, unknown>;
  relayed?: unknown;
  acked?: Record<string, unknown>;
  /** Audit entries (of this function) that follow `function-used`. */
  afterUse?: string[];
  nth?: (i: number) => { payload: Record<string, unknown>; relayed: unknown };
}

const OFFER = { transferId: 'tr-1', name: 'notes.txt', size: 11, type: 'text/plain', sha256: 'a'.repeat(64) };

const GATED: GatedUse[] = [
  { event: 'sysinfo:request', fn: 'system-info', payload: {} },
  {
    event: 'reboot:request',
    fn: 'reboot',
    payload: {},
    relayed: { token: expect.stringMatching(/^[\w-]{20,100}$/) as unknown, expiresAt: expect.any(Number) as unknown },
    acked: { expiresAt: expect.any(Number) as unknown },
    afterUse: ['reboot-token-issued'],
  },
  { event: 'screen:signal', fn: 'desktop-view', payload: { kind: 'offer', data: 'v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n' } },
  { event: 'control:event', fn: 'remote-control', payload: { type: 'pointer', x: 0.25, y: 0.75 } },
  {
    event: 'file:offer',
    fn: 'file-transfer',
    payload: OFFER,
    relayed: { ...OFFER, from: 'technician' },
    // Every offer needs its own transfer id.
    nth: (i) => ({ payload: { ...OFFER, transferId: `tr-${i}` }, relayed: { ...OFFER, transferId: `tr-${i}`, from: 'technician' } }),
  },
];

const ONE_SHOT: FunctionId[] = ['system-info', 'reboot'];

/** Makes `fn` requestable: remote control needs a live desktop view first. */
async function prerequisites(tech: Socket, cust: Socket, fn: FunctionId): Promise<void> {
  if (fn === 'remote-control') await grant(tech, cust, 'desktop-view');
}

/**
 * Resolves once everything the relay sent `to` before now has arrived: the sender posts a chat message and we wait
 * for it on the other side (socket.io keeps order per connection), so anything not seen by then was never relayed.
 */
let barriers = 0;
async function barrier(from: Socket, to: Socket): Promise<void> {
  const clientId = `barrier-${++barriers}`;
  const arrived = next<ChatMessage>(to, 'chat:message', (m) => m.clientId === clientId);
  await ok(from, 'chat:send', { clientId, text: 'sync' });
  await arrived;
}

function refusedWith(code: string, fn?: FunctionId) {
  return { ok: false, error: expect.objectContaining({ code, ...(fn ? { fn } : {}) }) as RelayError };
}

async function auditOf(socket: Socket): Promise<AuditEntry[]> {
  return (await ok<{ entries: AuditEntry[] }>(socket, 'audit:fetch')).entries;
}

describe.each(GATED)('the technician event $event (needs $fn)', ({ event, fn, payload, relayed: delivered = payload, acked = {}, afterUse = [], nth }) => {
  it('is refused before the customer granted anything, logged, and never reaches the customer', async () => {
    const t = await startRelay();
    const { tech, cust } = await pair(t);
    await prerequisites(tech, cust, fn);
    const seen = collect(cust, event);
    expect(await call(tech, event, payload)).toEqual(refusedWith('not-granted', fn));
    await barrier(tech, cust);
    expect(seen).toEqual([]);
    const refused = (await auditOf(cust)).filter((e) => e.type === 'use-refused');
    expect(refused).toEqual([expect.objectContaining({ actor: 'technician', fn, detail: `${event}: not-granted` })]);
  });

  it('is relayed to the customer with its payload intact once the customer allowed it', async () => {
    const t = await startRelay();
    const { tech, cust } = await pair(t);
    await prerequisites(tech, cust, fn);
    await grant(tech, cust, fn);
    const relayed = next<unknown>(cust, event);
    expect(await call(tech, event, payload)).toEqual({ ok: true, ...acked });
    expect(await relayed).toEqual(delivered);
  });

  if (ONE_SHOT.includes(fn)) {
    it('works exactly once per grant, and again after a new grant', async () => {
      const t = await startRelay();
      const { tech, cust } = await pair(t);
      const seen = collect(cust, event);
      await grant(tech, cust, fn);
      const used = next<ConsentUpdate>(cust, 'consent:update', (u) => u.changes.some((c) => c.fn === fn && c.to === 'used'));
      await ok(tech, event, payload);
      expect((await used).consent.grants[fn].status).toBe('used');
      expect(await call(tech, event, payload)).toEqual(refusedWith('not-granted', fn));
      await grant(tech, cust, fn);
      await ok(tech, event, payload);
      expect(await call(tech, event, payload)).toEqual(refusedWith('not-granted', fn));
      await barrier(tech, cust);
      expect(seen).toEqual([delivered, delivered]);
      const types = (await auditOf(tech)).filter((e) => e.fn === fn).map((e) => `${e.type}${e.to ? `→${e.to}` : ''}`);
      expect(types).toEqual([
        'consent-requested',
        'consent-changed→granted',
        'consent-changed→used',
        'function-used',
        ...afterUse,
        'use-refused',
        'consent-requested',
        'consent-changed→granted',
        'consent-changed→used',
        'function-used',
        ...afterUse,
        'use-refused',
      ]);
    });
  } else {
    it('stays usable while the grant is live', async () => {
      const t = await startRelay();
      const { tech, cust } = await pair(t);
      await prerequisites(tech, cust, fn);
      await grant(tech, cust, fn);
      const seen = collect(cust, event);
      const uses = [1, 2, 3].map((i) => nth?.(i) ?? { payload, relayed: delivered });
      for (const use of uses) await ok(tech, event, use.payload);
      await barrier(tech, cust);
      expect(seen).toEqual(uses.map((use) => use.relayed));
    });
  }

  it('is refused after the customer revokes that one function', async () => {
    const t = await startRelay();
    const { tech, cust } = await pair(t);
    await prerequisites(tech, cust, fn);
    await grant(tech, cust, fn);
    const revoked = await ok<{ consent: ConsentState }>(cust, 'consent:revoke', { fn });
    expect(revoked.consent.grants[fn].status).toBe('revoked');
    const seen = collect(cust, event);
    expect(await call(tech, event, payload)).toEqual(refusedWith('not-granted', fn));
    await barrier(tech, cust);
    expect(seen).toEqual([]);
    if (fn === 'remote-control') {
      // Only that one function: desktop view is still live.
      expect(revoked.consent.grants['desktop-view'].status).toBe('granted');
      await ok(tech, 'screen:signal', { kind: 'offer', data: 'still-live' });
    }
  });

  it('is refused after Stop sharing (revoke all), while the chat goes on', async () => {
    const t = await startRelay();
    const { tech, cust } = await pair(t);
    await prerequisites(tech, cust, fn);
    await grant(tech, cust, fn);
    const stopped = await ok<{ consent: ConsentState }>(cust, 'consent:revoke-all');
    expect(Object.values(stopped.consent.grants).some((g) => g.status === 'granted')).toBe(false);
    const seen = collect(cust, event);
    expect(await call(tech, event, payload)).toEqual(refusedWith('not-granted', fn));
    await barrier(tech, cust);
    await barrier(cust, tech);
    expect(seen).toEqual([]);
  });

  it('is refused after the customer denied the request', async () => {
    const t = await startRelay();
    const { tech, cust } = await pair(t);
    await prerequisites(tech, cust, fn);
    const requested = await ok<{ prompt: Prompt }>(tech, 'consent:request', { fn });
    const denied = next<ConsentUpdate>(tech, 'consent:update', (u) => u.changes.some((c) => c.fn === fn && c.cause === 'deny'));
    await ok(cust, 'consent:decide', { promptId: requested.prompt.id, allow: false });
    expect((await denied).consent.grants[fn].status).toBe('denied');
    expect(await call(tech, event, payload)).toEqual(refusedWith('not-granted', fn));
  });

  it('is refused after the prompt expired unanswered', async () => {
    const t = await startRelay({ promptTimeoutMs: 200 });
    const { tech, cust } = await pair(t);
    await prerequisites(tech, cust, fn);
    const shown = next<PromptInfo>(cust, 'consent:prompt', (p) => p.prompt?.fn === fn);
    const expired = next<ConsentUpdate>(tech, 'consent:update', (u) => u.changes.some((c) => c.fn === fn && c.to === 'expired'));
    const requested = await ok<{ prompt: Prompt }>(tech, 'consent:request', { fn });
    const on = await shown;
    expect(on.prompt?.expiresAt).toBeGreaterThan(Date.now() - 50);
    const closed = next<PromptInfo>(cust, 'consent:prompt', (p) => p.prompt === null);
    const update = await expired;
    expect(update.changes).toContainEqual(expect.objectContaining({ fn, from: 'pending', to: 'expired', cause: 'expire', promptId: requested.prompt.id }));
    expect(update.consent.grants[fn].status).toBe('expired');
    expect(update.consent.prompts).toEqual([]);
    expect((await closed).prompt).toBeNull();
    // The prompt is gone: answering it now changes nothing.
    expect(await call(cust, 'consent:decide', { promptId: requested.prompt.id, allow: true })).toEqual(refusedWith('not-found'));
    expect(await call(tech, event, payload)).toEqual(refusedWith('not-granted', fn));
    const changed = (await auditOf(cust)).find((e) => e.type === 'consent-changed' && e.fn === fn && e.to === 'expired');
    expect(changed).toMatchObject({ actor: 'relay', from: 'pending', cause: 'expire' });
  });

  it('is refused once the session has ended', async () => {
    const t = await startRelay();
    const { tech, cust } = await pair(t);
    await prerequisites(tech, cust, fn);
    await grant(tech, cust, fn);
    const seen = collect(cust, event);
    const ended = next(tech, 'session:ended');
    await ok(cust, 'session:end');
    await ended;
    expect(await call(tech, event, payload)).toEqual(refusedWith('session-ended'));
    await sleep(20);
    expect(seen).toEqual([]);
  });
});

describe('remote control and desktop view', () => {
  it('refuses to ask for remote control before desktop view is granted, naming desktop view as the missing grant', async () => {
    const t = await startRelay();
    const { tech, cust } = await pair(t);
    const prompts = collect<PromptInfo>(cust, 'consent:prompt');
    expect(await call(tech, 'consent:request', { fn: 'remote-control' })).toEqual(refusedWith('requires-function', 'desktop-view'));
    await barrier(tech, cust);
    expect(prompts).toEqual([]);
  });

  it('revokes remote control when the customer revokes desktop view', async () => {
    const t = await startRelay();
    const { tech, cust } = await pair(t);
    await grant(tech, cust, 'desktop-view');
    await grant(tech, cust, 'remote-control');
    await ok(tech, 'control:event', { type: 'pointer', x: 0.5, y: 0.5 });
    const update = next<ConsentUpdate>(tech, 'consent:update', (u) => u.changes.some((c) => c.to === 'revoked'));
    await ok(cust, 'consent:revoke', { fn: 'desktop-view' });
    const { changes, consent } = await update;
    expect(changes.map((c) => [c.fn, c.to, c.cause])).toEqual([
      ['desktop-view', 'revoked', 'revoke'],
      ['remote-control', 'revoked', 'dependency'],
    ]);
    expect(consent.grants['remote-control'].status).toBe('revoked');
    expect(await call(tech, 'control:event', { type: 'pointer-hide' })).toEqual(refusedWith('not-granted', 'remote-control'));
    expect(await call(tech, 'screen:signal', { kind: 'bye', data: '' })).toEqual(refusedWith('not-granted', 'desktop-view'));
    const audit = (await auditOf(cust)).filter((e) => e.type === 'consent-changed' && e.to === 'revoked');
    expect(audit.map((e) => [e.fn, e.actor, e.cause])).toEqual([
      ['desktop-view', 'customer', 'revoke'],
      ['remote-control', 'relay', 'dependency'],
    ]);
  });

  it('withdraws a pending remote-control request when desktop view is revoked', async () => {
    const t = await startRelay();
    const { tech, cust } = await pair(t);
    await grant(tech, cust, 'desktop-view');
    const requested = await ok<{ prompt: Prompt }>(tech, 'consent:request', { fn: 'remote-control' });
    const closed = next<PromptInfo>(cust, 'consent:prompt', (p) => p.prompt === null);
    const revoked = await ok<{ consent: ConsentState }>(cust, 'consent:revoke', { fn: 'desktop-view' });
    expect(revoked.consent.grants['remote-control'].status).toBe('denied');
    expect(revoked.consent.prompts).toEqual([]);
    await closed;
    expect(await call(cust, 'consent:decide', { promptId: requested.prompt.id, allow: true })).toEqual(refusedWith('not-found'));
    expect(await call(tech, 'control:event', { type: 'pointer', x: 0, y: 0 })).toEqual(refusedWith('not-granted', 'remote-control'));
  });
});

describe('re-confirmation of long-lived control grants', () => {
  const timings = { reconfirmAfterMs: 300, promptTimeoutMs: 300 };

  it('revokes desktop view when the customer leaves the re-confirmation unanswered', async () => {
    const t = await startRelay(timings);
    const { tech, cust } = await pair(t);
    const reconfirm = next<PromptInfo>(cust, 'consent:prompt', (p) => p.prompt?.kind === 'reconfirm');
    const revoked = next<ConsentUpdate>(tech, 'consent:update', (u) => u.changes.some((c) => c.cause === 'reconfirm-expire'));
    await grant(tech, cust, 'desktop-view');
    const shown = await reconfirm;
    expect(shown.prompt).toMatchObject({ fn: 'desktop-view', kind: 'reconfirm' });
    expect(shown.technician).toEqual({ name: 'Alex Demo', org: 'Demo Support' });
    // Still live while the question is open.
    await ok(tech, 'screen:signal', { kind: 'candidate', data: 'c1' });
    const update = await revoked;
    expect(update.changes).toContainEqual(expect.objectContaining({ fn: 'desktop-view', from: 'granted', to: 'revoked', cause: 'reconfirm-expire' }));
    expect(await call(tech, 'screen:signal', { kind: 'candidate', data: 'c2' })).toEqual(refusedWith('not-granted', 'desktop-view'));
    const audit = await auditOf(cust);
    expect(audit).toContainEqual(expect.objectContaining({ type: 'consent-reconfirm-requested', fn: 'desktop-view', actor: 'relay' }));
    expect(audit).toContainEqual(expect.objectContaining({ type: 'consent-changed', fn: 'desktop-view', to: 'revoked', cause: 'reconfirm-expire', actor: 'relay' }));
  });

  it('keeps desktop view live when the customer confirms it again', async () => {
    const t = await startRelay(timings);
    const { tech, cust } = await pair(t);
    const reconfirm = next<PromptInfo>(cust, 'consent:prompt', (p) => p.prompt?.kind === 'reconfirm');
    await grant(tech, cust, 'desktop-view');
    const { prompt } = await reconfirm;
    const confirmed = await ok<{ consent: ConsentState }>(cust, 'consent:decide', { promptId: prompt!.id, allow: true });
    expect(confirmed.consent.grants['desktop-view'].status).toBe('granted');
    // Past the moment the unanswered question would have revoked it, and before the next one is due to run out.
    await sleep(350);
    const relayed = next(cust, 'screen:signal');
    await ok(tech, 'screen:signal', { kind: 'candidate', data: 'c3' });
    expect(await relayed).toEqual({ kind: 'candidate', data: 'c3' });
    const causes = (await auditOf(cust)).filter((e) => e.type === 'consent-changed').map((e) => e.cause);
    expect(causes).toEqual(['allow', 'reconfirm-allow']);
  });

  it('revokes desktop view when the customer refuses the re-confirmation', async () => {
    const t = await startRelay(timings);
    const { tech, cust } = await pair(t);
    const reconfirm = next<PromptInfo>(cust, 'consent:prompt', (p) => p.prompt?.kind === 'reconfirm');
    await grant(tech, cust, 'desktop-view');
    const { prompt } = await reconfirm;
    const refused = await ok<{ consent: ConsentState }>(cust, 'consent:decide', { promptId: prompt!.id, allow: false });
    expect(refused.consent.grants['desktop-view'].status).toBe('revoked');
    expect(await call(tech, 'screen:signal', { kind: 'candidate', data: 'c4' })).toEqual(refusedWith('not-granted', 'desktop-view'));
  });
});

describe("the customer's own gated events", () => {
  const CUSTOMER_GATED = [
    { event: 'screen:signal', fn: 'desktop-view' as const, payload: { kind: 'answer', data: 'v=0\r\na=sendonly\r\n' } },
    { event: 'screen:state', fn: 'desktop-view' as const, payload: { state: 'sharing', surface: 'this-tab' } },
  ];

  it.each(CUSTOMER_GATED)('refuses $event from the customer without a live $fn grant', async ({ event, fn, payload }) => {
    const t = await startRelay();
    const { tech, cust } = await pair(t);
    const seen = collect(tech, event);
    expect(await call(cust, event, payload)).toEqual(refusedWith('not-granted', fn));
    await barrier(cust, tech);
    expect(seen).toEqual([]);
    expect((await auditOf(tech)).filter((e) => e.type === 'use-refused')).toEqual([
      expect.objectContaining({ actor: 'customer', fn, detail: `${event}: not-granted` }),
    ]);
  });

  it.each(CUSTOMER_GATED)('relays $event from the customer to the technician with a live $fn grant, until revoked', async ({ event, fn, payload }) => {
    const t = await startRelay();
    const { tech, cust } = await pair(t);
    await grant(tech, cust, fn);
    const relayed = next(tech, event);
    await ok(cust, event, payload);
    expect(await relayed).toEqual(payload);
    await ok(cust, 'consent:revoke', { fn });
    expect(await call(cust, event, payload)).toEqual(refusedWith('not-granted', fn));
  });
});

describe('prompts', () => {
  it('shows one prompt at a time: the second only after the first is answered', async () => {
    const t = await startRelay();
    const { tech, cust } = await pair(t);
    const prompts = collect<PromptInfo>(cust, 'consent:prompt');
    const first = await ok<{ prompt: Prompt }>(tech, 'consent:request', { fn: 'desktop-view' });
    const second = await ok<{ prompt: Prompt; consent: ConsentState }>(tech, 'consent:request', { fn: 'file-transfer' });
    expect(second.consent.prompts.map((p) => p.fn)).toEqual(['desktop-view', 'file-transfer']);
    // The waiting prompt has no countdown yet.
    expect(second.prompt.expiresAt).toBeUndefined();
    await barrier(tech, cust);
    expect(prompts.map((p) => p.prompt?.id)).toEqual([first.prompt.id]);
    // The waiting prompt cannot be answered before the one on show.
    expect(await call(cust, 'consent:decide', { promptId: second.prompt.id, allow: true })).toEqual(refusedWith('invalid-state'));

    const shownNext = next<PromptInfo>(cust, 'consent:prompt', (p) => p.prompt?.id === second.prompt.id);
    await ok(cust, 'consent:decide', { promptId: first.prompt.id, allow: true });
    expect((await shownNext).prompt).toMatchObject({ fn: 'file-transfer', kind: 'request' });
    expect(prompts.map((p) => p.prompt?.id)).toEqual([first.prompt.id, second.prompt.id]);

    const closed = next<PromptInfo>(cust, 'consent:prompt', (p) => p.prompt === null);
    await ok(cust, 'consent:decide', { promptId: second.prompt.id, allow: false });
    await closed;
    expect(prompts.map((p) => p.prompt?.id ?? null)).toEqual([first.prompt.id, second.prompt.id, null]);
  });

  it('starts the countdown of a waiting prompt only when it is shown', async () => {
    // Half the answer time passes before the first prompt is answered: had the second one's countdown started with
    // its request, less than half of its time would be left when it shows (a second of it, so that a slow machine's
    // delays cannot expire the first prompt before its answer).
    const t = await startRelay({ promptTimeoutMs: 1000 });
    const { tech, cust } = await pair(t);
    const first = await ok<{ prompt: Prompt }>(tech, 'consent:request', { fn: 'desktop-view' });
    await ok(tech, 'consent:request', { fn: 'file-transfer' });
    const shownNext = next<PromptInfo>(cust, 'consent:prompt', (p) => p.prompt?.fn === 'file-transfer');
    await sleep(500);
    await ok(cust, 'consent:decide', { promptId: first.prompt.id, allow: true });
    const { prompt } = await shownNext;
    expect(prompt!.expiresAt! - Date.now()).toBeGreaterThan(600);
  });

  it('answers a decision on an unknown prompt id with not-found and changes nothing', async () => {
    const t = await startRelay();
    const { tech, cust } = await pair(t);
    const requested = await ok<{ prompt: Prompt; consent: ConsentState }>(tech, 'consent:request', { fn: 'desktop-view' });
    const updates = collect<ConsentUpdate>(tech, 'consent:update');
    for (const promptId of ['p1-remote-control', 'p99-desktop-view', `${requested.prompt.id}x`, 'synthetic']) {
      expect(await call(cust, 'consent:decide', { promptId, allow: true })).toEqual(refusedWith('not-found'));
    }
    await barrier(cust, tech);
    expect(updates).toEqual([]);
    expect(await call(tech, 'screen:signal', { kind: 'offer', data: 'x' })).toEqual(refusedWith('not-granted', 'desktop-view'));
  });

  it('does not let the technician answer, revoke or stop sharing on the customer’s behalf', async () => {
    const t = await startRelay();
    const { tech, cust } = await pair(t);
    const requested = await ok<{ prompt: Prompt }>(tech, 'consent:request', { fn: 'desktop-view' });
    const decided = await call(tech, 'consent:decide', { promptId: requested.prompt.id, allow: true });
    expect(decided).toEqual({ ok: false, error: expect.objectContaining({ code: 'bad-payload', detail: 'unknown event "consent:decide"' }) as RelayError });
    await ok(cust, 'consent:decide', { promptId: requested.prompt.id, allow: true });
    for (const [event, payload] of [['consent:revoke', { fn: 'desktop-view' }], ['consent:revoke-all', {}], ['session:resume', { token: 'x'.repeat(32), lastSeq: 0 }]] as const) {
      expect(await call(tech, event, payload)).toEqual({ ok: false, error: expect.objectContaining({ code: 'bad-payload', detail: `unknown event "${event}"` }) as RelayError });
    }
    // And the customer cannot use the technician's side of a function.
    expect(await call(cust, 'control:event', { type: 'pointer', x: 0, y: 0 })).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'bad-payload', detail: 'unknown event "control:event"' }) as RelayError,
    });
    const relayed = next(cust, 'screen:signal');
    await ok(tech, 'screen:signal', { kind: 'offer', data: 'still granted' });
    await relayed;
  });
});

describe('revocation ordering', () => {
  it('refuses a technician use sent right after the revoke, every time (50 rounds)', async () => {
    const t = await startRelay({ eventsPerSecond: 10_000 });
    const { tech, cust } = await pair(t);
    const relayed = collect(cust, 'screen:signal');
    for (let round = 0; round < 50; round++) {
      await grant(tech, cust, 'desktop-view');
      const revoke = call(cust, 'consent:revoke', { fn: 'desktop-view' });
      await revoke;
      const use = await call(tech, 'screen:signal', { kind: 'candidate', data: `r${round}` });
      expect(use, `round ${round}`).toEqual(refusedWith('not-granted', 'desktop-view'));
    }
    await barrier(tech, cust);
    expect(relayed).toEqual([]);
  });

  it('relays nothing to the customer after its revocation took effect, even with uses in flight (50 rounds)', async () => {
    const t = await startRelay({ eventsPerSecond: 10_000 });
    const { tech, cust } = await pair(t);
    const log: string[] = [];
    cust.on('screen:signal', (p: { data: string }) => log.push(`signal:${p.data}`));
    for (let round = 0; round < 50; round++) {
      await grant(tech, cust, 'desktop-view');
      log.length = 0;
      // Uses race the revocation on another connection; whatever the relay let through must reach the customer
      // before the revocation's answer, and nothing after it.
      // The revocation goes out before, among or after five uses (a different place each round).
      const at = round % 6;
      const uses: ReturnType<typeof call>[] = [];
      let revoked: ReturnType<typeof call> | undefined;
      const revoke = () =>
        call(cust, 'consent:revoke', { fn: 'desktop-view' }).then((r) => {
          log.push('revoked');
          return r;
        });
      for (let i = 0; i < 5; i++) {
        if (i === at) revoked = revoke();
        uses.push(call(tech, 'screen:signal', { kind: 'candidate', data: `${round}.${i}` }));
      }
      revoked ??= revoke();
      expect((await revoked).ok).toBe(true);
      const results = await Promise.all(uses);
      await barrier(tech, cust);
      const passed = results.map((r, i) => (r.ok ? `signal:${round}.${i}` : undefined)).filter(Boolean);
      expect(log.slice(log.indexOf('revoked') + 1), `round ${round}`).toEqual([]);
      expect(log.filter((e) => e !== 'revoked'), `round ${round}`).toEqual(passed);
      expect(await call(tech, 'screen:signal', { kind: 'candidate', data: 'after' })).toEqual(refusedWith('not-granted', 'desktop-view'));
    }
  });
});

describe('the audit log and consent updates', () => {
  it('records every consent change with actor and cause, and tells both sides with growing versions', async () => {
    const t = await startRelay({ promptTimeoutMs: 200 });
    const { tech, cust } = await pair(t);
    const techUpdates = collect<ConsentUpdate>(tech, 'consent:update');
    const custUpdates = collect<ConsentUpdate>(cust, 'consent:update');

    await grant(tech, cust, 'desktop-view'); // request, allow
    const rc = await ok<{ prompt: Prompt }>(tech, 'consent:request', { fn: 'remote-control' });
    await ok(cust, 'consent:decide', { promptId: rc.prompt.id, allow: false }); // deny
    const expired = next<ConsentUpdate>(tech, 'consent:update', (u) => u.changes.some((c) => c.cause === 'expire'));
    await ok(tech, 'consent:request', { fn: 'file-transfer' });
    await expired; // expire
    await grant(tech, cust, 'system-info');
    await ok(tech, 'sysinfo:request'); // use
    await grant(tech, cust, 'remote-control');
    await ok(cust, 'consent:revoke', { fn: 'desktop-view' }); // revoke + dependency
    await grant(tech, cust, 'desktop-view');
    await grant(tech, cust, 'file-transfer');
    await ok(cust, 'consent:revoke-all'); // revoke-all
    await grant(tech, cust, 'desktop-view');
    const ended = next(cust, 'session:ended');
    await ok(tech, 'session:end'); // end
    await ended;

    const expected: [FunctionId, string, string, string][] = [
      // fn, to, cause, actor
      ['desktop-view', 'pending', 'request', 'technician'],
      ['desktop-view', 'granted', 'allow', 'customer'],
      ['remote-control', 'pending', 'request', 'technician'],
      ['remote-control', 'denied', 'deny', 'customer'],
      ['file-transfer', 'pending', 'request', 'technician'],
      ['file-transfer', 'expired', 'expire', 'relay'],
      ['system-info', 'pending', 'request', 'technician'],
      ['system-info', 'granted', 'allow', 'customer'],
      ['system-info', 'used', 'use', 'technician'],
      ['remote-control', 'pending', 'request', 'technician'],
      ['remote-control', 'granted', 'allow', 'customer'],
      ['desktop-view', 'revoked', 'revoke', 'customer'],
      ['remote-control', 'revoked', 'dependency', 'relay'],
      ['desktop-view', 'pending', 'request', 'technician'],
      ['desktop-view', 'granted', 'allow', 'customer'],
      ['file-transfer', 'pending', 'request', 'technician'],
      ['file-transfer', 'granted', 'allow', 'customer'],
      ['desktop-view', 'revoked', 'revoke-all', 'customer'],
      ['file-transfer', 'revoked', 'revoke-all', 'customer'],
      ['desktop-view', 'pending', 'request', 'technician'],
      ['desktop-view', 'granted', 'allow', 'customer'],
      ['desktop-view', 'revoked', 'end', 'technician'],
    ];

    // Both sides saw the same updates, in order, each with a higher version than the last.
    expect(custUpdates).toEqual(techUpdates);
    const versions = techUpdates.map((u) => u.consent.version);
    expect(versions.every((v, i) => i === 0 || v > versions[i - 1]!)).toBe(true);
    const changes = techUpdates.flatMap((u) => u.changes);
    expect(changes.map((c) => [c.fn, c.to, c.cause])).toEqual(expected.map(([fn, to, cause]) => [fn, to, cause]));
    for (const u of techUpdates) for (const c of u.changes) expect(c.version).toBe(u.consent.version);
    expect(techUpdates.at(-1)!.consent.ended).toBe(true);

    // Every change is in the audit log with who did it and why (requests as consent-requested entries).
    const audit = await auditOf(cust);
    const consentEntries = audit
      .filter((e) => e.type === 'consent-requested' || e.type === 'consent-changed')
      .map((e) => (e.type === 'consent-requested' ? [e.fn, 'pending', 'request', e.actor] : [e.fn, e.to, e.cause, e.actor]));
    expect(consentEntries).toEqual(expected);
    for (const e of audit.filter((x) => x.type === 'consent-changed')) {
      expect(e.from).toBeTruthy();
      expect(e.at).toBeGreaterThan(0);
    }
    expect(audit.map((e) => e.seq)).toEqual(audit.map((_, i) => i + 1));
  });
});
