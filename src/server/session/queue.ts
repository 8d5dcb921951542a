/**
 * The queue: a customer waits without a code (`queue:join`), technicians see the list and pick one.
 *
 * Each `queue:update` carries the whole queue to every technician socket, and each change tells every queued customer
 * its place: sent at every change, a burst of n joins would send n whole queues (O(n²) bytes) to each technician. So
 * changes are announced together: the first change of a quiet queue schedules one announcement QUEUE_UPDATE_MS later,
 * the changes until then go with it (its entries are read when it goes out). The customer a change concerns (who
 * joined, who came back) is told its place at once.
 */
import {
  initialConsent,
  type ClientLimits,
  type JoinResult,
  type QueueEntry,
  type RtcConfig,
  type SessionView,
} from '../../protocol/index.js';
import { addressPseudonyms, generateId, generateSecret, hashSecret } from '../codes.js';
import { givenBackOnFailure, takeReturnable } from '../limits.js';
import { fail, ok, type Result } from '../results.js';
import type { SessionRecord } from '../store.js';
import { toView, type Caller, type SessionContext } from './context.js';

/** How long the changes of the queue are gathered before technicians and queued customers hear of them, ms. */
export const QUEUE_UPDATE_MS = 100;
/** How long after an announcement the store did not answer it is tried again, ms. */
export const QUEUE_RETRY_MS = 1000;

export class Queue {
  readonly #ctx: SessionContext;
  /** The announcement of the changes so far, while one is scheduled. */
  #announcement: NodeJS.Timeout | undefined;
  /** The last announcement failed (its failure logged; the next ones' not, until one goes out). */
  #failing = false;
  #closed = false;
  /** The key the queue limit counts a client address under; the session record keeps it, never the address. */
  readonly #limitKey: (address: string) => string;

  constructor(ctx: SessionContext) {
    this.#ctx = ctx;
    this.#limitKey = addressPseudonyms(ctx.opts.tokenSecret);
  }

  async enqueue(caller: Caller, name: string, description: string): Promise<Result<JoinResult & { position: number }>> {
    if (await this.#ctx.holdsLiveSession(caller)) return fail('invalid-state');
    const closed = this.#ctx.closedNow();
    if (closed) return closed;
    if ((await this.#ctx.store.countLive()) >= this.#ctx.opts.maxSessions) return fail('capacity');
    if ((await this.#ctx.out.techniciansOnline()) === 0) return fail('no-technician');
    // A place left behind stays in the queue for the grace period: without this, one address dropping and joining
    // again fills the queue (and `maxSessions`) in seconds. The point is given back once a technician picks the place
    // (a helpdesk behind one address is not held up), or when this call fails.
    const limiter = this.#ctx.limits.queueJoinsByAddress;
    const limitKey = this.#limitKey(caller.address);
    const wait = await takeReturnable(limiter, limitKey);
    if (wait > 0) return fail('rate-limited', { retryAfter: wait });
    return givenBackOnFailure(limiter, limitKey, () => this.#enqueue(caller, limitKey, name, description));
  }

  async #enqueue(caller: Caller, limitKey: string, name: string, description: string): Promise<Result<JoinResult & { position: number }>> {

    const now = Date.now();
    const token = generateSecret();
    const record: SessionRecord = {
      id: generateId(),
      state: 'queued',
      createdAt: now,
      customer: { name, description },
      customerConn: caller.conn,
      customerPresent: true,
      technicianPresent: false,
      resumeHash: hashSecret(token),
      limitKey,
      consent: initialConsent(this.#ctx.opts.functions, this.#ctx.consentTimings(), now),
    };
    await this.#ctx.store.insertSession(record);
    this.#ctx.out.enter(caller, record.id);
    await this.#ctx.store.putResumeToken(record.resumeHash!, record.id);
    await this.#ctx.store.enqueue(record.id);
    await this.#ctx.audit(record.id, { actor: 'customer', type: 'customer-queued' });
    await this.queueChanged();
    const position = await this.tellPlace(record.id);
    return ok({ session: toView(record), resumeToken: token, resumeGraceMs: this.#ctx.opts.resumeGraceMs, position, ...this.#ctx.clientConfig() });
  }

  async queueList(caller: Caller): Promise<Result<{ entries: QueueEntry[] }>> {
    if (!caller.technician) return fail('unauthorized');
    return ok({ entries: await this.#queueEntries() });
  }

  async pick(caller: Caller, sessionId: string): Promise<Result<{ session: SessionView; rtc: RtcConfig; limits: ClientLimits }>> {
    const tech = caller.technician;
    if (!tech) return fail('unauthorized');
    if (await this.#ctx.holdsLiveSession(caller)) return fail('invalid-state');
    if (!(await this.#ctx.store.dequeue(sessionId))) return fail('not-found');
    let wasQueued = false;
    const record = await this.#ctx.store.updateSession(sessionId, (s) => {
      wasQueued = s.state === 'queued';
      if (!wasQueued) return undefined;
      return { ...s, state: 'active', technician: tech, technicianConn: caller.conn, technicianPresent: true };
    });
    await this.queueChanged();
    if (!record || !wasQueued) return fail('session-ended');
    this.#ctx.out.enter(caller, sessionId);
    if (record.limitKey) await this.#ctx.limits.queueJoinsByAddress.reward(record.limitKey);
    this.#ctx.metrics.joins.inc({ via: 'queue' });
    this.#ctx.metrics.queueWait.observe((Date.now() - record.createdAt) / 1000);
    await this.#ctx.audit(sessionId, { actor: 'technician', type: 'technician-joined', detail: `${tech.name} (${tech.org})` });
    this.#ctx.out.toSession(sessionId, 'both', 'session:update', toView(record));
    this.#ctx.out.toSession(sessionId, 'customer', 'participant:update', { role: 'technician', present: true, reason: 'joined' });
    return ok({ session: toView(record), ...this.#ctx.clientConfig() });
  }

  async #queueEntries(): Promise<QueueEntry[]> {
    const ids = await this.#ctx.store.queue();
    const records = await Promise.all(ids.map((id) => this.#ctx.store.getSession(id)));
    return records
      .filter((s): s is SessionRecord => s?.state === 'queued')
      .map((s, i) => ({ sessionId: s.id, name: s.customer?.name ?? '', description: s.customer?.description ?? '', joinedAt: s.createdAt, position: i + 1 }));
  }

  /** The queue changed: technicians and queued customers hear of it with the changes of the next QUEUE_UPDATE_MS. */
  async queueChanged(): Promise<void> {
    this.#schedule(QUEUE_UPDATE_MS);
  }

  /**
   * Tells the customer of `sessionId` (who just joined or came back) its place now, and resolves to it (the queue's
   * length when the session is not in it, e.g. picked meanwhile). Counted in the queue's order alone, without reading
   * every queued session (a burst of joins would read the whole queue for each): a session ending at that moment may
   * still count, until the next announcement, which reads them all.
   */
  async tellPlace(sessionId: string): Promise<number> {
    const ids = await this.#ctx.store.queue();
    const position = ids.indexOf(sessionId) + 1;
    if (position === 0) return ids.length;
    this.#ctx.out.toSession(sessionId, 'customer', 'queue:position', { position, total: ids.length });
    return position;
  }

  /** The relay closes: no announcement after that. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#announcement);
    this.#announcement = undefined;
  }

  /** An announcement `ms` from now, unless one is scheduled already (or the relay closed). */
  #schedule(ms: number): void {
    if (this.#announcement || this.#closed) return;
    this.#announcement = setTimeout(() => void this.#announce(), ms);
    this.#announcement.unref();
  }

  async #announce(): Promise<void> {
    // Changes from now on are the next announcement's: the entries read below may or may not include them.
    this.#announcement = undefined;
    try {
      const entries = await this.#queueEntries();
      this.#ctx.out.toTechnicians('queue:update', { entries });
      for (const e of entries) this.#ctx.out.toSession(e.sessionId, 'customer', 'queue:position', { position: e.position, total: entries.length });
      this.#failing = false;
    } catch (err) {
      // The store did not answer: tried again until it does, or technicians would keep the queue as it was before the
      // change (a customer who joined unseen) until the next change, which a quiet queue may not have.
      if (!this.#failing) this.#ctx.log.warn({ err }, 'queue update not sent: tried again every second until the store answers');
      this.#failing = true;
      this.#schedule(QUEUE_RETRY_MS);
    }
  }
}
