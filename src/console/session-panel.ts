import { localized, msg, str } from '@lit/localize';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import type { SessionView } from '../protocol/index.js';
import { defineElement } from './define.js';
import { formatCountdown, groupDigits, isFullUrl } from './format.js';
import { sessionPanelStyles } from './session-panel.styles.js';
import type { CodeView } from './session/views.js';
import type { ConsoleState } from './session/types.js';
import { customerName, endText } from './strings.js';

type Copied = 'code' | 'link' | 'failed' | '';

/**
 * The session at a glance. While the customer has not joined: the code in large digits (grouped for reading out on
 * the phone, with a Copy button), the join link and how long the code stays valid. Once paired: who the customer is
 * and whether their connection is up. Then End session (confirmed inline); after the end, why it ended and New
 * session.
 *
 * @summary Code, join link, countdown and the session's status.
 * @tagname rsc-session-panel
 * @fires end - End the session (after the technician confirmed). Internal to the console.
 * @fires close-session - Put the ended session away. Internal to the console.
 */
@localized()
export class RscSessionPanel extends LitElement {
  static override styles = sessionPanelStyles;

  static define(tag = 'rsc-session-panel', registry: CustomElementRegistry = customElements): void {
    defineElement(tag, this, registry);
  }

  @property({ attribute: false }) session: SessionView | undefined;

  /** The code while the customer has not used it (from `codeView`). */
  @property({ attribute: false }) code: CodeView | undefined;

  @property({ attribute: false }) ended: ConsoleState['ended'];

  /** Ending is on its way. */
  @property({ type: Boolean }) busy = false;

  @state() private confirming = false;
  @state() private copied: Copied = '';

  #copiedTimer: ReturnType<typeof setTimeout> | undefined;

  /** Moves focus to the panel's heading (after the session started or ended). */
  override focus(options?: FocusOptions): void {
    this.updateComplete
      .then(() => this.renderRoot.querySelector<HTMLElement>('#title')?.focus(options))
      .catch(() => undefined);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#copiedTimer);
  }

  protected override render(): TemplateResult | typeof nothing {
    const s = this.session;
    if (!s) return nothing;
    // One heading and one end button while the session waits for the customer and goes on with them, so that the focus
    // on them stays when the customer joins (an element taken away drops the focus, and the console putting it back
    // scrolls the page under the technician's pointer); a new heading for the end, where the console moves the focus
    // to say so.
    return html`<section aria-labelledby="title">
      ${keyed(s.state === 'ended', html`<h2 id="title" tabindex="-1">${this.#title(s)}</h2>`)}
      ${s.state === 'ended' ? this.#ended() : s.state === 'open' ? this.#open() : this.#active(s)}
      ${s.state === 'ended'
        ? nothing
        : this.#endControls(
            s.state === 'open' ? msg('Cancel session', { id: 'console.session.cancel' }) : msg('End session', { id: 'console.session.end' }),
          )}
    </section>`;
  }

  #title(s: SessionView): string {
    if (s.state === 'ended') return msg('Session ended', { id: 'console.session.ended-title' });
    if (s.state === 'open') return msg('Session code', { id: 'console.session.code-title' });
    const who = customerName(s.customer?.name);
    return s.customer ? msg(str`Session with ${who}`, { id: 'console.session.with' }) : msg('Session in progress', { id: 'console.session.active' });
  }

  #open(): TemplateResult {
    const code = this.code;
    return html`${code
        ? html`<p class="hint muted">
              ${msg('Read it out to the customer, or send them the link.', { id: 'console.session.code-hint' })}
            </p>
            <div class="code-row">
              <p class="code" dir="ltr" aria-hidden="true">${groupDigits(code.code)}</p>
              <p class="sr-only">${code.code.split('').join(' ')}</p>
              <button type="button" class="secondary" @click=${() => this.#copy(code.code, 'code')}>
                ${msg('Copy code', { id: 'console.session.copy-code' })}
              </button>
            </div>
            ${isFullUrl(code.joinUrl)
              ? html`<p class="link">
                  <span>${msg('Join link:', { id: 'console.session.link-label' })}</span>
                  <a href=${code.joinUrl} dir="ltr" target="_blank" rel="noopener noreferrer">${code.joinUrl}</a>
                  <button type="button" class="secondary" @click=${() => this.#copy(code.joinUrl, 'link')}>
                    ${msg('Copy link', { id: 'console.session.copy-link' })}
                  </button>
                </p>`
              : html`<p class="muted">
                  ${msg('No join link: the relay has no help page configured. Give the customer the code.', {
                    id: 'console.session.no-link',
                  })}
                </p>`}
            <p class="copied" role="status">${this.#copiedText()}</p>
            <p class=${code.expired ? 'error' : ''} role="timer">
              ${code.expired
                ? msg('This code has expired. End this session and create a new one.', { id: 'console.session.code-expired' })
                : msg(str`The code is valid for ${formatCountdown(code.remainingMs)}.`, { id: 'console.session.code-valid' })}
            </p>`
        : nothing}
      <p>${msg('Waiting for the customer to join…', { id: 'console.session.waiting' })}</p>`;
  }

  #active(s: SessionView): TemplateResult {
    return html`${s.customer?.description ? html`<p class="description" dir="auto">${s.customer.description}</p>` : nothing}
      <p class="presence ${s.customerPresent ? 'up' : 'down'}">
        <span class="dot" aria-hidden="true"></span>
        ${s.customerPresent
          ? msg('The customer is connected.', { id: 'console.session.customer-up' })
          : msg("The customer's connection is lost. They can come back for a few minutes.", { id: 'console.session.customer-down' })}
      </p>`;
  }

  #ended(): TemplateResult {
    return html`<p>${endText(this.ended?.by ?? this.session?.endedBy, this.ended?.reason ?? this.session?.endReason)}</p>
      <div class="actions">
        <button type="button" @click=${() => this.dispatchEvent(new CustomEvent('close-session'))}>
          ${msg('New session', { id: 'console.session.new' })}
        </button>
      </div>`;
  }

  #endControls(label: string): TemplateResult {
    if (!this.confirming) {
      return html`<div class="actions">
        <button type="button" class="danger" ?disabled=${this.busy} @click=${() => this.#confirm(true)}>${label}</button>
      </div>`;
    }
    // Escape keeps the session, as Keep it does (and as in the widget's confirmation).
    return html`<div class="confirm" role="group" aria-labelledby="confirm-text" @keydown=${this.#confirmKey}>
      <p id="confirm-text">
        ${msg('End the session for you and the customer? It cannot be resumed.', { id: 'console.session.confirm' })}
      </p>
      <div class="actions">
        <button type="button" class="danger" id="confirm-end" ?disabled=${this.busy} @click=${this.#end}>
          ${msg('Yes, end it', { id: 'console.session.confirm-yes' })}
        </button>
        <button type="button" class="secondary" @click=${() => this.#confirm(false)}>
          ${msg('Keep it', { id: 'console.session.confirm-no' })}
        </button>
      </div>
    </div>`;
  }

  /** Escape in the end confirmation keeps the session; the page's own Escape handlers (a dialog around) don't hear it. */
  readonly #confirmKey = (e: KeyboardEvent): void => {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    e.preventDefault();
    void this.#confirm(false);
  };

  async #confirm(on: boolean): Promise<void> {
    this.confirming = on;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>(on ? '#confirm-end' : '.actions button')?.focus();
  }

  #end(): void {
    this.confirming = false;
    this.dispatchEvent(new CustomEvent('end'));
  }

  async #copy(text: string, what: 'code' | 'link'): Promise<void> {
    try {
      await navigator.clipboard.writeText(text);
      this.copied = what;
    } catch {
      this.copied = 'failed';
    }
    clearTimeout(this.#copiedTimer);
    this.#copiedTimer = setTimeout(() => (this.copied = ''), 4000);
  }

  #copiedText(): string {
    switch (this.copied) {
      case 'code':
        return msg('Code copied.', { id: 'console.session.copied-code' });
      case 'link':
        return msg('Link copied.', { id: 'console.session.copied-link' });
      case 'failed':
        return msg('Could not copy. Select the text and copy it yourself.', { id: 'console.session.copy-failed' });
      default:
        return '';
    }
  }
}
