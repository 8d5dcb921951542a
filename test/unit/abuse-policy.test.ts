/**
 * The relay's abuse policy in plain modules: the strikes of a socket over its budget (answer once per window, silence,
 * disconnect after a streak), transfer lookups by client-chosen ids, and pending chunks released when a transfer stops.
 */
import { describe, expect, it } from 'vitest';
import { Strikes } from '../../src/server/limits.js';
import { resolveOptions, ConfigError } from '../../src/server/options.js';
import type { TransferRecord } from '../../src/server/store.js';
import { TransferProgress, transferOf } from '../../src/server/transfers.js';

describe('strikes over a socket budget', () => {
  it('answers the first refusal of a window, drops the rest of it, answers again in the next', () => {
    const strikes = new Strikes(100);
    expect(strikes.refused(600, 10_000)).toBe('answer');
    expect(strikes.refused(500, 10_100)).toBe('silent');
    expect(strikes.refused(1, 10_599)).toBe('silent');
    expect(strikes.refused(400, 10_600)).toBe('answer');
  });

  it('disconnects at the limit of refusals in a row; an event within budget starts the count again', () => {
    const strikes = new Strikes(3);
    expect([strikes.refused(10, 0), strikes.refused(10, 1)]).toEqual(['answer', 'silent']);
    strikes.passed();
    expect([strikes.refused(10, 100), strikes.refused(10, 101), strikes.refused(10, 102)]).toEqual(['answer', 'silent', 'disconnect']);
  });
});

describe('the abuse options', () => {
  const resolve = (o: object) => resolveOptions(o, () => 'x'.repeat(32));
  it('have defaults: 100 refusals in a row, a 60 s audit window, a 2 s delay over the global code limit', () => {
    expect(resolve({})).toMatchObject({ refusalsBeforeDisconnect: 100, refusalAuditWindowMs: 60_000, failedJoinsGlobalDelayMs: 2_000 });
  });
  it('refuse nonsense; a 0 audit window writes every refusal', () => {
    expect(() => resolve({ refusalsBeforeDisconnect: 0 })).toThrow(ConfigError);
    expect(() => resolve({ refusalAuditWindowMs: -1 })).toThrow(ConfigError);
    expect(() => resolve({ failedJoinsGlobalDelayMs: Number.NaN })).toThrow(ConfigError);
    expect(resolve({ refusalAuditWindowMs: 0 }).refusalAuditWindowMs).toBe(0);
  });
  it('wait 10 s by default before a function the customer said no to may be asked for again; 0 turns it off', () => {
    expect(resolve({}).consentCooldownMs).toBe(10_000);
    expect(resolve({ consentCooldownMs: 0 }).consentCooldownMs).toBe(0);
    expect(() => resolve({ consentCooldownMs: -1 })).toThrow(ConfigError);
    expect(() => resolve({ consentCooldownMs: 1.5 })).toThrow(ConfigError);
    expect(() => resolve({ consentCooldownMs: 10 * 60_000 + 1 })).toThrow(ConfigError);
  });
});

describe('transfers by client-chosen ids', () => {
  const t = { from: 'customer', name: 'a.txt', size: 1, type: 'text/plain', sha256: '0'.repeat(64), state: 'offered', offeredAt: 0 } as TransferRecord;

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])('finds no inherited %s, and finds one that was stored', (id) => {
    expect(transferOf({}, id)).toBeUndefined();
    expect(transferOf(undefined, id)).toBeUndefined();
    const stored = JSON.parse(JSON.stringify({ [id]: t })) as Record<string, TransferRecord>;
    expect(transferOf(stored, id)).toEqual(t);
    expect(transferOf(structuredClone(stored), id)).toEqual(t);
  });

  it('releases the chunks waiting on a transfer once it is forgotten, one or the whole session', async () => {
    const progress = new TransferProgress();
    const one = progress.of('s', 'a');
    const two = progress.of('s', 'b');
    const settled: string[] = [];
    void one.stopped.then(() => settled.push('a'));
    void two.stopped.then(() => settled.push('b'));
    progress.forget('s', 'a');
    await Promise.resolve();
    expect(settled).toEqual(['a']);
    progress.forget('s');
    await Promise.resolve();
    expect(settled).toEqual(['a', 'b']);
    expect(progress.peek('s', 'b')).toBeUndefined();
  });
});
