/**
 * The widget's own consent gate. The relay lets a technician's use through only while the customer's grant is live;
 * the widget checks again as the use arrives, so that a use that comes late (it passed the relay's gate just before the
 * customer revoked, pressed Stop sharing or Disconnect, or the grant expired) or that the customer never allowed has
 * no effect at all: no system-information preview, no restart notice, no file offer, no chunk written, no pointer.
 *
 * A one-shot grant (system information, reboot) is used up by the technician's first use: the relay marks it `used`,
 * and that update may arrive before or after the request it let through. So a one-shot request is taken while the
 * grant is `granted`, or `used` and not yet taken, once per grant.
 */
import type { GrantStatus } from '../../protocol/consent.js';
import { FUNCTIONS, GATED_EVENTS, type FunctionId } from '../../protocol/functions.js';
import type { WidgetPhase } from './types.js';

/** The technician's uses that reach the widget (every gated event but the customer's own `screen:state`). */
export type IncomingUse = Exclude<keyof typeof GATED_EVENTS, 'screen:state'>;

/** What the gate needs of the widget's state. */
export interface LiveView {
  phase: WidgetPhase;
  grants: Record<FunctionId, GrantStatus>;
}

export class LiveUses {
  /** The one-shot functions whose current grant a request has already taken. */
  readonly #taken = new Set<FunctionId>();
  /** Whether the use `event` may take effect now. */
  allows(event: IncomingUse, state: LiveView): boolean {
    const fn = GATED_EVENTS[event];
    const status = state.grants[fn];
    const oneShot = FUNCTIONS[fn].kind === 'one-shot';
    // Only one-shot functions are ever taken.
    const live =
      state.phase !== 'idle' && state.phase !== 'ended' && (status === 'granted' || (oneShot && status === 'used')) && !this.#taken.has(fn);
    if (live && oneShot) this.#taken.add(fn);
    return live;
  }

  /** Follows the grants: a one-shot grant asked or given again may be used once more. */
  grantsChanged(previous: LiveView['grants'], grants: LiveView['grants']): void {
    for (const fn of this.#taken) {
      if (grants[fn] !== previous[fn] && grants[fn] !== 'used') this.#taken.delete(fn);
    }
  }
}
