/**
 * Hand-off: a technician hands their session to a colleague of the same organisation who is online now. The
 * customer agreed to grants for the technician they saw, so every grant ends with the hand-off (the new technician
 * asks again), the customer is told the new name, and the audit log records it. The new technician's console hears
 * `session:handed` and attaches; until then the session waits as after a technician's drop (the grace period).
 */
import { activePrompt, reduceConsent, type ConsentResult, type OnlineTechnician, type Prompt } from '../../protocol/index.js';
import type { Technician } from '../auth.js';
import { generateId } from '../codes.js';
import { fail, ok, type Result } from '../results.js';
import { HANDOFF_CONN_PREFIX, toView, type Caller, type SessionContext } from './context.js';
import type { Consent } from './consent.js';
import { afterChanges } from './cooldown.js';
import type { Presence } from './presence.js';

export class Handoff {
  readonly #ctx: SessionContext;
  readonly #consent: Consent;
  readonly #presence: Presence;

  constructor(ctx: SessionContext, consent: Consent, presence: Presence) {
    this.#ctx = ctx;
    this.#consent = consent;
    this.#presence = presence;
  }

  /** The caller's colleagues online now: the same organisation, not the caller. */
  async colleagues(caller: Caller): Promise<Result<{ technicians: OnlineTechnician[] }>> {
    const tech = caller.technician;
    if (!tech) return fail('unauthorized');
    const online = await this.#ctx.out.onlineTechnicians();
    const technicians = online
      .filter((t) => t.org === tech.org && t.id !== tech.id)
      .map((t) => ({ id: t.id, name: t.name }))
      .sort((a, b) => a.name.localeCompare(b.name));
    return ok({ technicians });
  }

  async handOff(caller: Caller, technicianId: string): Promise<Result<{ technician: OnlineTechnician }>> {
    const tech = caller.technician;
    if (!tech) return fail('unauthorized');
    const member = await this.#ctx.activeMember(caller);
    if (!member.ok) return member;
    if (technicianId === tech.id) return fail('invalid-state', { detail: 'the session is already yours' });
    const named = (await this.#ctx.out.onlineTechnicians()).filter((t) => t.id === technicianId);
    if (named.length === 0) return fail('not-found', { detail: 'no technician with this id is online' });
    const target = named.find((t) => t.org === tech.org);
    if (!target) return fail('other-organisation');

    const now = Date.now();
    const marker = `${HANDOFF_CONN_PREFIX}${generateId()}`;
    let result: ConsentResult | undefined;
    let before: Prompt | undefined;
    // One atomic step: the session changes hands and its grants end, so no use of the old grants passes afterwards.
    const record = await this.#ctx.store.updateSession(member.record.id, (s) => {
      result = undefined;
      if (s.state !== 'active' || s.technicianConn !== caller.conn) return undefined;
      before = activePrompt(s.consent);
      result = reduceConsent(s.consent, { type: 'handoff', now });
      const handed: Technician = { id: target.id, name: target.name, org: target.org };
      // The hand-over starts no cooldown, and keeps those running (the customer's no stands for the colleague too),
      // counting an expiry that fell due just before it.
      const cooldowns = afterChanges(s.consentCooldowns, result.changes, result.state, this.#ctx.opts.consentCooldownMs);
      return { ...s, consent: result.state, ...(cooldowns ? { consentCooldowns: cooldowns } : {}), technician: handed, technicianConn: marker, technicianPresent: false, technicianDroppedAt: now };
    });
    if (!record || !result) return fail('not-in-session');
    const sessionId = record.id;
    this.#ctx.out.leave(caller);
    await this.#consent.announceConsent(record, result, before, 'technician');
    await this.#ctx.audit(sessionId, { actor: 'technician', type: 'session-handed-off', from: tech.name, to: target.name, detail: target.org });
    this.#ctx.out.toSession(sessionId, 'customer', 'session:update', toView(record));
    this.#ctx.out.toSession(sessionId, 'customer', 'participant:update', { role: 'technician', present: false, reason: 'handed-off' });
    this.#ctx.timers.set(sessionId, 'technician', this.#ctx.opts.resumeGraceMs, () => this.#presence.graceOver(sessionId, 'technician', marker));
    await this.#ctx.out.toTechnician(target, 'session:handed', { session: toView(record), from: { name: tech.name } });
    this.#ctx.hooks.handedOff?.({
      sessionId,
      from: { id: tech.id, name: tech.name, org: tech.org },
      to: { id: target.id, name: target.name, org: target.org },
      at: now,
    });
    this.#ctx.log.info({ sessionId, from: tech.id, to: target.id }, 'session handed off');
    return ok({ technician: { id: target.id, name: target.name } });
  }
}
