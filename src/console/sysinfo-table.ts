import { localized, msg, str } from '@lit/localize';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { defineElement } from './define.js';
import { formatTime } from './format.js';
import type { SysinfoView } from './session/views.js';
import { sysinfoValue } from '../ui/sysinfo-value.js';
import { sysinfoLabel } from './function-strings.js';
import { sysinfoTableStyles } from './sysinfo-table.styles.js';

/**
 * What the customer's browser told about their system, after they chose to send it: a table with a caption, one row
 * per item in a fixed order with localized labels; the values are the customer's, shown as text. Or that they chose
 * not to send it.
 *
 * @summary The customer's system information.
 * @tagname rsc-sysinfo
 */
@localized()
export class RscSysinfo extends LitElement {
  static override styles = sysinfoTableStyles;

  static define(tag = 'rsc-sysinfo', registry: CustomElementRegistry = customElements): void {
    defineElement(tag, this, registry);
  }

  /** From `sysinfoView`. */
  @property({ attribute: false }) view: SysinfoView | undefined;

  /** BCP 47 tag for times (empty = the browser's). */
  @property() locale = '';

  protected override render(): TemplateResult | typeof nothing {
    const view = this.view;
    if (!view) return nothing;
    const time = formatTime(view.at, this.locale || undefined);
    return html`<section aria-labelledby="title">
      <h2 id="title">${msg('System information', { id: 'console.sysinfo.title' })}</h2>
      ${view.kind === 'declined'
        ? html`<p>${msg(str`The customer chose not to send their system information (${time}).`, { id: 'console.sysinfo.declined' })}</p>`
        : html`<div class="scroll" tabindex="0" role="region" aria-labelledby="caption">
            <table>
              <caption id="caption">${msg(str`As the customer's browser reported it at ${time}`, { id: 'console.sysinfo.caption' })}</caption>
              <thead>
                <tr>
                  <th scope="col">${msg('Item', { id: 'console.sysinfo.item' })}</th>
                  <th scope="col">${msg('Value', { id: 'console.sysinfo.value' })}</th>
                </tr>
              </thead>
              <tbody>
                ${view.rows.map((row) => html`<tr><th scope="row">${sysinfoLabel(row.key)}</th><td>${sysinfoValue(row.value)}</td></tr>`)}
              </tbody>
            </table>
          </div>`}
    </section>`;
  }
}
