/**
 * Where all session state lives. The relay keeps no session state anywhere else, so that a shared store
 * (Redis) lets several relay processes serve the same sessions. Every method is async for that reason, and every
 * read-modify-write goes through `updateSession`, which the store runs atomically.
 */
import type { AuditEntry, ChatMessage, ConsentState, EndReason, FunctionId, LeftMessage, Payload, Rating, Role, SessionState } from '../protocol/index.js';
import type { Technician } from './auth.js';
import type { StreamEntry } from './stream-entries.js';

export interface SessionRecord {
  id: string;
  state: SessionState;
  createdAt: number;
  /** The code the customer joins with (absent for queued sessions). */
  code?: string;
  codeExpiresAt?: number;
  technician?: Technician;
  customer?: { name: string; description: string };
  /** Id of the customer connection that currently holds the session; a drop of an older one is ignored. */
  customerConn?: string;
  technicianConn?: string;
  customerPresent: boolean;
  technicianPresent: boolean;
  customerDroppedAt?: number;
  technicianDroppedAt?: number;
  /** Hash of the customer's current resume token. */
  resumeHash?: string;
  /**
   * Hash of the token the last resume replaced. Until `previousResumeUntil` it answers a retry of that resume (from
   * the connection that holds the session, or with the same `resumeAttemptHash`) with the same new token, made again
   * from it with `resumeSalt` (codes.ts `deriveSecret`); never after.
   */
  previousResumeHash?: string;
  previousResumeUntil?: number;
  /** Hash of the `resumeId` the last resume carried (absent: it carried none). */
  resumeAttemptHash?: string;
  /** The salt `resumeHash`'s token was derived with from the previous one (not a secret on its own). */
  resumeSalt?: string;
  /** Hash of the reboot resume token issued by the last `reboot:request` (issue 6), while it may still be used. */
  rebootHash?: string;
  /** When the reboot token stops working (ms since epoch); until then a customer drop does not end the session. */
  rebootExpiresAt?: number;
  consent: ConsentState;
  /**
   * By function: how often the customer said no to it in this session, and until when a new request for it is refused
   * (session/cooldown.ts). Absent: no no yet.
   */
  consentCooldowns?: Partial<Record<FunctionId, { count: number; until: number }>>;
  /** File transfers offered and not yet finished (done or cancelled), by transfer id. Never the contents. */
  transfers?: Record<string, TransferRecord>;
  /** A technician's `sysinfo:request` got through and the customer has not answered it yet. */
  sysinfoPending?: boolean;
  /** What the customer shares while the screen is being shared (from `screen:state`); absent when not sharing. */
  screen?: ScreenSurface;
  /** The customer's rating, given once at the end. */
  rating?: Rating;
  /** The vendor's native agent that declared itself for this session (PROTOCOL §19); absent: pointing only. */
  agent?: { name: string; since: number };
  /**
   * The key whose point creating the session took (for a queued session the pseudonym of the customer's address,
   * never the address: codes.ts `addressPseudonyms`; the creating technician's id for one with a code): given back
   * once the other side joined, by whichever process sees that, so only sessions left alone count.
   */
  limitKey?: string;
  endedAt?: number;
  endedBy?: Role | 'relay';
  endReason?: EndReason;
}

export type ScreenSurface = Extract<Payload<'screen:state'>, { state: 'sharing' }>['surface'];

/** A file offered by one participant to the other (metadata only; the chunks pass through, nothing is stored). */
export interface TransferRecord {
  from: Role;
  name: string;
  size: number;
  type: string;
  sha256: string;
  /**
   * `offered` until the receiver accepts; chunks flow only while `accepted`. (`sent` is the state that relays of one
   * earlier version wrote instead of the `sent` flag; it is read as `accepted` with the flag.)
   */
  state: 'offered' | 'accepted' | 'sent';
  /**
   * Set once the relay forwards the chunk that completes the size offered (before it reaches the receiver); only then
   * may the receiver confirm it. A flag beside `state`, not a state of its own, so that a relay of a version from
   * before it, which knows only `offered` and `accepted` and keeps fields it does not know, still takes the receiver's
   * `file:done` during a rolling restart (docs/DEPLOYMENT.md).
   */
  sent?: true;
  offeredAt: number;
}

/** Whether every byte of the transfer went out (the `sent` flag, or the `sent` state of the version that wrote one). */
export function allSent(t: TransferRecord): boolean {
  return t.sent === true || t.state === 'sent';
}

/** A shared chat budget: `points` per `durationSec`, counted under `key` (rate-limiter-flexible's counter). */
export interface MessageBudget {
  key: string;
  points: number;
  durationSec: number;
}

export type SendOutcome =
  | { status: 'ok'; message: ChatMessage; duplicate: boolean }
  | { status: 'rate-limited'; retryAfter: number }
  | { status: 'not-in-session' | 'session-ended' | 'invalid-state' };

export type ClaimResult =
  | { status: 'ok'; sessionId: string }
  | { status: 'invalid' | 'expired' | 'used' };

export interface MessageDraft {
  clientId: string;
  from: Role;
  text: string;
  at: number;
}

/**
 * A session's audit log keeps its first AUDIT_KEEP_FIRST entries (how it started: who joined, what was granted) and
 * its last AUDIT_KEEP_LAST: the entry after the first ones is dropped when one more comes, so the entries kept stay
 * bounded (about 1 MB at most) however long two participants who act together keep writing. Entries keep their `seq`:
 * a gap between two kept entries' `seq` is the number of entries dropped there.
 */
export const AUDIT_KEEP_FIRST = 200;
export const AUDIT_KEEP_LAST = 1800;

export interface RelayStore {
  /** True when state outlives this process (other relay processes share it). */
  readonly shared: boolean;

  insertSession(record: SessionRecord): Promise<void>;
  getSession(id: string): Promise<SessionRecord | undefined>;
  /**
   * Atomically replaces a session with `mutate(current)`. `mutate` may run more than once (optimistic stores
   * retry on conflict), so it must be pure; returning `undefined` leaves the record as it is.
   * Resolves to the record after the update, or `undefined` when there is no such session.
   */
  updateSession(id: string, mutate: (current: SessionRecord) => SessionRecord | undefined): Promise<SessionRecord | undefined>;
  /** Sessions that have not ended. */
  liveSessions(): Promise<SessionRecord[]>;
  countLive(): Promise<number>;
  /** Forgets a session and everything recorded about it. */
  deleteSession(id: string): Promise<void>;

  /** Reserves `code` for a session until `expiresAt`; false when a live session already holds it. */
  reserveCode(code: string, sessionId: string, expiresAt: number): Promise<boolean>;
  /** Uses a code up: the first claim of a valid code wins; every later one sees `used`. */
  claimCode(code: string, now: number): Promise<ClaimResult>;

  enqueue(sessionId: string): Promise<void>;
  /** Removes a session from the support queue; true only for the one caller that removed it. */
  dequeue(sessionId: string): Promise<boolean>;
  /** Queued session ids, first in line first. */
  queue(): Promise<string[]>;

  /** Appends a chat message with the next sequence number, unless this sender already sent this client id. */
  appendMessage(sessionId: string, draft: MessageDraft): Promise<{ message: ChatMessage; duplicate: boolean }>;
  messagesAfter(sessionId: string, seq: number): Promise<ChatMessage[]>;
  /**
   * Optional, for a store a round trip away: `appendMessage` for a sender that holds the session (`conn` is its
   * holder for `draft.from`) while it is active, with one point taken from `budget` first; all in one atomic step.
   * With `broadcast`, the message (new or duplicate) is also written into the broadcast stream in that same step.
   */
  sendMessage?(sessionId: string, conn: string, draft: MessageDraft, budget: MessageBudget, broadcast?: StreamEntry): Promise<SendOutcome>;

  /** Appends an entry (its `seq` one past the last one's); beyond AUDIT_KEEP_FIRST + AUDIT_KEEP_LAST entries, see there. */
  appendAudit(sessionId: string, entry: Omit<AuditEntry, 'seq'>): Promise<AuditEntry>;
  audit(sessionId: string): Promise<AuditEntry[]>;

  /** Maps a hashed resume token to a session. */
  putResumeToken(hash: string, sessionId: string): Promise<void>;
  findResumeToken(hash: string): Promise<string | undefined>;
  deleteResumeToken(hash: string): Promise<void>;

  /** Maps a hashed reboot resume token to a session until `expiresAt`; the store forgets it then by itself. */
  putRebootToken(hash: string, sessionId: string, expiresAt: number): Promise<void>;
  /**
   * Uses a reboot token up, atomically: the first call before `expiresAt` gets its session id; every later call (on
   * any process), and any call after expiry, gets `undefined`.
   */
  takeRebootToken(hash: string, now: number): Promise<string | undefined>;
  deleteRebootToken(hash: string): Promise<void>;

  /** Keeps a message left by a customer; only the newest `keep` are kept. */
  addLeftMessage(message: LeftMessage, keep: number): Promise<void>;
  /** The messages left, newest first. */
  leftMessages(): Promise<LeftMessage[]>;

  close(): Promise<void>;
}

/**
 * A store that several relay processes share (Redis). Besides the state it keeps what lets any process take over the
 * timers of one that died: when each session next has something due, and which processes are alive.
 */
export interface SharedStore extends RelayStore {
  readonly shared: true;
  /**
   * Sessions with something due at or before `now` (a code expiry, the end of a grace period, a consent deadline),
   * at most `limit`. Each is leased to the caller until `leaseUntil`: other processes do not get it before then, and
   * it comes back by itself if the caller dies or finds nothing to do (the next write of the session sets its real
   * due time).
   */
  claimDue(now: number, limit: number, leaseUntil: number): Promise<string[]>;
  /**
   * Records that relay process `node` is alive at `now`. Resolves to true when other processes had declared it dead
   * meanwhile (it was stalled, not gone); that is then forgotten.
   */
  heartbeat(node: string, now: number): Promise<boolean>;
  /** Processes whose last heartbeat is older than `before`. */
  staleNodes(before: number): Promise<string[]>;
  /** A process that stopped heartbeating has been taken over: forgets it, and remembers it as dead for a while. */
  declareDead(node: string): Promise<void>;
  /** A process that shut down says goodbye. */
  forgetNode(node: string): Promise<void>;

  /**
   * A session's fence: raised each time the customer takes something back (a revocation, the end). Read before a use
   * passes the consent gate, so that its forwarding can tell whether the customer took something back meanwhile.
   */
  readFence(sessionId: string): Promise<string>;
  /** Writes `entry` with `payload` into the broadcast stream, atomically, unless the fence moved from `fence`. */
  forwardUse(sessionId: string, fence: string, payload: unknown, entry: StreamEntry): Promise<boolean>;
  /** Raises the fence and writes `marker` into the broadcast stream in the same step; resolves to the marker's id. */
  raiseFence(sessionId: string, marker: StreamMarker): Promise<string>;
}

/** An entry of the broadcast stream that carries nothing: it marks a point of the stream (readers skip it). */
export interface StreamMarker {
  stream: string;
  maxLen: number;
  uid: string;
  nsp: string;
  type: string;
}

export function isShared(store: RelayStore): store is SharedStore {
  return store.shared && 'claimDue' in store;
}

/**
 * The store cannot be reached (Redis down, timed out, out of memory). The operation may or may not have happened;
 * callers answer `unavailable` and try again later.
 */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}
