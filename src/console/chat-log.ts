import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { ChatLogBase } from '../ui/chat-log.js';
import { chatLogStyles } from './chat-log.styles.js';
import { defineElement } from './define.js';
import type { ChatItem, MessageItem } from './session/types.js';
import { auditText } from './audit-strings.js';
import { customerName, errorText } from './strings.js';

/**
 * The chat with the customer: messages with sender, time and (for the technician's own) sending state with Retry,
 * system lines (joined, dropped, permission changes, end) and the customer's typing indicator. A `role="log"` live
 * region that announces additions politely. Everything from the network is rendered as text.
 *
 * @summary Chat messages and system lines of a session.
 * @tagname rsc-chat-log
 * @fires retry - Send a failed message again (`detail.clientId`). Internal to the console.
 */
export class RscChatLog extends ChatLogBase<ChatItem> {
  static override styles = chatLogStyles;

  static define(tag = 'rsc-chat-log', registry: CustomElementRegistry = customElements): void {
    defineElement(tag, this, registry);
  }

  /** The customer's name, when they gave one in the queue. */
  @property({ attribute: false }) customer = '';

  protected override render(): TemplateResult {
    const who = customerName(this.customer);
    return html`<div class="log" role="log" aria-live="polite" aria-relevant="additions" aria-label=${msg('Chat', { id: 'console.chat.label' })} tabindex="0" @scroll=${this.onScroll}>
        ${this.items.length === 0 ? html`<p class="empty muted">${msg('No messages yet.', { id: 'console.chat.empty' })}</p>` : nothing}
        ${this.items.map((item) =>
          item.kind === 'system' ? html`<p class="system">${auditText(item.entry, this.locale || undefined)}</p>` : this.#message(item, who),
        )}
      </div>
      <p class="typing" aria-hidden="true">${this.typing ? msg(str`${who} is typing…`, { id: 'console.chat.typing' }) : nothing}</p>`;
  }

  #message(m: MessageItem, who: string): TemplateResult {
    const mine = m.from === 'technician';
    return this.bubble(m, mine ? 'mine' : 'theirs', mine ? msg('You', { id: 'console.chat.you' }) : who, mine ? this.#status(m) : nothing);
  }

  #status(m: MessageItem): TemplateResult {
    if (m.status === 'failed') {
      return html`<p class="status">
        <span>${msg('Not sent:', { id: 'console.chat.failed' })} ${m.error ? errorText(m.error) : ''}</span>
        <button type="button" class="secondary" @click=${() => this.dispatchEvent(new CustomEvent('retry', { detail: { clientId: m.clientId } }))}>
          ${msg('Retry', { id: 'console.chat.retry' })}
        </button>
      </p>`;
    }
    // One template for the other states, so a change is a text change, which the log does not announce.
    return html`<p class="status">
      ${m.status === 'sent'
        ? msg('Sent', { id: 'console.chat.sent' })
        : m.status === 'sending'
          ? msg('Sending…', { id: 'console.chat.sending' })
          : msg('Waiting for the connection', { id: 'console.chat.queued' })}
    </p>`;
  }
}
