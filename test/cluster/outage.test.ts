/**
 * Redis stopped and started again (with its append-only file, as in production) while both sides of several sessions
 * chat across two relay processes, and a technician reconnects during the outage. The clients here do what the
 * widget and console do: resend a message with the same client id until the relay says ok, and attach again until it
 * works. Nothing may be lost, doubled or out of order, in the transcript or in what each side received.
 */
import type { Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/protocol/index.js';
import { call, sleep, technician } from '../relay/support.js';
import { MISSING_REDIS_SERVER, missingRedis, startRedisServer, type TestRedis } from '../support/redis-server.js';
import { expectNoProblems, pairAcross, technicianToken, testRedis, twoRelays, until } from './support.js';

type Role = 'customer' | 'technician';

let redis: TestRedis | undefined;

beforeEach(({ skip }) => {
  if (!testRedis()) missingRedis(skip, MISSING_REDIS_SERVER);
});

afterEach(async () => {
  await redis?.dispose();
  redis = undefined;
});

/** One side of a session: its current socket, what it sent (in order) and every message it received, in order. */
interface Side {
  role: Role;
  socket: Socket;
  sent: string[];
  received: ChatMessage[];
}

function side(role: Role, socket: Socket): Side {
  const s: Side = { role, socket, sent: [], received: [] };
  listen(s, socket);
  return s;
}

function listen(s: Side, socket: Socket): void {
  socket.on('chat:message', (m: ChatMessage) => s.received.push(m));
}

/** Sends one message after another, each resent with its client id until the relay says ok, until `running()` is false. */
async function chat(s: Side, running: () => boolean): Promise<void> {
  for (let i = 1; running(); i++) {
    const clientId = `${s.role}-${i}`;
    for (;;) {
      const answer = await call(s.socket, 'chat:send', { clientId, text: `${clientId} says hello` }).catch(() => undefined);
      if (answer?.ok) break;
      await sleep(100);
    }
    s.sent.push(clientId);
    await sleep(20);
  }
}

/** Attaches `socket` to the session, again and again while the relay answers that it cannot (Redis is away). */
async function attachUntilOk(socket: Socket, sessionId: string): Promise<ChatMessage[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const answer = await call<{ messages: ChatMessage[] }>(socket, 'session:attach', { sessionId }).catch(() => undefined);
    if (answer?.ok) return answer.messages;
    if (Date.now() > deadline) throw new Error(`attach never succeeded: ${JSON.stringify(answer)}`);
    await sleep(200);
  }
}

/** Lost, doubled and out-of-order counts of one direction of a session. */
function tally(history: ChatMessage[], from: Side, to: Side) {
  const stored = history.filter((m) => m.from === from.role).map((m) => m.clientId);
  const seen = new Set(to.received.filter((m) => m.from === from.role).map((m) => m.clientId));
  // First deliveries, in the order they came (a redelivery of a resend comes again later, which clients merge).
  const firsts: number[] = [];
  const counted = new Set<string>();
  for (const m of to.received) {
    if (m.from !== from.role || counted.has(m.clientId)) continue;
    counted.add(m.clientId);
    firsts.push(m.seq);
  }
  return {
    lost: from.sent.filter((id) => !stored.includes(id) || !seen.has(id)).length,
    doubled: stored.length - new Set(stored).size,
    outOfOrder: stored.filter((id, i) => id !== from.sent[i]).length + firsts.filter((seq, i) => i > 0 && seq < firsts[i - 1]!).length,
  };
}

describe('Redis stopped and started again while both sides chat', () => {
  it('loses, doubles and reorders nothing, and a technician who reconnected meanwhile gets everything', async () => {
    redis = (await startRedisServer({ persistent: true }))!;
    const [a, b] = await twoRelays({ resumeGraceMs: 60_000, messagesPerMinute: 100_000, eventsPerSecond: 10_000 }, redis.url);
    const pairs = await Promise.all([pairAcross(b, a, 'tech-1'), pairAcross(a, b, 'tech-2'), pairAcross(b, a, 'tech-3')]);
    const sessions = pairs.map((p) => ({ ...p, sides: { customer: side('customer', p.cust), technician: side('technician', p.tech) } }));

    let running = true;
    const chatting = sessions.flatMap((s) => [chat(s.sides.customer, () => running), chat(s.sides.technician, () => running)]);
    await sleep(1000);
    await redis.stop();
    // The first technician's connection drops during the outage; the console connects again and attaches.
    const first = sessions[0]!;
    const again = technician(b.url, await technicianToken('tech-1'));
    listen(first.sides.technician, again);
    const old = first.sides.technician.socket;
    // Its messages go through the new connection from now on (refused until it has attached).
    first.sides.technician.socket = again;
    old.disconnect();
    await sleep(2500);
    const attached = attachUntilOk(again, first.sessionId);
    await sleep(500);
    await redis.start();
    // What came while it was away is in the attach result.
    first.sides.technician.received.unshift(...(await attached));
    await sleep(2000);
    running = false;
    await Promise.all(chatting);

    for (const s of sessions) {
      const { customer, technician: tech } = s.sides;
      await until(() => customer.received.some((m) => m.clientId === tech.sent.at(-1)) && tech.received.some((m) => m.clientId === customer.sent.at(-1)), 10_000);
      const answer = await call<{ messages: ChatMessage[] }>(tech.socket, 'chat:history', { afterSeq: 0 });
      if (!answer.ok) throw new Error(`chat:history: ${answer.error.code}`);
      const history = answer.messages;
      expect(history.map((m) => m.seq)).toEqual(history.map((_, i) => i + 1));
      expect({ toTechnician: tally(history, customer, tech), toCustomer: tally(history, tech, customer) }).toEqual({
        toTechnician: { lost: 0, doubled: 0, outOfOrder: 0 },
        toCustomer: { lost: 0, doubled: 0, outOfOrder: 0 },
      });
      // Both sides did chat before, during (resending) and after the outage.
      expect(customer.sent.length).toBeGreaterThan(10);
      expect(tech.sent.length).toBeGreaterThan(10);
    }
    expectNoProblems(a, b);
  }, 60_000);
});
