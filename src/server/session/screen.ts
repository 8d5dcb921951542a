/**
 * Desktop view: what the relay records of the customer's shared screen (the stream itself is peer to peer).
 */
import type { Payload } from '../../protocol/index.js';
import { ok, type Result } from '../results.js';
import type { Caller, SessionContext } from './context.js';
import type { Consent } from './consent.js';

export class Screen {
  readonly #ctx: SessionContext;
  readonly #consent: Consent;

  constructor(ctx: SessionContext, consent: Consent) {
    this.#ctx = ctx;
    this.#consent = consent;
  }

  /** The customer's browser started sharing (with what was picked) or stopped; recorded, and the technician is told. */
  async screenState(caller: Caller, info: Payload<'screen:state'>): Promise<Result> {
    const pass = await this.#consent.gateRecord(caller, 'desktop-view', 'screen:state');
    if (!pass.ok) return pass;
    const id = pass.record.id;
    const surface = info.state === 'sharing' ? info.surface : undefined;
    let wasSharing = false;
    await this.#ctx.store.updateSession(id, (s) => {
      wasSharing = s.screen !== undefined;
      if (s.state === 'ended' || s.screen === surface) return undefined;
      const { screen: _screen, ...rest } = s;
      return surface ? { ...rest, screen: surface } : rest;
    });
    if (surface) await this.#ctx.audit(id, { actor: 'customer', type: 'screen-started', detail: surface });
    else if (wasSharing) await this.#ctx.audit(id, { actor: 'customer', type: 'screen-stopped' });
    this.#ctx.out.toSession(id, 'technician', 'screen:state', info);
    return ok({});
  }

  /** The relay knows the customer's screen is no longer shared (the grant ended, the customer dropped): recorded once. */
  async screenGone(sessionId: string, why: string): Promise<void> {
    let wasSharing = false;
    await this.#ctx.store.updateSession(sessionId, (s) => {
      wasSharing = s.screen !== undefined;
      if (!wasSharing) return undefined;
      const { screen: _screen, ...rest } = s;
      return rest;
    });
    if (wasSharing) await this.#ctx.audit(sessionId, { actor: 'relay', type: 'screen-stopped', detail: why });
  }
}
