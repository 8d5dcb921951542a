import { localized, msg } from '@lit/localize';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { AuditEntry } from '../protocol/index.js';
import { auditLogStyles } from './audit-log.styles.js';
import { defineElement } from './define.js';
import { auditLine, entriesNotKept, notKeptText } from './audit-strings.js';

/**
 * The session's audit log as the relay keeps it: every request, decision, expiry, revocation, refused use and the
 * end, with time and actor, as it happens. A `role="log"` region (polite). The customer sees the same log. Where the
 * relay kept only a long log's first and last entries, a line says how many it did not keep.
 *
 * @summary The live audit log of a session.
 * @tagname rsc-audit-log
 */
@localized()
export class RscAuditLog extends LitElement {
  static override styles = auditLogStyles;

  static define(tag = 'rsc-audit-log', registry: CustomElementRegistry = customElements): void {
    defineElement(tag, this, registry);
  }

  /** The entries, by `seq`. */
  @property({ attribute: false }) entries: readonly AuditEntry[] = [];

  /** BCP 47 tag for times (empty = the browser's). */
  @property() locale = '';

  #stick = true;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('entries')) {
      const log = this.renderRoot.querySelector('.log');
      this.#stick = !log || log.scrollHeight - log.scrollTop - log.clientHeight < 32;
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    const log = this.renderRoot.querySelector('.log');
    if (log && this.#stick && changed.has('entries')) log.scrollTop = log.scrollHeight;
  }

  protected override render(): TemplateResult {
    const locale = this.locale || undefined;
    return html`<section aria-labelledby="title">
      <h2 id="title">${msg('Audit log', { id: 'console.audit.title' })}</h2>
      <div class="log" role="log" aria-live="polite" aria-labelledby="title" tabindex="0">
        <ol>
          ${this.entries.map((e, i) => {
            const line = auditLine(e, locale);
            const notKept = entriesNotKept(this.entries, i);
            return html`${notKept > 0 ? html`<li class="not-kept">${notKeptText(notKept, locale)}</li>` : nothing}<li class=${e.type}>
              <time datetime=${line.datetime}>${line.clock}</time>
              <span class="actor">${line.actor}</span>
              <span class="text">${line.text}</span>
            </li>`;
          })}
        </ol>
      </div>
    </section>`;
  }
}
