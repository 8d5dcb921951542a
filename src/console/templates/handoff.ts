/**
 * Hand the session to a colleague: the technicians of the same organisation online now (asked of the relay on
 * demand), one to choose, and Hand off. The customer's grants end with the hand-off; the form says so before.
 */
import { msg } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import { handoffErrorText } from '../desk-strings.js';
import type { ConsoleState } from '../session/types.js';
import { errorText } from '../strings.js';

export interface HandoffActions {
  list(): void;
  handOff(technicianId: string): void;
}

export function handoffView(s: ConsoleState, act: HandoffActions): TemplateResult | typeof nothing {
  if (s.session?.state !== 'active') return nothing;
  const colleagues = s.colleagues;
  const busy = s.pending?.op === 'handoff';
  const error = s.error?.op === 'handoff' ? (handoffErrorText(s.error.code) ?? errorText(s.error.code)) : undefined;
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const id = new FormData(e.target as HTMLFormElement).get('colleague');
    if (typeof id === 'string' && id) act.handOff(id);
  };
  return html`<section class="panel handoff" part="handoff" aria-labelledby="handoff-title">
    <h2 id="handoff-title">${msg('Hand off to a colleague', { id: 'console.handoff.title' })}</h2>
    <p class="muted" id="handoff-hint">
      ${msg('The customer is told the new name. What they allowed ends with the hand-off; your colleague asks again.', {
        id: 'console.handoff.hint',
      })}
    </p>
    ${colleagues === undefined
      ? html`<button type="button" class="secondary" @click=${() => act.list()}>
          ${msg('Find colleagues online', { id: 'console.handoff.find' })}
        </button>`
      : colleagues.length === 0
        ? html`<p>${msg('No colleague of your organisation is online.', { id: 'console.handoff.nobody' })}</p>
            <button type="button" class="secondary" @click=${() => act.list()}>${msg('Look again', { id: 'console.handoff.again' })}</button>`
        : html`<form @submit=${submit}>
            <label for="handoff-colleague">${msg('Colleague', { id: 'console.handoff.colleague' })}</label>
            <select id="handoff-colleague" name="colleague" aria-describedby="handoff-hint">
              ${colleagues.map((c) => html`<option value=${c.id}>${c.name}</option>`)}
            </select>
            <button type="submit" ?disabled=${busy}>
              ${busy ? msg('Handing off…', { id: 'console.handoff.busy' }) : msg('Hand off', { id: 'console.handoff.submit' })}
            </button>
            <button type="button" class="secondary" @click=${() => act.list()}>${msg('Look again', { id: 'console.handoff.again' })}</button>
          </form>`}
    <p class="error" role="alert">${error ?? nothing}</p>
  </section>`;
}
