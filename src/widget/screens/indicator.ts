/**
 * The "Your screen is being viewed" indicator (with Stop, and "Share my screen"), and while the box is minimised the
 * mark of the other live grants. In the box's chunk: the English path shows it with the first grant, and as a part of
 * its own it cost the path more than it saved the box.
 */
import { msg, str } from '@lit/localize';
import { css, html, nothing, type TemplateResult } from 'lit';
import type { FunctionId } from '../../protocol/functions.js';
import { controlBanner, functionNameFor } from '../control-strings.js';
import { formatList } from '../format.js';
import type { ScreenActions, WidgetView } from './view.js';

/** `also`: the other live grants, named in the same banner (the box is minimised). */
export function indicator({ s, choice }: WidgetView, a: ScreenActions, also?: string): TemplateResult | typeof nothing {
  const control = s.grants['remote-control'] === 'granted';
  const view = s.grants['desktop-view'] === 'granted';
  if ((!control && !view) || s.phase === 'idle' || s.phase === 'ended') return nothing;
  const unshared = view && !s.screen;
  return html`<div part="indicator" class="indicator" lang=${choice.locale}>
    <span
      >${control
        ? controlBanner(s.control)
        : unshared
          ? msg('Screen viewing is allowed, but your screen is not shared', { id: 'indicator.unshared' })
          : msg('Your screen is being viewed', { id: 'indicator.view' })}
      ${also ? html`<small class="also">${stillAllowed(also)}</small>` : nothing}</span
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

/** The grants the screen indicator does not show: a minimised box still says that they are live (e.g. after a reload). */
const OTHER_GRANTS: readonly FunctionId[] = ['file-transfer', 'system-info', 'reboot'];

const stillAllowed = (names: string) => msg(str`Still allowed: ${names}`, { id: 'indicator.other-grants' });

/**
 * While the box is minimised: the screen indicator naming the other live grants too, or without it those grants alone,
 * with a button that opens the box (its grants bar has a Stop for each).
 */
export function minimisedIndicator(v: WidgetView, a: ScreenActions, open: () => void): TemplateResult | typeof nothing {
  const s = v.s;
  const live = OTHER_GRANTS.filter((fn) => s.grants[fn] === 'granted');
  const names = live.length && s.phase !== 'idle' && s.phase !== 'ended' ? formatList(live.map((fn) => functionNameFor(fn, s.control))) : undefined;
  const screen = indicator(v, a, names);
  if (screen !== nothing || !names) return screen;
  return html`<div part="indicator" class="indicator grants-mark" lang=${v.choice.locale}>
    <span>${stillAllowed(names)}</span>
    <button type="button" @click=${open}>${msg('Show', { id: 'indicator.show' })}</button>
  </div>`;
}

/** The indicator's styles (in the box's, box.styles.ts). */
export const indicatorStyles = css`
  .indicator {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    padding: 0.375rem 0.75rem;
    /* Transparent borders become visible in forced-colors mode, where backgrounds and shadows are gone. */
    border: 2px solid transparent;
    background: var(--rsw-indicator-bg);
    color: var(--rsw-indicator-text);
    font-weight: 700;
    border-radius: var(--rsw-radius);
    box-shadow: var(--rsw-shadow);
  }
  .panel .indicator {
    border-radius: 0;
  }
  .indicator span {
    flex: 1;
  }
  .indicator .also {
    display: block;
    font-weight: 400;
  }
  .indicator button {
    background: var(--rsw-indicator-text);
    color: var(--rsw-indicator-bg);
    font-weight: 700;
  }
`;
