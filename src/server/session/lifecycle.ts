/**
 * A session's life: created by a technician (with a code) or queued, joined with the code, ended (by either side,
 * by the relay on a timeout or expiry, or by a shutdown).
 */
import {
  activePrompt,
  initialConsent,
  reduceConsent,
  type ConsentResult,
  type CreateResult,
  type EndReason,
  type FunctionId,
  type JoinResult,
  type Prompt,
  type Role,
} from '../../protocol/index.js';
import { generateCode, generateId, generateSecret, hashSecret } from '../codes.js';
import { setTimeout as delay } from 'node:timers/promises';
import { blockedFor, givenBackOnFailure, reserve, take, takeReturnable } from '../limits.js';
import { fail, ok, type Result } from '../results.js';
import type { Technician } from '../auth.js';
import type { SessionRecord } from '../store.js';
import { toView, type Caller, type SessionContext } from './context.js';
import type { Consent } from './consent.js';
import type { Files } from './files.js';
import type { Queue } from './queue.js';

export class Lifecycle {
  readonly #ctx: SessionContext;
  readonly #consent: Consent;
  readonly #files: Files;
  readonly #queue: Queue;

  constructor(ctx: SessionContext, consent: Consent, files: Files, queue: Queue) {
    this.#ctx = ctx;
    this.#consent = consent;
    this.#files = files;
    this.#queue = queue;
  }

  async create(caller: Caller, functions: FunctionId[] | undefined): Promise<Result<CreateResult>> {
    const tech = caller.technician;
    if (!tech) return fail('unauthorized');
    if (await this.#ctx.holdsLiveSession(caller)) return fail('invalid-state');
    if ((await this.#ctx.store.countLive()) >= this.#ctx.opts.maxSessions) return fail('capacity');
    const offered = this.#ctx.opts.functions.filter((fn) => !functions || functions.includes(fn));
    if (offered.length === 0) return fail('function-unavailable');
    // A session left open lives until its code expires: without this, one token creating and dropping fills
    // `maxSessions` for everyone in seconds. The point is given back once a customer joins, or when this call fails.
    const limiter = this.#ctx.limits.sessionsByTechnician;
    const wait = await takeReturnable(limiter, tech.id);
    if (wait > 0) return fail('rate-limited', { retryAfter: wait });
    return givenBackOnFailure(limiter, tech.id, () => this.#create(caller, tech, offered));
  }

  async #create(caller: Caller, tech: Technician, offered: FunctionId[]): Promise<Result<CreateResult>> {

    const now = Date.now();
    const id = generateId();
    const codeExpiresAt = now + this.#ctx.opts.codeTtlMs;
    let code: string | undefined;
    for (let attempt = 0; attempt < 20 && !code; attempt++) {
      const candidate = generateCode(this.#ctx.opts.codeLength);
      if (await this.#ctx.store.reserveCode(candidate, id, codeExpiresAt)) code = candidate;
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
      limitKey: tech.id,
      consent: initialConsent(offered, this.#ctx.consentTimings(), now),
    };
    await this.#ctx.store.insertSession(record);
    this.#ctx.out.enter(caller, id);
    await this.#ctx.audit(id, { actor: 'technician', type: 'session-created', detail: `${tech.name} (${tech.org})` });
    this.#ctx.timers.set(id, 'code', codeExpiresAt - now, () => this.expireCode(id));
    this.#ctx.log.info({ sessionId: id, technician: tech.id }, 'session created');
    return ok({ session: toView(record), code, joinUrl: this.#joinUrl(code), codeExpiresAt, ...this.#ctx.clientConfig() });
  }

  async join(caller: Caller, code: string): Promise<Result<JoinResult>> {
    const result = await this.#join(caller, code);
    if (result.ok) this.#ctx.metrics.joins.inc({ via: 'code' });
    else this.#ctx.metrics.failedJoins.inc({ reason: result.error.code });
    return result;
  }

  async #join(caller: Caller, code: string): Promise<Result<JoinResult>> {
    if (await this.#ctx.holdsLiveSession(caller)) return fail('invalid-state');
    const closed = this.#ctx.closedNow();
    if (closed) return closed;
    // Over the global limit every attempt waits before the code is looked up, and is then answered as usual: a
    // distributed guesser is slowed down, but a customer with the right code is never refused (no lock-out). It waits
    // before its attempt is counted, so that the count it holds meanwhile does not refuse the address's other attempts.
    if ((await blockedFor(this.#ctx.limits.failedJoinsGlobal, 'all')) > 0) await delay(this.#ctx.opts.failedJoinsGlobalDelayMs);
    // The attempt counts as failed from the start, and is given back once the code turned out right, or when it is
    // refused for the limit (the address's attempts still under way must not leave it blocked once they turn out right).
    const byAddress = this.#ctx.limits.failedJoinsByAddress;
    const wait = await reserve(byAddress, caller.address);
    if (wait > 0) {
      await byAddress.reward(caller.address);
      return fail('rate-limited', { retryAfter: wait });
    }

    const now = Date.now();
    const claim =
      code.length === this.#ctx.opts.codeLength
        ? await givenBackOnFailure(byAddress, caller.address, () => this.#ctx.store.claimCode(code, now))
        : ({ status: 'invalid' } as const);
    if (claim.status !== 'ok') {
      await take(this.#ctx.limits.failedJoinsGlobal, 'all');
      this.#ctx.log.warn({ address: caller.address, reason: claim.status }, 'failed code attempt');
      return fail(claim.status === 'invalid' ? 'invalid-code' : claim.status === 'expired' ? 'code-expired' : 'code-used');
    }

    await byAddress.reward(caller.address);
    const token = generateSecret();
    let wasOpen = false;
    const record = await this.#ctx.store.updateSession(claim.sessionId, (s) => {
      wasOpen = s.state === 'open';
      if (!wasOpen) return undefined;
      return { ...s, state: 'active', customerConn: caller.conn, customerPresent: true, resumeHash: hashSecret(token) };
    });
    if (!record || !wasOpen) return fail(record?.state === 'ended' ? 'session-ended' : 'invalid-code');
    this.#ctx.out.enter(caller, record.id);
    if (record.limitKey) await this.#ctx.limits.sessionsByTechnician.reward(record.limitKey);
    await this.#ctx.store.putResumeToken(hashSecret(token), record.id);
    this.#ctx.timers.clear(record.id, 'code');
    await this.#ctx.audit(record.id, { actor: 'customer', type: 'customer-joined' });
    this.#ctx.out.toSession(record.id, 'both', 'session:update', toView(record));
    this.#ctx.out.toSession(record.id, 'technician', 'participant:update', { role: 'customer', present: true, reason: 'joined' });
    this.#ctx.log.info({ sessionId: record.id }, 'customer joined');
    return ok({ session: toView(record), resumeToken: token, resumeGraceMs: this.#ctx.opts.resumeGraceMs, ...this.#ctx.clientConfig() });
  }


  async endBy(caller: Caller): Promise<Result> {
    const member = await this.#ctx.member(caller);
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
    const record = await this.#ctx.store.updateSession(sessionId, (s) => {
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
    this.#ctx.timers.clearAll(sessionId);
    if (reboot) await this.#ctx.store.deleteRebootToken(reboot.hash);
    if (record.code) await this.#ctx.store.claimCode(record.code, now);
    // The resume token stays mapped (until the record is deleted) only so that a late resume learns that the session
    // ended and why; it can no longer resume anything.
    if (wasQueued) {
      await this.#ctx.store.dequeue(sessionId);
      await this.#queue.queueChanged();
    }
    await this.#consent.announceConsent(record, result, before, by);
    // Transfers offered while the grant was already gone (none, unless they raced the end) stop too.
    await this.#files.relayCancel(sessionId, 'ended');
    this.#files.progress.forget(sessionId);
    if (reboot?.live) await this.#ctx.audit(sessionId, { actor: 'relay', type: 'reboot-token-revoked', fn: 'reboot', detail: reason });
    await this.#ctx.audit(sessionId, { actor: by, type: 'session-ended', detail: reason });
    this.#ctx.out.toSession(sessionId, 'both', 'session:update', toView(record));
    this.#ctx.out.toSession(sessionId, 'both', 'session:ended', { by, reason });
    this.#ctx.hooks.ended?.({ sessionId, by, reason, at: now });
    this.#ctx.log.info({ sessionId, by, reason }, 'session ended');
    // A shared store expires ended sessions by itself.
    if (!this.#ctx.timers.closed && !this.#ctx.store.shared) this.#ctx.timers.set(sessionId, 'retain', this.#ctx.opts.retainEndedMs, () => this.#ctx.store.deleteSession(sessionId));
  }

  async expireCode(sessionId: string): Promise<void> {
    const s = await this.#ctx.store.getSession(sessionId);
    if (s?.state !== 'open') return;
    // Timers may fire a millisecond before Date.now() reaches the expiry; ending then would burn a still-valid code
    // (a late customer would hear code-used, not code-expired), so wait for the expiry itself.
    const early = (s.codeExpiresAt ?? 0) - Date.now();
    if (early > 0) return this.#ctx.timers.set(sessionId, 'code', early, () => this.expireCode(sessionId));
    await this.end(sessionId, 'relay', 'code-expired');
  }

  /** Ends every live session (when the relay shuts down with a store that does not outlive it). */
  async endAll(reason: EndReason): Promise<number> {
    const live = await this.#ctx.store.liveSessions();
    for (const s of live) await this.end(s.id, 'relay', reason);
    return live.length;
  }

  #joinUrl(code: string): string {
    const base = this.#ctx.opts.joinUrl;
    if (!base) return `?rsw-code=${code}`;
    const url = new URL(base);
    url.searchParams.set('rsw-code', code);
    return url.toString();
  }
}
