/**
 * The leave-a-message screen, offered when the relay says it is closed (`outside-hours`) or nobody is online
 * (`no-technician`; the offer: leave-offer.ts). Its form (`<rsw-leave-message>`, leave-message-form.ts) is a chunk of
 * its own, loaded when the customer opens it; until it is there a spinner shows, and a failed load offers Try again.
 */
import { msg } from '@lit/localize';
import { html, type TemplateResult } from 'lit';
import type { ScreenActions, WidgetView } from './view.js';

/** Where the leave-a-message screen stands: closed, open, or its form could not be loaded. */
export type LeaveView = '' | 'open' | 'failed';

let loading: Promise<void> | undefined;

/** Loads and registers the form (once; a failed load is tried again on the next call). */
export function loadLeaveForm(): Promise<void> {
  loading ??= import('../leave-message-form.js').then(
    ({ RswLeaveMessage }) => RswLeaveMessage.define(),
    (err: unknown) => {
      loading = undefined;
      throw err;
    },
  );
  return loading;
}

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
