import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import { ChatLogBase } from '../ui/chat-log.js';
import { chatLogStyles } from './chat-log.styles.js';
import { fromLauncher } from './from-launcher.js';
import type { ChatItem, MessageItem } from './session/types.js';
import { functionNameFor } from './control-strings.js';
import type { ControlMode } from './session/control-wording.js';
import { systemText, technicianName } from './strings.js';

/**
 * The chat history: messages with sender, time and (for the customer's own) sending state, system lines, and the
 * typing indicator. A `role="log"` live region that announces additions politely. Text is rendered as text only.
 *
 * @summary Chat messages and system lines of a remote-support session.
 * @tagname rsw-chat-log
 * @fires retry - The customer asked to send a failed message again (`detail.clientId`). Internal to the widget.
 */
export class RswChatLog extends ChatLogBase<ChatItem> {
  static override styles = chatLogStyles;
  static override properties = { technician: { attribute: false }, control: { attribute: false } };

  static define(tag = 'rsw-chat-log', registry: CustomElementRegistry = customElements): void {
    fromLauncher.define(tag, this, registry);
  }

  /** The technician's name as verified by the relay. */
  technician = '';

  /** What remote control does in this deployment, for the system lines about it. */
  control: ControlMode = 'point';

  /** The log shrinks when a prompt or a grant appears: the newest lines stay in view if they were. */
  #resize = new ResizeObserver(() => this.stick && this.toBottom());

  protected override firstUpdated(): void {
    this.#resize.observe(this.renderRoot.querySelector('.log')!);
  }

  protected override render(): TemplateResult {
    const who = technicianName(this.technician);
    return html`<div
        class="log"
        role="log"
        aria-live="polite"
        aria-relevant="additions"
        aria-label=${msg('Chat messages', { id: 'log.label' })}
        tabindex="0"
        @scroll=${this.onScroll}
      >
        ${this.items.map((item) =>
          item.kind === 'system'
            ? html`<p class="system">${systemText(item, who, (fn) => functionNameFor(fn, this.control))}</p>`
            : this.#message(item, who),
        )}
      </div>
      <p class="typing" aria-hidden="true">
        ${this.typing ? msg(str`${who} is typing…`, { id: 'log.typing' }) : nothing}
      </p>`;
  }

  #message(m: MessageItem, who: string): TemplateResult {
    const mine = m.from === 'customer';
    return this.bubble(
      m,
      mine ? 'customer' : 'technician',
      mine ? msg('You', { id: 'log.you' }) : who,
      mine ? this.#status(m) : nothing,
    );
  }

  #status(m: MessageItem): TemplateResult {
    if (m.status === 'failed') {
      return html`<p class="status">
        <span>${msg('Not sent', { id: 'log.failed' })}</span
        ><button type="button" @click=${() => this.dispatchEvent(new CustomEvent('retry', { detail: { clientId: m.clientId } }))}
          >${msg('Retry', { id: 'log.retry' })}</button
        >
      </p>`;
    }
    // One template for the other states, so that a change is a text change, which the log does not announce.
    return html`<p class="status">
      ${m.status === 'sent'
        ? msg('Sent', { id: 'log.sent' })
        : m.status === 'sending'
          ? msg('Sending…', { id: 'log.sending' })
          : msg('Waiting for the connection', { id: 'log.queued' })}
    </p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rsw-chat-log': RswChatLog;
  }
}
