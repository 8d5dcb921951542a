/**
 * The desk: the technician's sessions as a list (customer, where the session stands, unread messages, live grants),
 * one of them on show; Another session opens a further console; a console without a live session can be closed.
 */
import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import { deskLabel, deskStateText, grantsText, handedByText, unreadText } from '../desk-strings.js';
import { formatNumber } from '../format.js';
import type { DeskEntry } from '../session/desk-list.js';
import { functionName } from '../strings.js';

export interface DeskActions {
  select(key: string): void;
  open(): void;
  close(key: string): void;
}

export function deskView(entries: readonly DeskEntry[], canOpen: boolean, act: DeskActions): TemplateResult {
  return html`<nav class="desk panel" part="desk" aria-labelledby="desk-title">
    <h2 id="desk-title">${msg('Your sessions', { id: 'console.desk.title' })}</h2>
    <ul class="desk-list">
      ${entries.map((e) => entry(e, entries.length > 1, act))}
    </ul>
    <button type="button" class="secondary" ?disabled=${!canOpen} @click=${() => act.open()}>
      ${msg('Another session', { id: 'console.desk.open' })}
    </button>
  </nav>`;
}

function entry(e: DeskEntry, closable: boolean, act: DeskActions): TemplateResult {
  const label = deskLabel(e);
  const live = e.state !== undefined && e.state !== 'ended';
  return html`<li class=${e.selected ? 'selected' : ''}>
    <button type="button" class="desk-entry" aria-current=${e.selected ? 'true' : nothing} @click=${() => act.select(e.key)}>
      <span class="desk-name" dir="auto">${label}</span>
      <span class="desk-state">${deskStateText(e)}</span>
      ${e.unread > 0 ? html`<span class="badge">${unreadText(formatNumber(e.unread))}</span>` : nothing}
      ${e.grants.length > 0 ? html`<span class="desk-grants">${grantsText(e.grants.map(functionName).join(', '))}</span>` : nothing}
      ${e.handedBy ? html`<span class="desk-handed" dir="auto">${handedByText(e.handedBy)}</span>` : nothing}
    </button>
    ${closable && !live && e.key !== 'main'
      ? html`<button
          type="button"
          class="secondary"
          aria-label=${msg(str`Close: ${label}`, { id: 'console.desk.close-label' })}
          @click=${() => act.close(e.key)}
        >
          ${msg('Close', { id: 'console.desk.close' })}
        </button>`
      : nothing}
  </li>`;
}
