import { localized, msg, str } from '@lit/localize';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { defineElement } from './define.js';
import { formatNumber, formatUnit, wholeMinutes } from './format.js';
import { queueListStyles } from './queue-list.styles.js';
import type { QueueRow } from './session/views.js';

/**
 * The support queue: customers who asked for help without a code, first in line first, with what they wrote and how
 * long they have waited, and a Pick button each. Names and descriptions are the customers' own words, shown as text.
 *
 * @summary The support queue with Pick buttons.
 * @tagname rsc-queue-list
 * @fires pick - Take `detail.sessionId` from the queue. Internal to the console.
 */
@localized()
export class RscQueueList extends LitElement {
  static override styles = queueListStyles;

  static define(tag = 'rsc-queue-list', registry: CustomElementRegistry = customElements): void {
    defineElement(tag, this, registry);
  }

  @property({ attribute: false }) entries: readonly QueueRow[] = [];

  /** Picking is possible now (signed in, no live session, nothing else under way). */
  @property({ type: Boolean, attribute: 'can-pick' }) canPick = false;

  protected override render(): TemplateResult {
    const count = this.entries.length;
    return html`<section aria-labelledby="title">
      <h2 id="title">
        ${msg('Support queue', { id: 'console.queue.title' })}
        <span class="count">(${formatNumber(count)})</span>
      </h2>
      ${count === 0
        ? html`<p class="muted">${msg('Nobody is waiting.', { id: 'console.queue.empty' })}</p>`
        : html`<ol>
            ${this.entries.map((entry) => this.#entry(entry))}
          </ol>`}
    </section>`;
  }

  #entry(entry: QueueRow): TemplateResult {
    const minutes = wholeMinutes(entry.waitingMs);
    const name = entry.name;
    return html`<li>
      <div class="who">
        <p class="name" dir="auto">${name}</p>
        <p class="muted">
          ${msg(str`Place in the queue: ${formatNumber(entry.position)}`, { id: 'console.queue.position' })} ·
          ${minutes < 1
            ? msg('waiting less than a minute', { id: 'console.queue.waiting-new' })
            : msg(str`waiting for ${formatUnit(minutes, 'minute')}`, { id: 'console.queue.waiting' })}
        </p>
        ${entry.description ? html`<p class="description" dir="auto">${entry.description}</p>` : nothing}
      </div>
      <button
        type="button"
        aria-label=${msg(str`Pick ${name}`, { id: 'console.queue.pick-label' })}
        ?disabled=${!this.canPick || entry.picking}
        @click=${() => this.dispatchEvent(new CustomEvent('pick', { detail: { sessionId: entry.sessionId } }))}
      >
        ${entry.picking ? msg('Picking…', { id: 'console.queue.picking' }) : msg('Pick', { id: 'console.queue.pick' })}
      </button>
    </li>`;
  }
}
