/**
 * The customer's outgoing chat messages: kept in the order typed, sent one at a time while the connection is usable,
 * held while it is not, and sent once, in order, when it is usable again. A message keeps its client id for good,
 * so a resend after a lost acknowledgement is recognised by the relay as the same message (never duplicated).
 *
 * It knows no socket: `transmit` sends one message and resolves to the relay's answer, and every status change is
 * reported through `onUpdate` as the reducer event that records it.
 */
import type { ChatMessage, ErrorCode } from '../../protocol/index.js';
import { RETRIED_SEND_ERRORS, retryDelay } from '../../ui/relay-retry.js';
import type { Failure } from './reducer.js';
import { throwLater } from './throw-later.js';
import { failureCode } from './wire.js';

export interface OutgoingMessage {
  clientId: string;
  text: string;
}

/** The relay's answer to `chat:send` (wire.ts's Answer). */
export type TransmitOutcome = { ok: true; message: ChatMessage } | { ok: false; error: Failure };

export type QueueUpdate =
  | { type: 'message-sending'; clientId: string }
  | { type: 'message-sent'; message: ChatMessage }
  | { type: 'message-failed'; clientId: string; error: ErrorCode | 'unreachable' }
  /** Back to waiting (the connection dropped while it was on its way, or it is tried again). */
  | { type: 'message-requeued'; clientId: string };

export class OutgoingQueue {
  readonly #transmit: (message: OutgoingMessage) => Promise<TransmitOutcome>;
  readonly #onUpdate: (update: QueueUpdate) => void;
  /** Waiting messages in order; the one on its way is the first. */
  #waiting: OutgoingMessage[] = [];
  #inFlight: string | undefined;
  #open = false;
  /** Grows whenever the connection closes, so answers to sends of an older connection are recognised. */
  #epoch = 0;
  /** The first message waits for another try (`unavailable`, `rate-limited`); nothing goes out before it. */
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Tries of the first message that the relay could not take just now. */
  #attempts = 0;

  constructor(transmit: (message: OutgoingMessage) => Promise<TransmitOutcome>, onUpdate: (update: QueueUpdate) => void) {
    this.#transmit = transmit;
    this.#onUpdate = onUpdate;
  }

  /** Queues a new message (or a failed one again) at the end; it goes out as soon as the connection allows. */
  add(message: OutgoingMessage): void {
    if (this.#waiting.some((m) => m.clientId === message.clientId)) return;
    this.#waiting.push(message);
    this.#pump();
  }

  /** A failed message, once more (same client id). */
  retry(message: OutgoingMessage): void {
    if (this.#waiting.some((m) => m.clientId === message.clientId)) return;
    this.#onUpdate({ type: 'message-requeued', clientId: message.clientId });
    this.add(message);
  }

  /** The connection is usable (joined or resumed): sends what is waiting, in order. */
  open(): void {
    this.#open = true;
    this.#pump();
  }

  /** The connection is gone: the message on its way goes back to waiting, at its place in line. */
  close(): void {
    this.#open = false;
    this.#epoch++;
    this.#stopRetry();
    const inFlight = this.#inFlight;
    this.#inFlight = undefined;
    if (inFlight !== undefined) this.#onUpdate({ type: 'message-requeued', clientId: inFlight });
  }

  /** The relay already has this message (e.g. it came back in a resume's `missed`): it is not sent again. */
  settle(clientId: string): void {
    this.#waiting = this.#waiting.filter((m) => m.clientId !== clientId);
  }

  /** Forgets everything (the session is over). */
  clear(): void {
    this.#open = false;
    this.#epoch++;
    this.#stopRetry();
    this.#inFlight = undefined;
    this.#waiting = [];
  }

  #pump(): void {
    if (!this.#open || this.#inFlight !== undefined || this.#retryTimer !== undefined) return;
    const message = this.#waiting[0];
    if (!message) return;
    const epoch = this.#epoch;
    this.#inFlight = message.clientId;
    this.#onUpdate({ type: 'message-sending', clientId: message.clientId });
    this.#transmit(message)
      .catch((): TransmitOutcome => ({ ok: false, error: 'unreachable' }))
      .then((outcome) => this.#settled(message, epoch, outcome))
      .catch(throwLater);
  }

  #settled(message: OutgoingMessage, epoch: number, outcome: TransmitOutcome): void {
    const current = epoch === this.#epoch;
    if (current && this.#inFlight === message.clientId) this.#inFlight = undefined;
    if (outcome.ok) {
      // The relay has it, whenever the answer came.
      if (current) this.#attempts = 0;
      this.settle(message.clientId);
      this.#onUpdate({ type: 'message-sent', message: outcome.message });
      return this.#pump();
    }
    const error = outcome.error;
    const code = failureCode(error);
    if (current && RETRIED_SEND_ERRORS.includes(code) && this.#waiting[0]?.clientId === message.clientId) {
      // The relay could not take it just now: it waits, first in line, and goes again by itself.
      this.#onUpdate({ type: 'message-requeued', clientId: message.clientId });
      this.#retryTimer = setTimeout(() => {
        this.#retryTimer = undefined;
        this.#pump();
      }, retryDelay(this.#attempts++, error !== 'unreachable' ? error.retryAfter : undefined));
    } else if (current && this.#waiting.some((m) => m.clientId === message.clientId)) {
      // (A failure on a connection that has closed meanwhile is no failure: the message was put back in line.)
      this.settle(message.clientId);
      this.#onUpdate({ type: 'message-failed', clientId: message.clientId, error: code });
    }
    this.#pump();
  }

  #stopRetry(): void {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#attempts = 0;
  }
}
