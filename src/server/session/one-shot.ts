/**
 * The one-shot functions: system information (request, then one answer) and reboot (a token for `session:rejoin`).
 */
import type { SysinfoItem } from '../../protocol/index.js';
import { generateSecret, hashSecret } from '../codes.js';
import { fail, ok, type Result } from '../results.js';
import type { Caller, SessionContext } from './context.js';
import type { Consent } from './consent.js';

export class OneShot {
  readonly #ctx: SessionContext;
  readonly #consent: Consent;

  constructor(ctx: SessionContext, consent: Consent) {
    this.#ctx = ctx;
    this.#consent = consent;
  }

  /** The technician asks (using up the one-shot grant); the customer answers once, with a report or by declining. */
  async sysinfoRequest(caller: Caller): Promise<Result> {
    const pass = await this.#consent.gateRecord(caller, 'system-info', 'sysinfo:request');
    if (!pass.ok) return pass;
    const id = pass.record.id;
    await this.#ctx.store.updateSession(id, (s) => (s.state === 'ended' ? undefined : { ...s, sysinfoPending: true }));
    if (await this.#ctx.out.forwardUse(caller, id, 'sysinfo:request', {})) return ok({});
    await this.#ctx.store.updateSession(id, ({ sysinfoPending, ...rest }) => (sysinfoPending ? rest : undefined));
    return this.#consent.tooLate(caller, id, 'system-info', 'sysinfo:request');
  }

  /** The customer's answer to the pending request: `items` to send, or undefined to decline. */
  async sysinfoAnswer(caller: Caller, items: SysinfoItem[] | undefined): Promise<Result> {
    const member = await this.#ctx.activeMember(caller);
    if (!member.ok) return member;
    const id = member.record.id;
    let pending = false;
    await this.#ctx.store.updateSession(id, (s) => {
      pending = s.sysinfoPending === true && s.state === 'active';
      if (!pending) return undefined;
      const { sysinfoPending: _pending, ...rest } = s;
      return rest;
    });
    if (!pending) return fail('invalid-state', { detail: 'no system information was requested' });
    const at = Date.now();
    if (items) {
      await this.#ctx.audit(id, { actor: 'customer', type: 'sysinfo-sent', fn: 'system-info', detail: items.map((i) => i.key).join(', ') });
      this.#ctx.out.toSession(id, 'technician', 'sysinfo:report', { items, at });
    } else {
      await this.#ctx.audit(id, { actor: 'customer', type: 'sysinfo-declined', fn: 'system-info' });
      this.#ctx.out.toSession(id, 'technician', 'sysinfo:declined', { at });
    }
    return ok({});
  }


  /**
   * The technician asks the customer to restart (using up the one-shot grant): the relay issues a reboot token that
   * only the customer receives. Until it expires, a customer drop does not end the session, and `session:rejoin`
   * with it takes the session back once.
   */
  async rebootRequest(caller: Caller): Promise<Result<{ expiresAt: number }>> {
    const pass = await this.#consent.gateRecord(caller, 'reboot', 'reboot:request');
    if (!pass.ok) return pass;
    const id = pass.record.id;
    const token = generateSecret();
    const hash = hashSecret(token);
    const expiresAt = Date.now() + this.#ctx.opts.rebootTokenTtlMs;
    let previous: string | undefined;
    const record = await this.#ctx.store.updateSession(id, (s) => {
      previous = s.rebootHash;
      return s.state === 'ended' ? undefined : { ...s, rebootHash: hash, rebootExpiresAt: expiresAt };
    });
    if (!record || record.state === 'ended') return fail('session-ended');
    await this.#ctx.store.putRebootToken(hash, id, expiresAt);
    // One token at a time: a new request replaces the last one.
    if (previous) await this.#ctx.store.deleteRebootToken(previous);
    await this.#ctx.audit(id, { actor: 'relay', type: 'reboot-token-issued', fn: 'reboot', detail: `valid until ${new Date(expiresAt).toISOString()}` });
    if (await this.#ctx.out.forwardUse(caller, id, 'reboot:request', { token, expiresAt })) return ok({ expiresAt });
    await this.#ctx.store.updateSession(id, ({ rebootHash, rebootExpiresAt: _expires, ...rest }) => (rebootHash === hash ? rest : undefined));
    await this.#ctx.store.deleteRebootToken(hash);
    await this.#ctx.audit(id, { actor: 'relay', type: 'reboot-token-revoked', fn: 'reboot', detail: 'revoked' });
    return this.#consent.tooLate(caller, id, 'reboot', 'reboot:request');
  }
}
