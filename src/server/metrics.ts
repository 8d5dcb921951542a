/**
 * The relay's Prometheus metrics: one prom-client registry per relay (never the global default one, so that two
 * relays in one process keep their counts apart) with the process's default metrics (CPU, memory, event-loop lag) and
 * the relay's own instruments. The session concerns, the webhook sender and the Redis connection count into it where
 * things happen; gauges of state (live sessions, sockets, queue length, Redis) are read when scraped. Labels come only
 * from small fixed sets (role, function, reason), never from session or socket ids.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { FUNCTION_IDS, type Role } from '../protocol/index.js';

/** What the gauges read at scrape time. */
export interface MetricSources {
  liveSessions(): Promise<number>;
  queueLength(): Promise<number>;
  sockets(): { customer: number; technician: number };
  /** Whether Redis answers; absent when the relay runs without Redis (then there is no `rsw_redis_up`). */
  redisUp?(): boolean;
}

export type WebhookOutcome = 'delivered' | 'retry' | 'dropped';

/** Chat delivery: from chat:send received to the broadcast handed to socket.io or the stream, seconds. */
const CHAT_DELIVERY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
/** Queue wait: from queue:join to a technician's pick, seconds. */
const QUEUE_WAIT_BUCKETS = [5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600];

const FN = ['function'] as const;

/** A store that does not answer (Redis away) makes its gauges NaN for this scrape instead of failing the scrape. */
const orNaN = (value: Promise<number>): Promise<number> => value.catch(() => Number.NaN);

export class RelayMetrics {
  readonly registry = new Registry();

  readonly joins = new Counter({ name: 'rsw_joins_total', help: 'Customers who joined a session, by how (code: with a session code; queue: picked from the queue).', labelNames: ['via'] as const, registers: [this.registry] });
  readonly failedJoins = new Counter({
    name: 'rsw_join_failures_total',
    help: 'Code attempts refused, by reason (invalid-code, code-expired, code-used, rate-limited, outside-hours, …). A spike of invalid-code is code guessing.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly queueWait = new Histogram({ name: 'rsw_queue_wait_seconds', help: 'How long a queued customer waited until a technician picked the session, seconds.', buckets: QUEUE_WAIT_BUCKETS, registers: [this.registry] });
  readonly consentRequests = new Counter({ name: 'rsw_consent_requests_total', help: 'Consent prompts opened by a technician request, by function.', labelNames: FN, registers: [this.registry] });
  readonly consentGrants = new Counter({ name: 'rsw_consent_grants_total', help: 'Consent requests the customer allowed, by function.', labelNames: FN, registers: [this.registry] });
  readonly consentDenials = new Counter({ name: 'rsw_consent_denials_total', help: 'Consent requests and re-confirmations the customer denied, by function.', labelNames: FN, registers: [this.registry] });
  readonly consentExpiries = new Counter({ name: 'rsw_consent_expiries_total', help: 'Consent prompts and re-confirmations left unanswered until they expired, by function.', labelNames: FN, registers: [this.registry] });
  readonly consentRevocations = new Counter({ name: 'rsw_consent_revocations_total', help: 'Grants the customer took back (one function, or all at once), by function.', labelNames: FN, registers: [this.registry] });
  readonly refusedUses = new Counter({
    name: 'rsw_uses_refused_total',
    help: 'Uses of a function refused, by function: no live grant at the consent gate (or the session ended, or the function is not offered in it), or the grant taken back before the use was forwarded.',
    labelNames: FN,
    registers: [this.registry],
  });
  readonly cooldownRefusals = new Counter({
    name: 'rsw_consent_cooldown_refusals_total',
    help: 'Consent requests refused by the consent cooldown (asked again too soon after the customer said no), by function.',
    labelNames: FN,
    registers: [this.registry],
  });
  readonly chatMessages = new Counter({ name: 'rsw_chat_messages_total', help: 'Chat messages relayed (resends of the same message not counted), by sender role.', labelNames: ['sender'] as const, registers: [this.registry] });
  readonly chatDelivery = new Histogram({
    name: 'rsw_chat_delivery_seconds',
    help: 'Time from the relay receiving chat:send to the broadcast being handed to socket.io (or the shared stream), seconds.',
    buckets: CHAT_DELIVERY_BUCKETS,
    registers: [this.registry],
  });
  readonly fileBytes = new Counter({ name: 'rsw_file_bytes_total', help: 'File bytes relayed and acknowledged by the receiver, by sender role.', labelNames: ['sender'] as const, registers: [this.registry] });
  readonly webhookDeliveries = new Counter({ name: 'rsw_webhook_deliveries_total', help: 'Webhook events delivered (answered 2xx).', registers: [this.registry] });
  readonly webhookFailures = new Counter({
    name: 'rsw_webhook_failures_total',
    help: 'Failed webhook POSTs, by outcome (retry: tried again later; dropped: given up, the event is lost).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  /** The delivery histogram's observer, made once (prom-client's `observe` makes one per call). */
  readonly #delivery = this.chatDelivery.labels();
  /** The chat counter's label sets, made once instead of one object per message. */
  readonly #sender: Readonly<Record<Role, { sender: Role }>> = { customer: { sender: 'customer' }, technician: { sender: 'technician' } };

  /**
   * `processMetrics`: also the default metrics of prom-client (process CPU and memory, event-loop lag, GC, heap),
   * which watch the process from then on; only for a relay whose metrics are served.
   */
  constructor(sources: MetricSources, processMetrics: boolean) {
    if (processMetrics) collectDefaultMetrics({ register: this.registry });
    // Every series of the fixed label sets exists from the start at 0, so that rate() and increase() see the first event.
    const roles: Role[] = ['customer', 'technician'];
    for (const via of ['code', 'queue']) this.joins.inc({ via }, 0);
    for (const reason of ['invalid-code', 'code-expired', 'code-used', 'rate-limited']) this.failedJoins.inc({ reason }, 0);
    for (const fn of FUNCTION_IDS) {
      for (const counter of [this.consentRequests, this.consentGrants, this.consentDenials, this.consentExpiries, this.consentRevocations, this.refusedUses, this.cooldownRefusals]) counter.inc({ function: fn }, 0);
    }
    for (const sender of roles) {
      this.chatMessages.inc({ sender }, 0);
      this.fileBytes.inc({ sender }, 0);
    }
    for (const outcome of ['retry', 'dropped']) this.webhookFailures.inc({ outcome }, 0);
    const registers = [this.registry];
    new Gauge({
      name: 'rsw_sessions_live',
      help: 'Live sessions (open, queued or active) in the store: all processes when the store is shared.',
      registers,
      async collect() {
        this.set(await orNaN(sources.liveSessions()));
      },
    });
    new Gauge({
      name: 'rsw_queue_length',
      help: 'Customers waiting in the queue for a technician.',
      registers,
      async collect() {
        this.set(await orNaN(sources.queueLength()));
      },
    });
    new Gauge({
      name: 'rsw_sockets',
      help: 'Connected sockets of this process, by role.',
      labelNames: ['role'] as const,
      registers,
      collect() {
        const { customer, technician } = sources.sockets();
        this.set({ role: 'customer' }, customer);
        this.set({ role: 'technician' }, technician);
      },
    });
    if (sources.redisUp) {
      new Gauge({
        name: 'rsw_redis_up',
        help: 'Whether Redis answers this process (1) or not (0).',
        registers,
        collect() {
          this.set(sources.redisUp?.() ? 1 : 0);
        },
      });
    }
  }

  /** A chat message handed to its broadcast `seconds` after it came in; counted unless it was a resend. */
  chatSent(sender: Role, seconds: number, resend: boolean): void {
    this.#delivery.observe(seconds);
    if (!resend) this.chatMessages.inc(this.#sender[sender]);
  }

  webhook(outcome: WebhookOutcome): void {
    if (outcome === 'delivered') this.webhookDeliveries.inc();
    else this.webhookFailures.inc({ outcome });
  }
}

/**
 * GET `<path>/metrics`: the registry in Prometheus text format for a request carrying `Authorization: Bearer <token>`;
 * 401 for any other request (no data).
 */
export function metricsHandler(metrics: RelayMetrics, token: string, onError: (err: unknown) => void) {
  const expected = createHash('sha256').update(token).digest();
  return (req: IncomingMessage, res: ServerResponse): void => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    const given = createHash('sha256')
      .update(match?.[1] ?? '')
      .digest();
    if (!match || !timingSafeEqual(given, expected)) {
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer realm="metrics"', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ error: 'unauthorized' }));
      return;
    }
    metrics.registry.metrics().then(
      (text) => {
        res.writeHead(200, { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' });
        res.end(text);
      },
      (err: unknown) => {
        onError(err);
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'metrics-unavailable' }));
      },
    );
  };
}
