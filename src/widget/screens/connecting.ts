/** The screen between the code (or asking for help) and the chat or the queue: connecting, with Cancel. */
import { msg } from '@lit/localize';
import { html, type TemplateResult } from 'lit';
import type { ScreenActions, WidgetView } from './view.js';

export function connectingScreen(_v: WidgetView, a: ScreenActions): TemplateResult {
  return html`<div class="screen center">
    <span class="spinner" aria-hidden="true"></span>
    <p>${msg('Connecting…', { id: 'status.connecting' })}</p>
    <button type="button" class="secondary" @click=${() => a.session()?.reset()}>
      ${msg('Cancel', { id: 'cancel' })}
    </button>
  </div>`;
}
