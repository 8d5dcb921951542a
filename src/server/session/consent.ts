/**
 * Consent: the technician's requests, the customer's decisions and revocations, the one gate every use of a
 * function passes, and the consent deadlines.
 */
import {
  activePrompt,
  FUNCTIONS,
  isLive,
  nextDeadline,
  reduceConsent,
  type ConsentCause,
  type ConsentEvent,
  type ConsentResult,
  type ConsentState,
  type FileCancelReason,
  type FunctionId,
  type Prompt,
  type Role,
} from '../../protocol/index.js';
import { fail, ok, type Failure, type Result } from '../results.js';
import type { SessionRecord } from '../store.js';
import type { Caller, SessionContext } from './context.js';
import { afterChanges, waitLeft } from './cooldown.js';
import type { RefusalLog } from './refusals.js';

/**
 * What a lost grant stops at the relay, done by the concerns that use the gate (files, desktop view): passed in, so
 * that consent does not depend on them.
 */
export interface GrantLoss {
  relayCancel(sessionId: string, reason: FileCancelReason): Promise<void>;
  screenGone(sessionId: string, why: string): Promise<void>;
}

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
    case 'handed-off':
      return 'technician';
    case 'end':
      return endedBy;
    default:
      return 'relay';
  }
}

export class Consent {
  readonly #ctx: SessionContext;
  readonly #lost: GrantLoss;
  readonly #refusals: RefusalLog;

  constructor(ctx: SessionContext, lost: GrantLoss, refusals: RefusalLog) {
    this.#ctx = ctx;
    this.#lost = lost;
    this.#refusals = refusals;
  }

  async request(caller: Caller, fn: FunctionId): Promise<Result<{ prompt: Prompt; consent: SessionRecord['consent'] }>> {
    const member = await this.#ctx.activeMember(caller);
    if (!member.ok) return member;
    const { result, record, retryAfter } = await this.applyConsent(member.record.id, { type: 'request', fn, now: Date.now() }, caller.role);
    if (result?.error === 'rate-limited' && record) {
      // The customer said no to it a short while ago (cooldown.ts): refused, and audited as a refusal (not a use's).
      this.#ctx.metrics.cooldownRefusals.inc({ function: fn });
      await this.#refusals.refused(record.id, caller.role, fn, record.consent.version, 'consent:request', 'rate-limited');
      return fail('rate-limited', { fn, retryAfter: retryAfter ?? 1 });
    }
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
    const member = await this.#ctx.activeMember(caller);
    if (!member.ok) return member;
    const { result, record } = await this.applyConsent(member.record.id, event, caller.role, reason);
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
    const pass = await this.gateRecord(caller, fn, event);
    return pass.ok ? ok({ sessionId: pass.record.id }) : pass;
  }

  /** The gate, answering with the session record as it was after the check. */
  async gateRecord(caller: Caller, fn: FunctionId, event: string): Promise<{ ok: true; record: SessionRecord } | Failure> {
    const member = await this.#ctx.activeMember(caller);
    if (!member.ok) return member;
    const sessionId = member.record.id;
    const now = Date.now();
    let error: string | undefined;
    let after: SessionRecord | undefined;
    if (caller.role === 'technician') {
      const { result, record } = await this.applyConsent(sessionId, { type: 'use', fn, now }, caller.role);
      error = result ? result.error : 'session-ended';
      after = record;
      if (!error && FUNCTIONS[fn].kind === 'one-shot') {
        await this.#ctx.audit(sessionId, { actor: 'technician', type: 'function-used', fn, detail: event });
      }
    } else {
      const { record } = await this.applyConsent(sessionId, { type: 'tick', now }, caller.role);
      if (!record || !isLive(record.consent, fn)) error = record?.state === 'ended' ? 'session-ended' : 'not-granted';
      after = record;
    }
    if (error || !after) {
      error ??= 'session-ended';
      this.#ctx.metrics.refusedUses.inc({ function: fn });
      await this.#refusals.refused(sessionId, caller.role, fn, (after ?? member.record).consent.version, event, error);
      this.#ctx.log.warn({ sessionId, role: caller.role, event, error }, 'use refused');
      return fail(error === 'session-ended' || error === 'function-unavailable' ? error : 'not-granted', { fn });
    }
    return { ok: true, record: after };
  }

  /**
   * A use passed the gate, but the customer took something back before it could be forwarded (Outbox.forwardUse): it
   * is not forwarded, and refused as if it had come after.
   */
  async tooLate(caller: Caller, sessionId: string, fn: FunctionId, event: string): Promise<Failure> {
    this.#ctx.metrics.refusedUses.inc({ function: fn });
    await this.#ctx.audit(sessionId, { actor: caller.role, type: 'use-refused', fn, detail: `${event}: taken back meanwhile` });
    this.#ctx.log.warn({ sessionId, role: caller.role, event }, 'use refused: consent taken back before it was forwarded');
    return fail('not-granted', { fn });
  }

  /**
   * Runs one consent event atomically, then records and announces what changed. The customer's no's start the
   * function's cooldown (cooldown.ts); a request that would open a prompt while its function's cooldown runs is refused
   * with `rate-limited` and `retryAfter` (ms) instead, and only what fell due meanwhile is applied.
   */
  async applyConsent(
    sessionId: string,
    event: ConsentEvent,
    endedBy: Role | 'relay',
    reason?: string,
  ): Promise<{ result?: ConsentResult; record?: SessionRecord; retryAfter?: number }> {
    let result: ConsentResult | undefined;
    let before: Prompt | undefined;
    let retryAfter: number | undefined;
    const baseMs = this.#ctx.opts.consentCooldownMs;
    const record = await this.#ctx.store.updateSession(sessionId, (s) => {
      retryAfter = undefined;
      if (s.state === 'ended') {
        result = undefined;
        return undefined;
      }
      before = activePrompt(s.consent);
      result = reduceConsent(s.consent, event);
      let cooldowns = afterChanges(s.consentCooldowns, result.changes, result.state, baseMs);
      if (event.type === 'request' && !result.error) {
        const wait = waitLeft(cooldowns, event.fn, event.now);
        if (wait > 0) {
          retryAfter = wait;
          const due = reduceConsent(s.consent, { type: 'tick', now: event.now });
          result = { ...due, error: 'rate-limited' };
          cooldowns = afterChanges(s.consentCooldowns, due.changes, due.state, baseMs);
        }
      }
      if (result.state.version === s.consent.version) return undefined;
      return { ...s, consent: result.state, ...(cooldowns ? { consentCooldowns: cooldowns } : {}) };
    });
    if (!record) return {};
    if (!result) return { record };
    await this.announceConsent(record, result, before, endedBy, reason);
    return { result, record, ...(retryAfter !== undefined ? { retryAfter } : {}) };
  }

  /** Records and announces a consent result; `reason` goes with the customer's own revocation into the audit log. */
  async announceConsent(
    record: SessionRecord,
    result: ConsentResult,
    before: Prompt | undefined,
    endedBy: Role | 'relay',
    reason?: string,
  ): Promise<void> {
    const id = record.id;
    this.#count(result);
    for (const prompt of result.opened) {
      await this.#ctx.audit(id, {
        actor: prompt.kind === 'request' ? 'technician' : 'relay',
        type: prompt.kind === 'request' ? 'consent-requested' : 'consent-reconfirm-requested',
        fn: prompt.fn,
      });
    }
    for (const change of result.changes) {
      if (change.cause === 'request') continue;
      await this.#ctx.audit(id, {
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
      this.#ctx.out.toSession(id, 'both', 'consent:update', { consent: record.consent, changes: result.changes });
    }
    const after = activePrompt(record.consent);
    if (after?.id !== before?.id || after?.expiresAt !== before?.expiresAt) {
      this.#ctx.out.toSession(id, 'customer', 'consent:prompt', this.promptInfo(record, after));
    }
    this.#scheduleConsent(record);
    const at = Date.now();
    const technician = record.technician ? { id: record.technician.id, name: record.technician.name, org: record.technician.org } : undefined;
    for (const { fn, from, to, cause, version } of result.changes) {
      this.#ctx.hooks.consent?.({ sessionId: id, fn, from, to, cause, version, at, ...(technician ? { technician } : {}) });
    }
    await this.#stopWhatEnded(record, result);
  }

  /** The consent counters: requests opened, and the customer's (or the clock's) answers, by function. */
  #count(result: ConsentResult): void {
    const m = this.#ctx.metrics;
    for (const prompt of result.opened) if (prompt.kind === 'request') m.consentRequests.inc({ function: prompt.fn });
    for (const { fn, to, cause } of result.changes) {
      const counter =
        cause === 'allow' && to === 'granted'
          ? m.consentGrants
          : cause === 'deny' || cause === 'reconfirm-deny'
            ? m.consentDenials
            : cause === 'expire' || cause === 'reconfirm-expire'
              ? m.consentExpiries
              : cause === 'revoke' || cause === 'revoke-all'
                ? m.consentRevocations
                : undefined;
      counter?.inc({ function: fn });
    }
  }

  /** What a lost grant stops at the relay: transfers in flight (file transfer), the record of a shared screen (desktop view). */
  async #stopWhatEnded(record: SessionRecord, result: ConsentResult): Promise<void> {
    const lost = (fn: FunctionId) => result.changes.find((c) => c.fn === fn && c.from === 'granted' && c.to !== 'granted');
    const files = lost('file-transfer');
    if (files) await this.#lost.relayCancel(record.id, files.cause === 'end' ? 'ended' : 'revoked');
    const screen = lost('desktop-view');
    if (screen) await this.#lost.screenGone(record.id, screen.cause);
  }

  promptInfo(record: SessionRecord, prompt: Prompt | undefined) {
    return {
      prompt: prompt ?? null,
      ...(record.technician ? { technician: { name: record.technician.name, org: record.technician.org } } : {}),
    };
  }

  #scheduleConsent(record: SessionRecord): void {
    const deadline = nextDeadline(record.consent);
    this.#ctx.timers.clear(record.id, 'consent');
    if (deadline === undefined || record.state === 'ended') return;
    this.#ctx.timers.set(record.id, 'consent', Math.max(0, deadline - Date.now()) + 1, () =>
      this.applyConsent(record.id, { type: 'tick', now: Date.now() }, 'relay').then(() => undefined),
    );
  }

  /** What the relay knows about the grants of a session now (expiries that are due applied), or undefined. */
  async grants(sessionId: string): Promise<ConsentState | undefined> {
    const s = await this.#ctx.store.getSession(sessionId);
    if (!s) return undefined;
    return s.state === 'ended' ? s.consent : reduceConsent(s.consent, { type: 'tick', now: Date.now() }).state;
  }
}
