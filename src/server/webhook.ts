/**
 * The relay's optional webhook: signed JSON notifications of grant changes and session ends, POSTed in order to one
 * URL, so that server-side code (a vendor's native agent) acts only while a grant is live.
 *
 * Signing follows Standard Webhooks (https://www.standardwebhooks.com), so stock receivers verify it: `webhook-id`
 * (the event id, the same on every retry), `webhook-timestamp` (seconds since epoch) and
 * `webhook-signature: v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`, keyed with the base64 part of a `whsec_`
 * secret. Delivery never blocks the relay: events wait in a queue and go out one at a time, in order; a failed
 * delivery is retried with backoff, then logged and dropped.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import type { AuditEntry, ChatMessage } from '../protocol/index.js';
import type { WebhookOutcome } from './metrics.js';

export const ID_HEADER = 'webhook-id';
export const TIMESTAMP_HEADER = 'webhook-timestamp';
export const SIGNATURE_HEADER = 'webhook-signature';
/** How far a signed timestamp may be from the receiver's clock by default: 5 minutes. */
export const DEFAULT_TOLERANCE_MS = 5 * 60_000;

export interface WebhookEvent {
  /** Unique per event; a receiver that sees an id twice (a retry after a lost response) ignores the repeat. */
  id: string;
  type: 'consent.changed' | 'session.ended' | 'session.rated' | 'message.left' | 'session.handed-off';
  /** When it happened, ms since epoch. */
  at: number;
  /** The session concerned; absent for `message.left` (a customer outside a session). */
  sessionId?: string;
  data: object;
}

/** The HMAC key of a `whsec_` secret: the bytes its base64 part encodes. */
const secretKey = (secret: string) => Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');

/** The `webhook-signature` value (`v1,<base64>`) of message `id` with `body`, sent at `timestamp` (seconds since epoch). */
export function signWebhook(secret: string, id: string, timestamp: number | string, body: string): string {
  return `v1,${createHmac('sha256', secretKey(secret)).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

export interface VerifyInput {
  /** The `whsec_` secret. */
  secret: string;
  /** The raw request body, exactly as received (not re-serialized). */
  body: string | Buffer;
  /** The `webhook-id` header. */
  id: string | undefined;
  /** The `webhook-timestamp` header (seconds since epoch). */
  timestamp: string | number | undefined;
  /** The `webhook-signature` header; several space-separated `v1,` values (during a secret rotation) are accepted. */
  signature: string | undefined;
  /** Largest accepted distance between the timestamp and `now`, ms. Default 5 minutes. */
  toleranceMs?: number;
  /** The receiver's clock, ms since epoch. */
  now?: number;
}

/** True when the request was signed with `secret` within the tolerance. Compares in constant time. */
export function verifyWebhookSignature({ secret, body, id, timestamp, signature, toleranceMs = DEFAULT_TOLERANCE_MS, now = Date.now() }: VerifyInput): boolean {
  if (id === undefined || timestamp === undefined || signature === undefined) return false;
  const stamp = String(timestamp);
  if (!/^\d{1,13}$/.test(stamp) || Math.abs(now - Number(stamp) * 1000) > toleranceMs) return false;
  const expected = Buffer.from(signWebhook(secret, id, stamp, typeof body === 'string' ? body : body.toString('utf8')));
  return signature.split(' ').some((candidate) => {
    const given = Buffer.from(candidate.trim());
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

export interface WebhookOptions {
  url: string;
  secret: string;
  logger: Logger;
  /** Waits before each retry of a failed delivery, ms. Default 1 s, 5 s, 30 s (four attempts in all). */
  retryDelaysMs?: readonly number[];
  /** How long one POST may take, ms. Default 10 s. */
  timeoutMs?: number;
  /** Most events waiting; beyond it the oldest is dropped (and logged). Default 10,000. */
  maxQueue?: number;
  /** Told of every POST's outcome, and of every event dropped without one (the relay's metrics count them). */
  outcome?: (outcome: WebhookOutcome) => void;
}

/** Delivers webhook events in order, one at a time, with retries. */
export class WebhookSender {
  readonly #opts: Required<WebhookOptions>;
  /** Events in order; one still being completed (e.g. with the transcript) is a promise and holds up the rest. */
  readonly #queue: Array<WebhookEvent | Promise<WebhookEvent>> = [];
  #running: Promise<void> | undefined;
  #closed = false;
  #wake: (() => void) | undefined;

  constructor(options: WebhookOptions) {
    this.#opts = { retryDelaysMs: [1000, 5000, 30_000], timeoutMs: 10_000, maxQueue: 10_000, outcome: () => undefined, ...options };
  }

  /** Queues an event (or one still being put together, which keeps its place in the order); returns at once. */
  send(event: WebhookEvent | Promise<WebhookEvent>): void {
    if (this.#closed) return;
    // Rejected while waiting its turn: reported when its turn comes, not as an unhandled rejection now.
    if (event instanceof Promise) event.catch(() => undefined);
    this.#queue.push(event);
    if (this.#queue.length > this.#opts.maxQueue) {
      this.#opts.outcome('dropped');
      void Promise.resolve(this.#queue.shift()!).then((dropped) =>
        this.#opts.logger.error({ webhookEvent: dropped.id, type: dropped.type, sessionId: dropped.sessionId }, 'webhook queue full; oldest event dropped'),
      );
    }
    this.#running ??= this.#drain().finally(() => {
      this.#running = undefined;
    });
  }

  /** Stops taking events and waits at most `ms` for the queued ones to go out; the rest are dropped. */
  async close(ms: number): Promise<void> {
    this.#closed = true;
    if (!this.#running) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.#running, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
    if (this.#queue.length > 0) this.#opts.logger.warn({ dropped: this.#queue.length }, 'webhook events not delivered before shutdown');
    this.#queue.length = 0;
    this.#wake?.();
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const head = this.#queue[0]!;
      try {
        await this.#deliver(await head);
      } catch (err) {
        this.#opts.outcome('dropped');
        this.#opts.logger.error({ err }, 'webhook event could not be put together; dropped');
      }
      if (this.#queue[0] === head) void this.#queue.shift();
    }
  }

  async #deliver(event: WebhookEvent): Promise<void> {
    const { logger, retryDelaysMs, outcome } = this.#opts;
    for (let attempt = 0; ; attempt++) {
      const { ok, problem, retry } = await postWebhook(this.#opts, event);
      if (ok) return outcome('delivered');
      const delay = retryDelaysMs[attempt];
      const giveUp = !retry || delay === undefined || this.#closed;
      outcome(giveUp ? 'dropped' : 'retry');
      if (giveUp) {
        logger.error({ webhookEvent: event.id, type: event.type, sessionId: event.sessionId, attempts: attempt + 1, problem }, 'webhook delivery failed; event dropped');
        return;
      }
      logger.warn({ webhookEvent: event.id, attempt: attempt + 1, problem, retryInMs: delay }, 'webhook delivery failed; retrying');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = undefined;
    }
  }
}

/** The outcome of one POST: delivered, or why not and whether a retry may help. */
export interface PostOutcome {
  ok: boolean;
  problem?: string;
  retry?: boolean;
}

/** POSTs one signed event once. */
export async function postWebhook({ url, secret, timeoutMs }: { url: string; secret: string; timeoutMs: number }, event: WebhookEvent): Promise<PostOutcome> {
  const body = JSON.stringify(event);
  const timestamp = Math.floor(Date.now() / 1000);
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'remote-support-relay',
        [ID_HEADER]: event.id,
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signWebhook(secret, event.id, timestamp, body),
      },
      body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    await res.body?.cancel();
    if (res.ok) return { ok: true };
    // The receiver refused this event for good (bad signature, unknown route); only overload and timeouts pass.
    return { ok: false, problem: `HTTP ${res.status}`, retry: res.status >= 500 || res.status === 408 || res.status === 429 };
  } catch (err) {
    return { ok: false, problem: (err as Error).name === 'TimeoutError' ? 'timeout' : (err as Error).message, retry: true };
  }
}

/** What `session.ended` carries with `webhookIncludeTranscript`, so that a vendor can file a ticket. */
export interface SessionRecordSource {
  messagesAfter(sessionId: string, seq: number): Promise<ChatMessage[]>;
  audit(sessionId: string): Promise<AuditEntry[]>;
}

/** `event` with the session's whole transcript and audit log added to its data. */
export async function withTranscript(store: SessionRecordSource, event: WebhookEvent): Promise<WebhookEvent> {
  const { sessionId } = event;
  if (sessionId === undefined) return event;
  const [transcript, audit] = await Promise.all([store.messagesAfter(sessionId, 0), store.audit(sessionId)]);
  return { ...event, data: { ...event.data, transcript, audit } };
}
