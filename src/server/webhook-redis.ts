/**
 * The webhook queue in Redis, for relays on Redis: an event is stored before any attempt to deliver it, so that a
 * process that crashes loses none. Every process delivers from the one shared queue, in order, one event at a time:
 * a sorted set of event ids in the order they were queued, a hash of the events with their attempt counts, and a hash
 * of the time before which each may not be tried (its retry time, or the lease of the process trying it now). A lease
 * outlasts one POST, so an event whose process died before settling it becomes due again, for any process. Delivery
 * is at least once: receivers ignore a `webhook-id` they have seen.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { postWebhook, WebhookSender, type WebhookEvent, type WebhookOptions } from './webhook.js';

/** Queues an event after the others. KEYS: order, events, counter. ARGV: id, stored JSON. */
const PUSH = `
local seq = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[1], seq, ARGV[1])
return seq
`;

/**
 * Takes the head of the queue if it is due: leases it until ARGV[2] and answers [id, stored JSON]; nil when the queue
 * is empty or its head is not due (waiting for a retry, or being tried by a process). KEYS: order, events, notBefore.
 */
const CLAIM = `
local head = redis.call('ZRANGE', KEYS[1], 0, 0)
if #head == 0 then return nil end
local id = head[1]
local json = redis.call('HGET', KEYS[2], id)
if not json then
  redis.call('ZREM', KEYS[1], id)
  redis.call('HDEL', KEYS[3], id)
  return {id, false}
end
if tonumber(redis.call('HGET', KEYS[3], id) or '0') > tonumber(ARGV[1]) then return nil end
redis.call('HSET', KEYS[3], id, ARGV[2])
return {id, json}
`;

interface Stored {
  event: WebhookEvent;
  attempts: number;
}

/** What the relay needs of a webhook sender. */
export interface WebhookQueue {
  send(event: WebhookEvent | Promise<WebhookEvent>): void;
  close(ms: number): Promise<void>;
}

export interface RedisWebhookOptions extends WebhookOptions {
  client: Redis;
  keyPrefix: string;
  /** How often each process looks for due events, ms. Default 500. */
  pollMs?: number;
}

export class RedisWebhookSender implements WebhookQueue {
  readonly #opts: Required<Omit<RedisWebhookOptions, 'maxQueue'>>;
  readonly #order: string;
  readonly #events: string;
  readonly #notBefore: string;
  readonly #counter: string;
  readonly #timer: NodeJS.Timeout;
  #pumping: Promise<void> | undefined;
  #closed = false;
  readonly #storing = new Set<Promise<void>>();

  constructor(options: RedisWebhookOptions) {
    this.#opts = { retryDelaysMs: [1000, 5000, 30_000], timeoutMs: 10_000, pollMs: 500, outcome: () => undefined, ...options };
    this.#order = `${options.keyPrefix}webhook:order`;
    this.#events = `${options.keyPrefix}webhook:events`;
    this.#notBefore = `${options.keyPrefix}webhook:not-before`;
    this.#counter = `${options.keyPrefix}webhook:seq`;
    this.#timer = setInterval(() => this.#pump(), this.#opts.pollMs);
    this.#timer.unref();
    this.#pump();
  }

  send(event: WebhookEvent | Promise<WebhookEvent>): void {
    if (this.#closed) return;
    const stored = Promise.resolve(event)
      .then(async (e) => {
        await this.#opts.client.eval(PUSH, 3, this.#order, this.#events, this.#counter, e.id, JSON.stringify({ event: e, attempts: 0 } satisfies Stored));
        this.#pump();
      })
      .catch((err: unknown) => {
        this.#opts.outcome('dropped');
        this.#opts.logger.error({ err: (err as Error).message }, 'webhook event could not be queued in Redis; lost');
      })
      .finally(() => this.#storing.delete(stored));
    this.#storing.add(stored);
  }

  /** Stops taking events; waits at most `ms` for the ones being stored and the delivery under way. The rest stay queued in Redis. */
  async close(ms: number): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all([...this.#storing, this.#pumping]), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  }

  #pump(): void {
    if (this.#closed && this.#storing.size === 0) return;
    this.#pumping ??= this.#deliverDue()
      .catch((err: unknown) => this.#opts.logger.warn({ err: (err as Error).message }, 'webhook queue in Redis not reachable; will retry'))
      .finally(() => {
        this.#pumping = undefined;
      });
  }

  async #deliverDue(): Promise<void> {
    const { client, logger, retryDelaysMs, timeoutMs, outcome } = this.#opts;
    while (!this.#closed) {
      const now = Date.now();
      const claimed = (await client.eval(CLAIM, 3, this.#order, this.#events, this.#notBefore, now, now + timeoutMs + 5000)) as [string, string | null] | null;
      if (!claimed) return;
      const [id, json] = claimed;
      if (!json) continue;
      const { event, attempts } = JSON.parse(json) as Stored;
      const { ok, problem, retry } = await postWebhook(this.#opts, event);
      const delay = retryDelaysMs[attempts];
      const settled = ok || !retry || delay === undefined;
      outcome(ok ? 'delivered' : settled ? 'dropped' : 'retry');
      if (settled) {
        if (!ok) logger.error({ webhookEvent: id, type: event.type, sessionId: event.sessionId, attempts: attempts + 1, problem }, 'webhook delivery failed; event dropped');
        await client.multi().zrem(this.#order, id).hdel(this.#events, id).hdel(this.#notBefore, id).exec();
        continue;
      }
      logger.warn({ webhookEvent: id, attempt: attempts + 1, problem, retryInMs: delay }, 'webhook delivery failed; retrying');
      await client.multi().hset(this.#events, id, JSON.stringify({ event, attempts: attempts + 1 } satisfies Stored)).hset(this.#notBefore, id, Date.now() + delay).exec();
    }
  }
}

/** The webhook sender of a relay: queued in Redis when the relay is on Redis, else in this process's memory. */
export function createWebhookQueue(options: WebhookOptions, redis: { client: Redis; keyPrefix: string } | undefined, logger: Logger): WebhookQueue {
  return redis ? new RedisWebhookSender({ ...options, ...redis, logger }) : new WebhookSender({ ...options, logger });
}
