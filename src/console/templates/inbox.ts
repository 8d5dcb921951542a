/**
 * The messages customers left while nobody could chat (`inbox:list`, `inbox:new`): newest first, the customer's name,
 * how to reach them and what they wrote, all as plain text, and when, in local time.
 */
import { msg, str } from '@lit/localize';
import { html, type TemplateResult } from 'lit';
import type { LeftMessage } from '../../protocol/index.js';
import { dateFormat } from '../../ui/format.js';
import { formatNumber } from '../format.js';

export function inboxView(messages: readonly LeftMessage[], locale: string): TemplateResult {
  const when = dateFormat(locale || undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return html`<section class="panel inbox" part="inbox" aria-labelledby="inbox-title">
    <h2 id="inbox-title">
      ${msg('Messages left', { id: 'console.inbox.title' })} <span class="count">(${formatNumber(messages.length)})</span>
    </h2>
    ${messages.length === 0
      ? html`<p class="muted">${msg('No messages left.', { id: 'console.inbox.empty' })}</p>`
      : html`<ol class="rows inbox-list">
          ${messages.map(
            (m) => html`<li>
              <article aria-labelledby=${`left-${m.id}`}>
                <h3 id=${`left-${m.id}`} dir="auto">${m.name}</h3>
                <p class="muted">
                  <time datetime=${new Date(m.at).toISOString()}>${when.format(m.at)}</time> ·
                  ${m.contact.kind === 'email'
                    ? msg(str`E-mail: ${m.contact.value}`, { id: 'console.inbox.email' })
                    : msg(str`Phone: ${m.contact.value}`, { id: 'console.inbox.phone' })}
                </p>
                <p class="inbox-text" dir="auto">${m.text}</p>
              </article>
            </li>`,
          )}
        </ol>`}
  </section>`;
}
