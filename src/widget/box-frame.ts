/**
 * What the box renders around its screens: the indicator shown while it is minimised, the panel (title bar, indicator,
 * "Reconnecting…" banner and the screen for the phase, screens/index.ts), the launcher button and the technician's
 * pointer. A template function over the box (box.ts), like the screens.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { isSecure } from './attributes.js';
import type { BoxActions } from './box-actions.js';
import { header, launcher, reconnectingBanner } from './screens/header.js';
import { screenFor } from './screens/index.js';
import { indicator, minimisedIndicator } from './screens/indicator.js';
import { pointer } from './screens/pointer.js';
import type { WidgetView } from './screens/view.js';

/** The box as its frame reads it. */
export interface FrameView extends WidgetView {
  readonly server: string;
  readonly open: boolean;
  readonly unread: number;
  /** Files are dragged over the box (it shows where to drop them). */
  dropping: boolean;
  /** Opens the box. */
  show(): void;
}

/** `chatIcon`: the launcher's chat icon (launcher/views.ts), which the box's launcher button shows. */
export function boxFrame(v: FrameView, a: BoxActions, chatIcon: HTMLElement): TemplateResult {
  const lang = v.choice.locale;
  return html`${v.open ? nothing : minimisedIndicator(v, a, () => v.show())}
    <section
      part="panel"
      class="panel ${v.dropping ? 'dropping' : ''}"
      id="panel"
      lang=${lang}
      aria-labelledby="title"
      ?hidden=${!v.open}
      @keydown=${a.keydown}
      @dragover=${a.dragOver}
      @dragleave=${() => (v.dropping = false)}
      @drop=${a.drop}
    >
      ${header(v, a, isSecure(v.server))} ${v.open ? indicator(v, a) : nothing} ${reconnectingBanner(v)}
      <div class="body">${screenFor(v, a)}</div>
    </section>
    ${launcher(lang, v.open, v.unread, () => v.show(), chatIcon)}
    ${pointer(v)}`;
}
