import { localized, msg, str } from '@lit/localize';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { defineElement } from './define.js';
import { formatTime } from './format.js';
import { functionListStyles } from './function-list.styles.js';
import type { FunctionRow, RebootView, UseRow } from './session/views.js';
import { cooldownText, errorText, functionName, functionStatus, useLabel } from './strings.js';

/**
 * The remote-support functions offered in the session, each with its live state exactly as the relay reports it
 * (not requested, waiting for the customer with a countdown, waiting behind an earlier prompt, granted, denied,
 * expired, revoked, used) and a Request button; then the gated actions, enabled only while their grant is live, with
 * the relay's refusal when it refuses one. A button that cannot be used now is `aria-disabled`, not `disabled`: it
 * keeps the focus when it is pressed (a request waits, an action is used up), and the keyboard still reaches it and
 * hears why.
 *
 * @summary Permission requests and gated actions.
 * @tagname rsc-function-list
 * @fires request - Ask the customer for `detail.fn`. Internal to the console.
 * @fires use - Use the gated action `detail.event`. Internal to the console.
 */
@localized()
export class RscFunctionList extends LitElement {
  static override styles = functionListStyles;

  static define(tag = 'rsc-function-list', registry: CustomElementRegistry = customElements): void {
    defineElement(tag, this, registry);
  }

  /** One row per offered function (from `functionRows`). */
  @property({ attribute: false }) rows: readonly FunctionRow[] = [];

  /** The gated actions (from `useRows`). */
  @property({ attribute: false }) uses: readonly UseRow[] = [];

  /** The restart asked for, if any (from `rebootView`). */
  @property({ attribute: false }) reboot: RebootView | undefined;

  /** BCP 47 tag for times (empty = the browser's). */
  @property() locale = '';

  protected override render(): TemplateResult {
    return html`<section aria-labelledby="title">
      <h2 id="title">${msg('Permissions', { id: 'console.functions.title' })}</h2>
      <ul class="rows">
        ${this.rows.map((row) => this.#row(row))}
      </ul>
      ${this.uses.length
        ? html`<h3>${msg('Actions', { id: 'console.functions.actions' })}</h3>
            <ul class="rows">
              ${this.uses.map((use) => this.#use(use))}
            </ul>`
        : nothing}
    </section>`;
  }

  #row(row: FunctionRow): TemplateResult {
    const name = functionName(row.fn);
    const again = row.status === 'denied' || row.status === 'expired' || row.status === 'revoked' || row.status === 'used';
    const id = `fn-${row.fn}`;
    const needs = row.status !== 'granted' && row.status !== 'pending' ? row.needs : undefined;
    const label = row.busy
      ? msg('Requesting…', { id: 'console.functions.requesting' })
      : again
        ? msg('Request again', { id: 'console.functions.request-again' })
        : msg('Request', { id: 'console.functions.request' });
    const named = row.busy
      ? msg(str`Requesting ${name}…`, { id: 'console.functions.requesting-named' })
      : again
        ? msg(str`Request again: ${name}`, { id: 'console.functions.request-again-named' })
        : msg(str`Request ${name}`, { id: 'console.functions.request-named' });
    return html`<li class="row ${row.status}">
      <div class="what">
        <p class="name" id="${id}-name">${name}</p>
        <p class="status" id="${id}-status">
          <span class="badge" aria-hidden="true"></span>${functionStatus(row)}
        </p>
        ${needs
          ? html`<p class="muted" id="${id}-needs">${msg(str`Needs ${functionName(needs)} first.`, { id: 'console.functions.needs' })}</p>`
          : nothing}
        <p class="error" id="${id}-error" role="status">${row.cooldown
          ? cooldownText(row.fn, row.cooldown, this.locale || undefined)
          : row.error
            ? errorText(row.error.code, row.error.fn)
            : nothing}</p>
      </div>
      <button
        type="button"
        aria-label=${named}
        aria-describedby="${id}-status${needs ? ` ${id}-needs` : ''}"
        aria-disabled=${row.canRequest ? 'false' : 'true'}
        @click=${() => row.canRequest && this.dispatchEvent(new CustomEvent('request', { detail: { fn: row.fn } }))}
      >
        ${label}
      </button>
    </li>`;
  }

  #use(use: UseRow): TemplateResult {
    const id = `use-${use.fn}`;
    const hint =
      use.status === 'granted'
        ? msg('Granted: you can use it once.', { id: 'console.use.ready' })
        : msg(str`Available while the customer grants ${functionName(use.fn)}.`, { id: 'console.use.needs' });
    return html`<li class="row use">
      <button
        type="button"
        class="secondary"
        aria-describedby="${id}-hint"
        aria-disabled=${use.enabled ? 'false' : 'true'}
        @click=${() => use.enabled && this.dispatchEvent(new CustomEvent('use', { detail: { event: use.event } }))}
      >
        ${useLabel(use.event)}
      </button>
      <p class="muted" id="${id}-hint">${hint}</p>
      <p class="result" role="status">
        ${use.refused
          ? html`<span class="error">${errorText(use.refused.code, use.refused.fn ?? use.fn)}</span>`
          : use.event === 'reboot:request' && this.reboot
            ? this.#rebootText(this.reboot)
            : use.usedAt !== undefined
              ? msg(str`Sent to the customer at ${formatTime(use.usedAt, this.locale || undefined)}.`, { id: 'console.use.sent' })
              : nothing}
      </p>
    </li>`;
  }

  #rebootText(reboot: RebootView): string {
    const locale = this.locale || undefined;
    switch (reboot.phase) {
      case 'waiting':
        return reboot.until !== undefined
          ? msg(str`Waiting for the customer's computer to restart — reconnect possible until ${formatTime(reboot.until, locale)}.`, {
              id: 'console.reboot.waiting',
            })
          : msg("Waiting for the customer's computer to restart.", { id: 'console.reboot.waiting-untimed' });
      case 'rejoined':
        return msg(str`Reconnected after restart (${formatTime(reboot.at, locale)}).`, { id: 'console.reboot.rejoined' });
      case 'over':
        return msg('Reconnecting after a restart is no longer possible.', { id: 'console.reboot.over' });
    }
  }
}
