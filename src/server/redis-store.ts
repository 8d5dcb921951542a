/**
 * The store that several relay processes share: everything in Redis, under one key prefix.
 *
 * - A session is a hash `{rev, json}`. `updateSession` reads it, runs `mutate` and writes the result only if `rev` has
 *   not moved meanwhile (a compare-and-set script); on a conflict it reads again and runs `mutate` again.
 * - Codes are reserved with an atomic check-and-set and claimed by a script that marks them used, so a code is unique
 *   and single-use over all processes. Reboot tokens are taken with GETDEL: once.
 * - Chat and audit entries get their sequence number inside the script that appends them.
 * - Expiry is Redis's: codes and reboot tokens carry their own TTL; when a session ends, its record, chat, audit and
 *   resume tokens get `retainEndedMs` to live.
 * - For cluster.ts: a sorted set of when each live session next has something due, and one of process heartbeats.
 *
 * Every failure to reach Redis surfaces as StoreUnavailableError.
 */
import type { Redis } from 'ioredis';
import type { AuditEntry, ChatMessage, LeftMessage } from '../protocol/index.js';
import { sequentialIds } from './codes.js';
import { nextDue } from './deadlines.js';
import { defineScripts, type RunScript } from './redis-scripts.js';
import { entryArgs, packedEntry, type StreamEntry } from './stream-entries.js';
import {
  AUDIT_KEEP_FIRST,
  AUDIT_KEEP_LAST,
  StoreUnavailableError,
  type ClaimResult,
  type MessageBudget,
  type MessageDraft,
  type SendOutcome,
  type SessionRecord,
  type SharedStore,
  type StreamMarker,
} from './store.js';

export interface RedisStoreOptions {
  /** Prefix of every key. Default `rsw:`. */
  keyPrefix?: string;
  /** How long an ended session's record, chat and audit log are kept, ms. Default 1 h. */
  retainEndedMs?: number;
  /** The relay's resume grace period (when a dropped participant's time is up), ms. Default 2 min. */
  resumeGraceMs?: number;
  /**
   * Whether Redis answers now (redis-connection.ts `available`): while it does not, every call fails at once instead
   * of each waiting for the command timeout of a Redis that stalled. Default: always try.
   */
  available?: () => boolean;
}

/** How long a burnt or expired code is still recognised as such (then it is simply unknown); as the memory store. */
const CODE_MEMORY_MS = 60 * 60_000;
/** `updateSession` attempts before it gives up (each conflict means another process wrote the session meanwhile). */
const MAX_ATTEMPTS = 100;
/** Sessions read per round trip when listing live sessions. */
const BATCH = 500;
/** How long a process declared dead is remembered as such (for when it was only stalled and comes back). */
const DEAD_MEMORY_MS = 60 * 60_000;
/** How long a session's fence is kept at least after it was last raised (far longer than any use takes to forward). */
const FENCE_MEMORY_MS = 60 * 60_000;

/** The fields of a session's hash that a chat message checks (redis-scripts.ts `rswSendMessage`). */
const membership = (record: SessionRecord) => [record.state, record.customerConn ?? '', record.technicianConn ?? ''];

/** JSON of `value` without its opening brace, for a script to put `{"seq":N,` in front. */
const jsonTail = (value: object) => JSON.stringify(value).slice(1);

/** `jsonTail` of the message `{id, ...draft}`, written straight from the draft (no copy of it made first). */
export const messageTail = (id: string, draft: MessageDraft) => `"id":${JSON.stringify(id)},${jsonTail(draft)}`;

/**
 * The message stored as `{"seq":seq,` .. messageTail(id, draft), as JSON.parse would give it back (same fields, same
 * order), without the JSON.
 */
export const storedMessage = (seq: number, id: string, draft: MessageDraft): ChatMessage => ({
  seq,
  id,
  clientId: draft.clientId,
  from: draft.from,
  text: draft.text,
  at: draft.at,
});

export class RedisStore implements SharedStore {
  readonly shared = true;
  readonly #redis: Redis;
  readonly #run: RunScript;
  readonly #prefix: string;
  readonly #retainMs: number;
  readonly #graceMs: number;
  readonly #available: () => boolean;
  readonly #messageId = sequentialIds();

  constructor(redis: Redis, options: RedisStoreOptions = {}) {
    this.#redis = redis;
    this.#run = defineScripts(redis);
    this.#prefix = options.keyPrefix ?? 'rsw:';
    this.#retainMs = options.retainEndedMs ?? 60 * 60_000;
    this.#graceMs = options.resumeGraceMs ?? 2 * 60_000;
    this.#available = options.available ?? (() => true);
  }

  // ── keys ────────────────────────────────────────────────────────────────────────────────────────────────

  #key(...parts: string[]): string {
    return this.#prefix + parts.join(':');
  }

  #sessionKeys(id: string) {
    return { session: this.#key('s', id), chat: this.#key('chat', id), chatIds: this.#key('chatid', id), audit: this.#key('audit', id) };
  }

  /** Runs one Redis call; any failure means the store is unavailable. */
  async #do<T>(call: () => Promise<T>): Promise<T> {
    if (!this.#available()) throw new StoreUnavailableError('redis: not answering');
    try {
      return await call();
    } catch (err) {
      throw new StoreUnavailableError(`redis: ${(err as Error).message}`, { cause: err });
    }
  }

  #dueArg(record: SessionRecord): string {
    const due = nextDue(record, this.#graceMs);
    return due === undefined ? '' : String(due);
  }

  // ── sessions ────────────────────────────────────────────────────────────────────────────────────────────

  async insertSession(record: SessionRecord): Promise<void> {
    const inserted = await this.#do(() =>
      this.#run('rswInsert', [this.#key('s', record.id), this.#key('live'), this.#key('due')], [record.id, JSON.stringify(record), this.#dueArg(record), ...membership(record)]),
    );
    if (inserted !== 1) throw new Error(`session ${record.id} exists`);
  }

  async getSession(id: string): Promise<SessionRecord | undefined> {
    const json = await this.#do(() => this.#redis.hget(this.#key('s', id), 'json'));
    return json ? (JSON.parse(json) as SessionRecord) : undefined;
  }

  async updateSession(id: string, mutate: (current: SessionRecord) => SessionRecord | undefined): Promise<SessionRecord | undefined> {
    const keys = this.#sessionKeys(id);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const [rev, json] = await this.#do(() => this.#redis.hmget(keys.session, 'rev', 'json'));
      if (!rev || !json) return undefined;
      const current = JSON.parse(json) as SessionRecord;
      const next = mutate(current);
      if (!next) return current;
      const ended = next.state === 'ended';
      const expiring = ended
        ? [keys.chat, keys.chatIds, keys.audit, ...[next.resumeHash, next.previousResumeHash].filter((h) => h !== undefined).map((h) => this.#key('rt', h))]
        : [];
      const written = await this.#do(() =>
        this.#run(
          'rswUpdate',
          [keys.session, this.#key('live'), this.#key('due'), ...expiring],
          [id, rev, JSON.stringify(next), ended ? '1' : '0', this.#dueArg(next), this.#retainMs, ...membership(next)],
        ),
      );
      if (written === 1) return next;
    }
    throw new Error(`session ${id}: too many concurrent updates`);
  }

  async liveSessions(): Promise<SessionRecord[]> {
    const ids = await this.#do(() => this.#redis.smembers(this.#key('live')));
    const records: SessionRecord[] = [];
    for (let i = 0; i < ids.length; i += BATCH) {
      const pipeline = this.#redis.pipeline();
      for (const id of ids.slice(i, i + BATCH)) pipeline.hget(this.#key('s', id), 'json');
      const replies = await this.#do(() => pipeline.exec());
      for (const [err, json] of replies ?? []) {
        if (err) throw new StoreUnavailableError(`redis: ${err.message}`, { cause: err });
        if (typeof json !== 'string') continue;
        const record = JSON.parse(json) as SessionRecord;
        if (record.state !== 'ended') records.push(record);
      }
    }
    return records;
  }

  async countLive(): Promise<number> {
    return this.#do(() => this.#redis.scard(this.#key('live')));
  }

  async deleteSession(id: string): Promise<void> {
    const record = await this.getSession(id);
    const keys = this.#sessionKeys(id);
    const tokens = [record?.resumeHash, record?.previousResumeHash].filter((h) => h !== undefined).map((h) => this.#key('rt', h));
    const reboot = record?.rebootHash ? [this.#key('rb', record.rebootHash)] : [];
    await this.#do(() =>
      this.#redis
        .multi()
        .del(keys.session, keys.chat, keys.chatIds, keys.audit, ...tokens, ...reboot)
        .srem(this.#key('live'), id)
        .zrem(this.#key('due'), id)
        .zrem(this.#key('queue'), id)
        .exec(),
    );
  }

  // ── codes ───────────────────────────────────────────────────────────────────────────────────────────────

  async reserveCode(code: string, sessionId: string, expiresAt: number): Promise<boolean> {
    // A code is never reissued while it is remembered (live, or burnt/expired within the last hour), as in memory.
    const reserved = await this.#do(() => this.#run('rswReserveCode', [this.#key('code', code)], [sessionId, expiresAt, expiresAt + CODE_MEMORY_MS]));
    return reserved === 1;
  }

  async claimCode(code: string, now: number): Promise<ClaimResult> {
    const [status, sessionId] = (await this.#do(() => this.#run('rswClaimCode', [this.#key('code', code)], [now]))) as [ClaimResult['status'], string?];
    return status === 'ok' && sessionId ? { status, sessionId } : { status: status === 'ok' ? 'invalid' : status };
  }

  // ── queue ───────────────────────────────────────────────────────────────────────────────────────────────

  async enqueue(sessionId: string): Promise<void> {
    await this.#do(() => this.#run('rswEnqueue', [this.#key('queue'), this.#key('queue-seq')], [sessionId]));
  }

  async dequeue(sessionId: string): Promise<boolean> {
    return (await this.#do(() => this.#redis.zrem(this.#key('queue'), sessionId))) === 1;
  }

  async queue(): Promise<string[]> {
    return this.#do(() => this.#redis.zrange(this.#key('queue'), '0', '-1'));
  }

  // ── chat and audit ──────────────────────────────────────────────────────────────────────────────────────

  async appendMessage(sessionId: string, draft: MessageDraft): Promise<{ message: ChatMessage; duplicate: boolean }> {
    const keys = this.#sessionKeys(sessionId);
    const [json, duplicate] = (await this.#do(() =>
      this.#run('rswAppendMessage', [keys.chat, keys.chatIds, keys.session], [`${draft.from}:${draft.clientId}`, messageTail(this.#messageId(), draft)]),
    )) as [string, number];
    return { message: JSON.parse(json) as ChatMessage, duplicate: duplicate === 1 };
  }

  async sendMessage(sessionId: string, conn: string, draft: MessageDraft, budget: MessageBudget, broadcast?: StreamEntry): Promise<SendOutcome> {
    const keys = this.#sessionKeys(sessionId);
    const id = this.#messageId();
    const reply = (await this.#do(() =>
      this.#run(
        'rswSendMessage',
        [keys.session, keys.chat, keys.chatIds, budget.key, ...(broadcast ? [broadcast.stream] : [])],
        [
          draft.from === 'customer' ? 'customerConn' : 'technicianConn',
          conn,
          `${draft.from}:${draft.clientId}`,
          messageTail(id, draft),
          budget.points,
          budget.durationSec,
          ...(broadcast ? [packedEntry(broadcast)] : []),
        ],
      ),
    )) as [string, string | number, number?];
    const [status, value, duplicate] = reply;
    if (status === 'ok') {
      // A new message is the one this relay sent, numbered (the script answers its seq only); a duplicate is the
      // message as first stored.
      if (duplicate === 1) return { status, message: JSON.parse(value as string) as ChatMessage, duplicate: true };
      return { status, message: storedMessage(Number(value), id, draft), duplicate: false };
    }
    if (status === 'rate-limited') return { status, retryAfter: Math.max(1, Number(value)) };
    return { status: status as 'not-in-session' | 'session-ended' | 'invalid-state' };
  }

  async messagesAfter(sessionId: string, seq: number): Promise<ChatMessage[]> {
    const list = await this.#do(() => this.#redis.lrange(this.#key('chat', sessionId), Math.max(0, seq), -1));
    return list.map((json) => JSON.parse(json) as ChatMessage);
  }

  async appendAudit(sessionId: string, entry: Omit<AuditEntry, 'seq'>): Promise<AuditEntry> {
    const keys = this.#sessionKeys(sessionId);
    const json = (await this.#do(() => this.#run('rswAppendAudit', [keys.audit, keys.session], [jsonTail(entry), AUDIT_KEEP_FIRST, AUDIT_KEEP_LAST]))) as string;
    return JSON.parse(json) as AuditEntry;
  }

  async audit(sessionId: string): Promise<AuditEntry[]> {
    const list = await this.#do(() => this.#redis.lrange(this.#key('audit', sessionId), 0, -1));
    return list.map((json) => JSON.parse(json) as AuditEntry);
  }

  // ── forwarding uses past the consent gate ─────────────────────────────────────────────────────────────

  async readFence(sessionId: string): Promise<string> {
    return (await this.#do(() => this.#redis.get(this.#key('fence', sessionId)))) ?? '';
  }

  async forwardUse(sessionId: string, fence: string, payload: unknown, entry: StreamEntry): Promise<boolean> {
    const forwarded = await this.#do(() =>
      this.#run('rswForwardUse', [this.#key('fence', sessionId), entry.stream], [fence, JSON.stringify(payload), ...entryArgs(entry)]),
    );
    return forwarded === 1;
  }

  async raiseFence(sessionId: string, marker: StreamMarker): Promise<string> {
    const keepMs = Math.max(this.#retainMs, FENCE_MEMORY_MS);
    return (await this.#do(() =>
      this.#run('rswRaiseFence', [this.#key('fence', sessionId), marker.stream], [keepMs, marker.maxLen, marker.uid, marker.nsp, marker.type]),
    )) as string;
  }

  // ── resume and reboot tokens ────────────────────────────────────────────────────────────────────────────

  async putResumeToken(hash: string, sessionId: string): Promise<void> {
    await this.#do(() => this.#redis.set(this.#key('rt', hash), sessionId));
  }

  async findResumeToken(hash: string): Promise<string | undefined> {
    return (await this.#do(() => this.#redis.get(this.#key('rt', hash)))) ?? undefined;
  }

  async deleteResumeToken(hash: string): Promise<void> {
    await this.#do(() => this.#redis.del(this.#key('rt', hash)));
  }

  async putRebootToken(hash: string, sessionId: string, expiresAt: number): Promise<void> {
    const ttl = expiresAt - Date.now();
    const key = this.#key('rb', hash);
    await this.#do<unknown>(() => (ttl > 0 ? this.#redis.set(key, `${expiresAt}:${sessionId}`, 'PX', ttl) : this.#redis.del(key)));
  }

  async takeRebootToken(hash: string, now: number): Promise<string | undefined> {
    const value = await this.#do(() => this.#redis.getdel(this.#key('rb', hash)));
    if (!value) return undefined;
    const colon = value.indexOf(':');
    return Number(value.slice(0, colon)) > now ? value.slice(colon + 1) : undefined;
  }

  async deleteRebootToken(hash: string): Promise<void> {
    await this.#do(() => this.#redis.del(this.#key('rb', hash)));
  }

  // ── messages left by customers ──────────────────────────────────────────────────────────────────────────

  async addLeftMessage(message: LeftMessage, keep: number): Promise<void> {
    const key = this.#key('left');
    await this.#do(() => this.#redis.multi().lpush(key, JSON.stringify(message)).ltrim(key, 0, keep - 1).exec());
  }

  async leftMessages(): Promise<LeftMessage[]> {
    const list = await this.#do(() => this.#redis.lrange(this.#key('left'), 0, -1));
    return list.map((json) => JSON.parse(json) as LeftMessage);
  }

  // ── processes and deadlines (cluster.ts) ────────────────────────────────────────────────────────────────

  async claimDue(now: number, limit: number, leaseUntil: number): Promise<string[]> {
    return (await this.#do(() => this.#run('rswClaimDue', [this.#key('due')], [now, limit, leaseUntil]))) as string[];
  }

  async heartbeat(node: string, now: number): Promise<boolean> {
    const replies = await this.#do(() => this.#redis.multi().zadd(this.#key('nodes'), now, node).getdel(this.#key('dead', node)).exec());
    return replies?.[1]?.[1] != null;
  }

  async staleNodes(before: number): Promise<string[]> {
    return this.#do(() => this.#redis.zrangebyscore(this.#key('nodes'), '-inf', `(${before}`));
  }

  async declareDead(node: string): Promise<void> {
    await this.#do(() => this.#redis.multi().zrem(this.#key('nodes'), node).set(this.#key('dead', node), '1', 'PX', DEAD_MEMORY_MS).exec());
  }

  async forgetNode(node: string): Promise<void> {
    await this.#do(() => this.#redis.zrem(this.#key('nodes'), node));
  }

  /** The connection belongs to whoever created it (see redis-connection.ts); nothing to do. */
  async close(): Promise<void> {}
}
