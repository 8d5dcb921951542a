/** How a resume token turns (src/server/session/resume-tokens.ts): the rules, without a relay. */
import { describe, expect, it } from 'vitest';
import { generateSecret, hashSecret } from '../../src/server/codes.js';
import { turnResumeToken, withoutRetry, type ResumeAsk } from '../../src/server/session/resume-tokens.js';
import type { SessionRecord } from '../../src/server/store.js';
import { initialConsent } from '../../src/protocol/index.js';

const T0 = generateSecret();
const NOW = 1_000_000;

function session(fields: Partial<SessionRecord> = {}): SessionRecord {
  return { id: 's1', state: 'active', createdAt: 0, customerPresent: true, technicianPresent: true, customerConn: 'conn-a', consent: initialConsent(), resumeHash: hashSecret(T0), ...fields };
}

function ask(token: string, fields: Partial<ResumeAsk> = {}): ResumeAsk {
  return { token, hash: hashSecret(token), conn: 'conn-a', attempt: undefined, now: NOW, retryMs: 30_000, salt: generateSecret(16), ...fields };
}

/** The session after a first resume with T0 from `conn` (`attempt`: its resume id's hash, null for none), and its turn. */
function afterFirst(attempt: string | null = hashSecret('r-one'), conn = 'conn-a') {
  const turn = turnResumeToken(session({ previousResumeHash: hashSecret('older') }), ask(T0, { attempt: attempt ?? undefined, conn }))!;
  return { turn, record: { ...turn.record, customerConn: conn } };
}

describe('turnResumeToken', () => {
  it('turns the current token into a new one, keeping the used one as the previous and spending the one before', () => {
    const { turn } = afterFirst();
    expect(turn.token).toMatch(/^[\w-]{43}$/);
    expect(turn.token).not.toBe(T0);
    expect(turn.spent).toEqual([hashSecret('older')]);
    expect(turn.record).toMatchObject({ resumeHash: hashSecret(turn.token), previousResumeHash: hashSecret(T0), previousResumeUntil: NOW + 30_000, resumeAttemptHash: hashSecret('r-one') });
    expect(JSON.stringify(turn.record)).not.toContain(turn.token);
  });

  it('answers a retry from the holding connection, or with the same resume id, with the same token and no change', () => {
    const { turn, record } = afterFirst();
    for (const retry of [ask(T0, { now: NOW + 30_000 }), ask(T0, { conn: 'conn-b', attempt: hashSecret('r-one'), now: NOW + 5_000 })]) {
      const again = turnResumeToken(record, retry);
      expect(again?.token).toBe(turn.token);
      expect(again?.spent).toEqual([]);
      expect(again?.record).toBe(record);
    }
  });

  it('refuses the previous token after the retry window, from another connection without the resume id, or with another id', () => {
    const { record } = afterFirst();
    expect(turnResumeToken(record, ask(T0, { now: NOW + 30_001 }))).toBeUndefined();
    expect(turnResumeToken(record, ask(T0, { conn: 'conn-b' }))).toBeUndefined();
    expect(turnResumeToken(record, ask(T0, { conn: 'conn-b', attempt: hashSecret('r-two') }))).toBeUndefined();
    // A first resume without an id leaves a retry to its own connection only.
    const { record: noId } = afterFirst(null);
    expect(turnResumeToken(noId, ask(T0, { conn: 'conn-b', attempt: hashSecret('r-one') }))).toBeUndefined();
    expect(turnResumeToken(noId, ask(T0))).toBeDefined();
  });

  it('refuses a token that is neither the current nor the previous one, and the previous one once the new one was used', () => {
    const { turn, record } = afterFirst();
    expect(turnResumeToken(record, ask(generateSecret()))).toBeUndefined();
    const next = turnResumeToken(record, ask(turn.token, { conn: 'conn-c' }))!;
    expect(next.spent).toEqual([hashSecret(T0)]);
    expect(turnResumeToken({ ...next.record, customerConn: 'conn-a' }, ask(T0, { attempt: hashSecret('r-one') }))).toBeUndefined();
  });

  it('leaves nothing to retry after a rejoin', () => {
    const { record } = afterFirst();
    const rejoined = withoutRetry(record);
    expect(rejoined).not.toHaveProperty('previousResumeHash');
    expect(rejoined).not.toHaveProperty('resumeSalt');
    expect(turnResumeToken(rejoined, ask(T0))).toBeUndefined();
  });
});
