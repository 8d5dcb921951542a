/**
 * The lobby, while the console holds no session: New session (the functions to offer, Create session) and the
 * support queue to pick a customer from.
 */
import { msg } from '@lit/localize';
import { html, type TemplateResult } from 'lit';
import { FUNCTION_IDS, type FunctionId } from '../../protocol/functions.js';
import type { ConsoleState } from '../session/types.js';
import { canCreate, canPick, queueRows } from '../session/views.js';
import { functionName } from '../strings.js';

/** What the lobby's controls do. */
export interface LobbyActions {
  /** The technician ticked (`on`) or unticked a function to offer. */
  choose(fn: FunctionId, on: boolean): void;
  create(): void;
  pick(sessionId: string): void;
}

export function lobby(s: ConsoleState, offer: readonly FunctionId[], now: number, act: LobbyActions): TemplateResult {
  const creating = s.pending?.op === 'create';
  return html`<div class="lobby" part="lobby">
    <section class="panel" aria-labelledby="new-title">
      <h2 id="new-title" tabindex="-1">${msg('New session', { id: 'console.new.title' })}</h2>
      <fieldset>
        <legend>${msg('Functions the customer can be asked for', { id: 'console.new.functions' })}</legend>
        ${FUNCTION_IDS.map(
          (fn) => html`<label class="check">
            <input type="checkbox" .checked=${offer.includes(fn)} @change=${(e: Event) => act.choose(fn, (e.target as HTMLInputElement).checked)} />
            <span>${functionName(fn)}</span>
          </label>`,
        )}
      </fieldset>
      <div>
        <button type="button" ?disabled=${!canCreate(s) || offer.length === 0} @click=${() => act.create()}>
          ${creating ? msg('Creating…', { id: 'console.new.creating' }) : msg('Create session', { id: 'console.new.create' })}
        </button>
      </div>
    </section>
    <rsc-queue-list
      class="panel"
      .entries=${queueRows(s, now)}
      ?can-pick=${canPick(s)}
      @pick=${(e: CustomEvent<{ sessionId: string }>) => act.pick(e.detail.sessionId)}
    ></rsc-queue-list>
  </div>`;
}
