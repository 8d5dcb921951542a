/** Asking for help without a code (the support queue): the customer's name and what they need help with. */
import { msg } from '@lit/localize';
import { html, type TemplateResult } from 'lit';
import { LIMITS_DESCRIPTION, LIMITS_NAME } from '../../ui/limits.js';
import { scamNotice, terms, termsOk } from './entry-parts.js';
import { error } from './error-line.js';
import type { ScreenActions, WidgetView } from './view.js';

export function askScreen(v: WidgetView, a: ScreenActions): TemplateResult {
  const ready = v.askName.trim() !== '' && termsOk(v) && v.retryIn <= 0;
  const ask = (e: SubmitEvent): void => {
    e.preventDefault();
    const name = v.askName.trim();
    if (name && termsOk(v)) void a.act((session) => session.joinQueue(name, v.askText.trim()));
  };
  return html`<form class="screen" novalidate @submit=${ask}>
    ${scamNotice(v)}
    <div class="field">
      <label for="name">${msg('Your name', { id: 'ask.name' })}</label>
      <input
        id="name"
        type="text"
        autocomplete="name"
        maxlength=${LIMITS_NAME}
        .value=${v.askName}
        @input=${(e: Event) => a.askName((e.target as HTMLInputElement).value)}
      />
    </div>
    <div class="field">
      <label for="description">${msg('What do you need help with?', { id: 'ask.description' })}</label>
      <textarea
        id="description"
        rows="3"
        maxlength=${LIMITS_DESCRIPTION}
        .value=${v.askText}
        @input=${(e: Event) => a.askText((e.target as HTMLTextAreaElement).value)}
      ></textarea>
    </div>
    ${terms(v, a)} ${error(v, a)}
    <button type="submit" class="primary" ?disabled=${!ready}>${msg('Ask for help', { id: 'ask.submit' })}</button>
    <button type="button" class="link" @click=${() => a.switchAsking(false)}>
      ${msg('I have a code', { id: 'ask.have-code' })}
    </button>
  </form>`;
}
