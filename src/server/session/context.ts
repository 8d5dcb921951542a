/**
 * What every session concern may use, and nothing more: the options, the store, the limits, the way to reach
 * participants (Outbox), the log, the server-side hooks, the metrics, the timers, the audit log, and the membership checks. The
 * concerns (lifecycle, queue, presence, chat, consent, screen, files, one-shot) are modules over it; none of them
 * knows anything of sockets.
 */
import type { Logger } from 'pino';
import type { AuditEntry, ClientLimits, ConsentTimings, RtcConfig, Role, SessionView } from '../../protocol/index.js';
import type { Technician } from '../auth.js';
import { isOpen } from '../hours.js';
import type { Limiters, SocketLimits } from '../limits.js';
import type { RelayMetrics } from '../metrics.js';
import type { ResolvedOptions } from '../options.js';
import type { ConsentChangedEvent, MessageLeftEvent, SessionEndedEvent, SessionHandedOffEvent, SessionRatedEvent } from '../relay-events.js';
import { fail } from '../results.js';
import type { RelayStore, SessionRecord } from '../store.js';
import type { StreamEntry } from '../stream-entries.js';
import { SessionTimers } from './timers.js';

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
  /**
   * When the relay received the event being handled, on the µs clock (clock.ts `usClock`), set by the pipeline: for
   * latency metrics (`secondsSince`).
   */
  receivedAt?: number;
}

export type Target = Role | 'both';

/** How the session concerns reach participants (implemented over socket.io rooms, outbox.ts). */
export interface Outbox {
  /**
   * Puts the caller's socket in the session's room (and out of any earlier one). The concerns call it as soon as the
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
  /** The technicians online now, over every relay process, each once (by id and organisation). */
  onlineTechnicians(): Promise<Technician[]>;
  /** Sends to every socket of one technician (id and organisation), on any process. */
  toTechnician(technician: Technician, event: string, payload: unknown): Promise<void>;
  /** The caller's socket stops hearing its session and holds none (a technician who handed it on). */
  leave(caller: Caller): void;
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
   * back (a revocation, Stop sharing, Disconnect) after the use came in: then nothing is sent and this resolves to
   * false (use-forwarding.ts).
   */
  forwardUse(caller: Caller, sessionId: string, event: string, payload: unknown): Promise<boolean>;
}

/** What server-side code hears of (relay.events and the webhook). Called synchronously; must not throw. */
export interface SessionHooks {
  consent?(event: ConsentChangedEvent): void;
  ended?(event: SessionEndedEvent): void;
  rated?(event: SessionRatedEvent): void;
  messageLeft?(event: MessageLeftEvent): void;
  handedOff?(event: SessionHandedOffEvent): void;
}

/** The connection marker a handed-over session holds until the new technician attaches (handoff.ts). */
export const HANDOFF_CONN_PREFIX = 'handoff:';

export const other = (role: Role): Role => (role === 'customer' ? 'technician' : 'customer');

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
    ...(s.agent ? { agent: { name: s.agent.name } } : {}),
    ...(s.rating ? { rating: { score: s.rating.score, ...(s.rating.comment ? { comment: s.rating.comment } : {}) } } : {}),
  };
}

type Membership = { ok: true; record: SessionRecord } | ReturnType<typeof fail>;

/** `record` as the caller's session, when the caller's connection holds it. */
function heldBy(caller: Caller, record: SessionRecord | undefined): Membership {
  const holder = caller.role === 'customer' ? record?.customerConn : record?.technicianConn;
  if (!record || holder !== caller.conn) return fail('not-in-session');
  return { ok: true, record };
}

export class SessionContext {
  readonly timers: SessionTimers;
  #timings: ConsentTimings | undefined;

  constructor(
    readonly opts: ResolvedOptions,
    readonly store: RelayStore,
    readonly limits: Limiters,
    readonly out: Outbox,
    readonly log: Logger,
    readonly hooks: SessionHooks,
    /** The relay's Prometheus instruments, counted into where things happen. */
    readonly metrics: RelayMetrics,
  ) {
    this.timers = new SessionTimers(log);
  }

  /** The caller's session, when the caller's connection holds it. */
  async member(caller: Caller): Promise<Membership> {
    return caller.sessionId ? heldBy(caller, await this.store.getSession(caller.sessionId)) : fail('not-in-session');
  }

  /** `member`, in a live session that is `active` (one step: every chat message asks it). */
  async activeMember(caller: Caller): Promise<Membership> {
    if (!caller.sessionId) return fail('not-in-session');
    const member = heldBy(caller, await this.store.getSession(caller.sessionId));
    if (!member.ok) return member;
    if (member.record.state === 'ended') return fail('session-ended');
    if (member.record.state !== 'active') return fail('invalid-state');
    return member;
  }

  async holdsLiveSession(caller: Caller): Promise<boolean> {
    const member = await this.member(caller);
    return member.ok && member.record.state !== 'ended';
  }

  closedNow(): ReturnType<typeof fail> | undefined {
    const hours = this.opts.businessHours;
    return hours && !isOpen(hours, new Date()) ? fail('outside-hours', { hours }) : undefined;
  }

  /**
   * The consent timings, one object shared by every session's consent state (a state is never changed in place),
   * frozen: a change in place would throw instead of reaching every session.
   */
  consentTimings(): ConsentTimings {
    this.#timings ??= Object.freeze({ promptTimeoutMs: this.opts.promptTimeoutMs, reconfirmAfterMs: this.opts.reconfirmAfterMs });
    return this.#timings;
  }

  /** What every join/create/attach/pick result tells the client about WebRTC and limits. */
  clientConfig(): { rtc: RtcConfig; limits: ClientLimits } {
    return { rtc: { iceServers: this.opts.iceServers }, limits: { maxFileBytes: this.opts.maxFileBytes } };
  }

  async audit(sessionId: string, entry: Omit<AuditEntry, 'seq' | 'at'>): Promise<void> {
    const full = await this.store.appendAudit(sessionId, { at: Date.now(), ...entry });
    this.out.toSession(sessionId, 'both', 'audit:entry', full);
  }
}
