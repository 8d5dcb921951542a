/**
 * Presence: drops and grace periods, the customer's resume and rejoin after a restart, the technician's attach, and
 * settling what is due in a session whose process died.
 */
import {
  activePrompt,
  nextDeadline,
  type AuditEntry,
  type ChatMessage,
  type JoinResult,
  type RejoinResult,
  type Role,
  type SessionView,
} from '../../protocol/index.js';
import { generateSecret, hashSecret } from '../codes.js';
import { fail, ok, type Result } from '../results.js';
import { StoreUnavailableError, type SessionRecord } from '../store.js';
import { HANDOFF_CONN_PREFIX, other, toView, type Caller, type SessionContext } from './context.js';
import type { Consent } from './consent.js';
import type { Files } from './files.js';
import type { Lifecycle } from './lifecycle.js';
import type { Queue } from './queue.js';
import { turnResumeToken, withoutRetry, type ResumeAsk, type TokenTurn } from './resume-tokens.js';
import type { Screen } from './screen.js';

export class Presence {
  readonly #ctx: SessionContext;
  readonly #lifecycle: Lifecycle;
  readonly #consent: Consent;
  readonly #files: Files;
  readonly #screen: Screen;
  readonly #queue: Queue;
  /** Drops being recorded, and drops the store could not record (retried by `retryDrops`). */
  readonly #drops = new Set<Promise<void>>();
  #unrecordedDrops: Array<{ sessionId: string; role: Role; conn: string }> = [];

  constructor(ctx: SessionContext, lifecycle: Lifecycle, consent: Consent, files: Files, screen: Screen, queue: Queue) {
    this.#ctx = ctx;
    this.#lifecycle = lifecycle;
    this.#consent = consent;
    this.#files = files;
    this.#screen = screen;
    this.#queue = queue;
  }

  async resume(caller: Caller, token: string, lastSeq: number, resumeId?: string): Promise<Result<JoinResult & { missed: ChatMessage[] }>> {
    const hash = hashSecret(token);
    const sessionId = await this.#ctx.store.findResumeToken(hash);
    const current = sessionId ? await this.#ctx.store.getSession(sessionId) : undefined;
    if (!sessionId || !current) return fail('resume-expired');
    // A socket holds one session: resuming another from a socket that holds a live one would leave that one held by
    // a connection that no longer hears it, its customer present for good (its drop is never recorded). The token is
    // not spent. Resuming the session the socket holds (a retry of its own resume) goes on.
    if (caller.sessionId !== sessionId && (await this.#ctx.holdsLiveSession(caller))) {
      return fail('invalid-state', { detail: 'this connection holds another session' });
    }
    // A session that ended because this customer stayed away too long could not be resumed; any other end is an end.
    // `detail` carries the end reason, so a customer coming back learns who ended the session.
    if (current.state === 'ended') {
      return current.endReason === 'customer-timeout' ? fail('resume-expired') : fail('session-ended', { detail: current.endReason ?? '' });
    }
    const now = Date.now();
    if (!current.customerPresent && current.customerDroppedAt !== undefined && now > this.#customerDeadline(current, current.customerDroppedAt)) {
      await this.#lifecycle.end(sessionId, 'relay', 'customer-timeout');
      return fail('resume-expired');
    }
    // The token turns on every resume; a retry of one gets the same new token (resume-tokens.ts).
    const ask: ResumeAsk = {
      token,
      hash,
      conn: caller.conn,
      attempt: resumeId === undefined ? undefined : hashSecret(resumeId),
      now,
      retryMs: this.#ctx.opts.resumeRetryMs,
      salt: generateSecret(16),
    };
    let turn: TokenTurn | undefined;
    let replaced = false;
    const record = await this.#ctx.store.updateSession(sessionId, (s) => {
      turn = s.state === 'ended' ? undefined : turnResumeToken(s, ask);
      replaced = s.previousResumeHash === hash;
      if (!turn) return undefined;
      const { customerDroppedAt: _dropped, ...rest } = turn.record;
      return { ...rest, customerConn: caller.conn, customerPresent: true };
    });
    if (!record || !turn) {
      if (replaced) this.#ctx.log.warn({ sessionId }, 'resume with a replaced token refused: not a retry of the resume that replaced it');
      return fail(record?.state === 'ended' ? 'session-ended' : 'resume-expired');
    }
    await this.#customerBack(caller, record, turn.spent, turn.token, 'resumed');
    const missed = await this.#ctx.store.messagesAfter(sessionId, lastSeq);
    return ok({ session: toView(record), resumeToken: turn.token, resumeGraceMs: this.#ctx.opts.resumeGraceMs, missed, ...this.#ctx.clientConfig() });
  }

  /**
   * The customer comes back after restarting their computer, with the token of the technician's `reboot:request`.
   * Works once, until the token expires; the result carries the whole transcript and a fresh resume token.
   */
  async rejoin(caller: Caller, token: string): Promise<Result<RejoinResult>> {
    if (await this.#ctx.holdsLiveSession(caller)) return fail('invalid-state');
    const hash = hashSecret(token);
    const now = Date.now();
    const sessionId = await this.#ctx.store.takeRebootToken(hash, now);
    if (!sessionId) return fail('resume-expired');
    const next = generateSecret();
    let matched = false;
    let spent: string[] = [];
    const record = await this.#ctx.store.updateSession(sessionId, (s) => {
      matched = s.state !== 'ended' && s.rebootHash === hash && (s.rebootExpiresAt ?? 0) > now;
      if (!matched) return undefined;
      spent = [s.resumeHash, s.previousResumeHash].filter((h): h is string => h !== undefined);
      const { customerDroppedAt: _dropped, rebootHash: _reboot, rebootExpiresAt: _expires, ...rest } = withoutRetry(s);
      return { ...rest, customerConn: caller.conn, customerPresent: true, resumeHash: hashSecret(next) };
    });
    if (!record || !matched) return fail(record?.state === 'ended' ? 'session-ended' : 'resume-expired');
    await this.#customerBack(caller, record, spent, next, 'restarted');
    const messages = await this.#ctx.store.messagesAfter(sessionId, 0);
    this.#ctx.log.info({ sessionId }, 'customer rejoined after a restart');
    return ok({ session: toView(record), resumeToken: next, resumeGraceMs: this.#ctx.opts.resumeGraceMs, messages, ...this.#ctx.clientConfig() });
  }

  /** After a resume or a rejoin took the session for `caller`: rooms, tokens, timers, audit, and telling the technician. */
  async #customerBack(caller: Caller, record: SessionRecord, spent: string[], token: string, reason: 'resumed' | 'restarted'): Promise<void> {
    const sessionId = record.id;
    this.#ctx.out.enter(caller, sessionId);
    for (const old of spent) await this.#ctx.store.deleteResumeToken(old);
    await this.#ctx.store.putResumeToken(hashSecret(token), sessionId);
    this.#ctx.timers.clear(sessionId, 'customer');
    this.#ctx.out.supersede(sessionId, 'customer', caller.socketId);
    if (reason === 'restarted') await this.#ctx.audit(sessionId, { actor: 'customer', type: 'rejoined-after-restart' });
    else await this.#ctx.audit(sessionId, { actor: 'customer', type: 'participant-resumed', detail: 'customer' });
    this.#ctx.out.toSession(sessionId, 'technician', 'participant:update', { role: 'customer', present: true, reason });
    this.#ctx.out.toSession(sessionId, 'technician', 'session:update', toView(record));
    if (record.state === 'queued') {
      await this.#queue.queueChanged();
      await this.#queue.tellPlace(sessionId);
    }
    // A prompt that was on show while the customer was away is shown again.
    const prompt = activePrompt(record.consent);
    if (prompt) this.#ctx.out.toSession(sessionId, 'customer', 'consent:prompt', this.#consent.promptInfo(record, prompt));
  }

  /**
   * Until when a customer who dropped at `droppedAt` may come back: the grace period, or longer while a reboot token
   * is valid (a restart takes minutes).
   */
  #customerDeadline(s: SessionRecord, droppedAt: number): number {
    return Math.max(droppedAt + this.#ctx.opts.resumeGraceMs, s.rebootExpiresAt ?? 0);
  }

  async attach(
    caller: Caller,
    sessionId: string,
  ): Promise<Result<{ session: SessionView; messages: ChatMessage[]; audit: AuditEntry[] }>> {
    const tech = caller.technician;
    if (!tech) return fail('unauthorized');
    if (caller.sessionId !== sessionId && (await this.#ctx.holdsLiveSession(caller))) return fail('invalid-state');
    const current = await this.#ctx.store.getSession(sessionId);
    // A session belongs to the token's sub within its organisation: another technician's session, or one of the same
    // sub in another organisation, is indistinguishable from none. The same technician under another name is refused:
    // the customer agreed to the name they see, and a name never changes within a session.
    if (!current || current.technician?.id !== tech.id || current.technician.org !== tech.org) return fail('not-found');
    if (current.technician.name !== tech.name) return fail('unauthorized', { detail: 'this session was started under another name' });
    if (current.state === 'ended') return fail('session-ended');
    const wasDropped = !current.technicianPresent;
    // A colleague handed this technician the session (handoff.ts): they join it, they do not come back to it.
    const handedOver = current.technicianConn?.startsWith(HANDOFF_CONN_PREFIX) === true;
    const record = await this.#ctx.store.updateSession(sessionId, (s) => {
      if (s.state === 'ended') return undefined;
      const { technicianDroppedAt: _dropped, ...rest } = s;
      return { ...rest, technicianConn: caller.conn, technicianPresent: true };
    });
    if (!record || record.state === 'ended') return fail('session-ended');
    this.#ctx.out.enter(caller, sessionId);
    this.#ctx.timers.clear(sessionId, 'technician');
    this.#ctx.out.supersede(sessionId, 'technician', caller.socketId);
    if (handedOver) {
      await this.#ctx.audit(sessionId, { actor: 'technician', type: 'technician-joined', detail: `${tech.name} (${tech.org})` });
      this.#ctx.out.toSession(sessionId, 'customer', 'participant:update', { role: 'technician', present: true, reason: 'joined' });
      this.#ctx.out.toSession(sessionId, 'customer', 'session:update', toView(record));
    } else if (wasDropped) {
      await this.#ctx.audit(sessionId, { actor: 'technician', type: 'participant-resumed', detail: 'technician' });
      this.#ctx.out.toSession(sessionId, 'customer', 'participant:update', { role: 'technician', present: true, reason: 'resumed' });
      this.#ctx.out.toSession(sessionId, 'customer', 'session:update', toView(record));
    }
    const [messages, audit] = await Promise.all([this.#ctx.store.messagesAfter(sessionId, 0), this.#ctx.store.audit(sessionId)]);
    return ok({ session: toView(record), messages, audit, ...this.#ctx.clientConfig() });
  }

  /**
   * A socket went away. Not an end: the participant has `resumeGraceMs` to come back. Never rejects: a drop that the
   * store could not record (it was unavailable) is kept and recorded by `retryDrops` once it is back.
   */
  async dropped(caller: Caller): Promise<void> {
    const sessionId = caller.sessionId;
    if (!sessionId || this.#ctx.timers.closed) return;
    await this.#recordDrop(sessionId, caller.role, caller.conn);
  }

  async #recordDrop(sessionId: string, role: Role, conn: string): Promise<void> {
    const drop = this.dropConnection(sessionId, role, conn).catch((err: unknown) => {
      if (!(err instanceof StoreUnavailableError)) return this.#ctx.log.error({ err, sessionId, role }, 'recording a drop failed');
      this.#unrecordedDrops.push({ sessionId, role, conn });
      this.#ctx.log.warn({ sessionId, role }, 'drop not recorded yet: store unavailable');
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
    const record = await this.#ctx.store.updateSession(sessionId, (s) => {
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
      this.#ctx.timers.set(sessionId, role, this.#ctx.opts.resumeGraceMs, () => this.graceOver(sessionId, role, conn));
      return;
    }
    await this.#ctx.audit(sessionId, { actor: 'relay', type: 'participant-dropped', detail: role });
    this.#ctx.out.toSession(sessionId, other(role), 'participant:update', { role, present: false, reason: 'dropped' });
    this.#ctx.out.toSession(sessionId, other(role), 'session:update', toView(record));
    // A transfer does not survive a dropped connection: the chunks in flight to or from it are lost. Nor does a
    // peer connection to a customer page that went away.
    await this.#files.relayCancel(sessionId, 'failed');
    if (role === 'customer') await this.#screen.screenGone(sessionId, 'dropped');
    const graceMs = role === 'customer' ? this.#customerDeadline(record, now) - now : this.#ctx.opts.resumeGraceMs;
    this.#ctx.timers.set(sessionId, role, graceMs, () => this.graceOver(sessionId, role, conn));
    this.#ctx.log.info({ sessionId, role, graceMs }, 'participant dropped');
  }

  /**
   * Does whatever is due in a session now: the code expiry, the end of a grace period, consent deadlines. The process
   * that set the timers for them does so itself; this is for when that process died (cluster.ts). Idempotent.
   */
  async settle(sessionId: string): Promise<void> {
    const s = await this.#ctx.store.getSession(sessionId);
    if (!s || s.state === 'ended') return;
    const now = Date.now();
    if (s.state === 'open' && s.codeExpiresAt !== undefined && s.codeExpiresAt <= now) return this.#lifecycle.expireCode(sessionId);
    for (const role of ['customer', 'technician'] as const) {
      const droppedAt = role === 'customer' ? s.customerDroppedAt : s.technicianDroppedAt;
      const holder = role === 'customer' ? s.customerConn : s.technicianConn;
      if (droppedAt === undefined || !holder) continue;
      // A customer with a live reboot token may stay away until it expires.
      const deadline = role === 'customer' ? this.#customerDeadline(s, droppedAt) : droppedAt + this.#ctx.opts.resumeGraceMs;
      if (now >= deadline) await this.graceOver(sessionId, role, holder);
    }
    const deadline = nextDeadline(s.consent);
    if (deadline !== undefined && deadline <= now) await this.#consent.applyConsent(sessionId, { type: 'tick', now }, 'relay');
  }

  /** Ends the session when `role` is still away and `conn` still holds it once its grace period is over. */
  async graceOver(sessionId: string, role: Role, conn: string): Promise<void> {
    const s = await this.#ctx.store.getSession(sessionId);
    if (!s || s.state === 'ended') return;
    const present = role === 'customer' ? s.customerPresent : s.technicianPresent;
    const holder = role === 'customer' ? s.customerConn : s.technicianConn;
    if (!present && holder === conn) await this.#lifecycle.end(sessionId, 'relay', role === 'customer' ? 'customer-timeout' : 'technician-timeout');
  }
}
