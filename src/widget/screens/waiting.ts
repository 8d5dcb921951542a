/** Waiting for a technician after asking for help (with the place in the queue); part of the queue's chunk (queue.ts). */
import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import { formatNumber } from '../format.js';
import type { ScreenActions, WidgetView } from './view.js';

export function waitingScreen({ s }: WidgetView, a: ScreenActions): TemplateResult {
  return html`<div class="screen center">
    <span class="spinner" aria-hidden="true"></span>
    <p>${msg('Waiting for a technician to connect…', { id: 'waiting' })}</p>
    <p aria-live="polite">
      ${s.queue
        ? msg(str`Your place in the queue: ${formatNumber(s.queue.position)}.`, { id: 'waiting.position' })
        : nothing}
    </p>
    <button
      type="button"
      class="secondary"
      @click=${() => a.act((x) => (s.queue ? x.leaveQueue() : x.disconnect()))}
    >
      ${msg('Cancel', { id: 'cancel' })}
    </button>
  </div>`;
}
