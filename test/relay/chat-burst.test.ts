/**
 * A burst of chat messages sent without waiting for their acknowledgements (what a client's outgoing queue does after
 * a reconnect): each socket's events are still handled one at a time in the order sent, every message is stored and
 * broadcast once with consecutive sequence numbers, each acknowledgement carries the message the other side got, and
 * a refused or resent event in the middle changes none of that.
 */
import type { Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import type { Ack, ChatMessage } from '../../src/protocol/index.js';
import { collect, next, pair, startRelay } from './support.js';

type Sent = Ack<{ message: ChatMessage; duplicate: boolean }>;

function send(socket: Socket, event: string, payload: unknown, answers: unknown[], index: number): Promise<void> {
  return socket
    .timeout(5000)
    .emitWithAck(event, payload)
    .then((answer: unknown) => {
      answers[index] = answer;
    });
}

describe('a burst of chat messages', () => {
  it('is handled in the order sent, each message stored and broadcast once, refusals and resends in between', async () => {
    const t = await startRelay();
    const { tech, cust } = await pair(t);
    const received = collect<ChatMessage>(tech, 'chat:message');
    const answers: unknown[] = [];
    const order: number[] = [];
    const sends: Promise<void>[] = [];
    for (let i = 0; i < 40; i++) {
      const index = sends.length;
      sends.push(send(cust, 'chat:send', { clientId: `c${i}`, text: `message ${i}` }, answers, index).then(() => void order.push(index)));
      // Refused (unknown field, over-long text, unknown event) and resent events in the middle of the burst.
      if (i === 10) sends.push(send(cust, 'chat:send', { clientId: 'bad', text: 'x', extra: 1 }, answers, sends.length));
      if (i === 20) sends.push(send(cust, 'chat:send', { clientId: 'long', text: 'x'.repeat(t.relay.options.maxMessageLength + 1) }, answers, sends.length));
      if (i === 30) sends.push(send(cust, 'no:such-event', {}, answers, sends.length));
      if (i === 35) sends.push(send(cust, 'chat:send', { clientId: 'c5', text: 'message 5' }, answers, sends.length));
    }
    const last = next<ChatMessage>(tech, 'chat:message', (m) => m.clientId === 'c39');
    await Promise.all(sends);
    await last;

    const sent = answers as Sent[];
    const messages = sent.filter((a): a is Extract<Sent, { ok: true }> => a.ok && !a.duplicate).map((a) => a.message);
    expect(messages.map((m) => m.clientId)).toEqual(Array.from({ length: 40 }, (_, i) => `c${i}`));
    expect(messages.map((m) => m.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(sent.filter((a) => !a.ok).map((a) => !a.ok && a.error.code)).toEqual(['bad-payload', 'too-large', 'bad-payload']);
    const resent = sent.find((a) => a.ok && a.duplicate);
    expect(resent).toMatchObject({ ok: true, duplicate: true, message: { clientId: 'c5', seq: 6 } });
    // Acknowledged in the order sent.
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // The other side got each stored message as acknowledged, in order, and the resend's broadcast once more.
    const ids = messages.map((m) => m.clientId);
    expect(received.map((m) => m.clientId)).toEqual([...ids.slice(0, 36), 'c5', ...ids.slice(36)]);
    expect(received.filter((m, i) => i !== 36)).toEqual(messages);
    expect(received[36]).toEqual(messages[5]);
  });
});
