/**
 * The console's top: the header (title, connection status, who is signed in, Sign out), the notice banner that tells
 * what the customer just did, and the error line. Template functions over the console's state; the element passes
 * its callbacks in.
 */
import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import type { ConsoleState } from '../session/types.js';
import { hasLiveSession, retryWait, shownConnection } from '../session/views.js';
import { connectionText, errorText, noticeText } from '../strings.js';

/**
 * Title, connection status, who is signed in, and Sign out (disabled while a session is live: `live`, any of the
 * desk's sessions; by default the one on show).
 */
export function header(s: ConsoleState, lang: string, signOut: () => void, live = hasLiveSession(s)): TemplateResult {
  const t = s.technician;
  return html`<header part="header" lang=${lang}>
    <div class="heading">
      <h1 id="title" tabindex="-1">${msg('Remote support console', { id: 'console.title' })}</h1>
      <p class="status ${shownConnection(s)}" role="status">
        <span class="dot" aria-hidden="true"></span>${connectionText(shownConnection(s))}
      </p>
    </div>
    ${t && s.connection !== 'signed-out'
      ? html`<p class="who">${msg(str`Signed in as ${t.name} (${t.org})`, { id: 'console.signed-in-as' })}</p>`
      : nothing}
    ${s.connection !== 'signed-out'
      ? html`<button
          type="button"
          class="secondary"
          ?disabled=${live}
          aria-describedby=${live ? 'sign-out-hint' : nothing}
          @click=${() => signOut()}
        >
          ${msg('Sign out', { id: 'console.sign-out' })}
        </button>
        ${live
          ? html`<p id="sign-out-hint" class="sr-only">${msg('End the session before signing out.', { id: 'console.sign-out-hint' })}</p>`
          : nothing}`
      : nothing}
  </header>`;
}

/**
 * The banner with what the customer (or the relay) just did, and Dismiss. Its text is a polite live region
 * (`role="status"`) that is always there, empty (and out of sight) without a notice, so that screen readers announce
 * each notice as it comes, once: Dismiss is outside it, and a new notice replaces the text (keyed by its id), so that
 * one with the same words as the one before is announced too.
 */
export function notice(s: ConsoleState, dismiss: () => void): TemplateResult {
  const n = s.notice;
  return html`<div class=${n ? `banner notice-${n.kind}` : 'sr-only'} part=${n ? 'notice' : nothing}>
    <p role="status">${n ? keyed(n.id, noticeText(n.kind, n.fns, n.by, n.reason, n.screenStop, n.name)) : nothing}</p>
    ${n
      ? html`<button
          type="button"
          class="secondary"
          aria-label=${msg('Dismiss notice', { id: 'console.notice.dismiss-label' })}
          @click=${() => dismiss()}
        >
          ${msg('Dismiss', { id: 'console.notice.dismiss' })}
        </button>`
      : nothing}
  </div>`;
}

export function errorLine(s: ConsoleState, now: number): TemplateResult {
  const e = s.error;
  // A sign-in error after connecting is a lost connection the status line already tells about.
  // A hand-off's refusal shows in the hand-off form.
  const shown = e && e.op !== 'handoff' && (e.op !== 'sign-in' || s.connection === 'connecting');
  return html`<p class="error" role="alert">${shown ? errorText(e.code, e.fn, retryWait(s, now)) : nothing}</p>`;
}
