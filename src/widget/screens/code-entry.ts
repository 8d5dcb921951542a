/** The first screen: the session code, what the technician may ask for, the terms, and "Ask for help" with a queue. */
import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import { CODE_LENGTH, formatList } from '../format.js';
import { functionName } from '../strings.js';
import { scamNotice, terms, termsOk } from './entry-parts.js';
import { error } from './error-line.js';
import type { ScreenActions, WidgetView } from './view.js';

/** A whole code, the terms accepted and no rate limit to wait out: Connect may be pressed. */
export const codeReady = (v: Pick<WidgetView, 'entered' | 'terms' | 'termsAccepted' | 'retryIn'>): boolean =>
  v.entered.length === CODE_LENGTH && termsOk(v) && v.retryIn <= 0;

export function codeScreen(v: WidgetView, a: ScreenActions): TemplateResult {
  const s = v.s;
  const codeError = s.error && ['invalid-code', 'code-expired', 'code-used'].includes(s.error.code);
  const offered = a.functions().map(functionName);
  return html`<form class="screen" novalidate @submit=${a.connect}>
    ${scamNotice(v)}
    <div class="field">
      <label for="code">${msg('Session code', { id: 'code.label' })}</label>
      <p class="small" id="code-hint">${msg('The 6 digits your technician gave you.', { id: 'code.hint' })}</p>
      <input
        id="code"
        type="text"
        inputmode="numeric"
        autocomplete="one-time-code"
        spellcheck="false"
        aria-describedby="code-hint error"
        aria-invalid=${codeError ? 'true' : 'false'}
        .value=${v.entered}
        @input=${a.codeInput}
      />
    </div>
    <p class="small">
      ${msg(str`The technician must ask you before using: ${formatList(offered)}.`, {
        id: 'functions.disclosure',
      })}
    </p>
    ${terms(v, a)} ${error(v, a)}
    <button type="submit" class="primary" ?disabled=${!codeReady(v)}>${msg('Connect', { id: 'connect' })}</button>
    ${v.queue
      ? html`<p class="or">${msg('No code?', { id: 'ask.no-code' })}</p>
          <button type="button" class="secondary" @click=${() => a.switchAsking(true)}>
            ${msg('Ask for help', { id: 'ask.open' })}
          </button>`
      : nothing}
  </form>`;
}
