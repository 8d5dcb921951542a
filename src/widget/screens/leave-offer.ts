/**
 * "Leave a message" under the relay's closed or no-technician error: drawn with the error's words (error-words.ts, a
 * part of the box loaded when an error is shown), since it is only ever shown under one.
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
