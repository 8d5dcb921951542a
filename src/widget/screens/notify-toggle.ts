/**
 * The customer's switch for desktop notifications of new messages (notify-opt-in.ts): a toggle button, so the browser
 * asks for its permission only after this click (a page script's click does nothing); a note when the browser's
 * settings block them; nothing without the API. Shown from the start of the chat (in the box, not in the background
 * notifications' part: lazy-attention.ts).
 */
import { msg } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import type { ScreenActions, WidgetView } from './view.js';

export function notifyToggle({ notify }: WidgetView, a: ScreenActions): TemplateResult | typeof nothing {
  if (notify === 'unsupported') return nothing;
  if (notify === 'blocked') {
    return html`<p class="small notify">
      ${msg('Desktop notifications are blocked in your browser settings.', { id: 'notify.blocked' })}
    </p>`;
  }
  return html`<p class="notify">
    <button type="button" class="secondary" aria-pressed=${notify === 'on' ? 'true' : 'false'} @click=${(e: Event) => e.isTrusted && a.toggleNotify()}>
      ${msg('Notify me of new messages', { id: 'notify.toggle' })}
    </button>
  </p>`;
}
