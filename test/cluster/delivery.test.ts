/**
 * A chat message stored in Redis always reaches the other side (or the sender is told it did not), also when what
 * happens right after the append goes wrong: Redis's reply is lost, the link to Redis is cut, or the relay process
 * dies. Two relay processes reach Redis through a TCP proxy that breaks the sender's connection right after the
 * append went through (test/support/redis-proxy.ts); the technician is on the other process.
 */
import type { Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/protocol/index.js';
import { startRedisProxy, type Fault, type RedisProxy } from '../support/redis-proxy.js';
import { MISSING_REDIS_SERVER, missingRedis } from '../support/redis-server.js';
import { call, collect, customer, ok, sleep } from '../relay/support.js';
import { expectNoProblems, pairAcross, say, testRedis, twoRelays, until, type Joined } from './support.js';

type Sent = { message: ChatMessage; duplicate: boolean };

let proxy: RedisProxy | undefined;

beforeEach(({ skip }) => {
  if (!testRedis()) missingRedis(skip, MISSING_REDIS_SERVER);
});

afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

/** Sends until the relay says ok (it answers `unavailable` while its link to Redis comes back), as a client does. */
async function sendUntilOk(socket: Socket, clientId: string, text: string): Promise<Sent> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const answer = await call<Sent>(socket, 'chat:send', { clientId, text }).catch(() => undefined);
    if (answer?.ok) return answer;
    if (Date.now() > deadline) throw new Error(`chat:send ${clientId} never succeeded: ${JSON.stringify(answer)}`);
    await sleep(100);
  }
}

/** Messages the other side got more than once although stored once are fine (clients merge by id); these are not. */
function counts(history: ChatMessage[], sent: string[], firstDeliveries: string[]) {
  const stored = history.map((m) => m.clientId);
  return {
    lost: sent.filter((id) => !stored.includes(id)).length + sent.filter((id) => !firstDeliveries.includes(id)).length,
    doubled: stored.length - new Set(stored).size,
    outOfOrder: stored.filter((id, i) => id !== sent[i]).length + firstDeliveries.filter((id, i) => id !== sent[i]).length,
  };
}

const firstSeen = (messages: ChatMessage[]) => [...new Set(messages.map((m) => m.clientId))];

/** Waits for the proxy to have broken the connection, failing clearly if the command never went through it. */
async function faulted(fired: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('the marked command never reached Redis')), 10_000)));
  await Promise.race([fired, timeout]).finally(() => clearTimeout(timer));
}

describe('a chat message appended in Redis, then a fault before the sender hears back', () => {
  for (const [fault, what] of [
    ['lose-replies', "Redis's reply is lost"],
    ['cut', 'the link to Redis is cut'],
  ] as Array<[Fault, string]>) {
    it(`reaches the other side when ${what}; the sender hears unavailable, and its resend is a duplicate delivered again`, async () => {
      proxy = await startRedisProxy(testRedis()!.url);
      // The fault keeps the customer's process from Redis for up to 4 s: the others must not take it for dead
      // meanwhile (it would then rightly disconnect its sockets, and these clients do not reconnect).
      const [a, b] = await twoRelays({ redis: { url: '', processTimeoutMs: 15_000 } }, proxy.url);
      const { tech, cust } = await pairAcross(b, a);
      const toTech = collect<ChatMessage>(tech, 'chat:message');
      await say(cust, 'c1', 'before the fault');

      const fired = proxy.faultOn('FAULTY-c2', fault);
      const answer = call(cust, 'chat:send', { clientId: 'c2', text: 'FAULTY-c2 appended, then the fault' });
      await faulted(fired);
      // Stored means on its way: the technician's process reads it from the stream.
      await until(() => toTech.some((m) => m.clientId === 'c2'));
      expect(await answer).toMatchObject({ ok: false, error: { code: 'unavailable' } });

      // Every resend that reaches Redis is delivered again (one may reach it while its reply is still being lost).
      const resent = await sendUntilOk(cust, 'c2', 'FAULTY-c2 appended, then the fault');
      expect(resent).toMatchObject({ duplicate: true, message: { seq: 2, clientId: 'c2' } });
      await until(() => toTech.filter((m) => m.clientId === 'c2').length >= 2);
      await sendUntilOk(cust, 'c3', 'after the fault');
      await until(() => toTech.some((m) => m.clientId === 'c3'));

      const history = (await ok<{ messages: ChatMessage[] }>(tech, 'chat:history', { afterSeq: 0 })).messages;
      expect(counts(history, ['c1', 'c2', 'c3'], firstSeen(toTech))).toEqual({ lost: 0, doubled: 0, outOfOrder: 0 });
      expect(history.map((m) => m.seq)).toEqual([1, 2, 3]);
      expectNoProblems(a, b);
    }, 30_000);
  }

  it('reaches the other side when the process dies right after the append; the resumed customer has it as sent', async () => {
    proxy = await startRedisProxy(testRedis()!.url);
    const [a, b] = await twoRelays({ resumeGraceMs: 20_000 }, proxy.url);
    const { tech, cust, resumeToken } = await pairAcross(b, a);
    const toTech = collect<ChatMessage>(tech, 'chat:message');
    await say(cust, 'c1', 'before the fault');

    const fired = proxy.faultOn('FAULTY-c2', 'hold');
    void call(cust, 'chat:send', { clientId: 'c2', text: 'FAULTY-c2 appended, then the process dies' }).catch(() => undefined);
    await faulted(fired);
    await a.kill();
    cust.disconnect();
    await until(() => toTech.some((m) => m.clientId === 'c2'));

    // The customer comes back on the other process: the message is in what it missed, so it shows as sent.
    const again = customer(b.url);
    const resumed = await ok<Joined & { missed: ChatMessage[] }>(again, 'session:resume', { token: resumeToken, lastSeq: 1 });
    expect(resumed.missed.map((m) => m.clientId)).toEqual(['c2']);
    // Had it resent instead, it would have been a duplicate, delivered again.
    expect(await sendUntilOk(again, 'c2', 'FAULTY-c2 appended, then the process dies')).toMatchObject({ duplicate: true });
    await until(() => toTech.filter((m) => m.clientId === 'c2').length === 2);
    await sendUntilOk(again, 'c3', 'after the fault');
    await until(() => toTech.some((m) => m.clientId === 'c3'));

    const history = (await ok<{ messages: ChatMessage[] }>(tech, 'chat:history', { afterSeq: 0 })).messages;
    expect(counts(history, ['c1', 'c2', 'c3'], firstSeen(toTech))).toEqual({ lost: 0, doubled: 0, outOfOrder: 0 });
    expectNoProblems(b);
  }, 30_000);
});
