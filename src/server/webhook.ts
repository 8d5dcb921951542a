/**
 * The relay's optional webhook: signed JSON notifications of grant changes and session ends, POSTed in order to one
 * URL, so that server-side code (a vendor's native agent) acts only while a grant is live.
 *
 * Signing: `x-rsw-signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>` with `x-rsw-timestamp` (ms since
 * epoch). Delivery never blocks the relay: events wait in one in-memory queue per relay process and go out one at a
 * time, in order; a failed delivery is retried with backoff, then logged and dropped.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';

export const SIGNATURE_HEADER = 'x-rsw-signature';
export const TIMESTAMP_HEADER = 'x-rsw-timestamp';
/** How far a signed timestamp may be from the receiver's clock by default: 5 minutes. */
export const DEFAULT_TOLERANCE_MS = 5 * 60_000;

export interface WebhookEvent {
  /** Unique per event; a receiver that sees an id twice (a retry after a lost response) ignores the repeat. */
  id: string;
  type: 'consent.changed' | 'session.ended' | 'session.rated' | 'message.left';
  /** When it happened, ms since epoch. */
  at: number;
  /** The session concerned; absent for `message.left` (a customer outside a session). */
  sessionId?: string;
  data: object;
}

/** The `x-rsw-signature` value for `body` sent at `timestamp`. */
export function signWebhook(secret: string, timestamp: number | string, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface VerifyInput {
  secret: string;
  /** The raw request body, exactly as received (not re-serialized). */
  body: string | Buffer;
  /** The `x-rsw-timestamp` header. */
  timestamp: string | number | undefined;
  /** The `x-rsw-signature` header; several comma-separated `v1=` values (during a secret rotation) are accepted. */
  signature: string | undefined;
  /** Largest accepted distance between the timestamp and `now`, ms. Default 5 minutes. */
  toleranceMs?: number;
  now?: number;
}

/** True when the request was signed with `secret` within the tolerance. Compares in constant time. */
export function verifyWebhookSignature({ secret, body, timestamp, signature, toleranceMs = DEFAULT_TOLERANCE_MS, now = Date.now() }: VerifyInput): boolean {
  if (timestamp === undefined || signature === undefined) return false;
  const stamp = String(timestamp);
  if (!/^\d{1,16}$/.test(stamp) || Math.abs(now - Number(stamp)) > toleranceMs) return false;
  const expected = Buffer.from(signWebhook(secret, stamp, typeof body === 'string' ? body : body.toString('utf8')));
  return signature.split(',').some((candidate) => {
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
}

/** Delivers webhook events in order, one at a time, with retries. */
export class WebhookSender {
  readonly #opts: Required<WebhookOptions>;
  readonly #queue: WebhookEvent[] = [];
  #running: Promise<void> | undefined;
  #closed = false;
  #wake: (() => void) | undefined;

  constructor(options: WebhookOptions) {
    this.#opts = { retryDelaysMs: [1000, 5000, 30_000], timeoutMs: 10_000, maxQueue: 10_000, ...options };
  }

  /** Queues an event; returns at once. */
  send(event: WebhookEvent): void {
    if (this.#closed) return;
    this.#queue.push(event);
    if (this.#queue.length > this.#opts.maxQueue) {
      const dropped = this.#queue.shift()!;
      this.#opts.logger.error({ webhookEvent: dropped.id, type: dropped.type, sessionId: dropped.sessionId }, 'webhook queue full; oldest event dropped');
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
      const event = this.#queue[0]!;
      await this.#deliver(event);
      if (this.#queue[0] === event) this.#queue.shift();
    }
  }

  async #deliver(event: WebhookEvent): Promise<void> {
    const { url, secret, logger, retryDelaysMs, timeoutMs } = this.#opts;
    const body = JSON.stringify(event);
    for (let attempt = 0; ; attempt++) {
      const timestamp = Date.now();
      let problem: string;
      let retry = true;
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'remote-support-relay',
            [TIMESTAMP_HEADER]: String(timestamp),
            [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body),
          },
          body,
          signal: AbortSignal.timeout(timeoutMs),
          redirect: 'error',
        });
        await res.body?.cancel();
        if (res.ok) return;
        problem = `HTTP ${res.status}`;
        // The receiver refused this event for good (bad signature, unknown route); only overload and timeouts pass.
        retry = res.status >= 500 || res.status === 408 || res.status === 429;
      } catch (err) {
        problem = (err as Error).name === 'TimeoutError' ? 'timeout' : (err as Error).message;
      }
      const delay = retryDelaysMs[attempt];
      if (!retry || delay === undefined || this.#closed) {
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
