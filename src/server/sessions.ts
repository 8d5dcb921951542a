/**
 * The session service: every operation on a session (create, join, queue, resume, chat, consent, gate, end) as
 * plain async methods over the store. It knows nothing of sockets; it tells participants what happened through an
 * Outbox, and the socket layer (relay.ts) maps events to these methods.
 */
import type { Logger } from 'pino';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import {
  FILE_CHUNKS_IN_FLIGHT,
  FUNCTIONS,
  activePrompt,
  initialConsent,
  isLive,
  nextDeadline,
  reduceConsent,
  type AuditEntry,
  type ChatMessage,
  type ClientLimits,
  type ConsentCause,
  type ConsentEvent,
  type ConsentResult,
  type ConsentState,
  type CreateResult,
  type EndReason,
  type FileCancelReason,
  type FunctionId,
  type JoinResult,
  type Payload,
  type Prompt,
  type QueueEntry,
  type RejoinResult,
  type Role,
  type RtcConfig,
  type SessionView,
  type SysinfoItem,
} from '../protocol/index.js';
import type { Technician } from './auth.js';
import { generateCode, generateId, generateSecret, hashSecret } from './codes.js';
import { isOpen } from './hours.js';
import { blockedFor, take, type Limiters, type SocketLimits } from './limits.js';
import type { ResolvedOptions } from './options.js';
import type { ConsentChangedEvent, SessionEndedEvent } from './relay-events.js';
import { fail, later, ok, type Failure, type Later, type Result } from './results.js';
import { StoreUnavailableError, type RelayStore, type SessionRecord, type TransferRecord } from './store.js';
import type { StreamEntry } from './stream-entries.js';
import { LIVE_TRANSFERS, TransferProgress, base64Bytes, describeTransfer } from './transfers.js';

/** Who is calling: one socket of one role. */
export interface Caller {
  role: Role;
  /** Socket id (rate-limit key). */
  socketId: string;
  /** Connection id, fresh for every join/resume/attach; a session remembers which connection holds it. */
  conn: string;
  /** The session this socket joined, if any. */
  sessionId?: string;
  /** Client address (for failed-code limits). */
  address: string;
  /** This socket's own rate limits. */
  limits: SocketLimits;
  technician?: Technician;
}

export type Target = Role | 'both';

/** How the service reaches participants (implemented over socket.io rooms). */
export interface Outbox {
  /**
   * Puts the caller's socket in the session's room (and out of any earlier one). The service calls it as soon as the
   * caller holds the session, before announcing anything, so the caller hears its own session's events too.
   */
  enter(caller: Caller, sessionId: string): void;
  toSession(sessionId: string, target: Target, event: string, payload: unknown, exceptSocketId?: string): void;
  toTechnicians(event: string, payload: unknown): void;
  /**
   * Sends to the session's `target` participant and resolves to the acknowledgements, one per socket (none when
   * nobody is connected); rejects when one does not come within `timeoutMs`.
   */
  toSessionWithAck(sessionId: string, target: Role, event: string, payload: unknown, timeoutMs: number): Promise<unknown[]>;
  /** A resumed/attached connection supersedes the role's other sockets in the session (customers are disconnected). */
  supersede(sessionId: string, role: Role, keepSocketId: string): void;
  techniciansOnline(): Promise<number>;
  /**
   * When broadcasts go through a shared stream: the entry that sends `event` to the session's `target` from a store
   * script, which writes it in the same atomic step as what it announces. The other processes deliver it; this one
   * delivers it to its own sockets with `toSessionHere`. Undefined when there is no such stream.
   */
  streamEntry?(sessionId: string, target: Role, event: string): StreamEntry | undefined;
  /** Sends to the session's `target` sockets on this process only. */
  toSessionHere(sessionId: string, target: Role, event: string, payload: unknown): void;
  /**
   * Forwards to the customer a technician's use that passed the consent gate, unless the customer took something
   * back (a revocation, the end) after the use came in: then nothing is sent and this resolves to false.
   */
  forwardUse(caller: Caller, sessionId: string, event: string, payload: unknown): Promise<boolean>;
}

/** What server-side code hears of (relay.events and the webhook). Called synchronously; must not throw. */
export interface SessionHooks {
  consent?(event: ConsentChangedEvent): void;
  ended?(event: SessionEndedEvent): void;
}

const other = (role: Role): Role => (role === 'customer' ? 'technician' : 'customer');

/** Who acted, for the audit log, given why a grant changed. */
function actorOf(cause: ConsentCause, endedBy: Role | 'relay'): Role | 'relay' {
  switch (cause) {
    case 'allow':
    case 'deny':
    case 'revoke':
    case 'revoke-all':
    case 'reconfirm-allow':
    case 'reconfirm-deny':
      return 'customer';
    case 'request':
    case 'use':
      return 'technician';
    case 'end':
      return endedBy;
    default:
      return 'relay';
  }
}

export function toView(s: SessionRecord): SessionView {
  return {
    id: s.id,
    state: s.state,
    createdAt: s.createdAt,
    ...(s.technician ? { technician: { name: s.technician.name, org: s.technician.org } } : {}),
    ...(s.customer ? { customer: { ...s.customer } } : {}),
    customerPresent: s.customerPresent,
    technicianPresent: s.technicianPresent,
    consent: s.consent,
    ...(s.endedBy ? { endedBy: s.endedBy } : {}),
    ...(s.endReason ? { endReason: s.endReason } : {}),
  };
}

interface Timers {
  consent?: NodeJS.Timeout;
  code?: NodeJS.Timeout;
  customer?: NodeJS.Timeout;
  technician?: NodeJS.Timeout;
  retain?: NodeJS.Timeout;
}

export class SessionService {
  readonly #opts: ResolvedOptions;
  readonly #store: RelayStore;
  readonly #limits: Limiters;
  /** Shared chat budgets found exhausted: until when (ms since epoch), by counter key. */
  readonly #outOfBudget = new Map<string, number>();
  readonly #out: Outbox;
  readonly #log: Logger;
  readonly #hooks: SessionHooks;
  readonly #timers = new Map<string, Timers>();
  readonly #progress = new TransferProgress();
  /** Drops being recorded, and drops the store could not record (retried by `retryDrops`). */
  readonly #drops = new Set<Promise<void>>();
  #unrecordedDrops: Array<{ sessionId: string; role: Role; conn: string }> = [];
  #closed = false;

  constructor(opts: ResolvedOptions, store: RelayStore, limits: Limiters, out: Outbox, log: Logger, hooks: SessionHooks = {}) {
    this.#opts = opts;
    this.#store = store;
    this.#limits = limits;
    this.#out = out;
    this.#log = log;
    this.#hooks = hooks;
  }

  // ── creating and joining ──────────────────────────────────────────────────────────────────────────────────

  async create(caller: Caller, functions: FunctionId[] | undefined): Promise<Result<CreateResult>> {
    const tech = caller.technician;
    if (!tech) return fail('unauthorized');
    if (await this.#holdsLiveSession(caller)) return fail('invalid-state');
    if ((await this.#store.countLive()) >= this.#opts.maxSessions) return fail('capacity');
    const offered = this.#opts.functions.filter((fn) => !functions || functions.includes(fn));
    if (offered.length === 0) return fail('function-unavailable');

    const now = Date.now();
    const id = generateId();
    const codeExpiresAt = now + this.#opts.codeTtlMs;
    let code: string | undefined;
    for (let attempt = 0; attempt < 20 && !code; attempt++) {
      const candidate = generateCode(this.#opts.codeLength);
      if (await this.#store.reserveCode(candidate, id, codeExpiresAt)) code = candidate;
    }
    if (!code) return fail('capacity');

    const record: SessionRecord = {
      id,
      state: 'open',
      createdAt: now,
      code,
      codeExpiresAt,
      technician: tech,
      technicianConn: caller.conn,
      technicianPresent: true,
      customerPresent: false,
      consent: initialConsent(offered, this.#consentTimings(), now),
    };
    await this.#store.insertSession(record);
    this.#out.enter(caller, id);
    await this.#audit(id, { actor: 'technician', type: 'session-created', detail: `${tech.name} (${tech.org})` });
    this.#timer(id, 'code', codeExpiresAt - now, () => this.#expireCode(id));
    this.#log.info({ sessionId: id, technician: tech.id }, 'session created');
    return ok({ session: toView(record), code, joinUrl: this.#joinUrl(code), codeExpiresAt, ...this.#clientConfig() });
  }

  async join(caller: Caller, code: string): Promise<Result<JoinResult>> {
    if (await this.#holdsLiveSession(caller)) return fail('invalid-state');
    const closed = this.#closedNow();
    if (closed) return closed;
    const wait = Math.max(
      await blockedFor(this.#limits.failedJoinsByAddress, caller.address),
      await blockedFor(this.#limits.failedJoinsGlobal, 'all'),
    );
    if (wait > 0) return fail('rate-limited', { retryAfter: wait });

    const now = Date.now();
    const claim = code.length === this.#opts.codeLength ? await this.#store.claimCode(code, now) : ({ status: 'invalid' } as const);
    if (claim.status !== 'ok') {
      await take(this.#limits.failedJoinsByAddress, caller.address);
      await take(this.#limits.failedJoinsGlobal, 'all');
      this.#log.warn({ address: caller.address, reason: claim.status }, 'failed code attempt');
      return fail(claim.status === 'invalid' ? 'invalid-code' : claim.status === 'expired' ? 'code-expired' : 'code-used');
    }

    const token = generateSecret();
    let wasOpen = false;
    const record = await this.#store.updateSession(claim.sessionId, (s) => {
      wasOpen = s.state === 'open';
      if (!wasOpen) return undefined;
      return { ...s, state: 'active', customerConn: caller.conn, customerPresent: true, resumeHash: hashSecret(token) };
    });
    if (!record || !wasOpen) return fail(record?.state === 'ended' ? 'session-ended' : 'invalid-code');
    this.#out.enter(caller, record.id);
    await this.#store.putResumeToken(hashSecret(token), record.id);
    this.#clearTimer(record.id, 'code');
    await this.#audit(record.id, { actor: 'customer', type: 'customer-joined' });
    this.#out.toSession(record.id, 'both', 'session:update', toView(record));
    this.#out.toSession(record.id, 'technician', 'participant:update', { role: 'customer', present: true, reason: 'joined' });
    this.#log.info({ sessionId: record.id }, 'customer joined');
    return ok({ session: toView(record), resumeToken: token, resumeGraceMs: this.#opts.resumeGraceMs, ...this.#clientConfig() });
  }

  async enqueue(caller: Caller, name: string, description: string): Promise<Result<JoinResult & { position: number }>> {
    if (await this.#holdsLiveSession(caller)) return fail('invalid-state');
    const closed = this.#closedNow();
    if (closed) return closed;
    if ((await this.#store.countLive()) >= this.#opts.maxSessions) return fail('capacity');
    if ((await this.#out.techniciansOnline()) === 0) return fail('no-technician');

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
      consent: initialConsent(this.#opts.functions, this.#consentTimings(), now),
    };
    await this.#store.insertSession(record);
    this.#out.enter(caller, record.id);
    await this.#store.putResumeToken(record.resumeHash!, record.id);
    await this.#store.enqueue(record.id);
    await this.#audit(record.id, { actor: 'customer', type: 'customer-queued' });
    const entries = await this.#publishQueue();
    const position = entries.find((e) => e.sessionId === record.id)?.position ?? entries.length;
    return ok({ session: toView(record), resumeToken: token, resumeGraceMs: this.#opts.resumeGraceMs, position, ...this.#clientConfig() });
  }

  async queueList(caller: Caller): Promise<Result<{ entries: QueueEntry[] }>> {
    if (!caller.technician) return fail('unauthorized');
    return ok({ entries: await this.#queueEntries() });
  }

  async pick(caller: Caller, sessionId: string): Promise<Result<{ session: SessionView; rtc: RtcConfig; limits: ClientLimits }>> {
    const tech = caller.technician;
    if (!tech) return fail('unauthorized');
    if (await this.#holdsLiveSession(caller)) return fail('invalid-state');
    if (!(await this.#store.dequeue(sessionId))) return fail('not-found');
    let wasQueued = false;
    const record = await this.#store.updateSession(sessionId, (s) => {
      wasQueued = s.state === 'queued';
      if (!wasQueued) return undefined;
      return { ...s, state: 'active', technician: tech, technicianConn: caller.conn, technicianPresent: true };
    });
    await this.#publishQueue();
    if (!record || !wasQueued) return fail('session-ended');
    this.#out.enter(caller, sessionId);
    await this.#audit(sessionId, { actor: 'technician', type: 'technician-joined', detail: `${tech.name} (${tech.org})` });
    this.#out.toSession(sessionId, 'both', 'session:update', toView(record));
    this.#out.toSession(sessionId, 'customer', 'participant:update', { role: 'technician', present: true, reason: 'joined' });
    return ok({ session: toView(record), ...this.#clientConfig() });
  }

  // ── presence: drop, resume, attach ────────────────────────────────────────────────────────────────────────

  async resume(caller: Caller, token: string, lastSeq: number): Promise<Result<JoinResult & { missed: ChatMessage[] }>> {
    const hash = hashSecret(token);
    const sessionId = await this.#store.findResumeToken(hash);
    const current = sessionId ? await this.#store.getSession(sessionId) : undefined;
    if (!sessionId || !current) return fail('resume-expired');
    // A session that ended because this customer stayed away too long could not be resumed; any other end is an end.
    // `detail` carries the end reason, so a customer coming back learns who ended the session.
    if (current.state === 'ended') {
      return current.endReason === 'customer-timeout' ? fail('resume-expired') : fail('session-ended', { detail: current.endReason ?? '' });
    }
    const now = Date.now();
    if (!current.customerPresent && current.customerDroppedAt !== undefined && now > this.#customerDeadline(current, current.customerDroppedAt)) {
      await this.end(sessionId, 'relay', 'customer-timeout');
      return fail('resume-expired');
    }
    const next = generateSecret();
    let matched = false;
    // The token rotates on every resume. The one just used stays valid until its successor has been used, so a
    // resume whose acknowledgement was lost on a flaky network can be retried; older ones are spent.
    let spent: string[] = [];
    const record = await this.#store.updateSession(sessionId, (s) => {
      matched = (s.resumeHash === hash || s.previousResumeHash === hash) && s.state !== 'ended';
      if (!matched) return undefined;
      spent = [s.resumeHash, s.previousResumeHash].filter((h): h is string => h !== undefined && h !== hash);
      const { customerDroppedAt: _dropped, ...rest } = s;
      return { ...rest, customerConn: caller.conn, customerPresent: true, resumeHash: hashSecret(next), previousResumeHash: hash };
    });
    if (!record || !matched) return fail(record?.state === 'ended' ? 'session-ended' : 'resume-expired');
    await this.#customerBack(caller, record, spent, next, 'resumed');
    const missed = await this.#store.messagesAfter(sessionId, lastSeq);
    return ok({ session: toView(record), resumeToken: next, resumeGraceMs: this.#opts.resumeGraceMs, missed, ...this.#clientConfig() });
  }

  /**
   * The customer comes back after restarting their computer, with the token of the technician's `reboot:request`.
   * Works once, until the token expires; the result carries the whole transcript and a fresh resume token.
   */
  async rejoin(caller: Caller, token: string): Promise<Result<RejoinResult>> {
    if (await this.#holdsLiveSession(caller)) return fail('invalid-state');
    const hash = hashSecret(token);
    const now = Date.now();
    const sessionId = await this.#store.takeRebootToken(hash, now);
    if (!sessionId) return fail('resume-expired');
    const next = generateSecret();
    let matched = false;
    let spent: string[] = [];
    const record = await this.#store.updateSession(sessionId, (s) => {
      matched = s.state !== 'ended' && s.rebootHash === hash && (s.rebootExpiresAt ?? 0) > now;
      if (!matched) return undefined;
      spent = [s.resumeHash, s.previousResumeHash].filter((h): h is string => h !== undefined);
      const { customerDroppedAt: _dropped, rebootHash: _reboot, rebootExpiresAt: _expires, previousResumeHash: _previous, ...rest } = s;
      return { ...rest, customerConn: caller.conn, customerPresent: true, resumeHash: hashSecret(next) };
    });
    if (!record || !matched) return fail(record?.state === 'ended' ? 'session-ended' : 'resume-expired');
    await this.#customerBack(caller, record, spent, next, 'restarted');
    const messages = await this.#store.messagesAfter(sessionId, 0);
    this.#log.info({ sessionId }, 'customer rejoined after a restart');
    return ok({ session: toView(record), resumeToken: next, resumeGraceMs: this.#opts.resumeGraceMs, messages, ...this.#clientConfig() });
  }

  /** After a resume or a rejoin took the session for `caller`: rooms, tokens, timers, audit, and telling the technician. */
  async #customerBack(caller: Caller, record: SessionRecord, spent: string[], token: string, reason: 'resumed' | 'restarted'): Promise<void> {
    const sessionId = record.id;
    this.#out.enter(caller, sessionId);
    for (const old of spent) await this.#store.deleteResumeToken(old);
    await this.#store.putResumeToken(hashSecret(token), sessionId);
    this.#clearTimer(sessionId, 'customer');
    this.#out.supersede(sessionId, 'customer', caller.socketId);
    if (reason === 'restarted') await this.#audit(sessionId, { actor: 'customer', type: 'rejoined-after-restart' });
    else await this.#audit(sessionId, { actor: 'customer', type: 'participant-resumed', detail: 'customer' });
    this.#out.toSession(sessionId, 'technician', 'participant:update', { role: 'customer', present: true, reason });
    this.#out.toSession(sessionId, 'technician', 'session:update', toView(record));
    if (record.state === 'queued') await this.#publishQueue();
    // A prompt that was on show while the customer was away is shown again.
    const prompt = activePrompt(record.consent);
    if (prompt) this.#out.toSession(sessionId, 'customer', 'consent:prompt', this.#promptInfo(record, prompt));
  }

  /**
   * Until when a customer who dropped at `droppedAt` may come back: the grace period, or longer while a reboot token
   * is valid (a restart takes minutes).
   */
  #customerDeadline(s: SessionRecord, droppedAt: number): number {
    return Math.max(droppedAt + this.#opts.resumeGraceMs, s.rebootExpiresAt ?? 0);
  }

  async attach(
    caller: Caller,
    sessionId: string,
  ): Promise<Result<{ session: SessionView; messages: ChatMessage[]; audit: AuditEntry[] }>> {
    const tech = caller.technician;
    if (!tech) return fail('unauthorized');
    if (caller.sessionId !== sessionId && (await this.#holdsLiveSession(caller))) return fail('invalid-state');
    const current = await this.#store.getSession(sessionId);
    // Another technician's session is indistinguishable from none.
    if (!current || current.technician?.id !== tech.id) return fail('not-found');
    if (current.state === 'ended') return fail('session-ended');
    const wasDropped = !current.technicianPresent;
    const record = await this.#store.updateSession(sessionId, (s) => {
      if (s.state === 'ended') return undefined;
      const { technicianDroppedAt: _dropped, ...rest } = s;
      return { ...rest, technicianConn: caller.conn, technicianPresent: true };
    });
    if (!record || record.state === 'ended') return fail('session-ended');
    this.#out.enter(caller, sessionId);
    this.#clearTimer(sessionId, 'technician');
    this.#out.supersede(sessionId, 'technician', caller.socketId);
    if (wasDropped) {
      await this.#audit(sessionId, { actor: 'technician', type: 'participant-resumed', detail: 'technician' });
      this.#out.toSession(sessionId, 'customer', 'participant:update', { role: 'technician', present: true, reason: 'resumed' });
      this.#out.toSession(sessionId, 'customer', 'session:update', toView(record));
    }
    const [messages, audit] = await Promise.all([this.#store.messagesAfter(sessionId, 0), this.#store.audit(sessionId)]);
    return ok({ session: toView(record), messages, audit, ...this.#clientConfig() });
  }

  /**
   * A socket went away. Not an end: the participant has `resumeGraceMs` to come back. Never rejects: a drop that the
   * store could not record (it was unavailable) is kept and recorded by `retryDrops` once it is back.
   */
  async dropped(caller: Caller): Promise<void> {
    const sessionId = caller.sessionId;
    if (!sessionId || this.#closed) return;
    await this.#recordDrop(sessionId, caller.role, caller.conn);
  }

  async #recordDrop(sessionId: string, role: Role, conn: string): Promise<void> {
    const drop = this.dropConnection(sessionId, role, conn).catch((err: unknown) => {
      if (!(err instanceof StoreUnavailableError)) return this.#log.error({ err, sessionId, role }, 'recording a drop failed');
      this.#unrecordedDrops.push({ sessionId, role, conn });
      this.#log.warn({ sessionId, role }, 'drop not recorded yet: store unavailable');
    });
    this.#drops.add(drop);
    await drop;
    this.#drops.delete(drop);
  }

  /** Records the drops that the store could not record when they happened. */
  async retryDrops(): Promise<void> {
    const pending = this.#unrecordedDrops;
    this.#unrecordedDrops = [];
    for (const { sessionId, role, conn } of pending) await this.#recordDrop(sessionId, role, conn);
  }

  /** Resolves once every drop under way has been recorded (or failed). */
  async drained(): Promise<void> {
    await Promise.all(this.#drops);
  }

  /**
   * Connection `conn` of `role` is gone: unless a newer connection holds the session, the participant is absent from
   * now on, the other side is told and the grace period starts. Also for the connections of a relay process that died.
   */
  async dropConnection(sessionId: string, role: Role, conn: string): Promise<void> {
    const now = Date.now();
    let changed = false;
    const record = await this.#store.updateSession(sessionId, (s) => {
      const holder = role === 'customer' ? s.customerConn : s.technicianConn;
      const present = role === 'customer' ? s.customerPresent : s.technicianPresent;
      // Already absent: e.g. another process took this one for dead and recorded the drop first.
      changed = s.state !== 'ended' && holder === conn && present;
      if (!changed) return undefined;
      return role === 'customer'
        ? { ...s, customerPresent: false, customerDroppedAt: now }
        : { ...s, technicianPresent: false, technicianDroppedAt: now };
    });
    if (!record || !changed) return;
    if (record.state === 'open' && role === 'technician') {
      // Nobody has joined yet; the code stays valid and the technician may attach again.
      this.#timer(sessionId, role, this.#opts.resumeGraceMs, () => this.#graceOver(sessionId, role, conn));
      return;
    }
    await this.#audit(sessionId, { actor: 'relay', type: 'participant-dropped', detail: role });
    this.#out.toSession(sessionId, other(role), 'participant:update', { role, present: false, reason: 'dropped' });
    this.#out.toSession(sessionId, other(role), 'session:update', toView(record));
    // A transfer does not survive a dropped connection: the chunks in flight to or from it are lost. Nor does a
    // peer connection to a customer page that went away.
    await this.#relayCancel(sessionId, 'failed');
    if (role === 'customer') await this.#screenGone(sessionId, 'dropped');
    const graceMs = role === 'customer' ? this.#customerDeadline(record, now) - now : this.#opts.resumeGraceMs;
    this.#timer(sessionId, role, graceMs, () => this.#graceOver(sessionId, role, conn));
    this.#log.info({ sessionId, role, graceMs }, 'participant dropped');
  }

  /**
   * Does whatever is due in a session now: the code expiry, the end of a grace period, consent deadlines. The process
   * that set the timers for them does so itself; this is for when that process died (cluster.ts). Idempotent.
   */
  async settle(sessionId: string): Promise<void> {
    const s = await this.#store.getSession(sessionId);
    if (!s || s.state === 'ended') return;
    const now = Date.now();
    if (s.state === 'open' && s.codeExpiresAt !== undefined && s.codeExpiresAt <= now) return this.#expireCode(sessionId);
    for (const role of ['customer', 'technician'] as const) {
      const droppedAt = role === 'customer' ? s.customerDroppedAt : s.technicianDroppedAt;
      const holder = role === 'customer' ? s.customerConn : s.technicianConn;
      if (droppedAt === undefined || !holder) continue;
      // A customer with a live reboot token may stay away until it expires.
      const deadline = role === 'customer' ? this.#customerDeadline(s, droppedAt) : droppedAt + this.#opts.resumeGraceMs;
      if (now >= deadline) await this.#graceOver(sessionId, role, holder);
    }
    const deadline = nextDeadline(s.consent);
    if (deadline !== undefined && deadline <= now) await this.#applyConsent(sessionId, { type: 'tick', now }, 'relay');
  }

  async #graceOver(sessionId: string, role: Role, conn: string): Promise<void> {
    const s = await this.#store.getSession(sessionId);
    if (!s || s.state === 'ended') return;
    const present = role === 'customer' ? s.customerPresent : s.technicianPresent;
    const holder = role === 'customer' ? s.customerConn : s.technicianConn;
    if (!present && holder === conn) await this.end(sessionId, 'relay', role === 'customer' ? 'customer-timeout' : 'technician-timeout');
  }

  // ── chat ───────────────────────────────────────────────────────────────────────────────────────────────────

  async send(caller: Caller, clientId: string, text: string): Promise<Result<{ message: ChatMessage; duplicate: boolean }>> {
    if (text.length > this.#opts.maxMessageLength) return fail('too-large');
    const shared = this.#limits.messages;
    if (shared && this.#store.sendMessage) return this.#sendShared(caller, clientId, text, shared, this.#store.sendMessage.bind(this.#store));
    // A shared budget is taken in the same round trip as the session read; the per-socket one only from members.
    const [member, sharedWait] = await Promise.all([
      this.#activeMember(caller),
      shared && caller.sessionId ? take(shared, `${caller.sessionId}:${caller.role}`) : 0,
    ]);
    if (!member.ok) return member;
    const wait = shared ? sharedWait : caller.limits.messages.take();
    if (wait > 0) return fail('rate-limited', { retryAfter: wait });
    const { message, duplicate } = await this.#store.appendMessage(member.record.id, { clientId, from: caller.role, text, at: Date.now() });
    // The sender has the message from the acknowledgement; only the other side needs the broadcast. A duplicate goes
    // again: the sender resends when it did not hear back, and the first broadcast may not have gone out either.
    this.#out.toSession(member.record.id, other(caller.role), 'chat:message', message);
    return ok({ message, duplicate });
  }

  /**
   * `send` on a store a round trip away: membership, the shared budget and the append are one atomic step in the
   * store (one round trip instead of two). A participant found out of budget is refused here, without a round trip,
   * until its window ends (as the limiter's `inMemoryBlockOnConsumed`).
   */
  async #sendShared(
    caller: Caller,
    clientId: string,
    text: string,
    limiter: RateLimiterAbstract,
    sendMessage: NonNullable<RelayStore['sendMessage']>,
  ): Promise<Result<{ message: ChatMessage; duplicate: boolean }>> {
    if (!caller.sessionId) return fail('not-in-session');
    const key = limiter.getKey(`${caller.sessionId}:${caller.role}`);
    const now = Date.now();
    const blockedUntil = this.#outOfBudget.get(key);
    if (blockedUntil !== undefined) {
      if (blockedUntil > now) return fail('rate-limited', { retryAfter: blockedUntil - now });
      this.#outOfBudget.delete(key);
    }
    const to = other(caller.role);
    // The store writes the broadcast with the message (a duplicate too), so a stored message is always on its way.
    const broadcast = this.#out.streamEntry?.(caller.sessionId, to, 'chat:message');
    const draft = { clientId, from: caller.role, text, at: now };
    const outcome = await sendMessage(caller.sessionId, caller.conn, draft, { key, points: limiter.points, durationSec: limiter.duration }, broadcast);
    switch (outcome.status) {
      case 'ok':
        if (broadcast) this.#out.toSessionHere(caller.sessionId, to, 'chat:message', outcome.message);
        else this.#out.toSession(caller.sessionId, to, 'chat:message', outcome.message);
        return ok({ message: outcome.message, duplicate: outcome.duplicate });
      case 'rate-limited':
        if (this.#outOfBudget.size >= 10_000) {
          for (const [k, until] of this.#outOfBudget) if (until <= now) this.#outOfBudget.delete(k);
        }
        this.#outOfBudget.set(key, Date.now() + outcome.retryAfter);
        return fail('rate-limited', { retryAfter: outcome.retryAfter });
      default:
        return fail(outcome.status);
    }
  }

  async typing(caller: Caller, typing: boolean): Promise<Result> {
    const member = await this.#activeMember(caller);
    if (!member.ok) return member;
    this.#out.toSession(member.record.id, other(caller.role), 'chat:typing', { from: caller.role, typing });
    return ok({});
  }

  async history(caller: Caller, afterSeq: number): Promise<Result<{ messages: ChatMessage[] }>> {
    const member = await this.#member(caller);
    if (!member.ok) return member;
    return ok({ messages: await this.#store.messagesAfter(member.record.id, afterSeq) });
  }

  async auditLog(caller: Caller): Promise<Result<{ entries: AuditEntry[] }>> {
    const member = await this.#member(caller);
    if (!member.ok) return member;
    return ok({ entries: await this.#store.audit(member.record.id) });
  }

  // ── consent ──────────────────────────────────────────────────────────────────────────────────────────────

  async request(caller: Caller, fn: FunctionId): Promise<Result<{ prompt: Prompt; consent: SessionRecord['consent'] }>> {
    const member = await this.#activeMember(caller);
    if (!member.ok) return member;
    const { result, record } = await this.#applyConsent(member.record.id, { type: 'request', fn, now: Date.now() }, caller.role);
    // `requires-function` names the function that must be granted first.
    if (result?.error) return fail(result.error, { fn: result.error === 'requires-function' ? (FUNCTIONS[fn].requires ?? fn) : fn });
    const prompt = result?.opened.find((p) => p.fn === fn);
    if (!record || !prompt) return fail('session-ended');
    return ok({ prompt, consent: record.consent });
  }

  async decide(caller: Caller, promptId: string, allow: boolean): Promise<Result<{ consent: SessionRecord['consent'] }>> {
    return this.#customerConsent(caller, { type: 'decide', promptId, allow, now: Date.now() });
  }

  /** `reason`: why the customer's side stopped screen sharing (picker cancelled, …); audited so the technician is told. */
  async revoke(caller: Caller, fn: FunctionId, reason?: string): Promise<Result<{ consent: SessionRecord['consent'] }>> {
    return this.#customerConsent(caller, { type: 'revoke', fn, now: Date.now() }, reason);
  }

  async revokeAll(caller: Caller): Promise<Result<{ consent: SessionRecord['consent'] }>> {
    return this.#customerConsent(caller, { type: 'revoke-all', now: Date.now() });
  }

  async #customerConsent(caller: Caller, event: ConsentEvent, reason?: string): Promise<Result<{ consent: SessionRecord['consent'] }>> {
    const member = await this.#activeMember(caller);
    if (!member.ok) return member;
    const { result, record } = await this.#applyConsent(member.record.id, event, caller.role, reason);
    if (result?.error) return fail(result.error);
    if (!record) return fail('session-ended');
    return ok({ consent: record.consent });
  }

  /**
   * The one gate every use of a function passes. Technician uses consume one-shot grants; the customer's side of
   * a function (answering screen-sharing signalling, sending a file) only needs the grant to be live.
   * A refused use is logged in the audit log and answered with `not-granted` (or the reducer's error).
   */
  async gate(caller: Caller, fn: FunctionId, event: string): Promise<Result<{ sessionId: string }>> {
    const pass = await this.#gate(caller, fn, event);
    return pass.ok ? ok({ sessionId: pass.record.id }) : pass;
  }

  /** The gate, answering with the session record as it was after the check. */
  async #gate(caller: Caller, fn: FunctionId, event: string): Promise<{ ok: true; record: SessionRecord } | Failure> {
    const member = await this.#activeMember(caller);
    if (!member.ok) return member;
    const sessionId = member.record.id;
    const now = Date.now();
    let error: string | undefined;
    let after: SessionRecord | undefined;
    if (caller.role === 'technician') {
      const { result, record } = await this.#applyConsent(sessionId, { type: 'use', fn, now }, caller.role);
      error = result ? result.error : 'session-ended';
      after = record;
      if (!error && FUNCTIONS[fn].kind === 'one-shot') {
        await this.#audit(sessionId, { actor: 'technician', type: 'function-used', fn, detail: event });
      }
    } else {
      const { record } = await this.#applyConsent(sessionId, { type: 'tick', now }, caller.role);
      if (!record || !isLive(record.consent, fn)) error = record?.state === 'ended' ? 'session-ended' : 'not-granted';
      after = record;
    }
    if (error || !after) {
      error ??= 'session-ended';
      await this.#audit(sessionId, { actor: caller.role, type: 'use-refused', fn, detail: `${event}: ${error}` });
      this.#log.warn({ sessionId, role: caller.role, event, error }, 'use refused');
      return fail(error === 'session-ended' || error === 'function-unavailable' ? error : 'not-granted', { fn });
    }
    return { ok: true, record: after };
  }

  /**
   * A use passed the gate, but the customer took something back before it could be forwarded: it is not forwarded,
   * and refused as if it had come after.
   */
  async #tooLate(caller: Caller, sessionId: string, fn: FunctionId, event: string): Promise<Failure> {
    await this.#audit(sessionId, { actor: caller.role, type: 'use-refused', fn, detail: `${event}: taken back meanwhile` });
    this.#log.warn({ sessionId, role: caller.role, event }, 'use refused: consent taken back before it was forwarded');
    return fail('not-granted', { fn });
  }

  /** Runs one consent event atomically, then records and announces what changed. */
  async #applyConsent(
    sessionId: string,
    event: ConsentEvent,
    endedBy: Role | 'relay',
    reason?: string,
  ): Promise<{ result?: ConsentResult; record?: SessionRecord }> {
    let result: ConsentResult | undefined;
    let before: Prompt | undefined;
    const record = await this.#store.updateSession(sessionId, (s) => {
      if (s.state === 'ended') {
        result = undefined;
        return undefined;
      }
      before = activePrompt(s.consent);
      result = reduceConsent(s.consent, event);
      return result.state.version === s.consent.version ? undefined : { ...s, consent: result.state };
    });
    if (!record) return {};
    if (!result) return { record };
    await this.#announceConsent(record, result, before, endedBy, reason);
    return { result, record };
  }

  /** Records and announces a consent result; `reason` goes with the customer's own revocation into the audit log. */
  async #announceConsent(
    record: SessionRecord,
    result: ConsentResult,
    before: Prompt | undefined,
    endedBy: Role | 'relay',
    reason?: string,
  ): Promise<void> {
    const id = record.id;
    for (const prompt of result.opened) {
      await this.#audit(id, {
        actor: prompt.kind === 'request' ? 'technician' : 'relay',
        type: prompt.kind === 'request' ? 'consent-requested' : 'consent-reconfirm-requested',
        fn: prompt.fn,
      });
    }
    for (const change of result.changes) {
      if (change.cause === 'request') continue;
      await this.#audit(id, {
        actor: actorOf(change.cause, endedBy),
        type: 'consent-changed',
        fn: change.fn,
        from: change.from,
        to: change.to,
        cause: change.cause,
        ...(reason && change.cause === 'revoke' ? { detail: reason } : {}),
      });
    }
    if (result.changes.length > 0 || result.opened.length > 0 || activePrompt(record.consent)?.id !== before?.id) {
      this.#out.toSession(id, 'both', 'consent:update', { consent: record.consent, changes: result.changes });
    }
    const after = activePrompt(record.consent);
    if (after?.id !== before?.id || after?.expiresAt !== before?.expiresAt) {
      this.#out.toSession(id, 'customer', 'consent:prompt', this.#promptInfo(record, after));
    }
    this.#scheduleConsent(record);
    const at = Date.now();
    const technician = record.technician ? { id: record.technician.id, name: record.technician.name, org: record.technician.org } : undefined;
    for (const { fn, from, to, cause, version } of result.changes) {
      this.#hooks.consent?.({ sessionId: id, fn, from, to, cause, version, at, ...(technician ? { technician } : {}) });
    }
    await this.#stopWhatEnded(record, result);
  }

  /** What a lost grant stops at the relay: transfers in flight (file transfer), the record of a shared screen (desktop view). */
  async #stopWhatEnded(record: SessionRecord, result: ConsentResult): Promise<void> {
    const lost = (fn: FunctionId) => result.changes.find((c) => c.fn === fn && c.from === 'granted' && c.to !== 'granted');
    const files = lost('file-transfer');
    if (files) await this.#relayCancel(record.id, files.cause === 'end' ? 'ended' : 'revoked');
    const screen = lost('desktop-view');
    if (screen) await this.#screenGone(record.id, screen.cause);
  }

  /** The relay knows the customer's screen is no longer shared (the grant ended, the customer dropped): recorded once. */
  async #screenGone(sessionId: string, why: string): Promise<void> {
    let wasSharing = false;
    await this.#store.updateSession(sessionId, (s) => {
      wasSharing = s.screen !== undefined;
      if (!wasSharing) return undefined;
      const { screen: _screen, ...rest } = s;
      return rest;
    });
    if (wasSharing) await this.#audit(sessionId, { actor: 'relay', type: 'screen-stopped', detail: why });
  }

  #promptInfo(record: SessionRecord, prompt: Prompt | undefined) {
    return {
      prompt: prompt ?? null,
      ...(record.technician ? { technician: { name: record.technician.name, org: record.technician.org } } : {}),
    };
  }

  #scheduleConsent(record: SessionRecord): void {
    const deadline = nextDeadline(record.consent);
    this.#clearTimer(record.id, 'consent');
    if (deadline === undefined || record.state === 'ended') return;
    this.#timer(record.id, 'consent', Math.max(0, deadline - Date.now()) + 1, () =>
      this.#applyConsent(record.id, { type: 'tick', now: Date.now() }, 'relay').then(() => undefined),
    );
  }

  /** What the relay knows about the grants of a session now (expiries that are due applied), or undefined. */
  async grants(sessionId: string): Promise<ConsentState | undefined> {
    const s = await this.#store.getSession(sessionId);
    if (!s) return undefined;
    return s.state === 'ended' ? s.consent : reduceConsent(s.consent, { type: 'tick', now: Date.now() }).state;
  }

  // ── desktop view ─────────────────────────────────────────────────────────────────────────────────────────

  /** The customer's browser started sharing (with what was picked) or stopped; recorded, and the technician is told. */
  async screenState(caller: Caller, info: Payload<'screen:state'>): Promise<Result> {
    const pass = await this.#gate(caller, 'desktop-view', 'screen:state');
    if (!pass.ok) return pass;
    const id = pass.record.id;
    const surface = info.state === 'sharing' ? info.surface : undefined;
    let wasSharing = false;
    await this.#store.updateSession(id, (s) => {
      wasSharing = s.screen !== undefined;
      if (s.state === 'ended' || s.screen === surface) return undefined;
      const { screen: _screen, ...rest } = s;
      return surface ? { ...rest, screen: surface } : rest;
    });
    if (surface) await this.#audit(id, { actor: 'customer', type: 'screen-started', detail: surface });
    else if (wasSharing) await this.#audit(id, { actor: 'customer', type: 'screen-stopped' });
    this.#out.toSession(id, 'technician', 'screen:state', info);
    return ok({});
  }

  // ── file transfer ────────────────────────────────────────────────────────────────────────────────────────

  async offerFile(caller: Caller, offer: Payload<'file:offer'>): Promise<Result> {
    const pass = await this.#gate(caller, 'file-transfer', 'file:offer');
    if (!pass.ok) return pass;
    if (offer.size > this.#opts.maxFileBytes) return fail('too-large', { detail: `the largest file is ${this.#opts.maxFileBytes} bytes` });
    const id = pass.record.id;
    const transfer: TransferRecord = { from: caller.role, name: offer.name, size: offer.size, type: offer.type, sha256: offer.sha256, state: 'offered', offeredAt: Date.now() };
    let problem: Failure | undefined;
    const record = await this.#store.updateSession(id, (s) => {
      const transfers = s.transfers ?? {};
      problem =
        s.state !== 'active'
          ? fail('session-ended')
          : transfers[offer.transferId]
            ? fail('invalid-state', { detail: 'this transfer id is in use' })
            : Object.keys(transfers).length >= LIVE_TRANSFERS
              ? fail('rate-limited', { detail: `at most ${LIVE_TRANSFERS} transfers at once` })
              : undefined;
      return problem ? undefined : { ...s, transfers: { ...transfers, [offer.transferId]: transfer } };
    });
    if (!record) return fail('session-ended');
    if (problem) return problem;
    await this.#audit(id, { actor: caller.role, type: 'file-offered', detail: describeTransfer(transfer) });
    const { state: _state, offeredAt: _at, ...shown } = transfer;
    const announced = { transferId: offer.transferId, ...shown };
    if (caller.role === 'customer') this.#out.toSession(id, 'technician', 'file:offer', announced);
    else if (!(await this.#out.forwardUse(caller, id, 'file:offer', announced))) {
      await this.#relayCancel(id, 'revoked', offer.transferId);
      return this.#tooLate(caller, id, 'file-transfer', 'file:offer');
    }
    return ok({});
  }

  /** The receiver accepts an offered file; the sender may send chunks from now on. */
  async acceptFile(caller: Caller, transferId: string): Promise<Result> {
    const pass = await this.#gate(caller, 'file-transfer', 'file:accept');
    if (!pass.ok) return pass;
    const changed = await this.#changeTransfer(pass.record.id, transferId, (t) =>
      t.from === caller.role
        ? fail('invalid-state', { detail: 'only the receiver accepts a file' })
        : t.state !== 'offered'
          ? fail('invalid-state', { detail: 'already accepted' })
          : { ...t, state: 'accepted' },
    );
    if (!changed.ok) return changed;
    await this.#audit(pass.record.id, { actor: caller.role, type: 'file-accepted', detail: describeTransfer(changed.transfer) });
    this.#out.toSession(pass.record.id, changed.transfer.from, 'file:accept', { transferId });
    return ok({});
  }

  /**
   * One chunk from the sender: checked (gate, accepted transfer, sender, next index, size), forwarded to the receiver
   * with an acknowledgement, and acknowledged to the sender only once the receiver acknowledged it (backpressure).
   */
  async chunk(caller: Caller, { transferId, index, data }: Payload<'file:chunk'>): Promise<Result | Later> {
    const pass = await this.#gate(caller, 'file-transfer', 'file:chunk');
    if (!pass.ok) return pass;
    const id = pass.record.id;
    const t = pass.record.transfers?.[transferId];
    if (!t) return fail('not-found', { detail: 'no such transfer' });
    if (t.from !== caller.role) return fail('invalid-state', { detail: 'only the sender sends chunks' });
    if (t.state !== 'accepted') return fail('invalid-state', { detail: 'the receiver has not accepted the file yet' });
    const progress = this.#progress.of(id, transferId);
    if (index !== progress.next) return fail('invalid-state', { detail: `chunk ${progress.next} expected` });
    const bytes = base64Bytes(data);
    if (progress.bytes + bytes > t.size) return fail('too-large', { detail: `more than the ${t.size} bytes offered` });
    if (progress.inFlight >= FILE_CHUNKS_IN_FLIGHT) return fail('rate-limited', { detail: `at most ${FILE_CHUNKS_IN_FLIGHT} chunks unacknowledged` });
    progress.next += 1;
    progress.bytes += bytes;
    progress.inFlight += 1;
    const timeoutMs = this.#opts.fileAckTimeoutMs;
    const delivered = this.#out.toSessionWithAck(id, other(caller.role), 'file:chunk', { transferId, index, data }, timeoutMs);
    return later(
      delivered.then(
        async (acks) => {
          progress.inFlight -= 1;
          if (acks.length > 0 && acks.every((a) => (a as { ok?: unknown } | null)?.ok === true)) return ok({});
          await this.#relayCancel(id, 'failed', transferId);
          return fail('unavailable', { detail: acks.length === 0 ? 'the receiver is not connected' : 'the receiver refused the chunk' });
        },
        async () => {
          progress.inFlight -= 1;
          await this.#relayCancel(id, 'timeout', transferId);
          return fail('unavailable', { detail: `the receiver did not acknowledge within ${timeoutMs} ms` });
        },
      ),
    );
  }

  /** The receiver has every byte and its SHA-256 matches: the transfer is done. */
  async fileDone(caller: Caller, transferId: string, sha256: string): Promise<Result> {
    const member = await this.#activeMember(caller);
    if (!member.ok) return member;
    const id = member.record.id;
    let mismatch = false;
    const changed = await this.#changeTransfer(id, transferId, (t) => {
      const progress = this.#progress.peek(id, transferId);
      mismatch = false;
      if (t.from === caller.role) return fail('invalid-state', { detail: 'only the receiver confirms a file' });
      if (t.state !== 'accepted' || (progress && progress.bytes !== t.size)) return fail('invalid-state', { detail: 'not all bytes were sent' });
      mismatch = t.sha256 !== sha256;
      return mismatch ? fail('invalid-state', { detail: 'the SHA-256 differs from the offer' }) : null;
    });
    if (!changed.ok) {
      if (mismatch) await this.#relayCancel(id, 'hash-mismatch', transferId);
      return changed;
    }
    this.#progress.forget(id, transferId);
    await this.#audit(id, { actor: caller.role, type: 'file-transferred', detail: describeTransfer(changed.transfer) });
    this.#out.toSession(id, changed.transfer.from, 'file:done', { transferId });
    return ok({});
  }

  /** Either side stops a transfer (declining an offer, cancelling, a failed check). Never gated: stopping is always possible. */
  async cancelFile(caller: Caller, transferId: string, reason: FileCancelReason = 'cancelled'): Promise<Result> {
    const member = await this.#activeMember(caller);
    if (!member.ok) return member;
    const id = member.record.id;
    const changed = await this.#changeTransfer(id, transferId, () => null);
    if (!changed.ok) return changed;
    this.#progress.forget(id, transferId);
    await this.#audit(id, { actor: caller.role, type: 'file-cancelled', detail: `${describeTransfer(changed.transfer)}: ${reason}` });
    this.#out.toSession(id, other(caller.role), 'file:cancel', { transferId, by: caller.role, reason });
    return ok({});
  }

  /**
   * Atomically changes one transfer: `change` answers its next state, `null` to finish it (it leaves the record), or
   * a failure that leaves everything as it is. Resolves to the transfer as it was.
   */
  async #changeTransfer(
    sessionId: string,
    transferId: string,
    change: (t: TransferRecord) => TransferRecord | null | Failure,
  ): Promise<{ ok: true; transfer: TransferRecord } | Failure> {
    let outcome: { ok: true; transfer: TransferRecord } | Failure = fail('session-ended');
    await this.#store.updateSession(sessionId, (s) => {
      const t = s.transfers?.[transferId];
      if (!t || s.state !== 'active') {
        outcome = fail(s.state === 'ended' ? 'session-ended' : 'not-found', { detail: 'no such transfer' });
        return undefined;
      }
      const next = change(t);
      if (next && 'ok' in next) {
        outcome = next;
        return undefined;
      }
      outcome = { ok: true, transfer: t };
      const { [transferId]: _old, ...others } = s.transfers!;
      return { ...s, transfers: next ? { ...others, [transferId]: next } : others };
    });
    return outcome;
  }

  /** The relay stops transfers (one, or all of the session) and tells both sides why. */
  async #relayCancel(sessionId: string, reason: FileCancelReason, only?: string): Promise<void> {
    let stopped: [string, TransferRecord][] = [];
    await this.#store.updateSession(sessionId, (s) => {
      stopped = Object.entries(s.transfers ?? {}).filter(([transferId]) => only === undefined || transferId === only);
      if (stopped.length === 0) return undefined;
      const kept = Object.fromEntries(Object.entries(s.transfers ?? {}).filter(([transferId]) => only !== undefined && transferId !== only));
      const { transfers: _all, ...rest } = s;
      return Object.keys(kept).length > 0 ? { ...rest, transfers: kept } : rest;
    });
    for (const [transferId, t] of stopped) {
      this.#progress.forget(sessionId, transferId);
      await this.#audit(sessionId, { actor: 'relay', type: 'file-cancelled', detail: `${describeTransfer(t)}: ${reason}` });
      this.#out.toSession(sessionId, 'both', 'file:cancel', { transferId, by: 'relay', reason });
    }
  }

  // ── system information ───────────────────────────────────────────────────────────────────────────────────

  /** The technician asks (using up the one-shot grant); the customer answers once, with a report or by declining. */
  async sysinfoRequest(caller: Caller): Promise<Result> {
    const pass = await this.#gate(caller, 'system-info', 'sysinfo:request');
    if (!pass.ok) return pass;
    const id = pass.record.id;
    await this.#store.updateSession(id, (s) => (s.state === 'ended' ? undefined : { ...s, sysinfoPending: true }));
    if (await this.#out.forwardUse(caller, id, 'sysinfo:request', {})) return ok({});
    await this.#store.updateSession(id, ({ sysinfoPending, ...rest }) => (sysinfoPending ? rest : undefined));
    return this.#tooLate(caller, id, 'system-info', 'sysinfo:request');
  }

  /** The customer's answer to the pending request: `items` to send, or undefined to decline. */
  async sysinfoAnswer(caller: Caller, items: SysinfoItem[] | undefined): Promise<Result> {
    const member = await this.#activeMember(caller);
    if (!member.ok) return member;
    const id = member.record.id;
    let pending = false;
    await this.#store.updateSession(id, (s) => {
      pending = s.sysinfoPending === true && s.state === 'active';
      if (!pending) return undefined;
      const { sysinfoPending: _pending, ...rest } = s;
      return rest;
    });
    if (!pending) return fail('invalid-state', { detail: 'no system information was requested' });
    const at = Date.now();
    if (items) {
      await this.#audit(id, { actor: 'customer', type: 'sysinfo-sent', fn: 'system-info', detail: items.map((i) => i.key).join(', ') });
      this.#out.toSession(id, 'technician', 'sysinfo:report', { items, at });
    } else {
      await this.#audit(id, { actor: 'customer', type: 'sysinfo-declined', fn: 'system-info' });
      this.#out.toSession(id, 'technician', 'sysinfo:declined', { at });
    }
    return ok({});
  }

  // ── reboot & reconnect ───────────────────────────────────────────────────────────────────────────────────

  /**
   * The technician asks the customer to restart (using up the one-shot grant): the relay issues a reboot token that
   * only the customer receives. Until it expires, a customer drop does not end the session, and `session:rejoin`
   * with it takes the session back once.
   */
  async rebootRequest(caller: Caller): Promise<Result<{ expiresAt: number }>> {
    const pass = await this.#gate(caller, 'reboot', 'reboot:request');
    if (!pass.ok) return pass;
    const id = pass.record.id;
    const token = generateSecret();
    const hash = hashSecret(token);
    const expiresAt = Date.now() + this.#opts.rebootTokenTtlMs;
    let previous: string | undefined;
    const record = await this.#store.updateSession(id, (s) => {
      previous = s.rebootHash;
      return s.state === 'ended' ? undefined : { ...s, rebootHash: hash, rebootExpiresAt: expiresAt };
    });
    if (!record || record.state === 'ended') return fail('session-ended');
    await this.#store.putRebootToken(hash, id, expiresAt);
    // One token at a time: a new request replaces the last one.
    if (previous) await this.#store.deleteRebootToken(previous);
    await this.#audit(id, { actor: 'relay', type: 'reboot-token-issued', fn: 'reboot', detail: `valid until ${new Date(expiresAt).toISOString()}` });
    if (await this.#out.forwardUse(caller, id, 'reboot:request', { token, expiresAt })) return ok({ expiresAt });
    await this.#store.updateSession(id, ({ rebootHash, rebootExpiresAt: _expires, ...rest }) => (rebootHash === hash ? rest : undefined));
    await this.#store.deleteRebootToken(hash);
    await this.#audit(id, { actor: 'relay', type: 'reboot-token-revoked', fn: 'reboot', detail: 'revoked' });
    return this.#tooLate(caller, id, 'reboot', 'reboot:request');
  }

  // ── ending ─────────────────────────────────────────────────────────────────────────────────────────────────

  async endBy(caller: Caller): Promise<Result> {
    const member = await this.#member(caller);
    if (!member.ok) return member;
    if (member.record.state === 'ended') return fail('session-ended');
    await this.end(member.record.id, caller.role, caller.role === 'customer' ? 'customer-ended' : 'technician-ended');
    return ok({});
  }

  /**
   * Ends a session for good: revokes every grant, burns the code, makes the resume token useless, tells both sides.
   * The technician can never attach to it again. Safe to call more than once.
   */
  async end(sessionId: string, by: Role | 'relay', reason: EndReason): Promise<void> {
    const now = Date.now();
    let result: ConsentResult | undefined;
    let before: Prompt | undefined;
    let endedNow = false;
    let wasQueued = false;
    let reboot: { hash: string; live: boolean } | undefined;
    const record = await this.#store.updateSession(sessionId, (s) => {
      endedNow = s.state !== 'ended';
      if (!endedNow) return undefined;
      wasQueued = s.state === 'queued';
      before = activePrompt(s.consent);
      result = reduceConsent(s.consent, { type: 'end', now });
      reboot = s.rebootHash ? { hash: s.rebootHash, live: (s.rebootExpiresAt ?? 0) > now } : undefined;
      const { rebootHash: _reboot, rebootExpiresAt: _expires, sysinfoPending: _sysinfo, ...rest } = s;
      return { ...rest, state: 'ended', consent: result.state, endedAt: now, endedBy: by, endReason: reason };
    });
    if (!record || !endedNow || !result) return;
    this.#clearTimers(sessionId);
    if (reboot) await this.#store.deleteRebootToken(reboot.hash);
    if (record.code) await this.#store.claimCode(record.code, now);
    // The resume token stays mapped (until the record is deleted) only so that a late resume learns that the session
    // ended and why; it can no longer resume anything.
    if (wasQueued) {
      await this.#store.dequeue(sessionId);
      await this.#publishQueue();
    }
    await this.#announceConsent(record, result, before, by);
    // Transfers offered while the grant was already gone (none, unless they raced the end) stop too.
    await this.#relayCancel(sessionId, 'ended');
    this.#progress.forget(sessionId);
    if (reboot?.live) await this.#audit(sessionId, { actor: 'relay', type: 'reboot-token-revoked', fn: 'reboot', detail: reason });
    await this.#audit(sessionId, { actor: by, type: 'session-ended', detail: reason });
    this.#out.toSession(sessionId, 'both', 'session:update', toView(record));
    this.#out.toSession(sessionId, 'both', 'session:ended', { by, reason });
    this.#hooks.ended?.({ sessionId, by, reason, at: now });
    this.#log.info({ sessionId, by, reason }, 'session ended');
    // A shared store expires ended sessions by itself.
    if (!this.#closed && !this.#store.shared) this.#timer(sessionId, 'retain', this.#opts.retainEndedMs, () => this.#store.deleteSession(sessionId));
  }

  async #expireCode(sessionId: string): Promise<void> {
    const s = await this.#store.getSession(sessionId);
    if (s?.state !== 'open') return;
    // Timers may fire a millisecond before Date.now() reaches the expiry; ending then would burn a still-valid code
    // (a late customer would hear code-used, not code-expired), so wait for the expiry itself.
    const early = (s.codeExpiresAt ?? 0) - Date.now();
    if (early > 0) return this.#timer(sessionId, 'code', early, () => this.#expireCode(sessionId));
    await this.end(sessionId, 'relay', 'code-expired');
  }

  /** Ends every live session (when the relay shuts down with a store that does not outlive it). */
  async endAll(reason: EndReason): Promise<number> {
    const live = await this.#store.liveSessions();
    for (const s of live) await this.end(s.id, 'relay', reason);
    return live.length;
  }

  /** Stops all timers; later drops are ignored. */
  close(): void {
    this.#closed = true;
    for (const id of [...this.#timers.keys()]) this.#clearTimers(id);
  }

  // ── helpers ────────────────────────────────────────────────────────────────────────────────────────────────

  async #member(caller: Caller): Promise<({ ok: true; record: SessionRecord }) | ReturnType<typeof fail>> {
    if (!caller.sessionId) return fail('not-in-session');
    const record = await this.#store.getSession(caller.sessionId);
    const holder = caller.role === 'customer' ? record?.customerConn : record?.technicianConn;
    if (!record || holder !== caller.conn) return fail('not-in-session');
    return { ok: true, record };
  }

  async #activeMember(caller: Caller): Promise<({ ok: true; record: SessionRecord }) | ReturnType<typeof fail>> {
    const member = await this.#member(caller);
    if (!member.ok) return member;
    if (member.record.state === 'ended') return fail('session-ended');
    if (member.record.state !== 'active') return fail('invalid-state');
    return member;
  }

  async #holdsLiveSession(caller: Caller): Promise<boolean> {
    const member = await this.#member(caller);
    return member.ok && member.record.state !== 'ended';
  }

  #closedNow(): ReturnType<typeof fail> | undefined {
    const hours = this.#opts.businessHours;
    return hours && !isOpen(hours, new Date()) ? fail('outside-hours', { hours }) : undefined;
  }

  #consentTimings() {
    return { promptTimeoutMs: this.#opts.promptTimeoutMs, reconfirmAfterMs: this.#opts.reconfirmAfterMs };
  }

  /** What every join/create/attach/pick result tells the client about WebRTC and limits. */
  #clientConfig(): { rtc: RtcConfig; limits: ClientLimits } {
    return { rtc: { iceServers: this.#opts.iceServers }, limits: { maxFileBytes: this.#opts.maxFileBytes } };
  }

  #joinUrl(code: string): string {
    const base = this.#opts.joinUrl;
    if (!base) return `?rsw-code=${code}`;
    const url = new URL(base);
    url.searchParams.set('rsw-code', code);
    return url.toString();
  }

  async #audit(sessionId: string, entry: Omit<AuditEntry, 'seq' | 'at'>): Promise<void> {
    const full = await this.#store.appendAudit(sessionId, { at: Date.now(), ...entry });
    this.#out.toSession(sessionId, 'both', 'audit:entry', full);
  }

  async #queueEntries(): Promise<QueueEntry[]> {
    const ids = await this.#store.queue();
    const records = await Promise.all(ids.map((id) => this.#store.getSession(id)));
    return records
      .filter((s): s is SessionRecord => s?.state === 'queued')
      .map((s, i) => ({ sessionId: s.id, name: s.customer?.name ?? '', description: s.customer?.description ?? '', joinedAt: s.createdAt, position: i + 1 }));
  }

  async #publishQueue(): Promise<QueueEntry[]> {
    const entries = await this.#queueEntries();
    this.#out.toTechnicians('queue:update', { entries });
    for (const e of entries) this.#out.toSession(e.sessionId, 'customer', 'queue:position', { position: e.position, total: entries.length });
    return entries;
  }

  #timer(sessionId: string, kind: keyof Timers, ms: number, run: () => Promise<unknown>): void {
    if (this.#closed) return;
    this.#clearTimer(sessionId, kind);
    let timers = this.#timers.get(sessionId);
    if (!timers) this.#timers.set(sessionId, (timers = {}));
    const handle = setTimeout(() => {
      const t = this.#timers.get(sessionId);
      if (t?.[kind] === handle) {
        delete t[kind];
        if (Object.keys(t).length === 0) this.#timers.delete(sessionId);
      }
      // On a shared store a timer that could not run is run by the next sweep (cluster.ts).
      run().catch((err: unknown) => this.#log[err instanceof StoreUnavailableError ? 'warn' : 'error']({ err, sessionId, kind }, 'timer failed'));
    }, Math.min(ms, 2 ** 31 - 1));
    handle.unref();
    timers[kind] = handle;
  }

  #clearTimer(sessionId: string, kind: keyof Timers): void {
    const timers = this.#timers.get(sessionId);
    if (timers?.[kind]) {
      clearTimeout(timers[kind]);
      delete timers[kind];
    }
  }

  #clearTimers(sessionId: string): void {
    const timers = this.#timers.get(sessionId);
    if (!timers) return;
    for (const handle of Object.values(timers) as NodeJS.Timeout[]) clearTimeout(handle);
    this.#timers.delete(sessionId);
  }
}
