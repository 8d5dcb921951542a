/**
 * A resume whose answer the client never sees (lost, or later than its ack timeout) can be retried with the token it
 * sent: for `resumeRetryMs`, from the same connection or with the same `resumeId`, and the retry gets the same new
 * token. A stolen old token gets nothing: not after that window, and not from anyone else within it. On Redis the
 * retry goes to another relay process. Real relays on loopback, real socket.io clients.
 */
import type { Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import type { ChatMessage, JoinResult, RelayError } from '../../src/protocol/index.js';
import { BACKEND, call, customer, next, ok, pair, sleep, startRelay, technician, type TestRelay } from './support.js';

type Resumed = JoinResult & { missed: ChatMessage[] };

const RESUME_ID = 'r-5f0c2a9e41b7d3c8a6e1';

function refusedWith(code: string) {
  return { ok: false, error: expect.objectContaining({ code }) as RelayError };
}

/** A session whose customer dropped, and resumed on a new socket `first` with an answer the client never reads. */
async function resumedUnseen(t: TestRelay, resumeId?: string) {
  const paired = await pair(t);
  const { tech, cust, resumeToken } = paired;
  const away = next(tech, 'participant:update', (p: { present: boolean }) => !p.present);
  cust.disconnect();
  await away;
  const first = customer(t.url);
  // Read here only to compare; the client would have given up on it (its ack timed out, or the answer was lost).
  const unseen = await ok<Resumed>(first, 'session:resume', { token: resumeToken, lastSeq: 0, ...(resumeId ? { resumeId } : {}) });
  expect(unseen.resumeToken).not.toBe(resumeToken);
  return { ...paired, first, unseen };
}

/** Another relay process on the same Redis (the retry may reach any); on memory the same relay. */
async function elsewhere(t: TestRelay): Promise<TestRelay> {
  return BACKEND === 'redis' ? startRelay({ redis: t.redis }) : t;
}

/** The technician's message reaches `socket`: it holds the session. */
async function holds(tech: Socket, socket: Socket, text: string): Promise<void> {
  const heard = next<ChatMessage>(socket, 'chat:message', (m) => m.text === text);
  await ok(tech, 'chat:send', { clientId: `t-${text.replaceAll(' ', '-')}`, text });
  await heard;
}

describe('a resume whose answer the client never saw', () => {
  it('answers a retry on the same connection with the same session and the same new token', async () => {
    const t = await startRelay();
    const { tech, first, unseen, sessionId, resumeToken } = await resumedUnseen(t);
    const retried = await ok<Resumed>(first, 'session:resume', { token: resumeToken, lastSeq: 0 });
    expect(retried.session.id).toBe(sessionId);
    expect(retried.resumeToken).toBe(unseen.resumeToken);
    await holds(tech, first, 'still here');
    // The new token is the one that works from now on; the old one is spent once it has been used.
    const later = customer(t.url);
    const again = await ok<Resumed>(later, 'session:resume', { token: retried.resumeToken, lastSeq: 0 });
    expect(again.resumeToken).not.toBe(retried.resumeToken);
    expect(await call(customer(t.url), 'session:resume', { token: resumeToken, lastSeq: 0, resumeId: RESUME_ID })).toEqual(refusedWith('resume-expired'));
  });

  it('answers a retry with the same resumeId on a new connection (on Redis, another relay process) and disconnects the old one', async () => {
    const t = await startRelay();
    const { tech, first, unseen, sessionId, resumeToken } = await resumedUnseen(t, RESUME_ID);
    const other = await elsewhere(t);
    const gone = new Promise<string>((resolve) => first.once('disconnect', resolve));
    const retry = customer(other.url);
    const back = next<{ present: boolean; reason: string }>(tech, 'participant:update', (p) => p.present);
    const retried = await ok<Resumed>(retry, 'session:resume', { token: resumeToken, lastSeq: 0, resumeId: RESUME_ID });
    expect(retried.session.id).toBe(sessionId);
    expect(retried.resumeToken).toBe(unseen.resumeToken);
    expect(await gone).toBe('io server disconnect');
    expect((await back).reason).toBe('resumed');
    // One live customer socket: the retry's, which chats both ways; the old one's requests reach nothing.
    await holds(tech, retry, 'on the new connection');
    const toTech = next<ChatMessage>(tech, 'chat:message', (m) => m.clientId === 'c-1');
    await ok(retry, 'chat:send', { clientId: 'c-1', text: 'Back' });
    expect((await toTech).text).toBe('Back');
    expect(first.connected).toBe(false);
  });

  it('refuses the old token once resumeRetryMs is over, while the new one still works', async () => {
    const t = await startRelay({ resumeRetryMs: 300 });
    const { tech, first, unseen, resumeToken } = await resumedUnseen(t, RESUME_ID);
    await sleep(400);
    const other = await elsewhere(t);
    expect(await call(customer(other.url), 'session:resume', { token: resumeToken, lastSeq: 0, resumeId: RESUME_ID })).toEqual(refusedWith('resume-expired'));
    expect(await call(first, 'session:resume', { token: resumeToken, lastSeq: 0 })).toEqual(refusedWith('resume-expired'));
    await holds(tech, first, 'not lost');
    await ok<Resumed>(customer(other.url), 'session:resume', { token: unseen.resumeToken, lastSeq: 0 });
  });

  it('gives a third party with the old token nothing after a completed resume, and the customer keeps the session', async () => {
    const t = await startRelay();
    const { tech, first, resumeToken } = await resumedUnseen(t, RESUME_ID);
    const other = await elsewhere(t);
    for (const payload of [{}, { resumeId: 'r-someone-else-0000000' }]) {
      const thief = customer(other.url);
      expect(await call(thief, 'session:resume', { token: resumeToken, lastSeq: 0, ...payload })).toEqual(refusedWith('resume-expired'));
      expect(await call(thief, 'chat:send', { clientId: 'x-1', text: 'hi' })).toEqual(refusedWith('not-in-session'));
    }
    expect(first.connected).toBe(true);
    await holds(tech, first, 'you still have it');
  });

  it('gives two copies of one resume at once (on Redis, on two processes) the same new token, which then works', async () => {
    const t = await startRelay();
    const { tech, cust, resumeToken, sessionId } = await pair(t);
    const away = next(tech, 'participant:update', (p: { present: boolean }) => !p.present);
    cust.disconnect();
    await away;
    const other = await elsewhere(t);
    const payload = { token: resumeToken, lastSeq: 0, resumeId: RESUME_ID };
    // Each copy takes the session; the one that takes it last may disconnect the other before it answers.
    const answers = await Promise.all(
      [customer(t.url), customer(other.url)].map((socket) => call<Resumed>(socket, 'session:resume', payload).catch(() => undefined)),
    );
    const tokens = new Set<string>();
    for (const answer of answers) {
      if (!answer) continue;
      expect(answer).toMatchObject({ ok: true, session: { id: sessionId } });
      if (answer.ok) tokens.add(answer.resumeToken);
    }
    expect(tokens.size).toBe(1);
    const last = customer(t.url);
    await ok<Resumed>(last, 'session:resume', { token: [...tokens][0], lastSeq: 0 });
    await holds(tech, last, 'one of you');
  });
});

describe('a technician’s attach whose answer the console never saw', () => {
  it('is simply sent again, on the same socket or (on Redis, at another relay process) a new one, which takes over', async () => {
    const t = await startRelay();
    const { tech, cust, sessionId } = await pair(t);
    const away = next(cust, 'participant:update', (p: { present: boolean }) => !p.present);
    tech.disconnect();
    await away;
    const first = technician(t.url, t.token);
    await ok(first, 'session:attach', { sessionId });
    const again = await ok<{ session: { id: string; technicianPresent: boolean } }>(first, 'session:attach', { sessionId });
    expect(again.session).toMatchObject({ id: sessionId, technicianPresent: true });
    const other = await elsewhere(t);
    // The same technician: each relay's development token names the same sub, organisation and name.
    const retry = technician(other.url, other.token);
    const moved = await call(retry, 'session:attach', { sessionId });
    expect(moved).toMatchObject({ ok: true, session: { id: sessionId } });
    await holds(retry, cust, 'from the retry');
    expect(await call(first, 'chat:send', { clientId: 't-old', text: 'old tab' })).toEqual(refusedWith('not-in-session'));
  });
});
