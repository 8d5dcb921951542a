/**
 * The box's title bar (technician, connection status, Minimise and Close), the "Reconnecting…" banner under it, and the
 * launcher that opens the box.
 */
import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import { formatNumber } from '../format.js';
import { phaseStatus } from '../strings.js';
import type { ScreenActions, WidgetView } from './view.js';

/** An icon (24×24 viewBox, stroked path), hidden from assistive technology. */
const icon = (d: string) => html`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d=${d} /></svg>`;
const minimiseIcon = 'M5 12h14';
const closeIcon = 'M6 6l12 12M18 6L6 18';

/** `secure`: the relay is reached over TLS. */
export function header({ s }: WidgetView, a: ScreenActions, secure: boolean): TemplateResult {
  const inSession = s.phase !== 'idle' && s.phase !== 'ended';
  const t = s.technician;
  return html`<header part="header">
    <div>
      <h2 id="title" tabindex="-1">${msg('Remote support', { id: 'title' })}</h2>
      ${t && inSession ? html`<p class="who" dir="auto">${t.name} · ${t.org}</p>` : nothing}
      <p class="status ${s.phase}" role="status">${phaseStatus(s.phase, secure)}</p>
    </div>
    <button type="button" aria-label=${msg('Minimise', { id: 'minimise' })} @click=${() => a.close()}>${icon(minimiseIcon)}</button>
    <button
      type="button"
      aria-label=${inSession ? msg('End session', { id: 'end-session' }) : msg('Close', { id: 'close' })}
      @click=${() => (inSession ? a.askEnd() : a.close())}
    >
      ${icon(closeIcon)}
    </button>
  </header>`;
}

/** The round button that opens the box, with the number of unread messages; `chatIcon`: the launcher's (launcher/views.ts). */
export function launcher(lang: string, opened: boolean, unread: number, open: () => void, chatIcon: HTMLElement): TemplateResult {
  return html`<button
    part="launcher"
    class="launcher"
    type="button"
    aria-controls="panel"
    aria-expanded="false"
    lang=${lang}
    ?hidden=${opened}
    @click=${open}
  >
    ${chatIcon}<span>${msg('Remote support', { id: 'title' })}</span>
    ${unread
      ? html`<span class="badge" aria-hidden="true">${formatNumber(unread)}</span
          ><span class="sr-only">${msg(str`, unread messages: ${formatNumber(unread)}`, { id: 'launcher.unread' })}</span>`
      : nothing}
  </button>`;
}

/** Under the title bar while the connection is lost. */
export function reconnectingBanner({ s }: WidgetView): TemplateResult | typeof nothing {
  return s.phase === 'reconnecting'
    ? html`<p class="banner">
        ${msg('Connection lost. Reconnecting… Your messages will be sent when the connection is back.', {
          id: 'banner.reconnecting',
        })}
      </p>`
    : nothing;
}
