/**
 * The widget's outgoing message queue (src/widget/session/outgoing-queue.ts): messages go out one at a time and in
 * order while the connection is usable, wait while it is not, and are sent once after it comes back. `transmit` here
 * is a hand-driven stand-in for the relay's acknowledgement, so each test decides when and how the relay answers.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatMessage, ErrorCode } from '../../src/protocol/index.js';
import { OutgoingQueue, type OutgoingMessage, type QueueUpdate, type TransmitOutcome } from '../../src/widget/session/outgoing-queue.js';

interface Sent {
  message: OutgoingMessage;
  answer(outcome: TransmitOutcome): Promise<void>;
}

function harness() {
  const sent: Sent[] = [];
  const updates: QueueUpdate[] = [];
  let seq = 0;
  const queue = new OutgoingQueue(
    (message) =>
      new Promise<TransmitOutcome>((resolve) => {
        sent.push({
          message,
          answer: async (outcome) => {
            resolve(outcome);
            // let the queue react (then-chains) before the test goes on
            for (let i = 0; i < 5; i++) await Promise.resolve();
          },
        });
      }),
    (u) => updates.push(u),
  );
  const ok = (m: OutgoingMessage): TransmitOutcome => ({
    ok: true,
    message: { id: `id-${m.clientId}`, seq: ++seq, clientId: m.clientId, from: 'customer', text: m.text, at: 1 } satisfies ChatMessage,
  });
  const fail = (error: ErrorCode | 'unreachable'): TransmitOutcome => ({ ok: false, error: error === 'unreachable' ? error : { code: error, message: error } });
  /** The updates as `status:clientId` (the reducer's event names shortened to the status they give). */
  const statusLog = () =>
    updates.map((u) => `${short(u.type)}:${u.type === 'message-sent' ? u.message.clientId : u.clientId}`);
  /** Closed and opened again, what the queue sends: the first message it still holds, if any. */
  const reopened = () => {
    const before = sent.length;
    queue.close();
    queue.open();
    return sent.slice(before).map((s) => s.message.clientId);
  };
  return { queue, sent, updates, ok, fail, statusLog, reopened };
}

const short = (type: QueueUpdate['type']) => type.replace('message-', '').replace('requeued', 'queued');

const msg = (n: number): OutgoingMessage => ({ clientId: `c${n}`, text: `text ${n}` });

describe('the outgoing message queue', () => {
  it('holds messages while closed and sends them once, one at a time, in order when opened', async () => {
    const h = harness();
    h.queue.add(msg(1));
    h.queue.add(msg(2));
    h.queue.add(msg(3));
    expect(h.sent).toHaveLength(0);
    h.queue.open();
    expect(h.sent.map((s) => s.message.clientId)).toEqual(['c1']);
    await h.sent[0]!.answer(h.ok(msg(1)));
    expect(h.sent.map((s) => s.message.clientId)).toEqual(['c1', 'c2']);
    await h.sent[1]!.answer(h.ok(msg(2)));
    await h.sent[2]!.answer(h.ok(msg(3)));
    expect(h.sent.map((s) => s.message.clientId)).toEqual(['c1', 'c2', 'c3']);
    expect(h.statusLog()).toEqual(['sending:c1', 'sent:c1', 'sending:c2', 'sent:c2', 'sending:c3', 'sent:c3']);
    expect(h.reopened()).toEqual([]);
  });

  it('reports the relay’s id and seq with a sent message', async () => {
    const h = harness();
    h.queue.open();
    h.queue.add(msg(1));
    await h.sent[0]!.answer(h.ok(msg(1)));
    expect(h.updates.at(-1)).toEqual({ type: 'message-sent', message: expect.objectContaining({ id: 'id-c1', seq: 1, clientId: 'c1' }) as ChatMessage });
  });

  it('puts the message on its way back in line when the connection drops, and resends it first with the same id', async () => {
    const h = harness();
    h.queue.open();
    h.queue.add(msg(1));
    h.queue.add(msg(2));
    h.queue.close();
    expect(h.statusLog()).toEqual(['sending:c1', 'queued:c1']);
    // The old connection's answer (socket.io rejects pending acks on disconnect) is no failure.
    await h.sent[0]!.answer(h.fail('unreachable'));
    expect(h.statusLog()).toEqual(['sending:c1', 'queued:c1']);
    h.queue.open();
    expect(h.sent.map((s) => s.message.clientId)).toEqual(['c1', 'c1']);
    await h.sent[1]!.answer(h.ok(msg(1)));
    await h.sent[2]!.answer(h.ok(msg(2)));
    expect(h.sent.map((s) => s.message.clientId)).toEqual(['c1', 'c1', 'c2']);
    expect(h.statusLog().filter((s) => s.startsWith('sent'))).toEqual(['sent:c1', 'sent:c2']);
  });

  it('does not send again what the relay already has (found among the missed messages on resume)', async () => {
    const h = harness();
    h.queue.add(msg(1));
    h.queue.add(msg(2));
    h.queue.settle('c1');
    h.queue.open();
    expect(h.sent.map((s) => s.message.clientId)).toEqual(['c2']);
    await h.sent[0]!.answer(h.ok(msg(2)));
    expect(h.reopened()).toEqual([]);
  });

  it('marks a refused message failed, goes on with the next, and sends the failed one again on retry', async () => {
    const h = harness();
    h.queue.open();
    h.queue.add(msg(1));
    h.queue.add(msg(2));
    await h.sent[0]!.answer(h.fail('too-large'));
    expect(h.updates).toContainEqual({ type: 'message-failed', clientId: 'c1', error: 'too-large' });
    expect(h.sent.map((s) => s.message.clientId)).toEqual(['c1', 'c2']);
    await h.sent[1]!.answer(h.ok(msg(2)));
    h.queue.retry(msg(1));
    expect(h.sent.map((s) => s.message.clientId)).toEqual(['c1', 'c2', 'c1']);
    await h.sent[2]!.answer(h.ok(msg(1)));
    expect(h.statusLog()).toEqual(['sending:c1', 'failed:c1', 'sending:c2', 'sent:c2', 'queued:c1', 'sending:c1', 'sent:c1']);
  });

  it('treats a timed-out acknowledgement on a live connection as a failure the customer can retry', async () => {
    const h = harness();
    h.queue.open();
    h.queue.add(msg(1));
    await h.sent[0]!.answer(h.fail('unreachable'));
    expect(h.updates.at(-1)).toEqual({ type: 'message-failed', clientId: 'c1', error: 'unreachable' });
  });

  it('never queues the same client id twice', async () => {
    const h = harness();
    h.queue.add(msg(1));
    h.queue.add(msg(1));
    h.queue.retry(msg(1));
    h.queue.open();
    await h.sent[0]!.answer(h.ok(msg(1)));
    expect(h.sent.map((s) => s.message.clientId)).toEqual(['c1']);
  });

  it('forgets everything on clear and ignores answers that come after', async () => {
    const h = harness();
    h.queue.open();
    h.queue.add(msg(1));
    h.queue.add(msg(2));
    h.queue.clear();
    // Closed: a message added now waits.
    h.queue.add(msg(3));
    expect(h.sent).toHaveLength(1);
    await h.sent[0]!.answer(h.fail('session-ended'));
    expect(h.statusLog()).toEqual(['sending:c1']);
    // c2 is forgotten: opened again, the queue sends the one added after.
    h.queue.open();
    expect(h.sent.map((s) => s.message.clientId)).toEqual(['c1', 'c3']);
  });

  it('survives a transmit that throws', async () => {
    const updates: QueueUpdate[] = [];
    const queue = new OutgoingQueue(() => Promise.reject(new Error('boom')), (u) => updates.push(u));
    queue.open();
    queue.add(msg(1));
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(updates).toEqual([
      { type: 'message-sending', clientId: 'c1' },
      { type: 'message-failed', clientId: 'c1', error: 'unreachable' },
    ]);
  });

  it('reports what goes wrong with an answer (an update that throws), later and uncaught, instead of hiding it', async () => {
    vi.useFakeTimers();
    try {
      const queue = new OutgoingQueue(
        () => Promise.resolve({ ok: true, message: undefined as unknown as ChatMessage }),
        (u) => {
          if (u.type === 'message-sent') throw new TypeError('no message');
        },
      );
      queue.open();
      queue.add(msg(1));
      await expect(vi.advanceTimersByTimeAsync(0)).rejects.toThrow('no message');
    } finally {
      vi.useRealTimers();
    }
  });

  describe('when the relay cannot take a message just now', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('sends it again by itself after `unavailable`, backing off, and holds the ones after it until it is in', async () => {
      vi.useFakeTimers();
      const h = harness();
      h.queue.open();
      h.queue.add(msg(1));
      h.queue.add(msg(2));
      await h.sent[0]!.answer(h.fail('unavailable'));
      expect(h.updates.at(-1)).toEqual({ type: 'message-requeued', clientId: 'c1' });
      expect(h.sent).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(700); // the first wait: 0.5 s ± 25 %
      expect(h.sent.map((s) => s.message.clientId)).toEqual(['c1', 'c1']);
      await h.sent[1]!.answer(h.fail('unavailable'));
      await vi.advanceTimersByTimeAsync(700); // the second wait is longer (1 s ± 25 %)
      expect(h.sent).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(700);
      expect(h.sent).toHaveLength(3);
      await h.sent[2]!.answer(h.ok(msg(1)));
      expect(h.sent.map((s) => s.message.clientId)).toEqual(['c1', 'c1', 'c1', 'c2']);
      await h.sent[3]!.answer(h.ok(msg(2)));
      expect(h.updates.some((u) => u.type === 'message-failed')).toBe(false);
      expect(h.reopened()).toEqual([]);
    });

    it('waits the `retryAfter` of `rate-limited` before the next try', async () => {
      vi.useFakeTimers();
      const h = harness();
      h.queue.open();
      h.queue.add(msg(1));
      await h.sent[0]!.answer({ ok: false, error: { code: 'rate-limited', message: 'slow down', retryAfter: 5_000 } });
      await vi.advanceTimersByTimeAsync(4_900);
      expect(h.sent).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(200);
      expect(h.sent).toHaveLength(2);
      await h.sent[1]!.answer(h.ok(msg(1)));
      expect(h.statusLog()).toEqual(['sending:c1', 'queued:c1', 'sending:c1', 'sent:c1']);
    });

    it('stops waiting when the connection closes, and sends it at once when it opens again', async () => {
      vi.useFakeTimers();
      const h = harness();
      h.queue.open();
      h.queue.add(msg(1));
      await h.sent[0]!.answer(h.fail('unavailable'));
      h.queue.close();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(h.sent).toHaveLength(1);
      h.queue.open();
      expect(h.sent).toHaveLength(2);
    });
  });
});
