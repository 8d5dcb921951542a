/**
 * Hardening (issue 15, second part), against a real relay on loopback on this run's store: the abuse policy (file
 * chunks count as events, refusals over budget answered once per window, a socket refused too often in a row
 * disconnected, `use-refused` lines collapsed), transfer ids named after `Object.prototype` members, the technician's
 * identity (sub and organisation, and a name that does not change), and a receiver's drop failing the sender's
 * pending chunk acknowledgements at once.
 */
import { createHash } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/protocol/index.js';
import { issueTechnicianToken, type CreateRelayOptions } from '../../src/server/index.js';
import { UNAVAILABLE_LOG_MS } from '../../src/server/unavailable-log.js';
import { answer, disconnected } from './clients.js';
import { BACKEND, call, flakyStore, grant, next, ok, pair, sleep, startRelay, technician } from './support.js';

const SECRET = 'hardening-test-secret-0123456789abcdef';
const PROTOTYPE_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'] as const;

async function auditOf(socket: Socket): Promise<AuditEntry[]> {
  return (await ok<{ entries: AuditEntry[] }>(socket, 'audit:fetch')).entries;
}

const codeOf = (ack: unknown) => (ack === 'none' ? 'none' : (ack as { ok: boolean; error?: { code: string } }).error?.code ?? 'ok');

function smallFile(transferId: string, text = 'hello') {
  const data = Buffer.from(text);
  return {
    offer: { transferId, name: 'notes.txt', size: data.length, type: 'text/plain', sha256: createHash('sha256').update(data).digest('hex') },
    chunk: { transferId, index: 0, data: data.toString('base64') },
  };
}

async function withGrant(options: CreateRelayOptions = {}) {
  const t = await startRelay(options);
  const p = await pair(t);
  await grant(p.tech, p.cust, 'file-transfer');
  return { t, ...p };
}

describe('the abuse policy', () => {
  it('counts file chunks as events: tiny chunks without a grant run into eventsPerSecond, only the first refusal over it is answered', async () => {
    const { cust } = await pair(await startRelay({ eventsPerSecond: 5 }));
    await sleep(1100);
    const acks = await Promise.all(Array.from({ length: 8 }, (_, index) => answer(cust, 'file:chunk', { transferId: 'tx', index, data: 'AA==' })));
    expect(acks.map(codeOf)).toEqual(['not-granted', 'not-granted', 'not-granted', 'not-granted', 'not-granted', 'rate-limited', 'none', 'none']);
  });

  it('disconnects a socket refused refusalsBeforeDisconnect times in a row; an event within budget ends the streak', async () => {
    const t = await startRelay({ eventsPerSecond: 3, refusalsBeforeDisconnect: 5 });
    const { cust, tech } = await pair(t);
    await sleep(1100);
    // 3 pass, 4 refused: still connected; after the window, 1 passes and the streak starts again
    await Promise.all(Array.from({ length: 7 }, () => answer(cust, 'chat:typing', { typing: true }, 300)));
    expect(cust.connected).toBe(true);
    await sleep(1100);
    expect(codeOf(await answer(cust, 'chat:typing', { typing: true }))).toBe('ok');
    const gone = disconnected(cust, 5000);
    for (let i = 0; i < 8; i++) cust.emit('chat:typing', { typing: true }, () => undefined);
    expect(await gone).toBe('io server disconnect');
    // the technician's socket is not touched
    expect(tech.connected).toBe(true);
    await ok(tech, 'chat:typing', { typing: true });
  });

  it('collapses repeated use-refused lines of one function and actor within refusalAuditWindowMs into one with a count', async () => {
    const t = await startRelay({ refusalAuditWindowMs: 600 });
    const { cust, tech } = await pair(t);
    for (let index = 0; index < 6; index++) expect(codeOf(await call(cust, 'file:chunk', { transferId: 'tx', index, data: 'AA==' }))).toBe('not-granted');
    expect(codeOf(await call(tech, 'sysinfo:request'))).toBe('not-granted');
    const refusedNow = (await auditOf(tech)).filter((e) => e.type === 'use-refused');
    expect(refusedNow.map((e) => [e.actor, e.fn, e.detail])).toEqual([
      ['customer', 'file-transfer', 'file:chunk: not-granted'],
      ['technician', 'system-info', 'sysinfo:request: not-granted'],
    ]);
    const summary = await next<AuditEntry>(tech, 'audit:entry', (e) => e.type === 'use-refused', 3000);
    expect(summary).toMatchObject({ actor: 'customer', fn: 'file-transfer' });
    expect(summary.detail).toMatch(/^file:chunk: not-granted, 5 more times \(\d{4}-\d\d-\d\dT[\d:.]+Z – \d{4}-\d\d-\d\dT[\d:.]+Z\)$/);
    await sleep(800);
    // a single refusal has nothing to add: no second line for the technician's
    expect((await auditOf(tech)).filter((e) => e.type === 'use-refused')).toHaveLength(3);
  });

  it('starts a new line when the consent changed: a refusal after a grant came and went is not folded into the earlier ones', async () => {
    const t = await startRelay({ refusalAuditWindowMs: 60_000 });
    const { cust, tech } = await pair(t);
    for (let index = 0; index < 3; index++) expect(codeOf(await call(cust, 'file:chunk', { transferId: 'tx', index, data: 'AA==' }))).toBe('not-granted');
    await grant(tech, cust, 'file-transfer');
    await ok(cust, 'consent:revoke', { fn: 'file-transfer' });
    expect(codeOf(await call(cust, 'file:chunk', { transferId: 'tx', index: 0, data: 'AA==' }))).toBe('not-granted');
    const refused = (await auditOf(tech)).filter((e) => e.type === 'use-refused').map((e) => e.detail);
    expect(refused).toEqual(['file:chunk: not-granted', expect.stringMatching(/^file:chunk: not-granted, 2 more times \(/) as unknown, 'file:chunk: not-granted']);
  });
});

describe.each(PROTOTYPE_NAMES)('a transfer id named %s', (transferId) => {
  it('is unknown until offered: every file event answers not-found and writes no audit line', async () => {
    const { tech, cust } = await withGrant();
    const before = await auditOf(tech);
    const notFound = { ok: false, error: expect.objectContaining({ code: 'not-found' }) as unknown };
    expect(await call(cust, 'file:cancel', { transferId })).toEqual(notFound);
    expect(await call(tech, 'file:cancel', { transferId, reason: 'declined' })).toEqual(notFound);
    expect(await call(tech, 'file:accept', { transferId })).toEqual(notFound);
    expect(await call(cust, 'file:chunk', { transferId, index: 0, data: 'AA==' })).toEqual(notFound);
    expect(await call(tech, 'file:done', { transferId, sha256: '0'.repeat(64) })).toEqual(notFound);
    expect(await auditOf(tech)).toEqual(before);
  });

  it('works like any other id once offered: offer, accept, chunk, done', async () => {
    const { tech, cust } = await withGrant();
    const f = smallFile(transferId);
    tech.on('file:chunk', (_chunk: unknown, ack: (r: { ok: boolean }) => void) => ack({ ok: true }));
    const offered = next<{ transferId: string }>(tech, 'file:offer');
    await ok(cust, 'file:offer', f.offer);
    expect((await offered).transferId).toBe(transferId);
    expect(codeOf(await call(cust, 'file:offer', f.offer))).toBe('invalid-state');
    await ok(tech, 'file:accept', { transferId });
    await ok(cust, 'file:chunk', f.chunk);
    const done = next(cust, 'file:done');
    await ok(tech, 'file:done', { transferId, sha256: f.offer.sha256 });
    await done;
    expect(codeOf(await call(cust, 'file:cancel', { transferId }))).toBe('not-found');
  });
});

describe("a receiver's drop", () => {
  it("fails the sender's pending chunk acknowledgement at once with unavailable, not after fileAckTimeoutMs", async () => {
    const { tech, cust } = await withGrant({ fileAckTimeoutMs: 30_000 });
    const f = smallFile('tx');
    const offered = next(tech, 'file:offer');
    await ok(cust, 'file:offer', f.offer);
    await offered;
    await ok(tech, 'file:accept', { transferId: 'tx' });
    const arrived = new Promise<void>((resolve) => tech.on('file:chunk', () => resolve()));
    const pending = call(cust, 'file:chunk', f.chunk);
    await arrived;
    const started = Date.now();
    tech.disconnect();
    expect(await pending).toEqual({ ok: false, error: expect.objectContaining({ code: 'unavailable' }) as unknown });
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe("a technician's identity", () => {
  async function attachWith(identity: { id: string; name: string; org: string }) {
    const t = await startRelay({ tokenSecret: SECRET });
    const { sessionId, cust } = await pair(t);
    const token = await issueTechnicianToken(SECRET, identity);
    return { cust, result: await call(technician(t.url, token), 'session:attach', { sessionId }) };
  }

  it('is the token sub within its organisation: the same sub in another organisation finds no session', async () => {
    const { result } = await attachWith({ id: 'dev-technician', name: 'Alex Demo', org: 'Other Vendor' });
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'not-found' }) as unknown });
  });

  it('keeps its name: the same sub and organisation under another name is refused, and the customer sees nothing', async () => {
    const { result, cust } = await attachWith({ id: 'dev-technician', name: 'Mallory', org: 'Demo Support' });
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'unauthorized' }) as unknown });
    expect((await auditOf(cust)).some((e) => e.type === 'participant-resumed')).toBe(false);
  });

  it('attaches with the same sub, organisation and name', async () => {
    const { result } = await attachWith({ id: 'dev-technician', name: 'Alex Demo', org: 'Demo Support' });
    expect(result).toMatchObject({ ok: true, session: { technician: { name: 'Alex Demo', org: 'Demo Support' } } });
  });
});

// The store here is a memory one that fails on purpose: the same on both projects, so run once.
describe.runIf(BACKEND === 'memory')('the store going away', () => {
  it('is logged in one line per window with the count of events answered unavailable, not a line per event', async () => {
    const lines: string[] = [];
    const flaky = flakyStore('appendMessage');
    const t = await startRelay({ store: flaky.store, logger: pino({ level: 'info' }, { write: (line: string) => void lines.push(line) }) });
    const { tech, cust } = await pair(t);
    flaky.fail(40);
    for (let i = 0; i < 20; i++) {
      expect(codeOf(await call(cust, 'chat:send', { clientId: `c${i}`, text: 'hello' }))).toBe('unavailable');
      expect(codeOf(await call(tech, 'chat:send', { clientId: `t${i}`, text: 'hello' }))).toBe('unavailable');
    }
    const logged = () => lines.map((line) => JSON.parse(line) as { msg: string; event?: string }).filter((l) => l.msg.startsWith('store unavailable'));
    expect(logged()).toEqual([expect.objectContaining({ event: 'chat:send', moreSinceLastLine: 0 })]);
    // The outage is over (the store answers again) within the window: the other 39 are reported at its end, not
    // carried into the first line of the next outage.
    await ok(cust, 'chat:send', { clientId: 'after', text: 'hello' });
    const until = Date.now() + UNAVAILABLE_LOG_MS + 2000;
    while (logged().length < 2 && Date.now() < until) await sleep(100);
    expect(logged()).toEqual([
      expect.objectContaining({ event: 'chat:send', moreSinceLastLine: 0 }),
      expect.objectContaining({ event: 'chat:send', moreSinceLastLine: 39 }),
    ]);
    expect(lines.join('')).not.toContain('hello');
  }, 20_000);
});
