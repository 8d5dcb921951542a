/** The "Your screen is being viewed" indicator (with Stop, and "Share my screen") and the "Reconnecting…" banner. */
import { msg } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import type { ScreenActions, WidgetView } from './view.js';

export function indicator({ s, lang }: WidgetView, a: ScreenActions): TemplateResult | typeof nothing {
  const control = s.grants['remote-control'] === 'granted';
  const view = s.grants['desktop-view'] === 'granted';
  if ((!control && !view) || s.phase === 'idle' || s.phase === 'ended') return nothing;
  const unshared = view && !s.screen;
  return html`<div part="indicator" class="indicator" lang=${lang}>
    <span
      >${control
        ? msg('The technician can control your computer', { id: 'indicator.control' })
        : unshared
          ? msg('Screen viewing is allowed, but your screen is not shared', { id: 'indicator.unshared' })
          : msg('Your screen is being viewed', { id: 'indicator.view' })}</span
    >
    ${unshared
      ? html`<button type="button" class="share" @click=${a.share}>${msg('Share my screen', { id: 'indicator.share' })}</button>`
      : nothing}
    <button
      type="button"
      aria-label=${msg('Stop screen sharing', { id: 'indicator.stop-label' })}
      @click=${() => a.act((x) => x.revoke('desktop-view'))}
    >
      ${msg('Stop', { id: 'indicator.stop' })}
    </button>
  </div>`;
}

export function reconnectingBanner({ s }: WidgetView): TemplateResult | typeof nothing {
  return s.phase === 'reconnecting'
    ? html`<p class="banner">
        ${msg('Connection lost. Reconnecting… Your messages will be sent when the connection is back.', {
          id: 'banner.reconnecting',
        })}
      </p>`
    : nothing;
}
