/**
 * "Leave a message" under the relay's closed or no-technician error, and the screen it opens: drawn with the error's
 * words (error-words.ts, a part of the box loaded when an error is shown), since they are only ever reached from one.
 * The screen's form (`<rsw-leave-message>`) is a chunk of its own (leave-message.ts loads it when the offer is taken).
 */
import { msg } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import type { ScreenActions, WidgetView } from './view.js';

/** The errors after which a message can be left instead. */
export function mayLeaveMessage(v: WidgetView): boolean {
  const code = v.s.error?.code;
  return code === 'outside-hours' || code === 'no-technician';
}

/** "Leave a message" under the closed or no-technician error. */
export function leaveOffer(v: WidgetView, a: ScreenActions): TemplateResult | typeof nothing {
  if (!mayLeaveMessage(v)) return nothing;
  return html`<button type="button" class="secondary" id="leave-open" @click=${() => a.leave(true)}>
    ${msg('Leave a message', { id: 'leave.title' })}
  </button>`;
}

/** The leave-a-message screen: its form, or that the form could not be loaded (Try again, Back). */
export function leaveScreen(v: WidgetView, a: ScreenActions): TemplateResult {
  if (v.leaving === 'failed') {
    return html`<div class="screen">
      <p class="error" role="alert">${msg('The form could not be loaded. Check your connection and try again.', { id: 'leave.load-failed' })}</p>
      <button type="button" class="primary" @click=${() => a.leave(true)}>${msg('Try again', { id: 'leave.load-retry' })}</button>
      <button type="button" class="link" @click=${() => a.leave(false)}>${msg('Back', { id: 'leave.back' })}</button>
    </div>`;
  }
  return html`<div class="screen">
    <rsw-leave-message lang=${v.choice.locale} .send=${a.leaveMessage} @back=${() => a.leave(false)}></rsw-leave-message>
  </div>`;
}
