/** The screen for each phase of the customer journey, chosen from a table. */
import { html, nothing, type TemplateResult } from 'lit';
import type { WidgetPhase } from '../session/types.js';
import { chatScreen, files } from './chat.js';
import { codeScreen } from './code-entry.js';
import { connectingScreen } from './connecting.js';
import { errorTextPart } from './error-line.js';
import { endedTitle } from './ended-title.js';
import { endedPart, lazyView, partFailed, queuePart } from './lazy.js';
import type { LazyPart } from '../lazy-part.js';
import type { ScreenActions, WidgetView } from './view.js';

type Screen = (v: WidgetView, a: ScreenActions) => TemplateResult;

/** The end screen is a chunk of its own: its heading shows at once, the rest once loaded (or the failure, with Retry). */
function ended(v: WidgetView, a: ScreenActions): TemplateResult {
  const screen = endedPart.get(v);
  if (!screen) return html`<div class="screen">${endedTitle()}${endedPart.failed ? partFailed(() => endedPart.retry(v)) : nothing}</div>`;
  return screen.endedScreen(v, a, files(v, a));
}

/**
 * A screen of a part (the queue's; the leave-a-message screen, with the error line's words) once loaded; a spinner
 * meanwhile, or the failure with Retry.
 */
function lazyScreen<M>(part: LazyPart<M>, v: WidgetView, draw: (m: M) => TemplateResult): TemplateResult {
  const spinner = html`<div class="screen center"><span class="spinner" aria-hidden="true"></span></div>`;
  return html`${lazyView(part, v, draw, spinner)}`;
}

const SCREENS: Record<WidgetPhase, Screen> = {
  idle: (v, a) =>
    v.leaving
      ? lazyScreen(errorTextPart, v, (m) => m.leaveScreen(v, a))
      : v.asking && v.queue
        ? lazyScreen(queuePart, v, (m) => m.askScreen(v, a))
        : codeScreen(v, a),
  connecting: connectingScreen,
  waiting: (v, a) => lazyScreen(queuePart, v, (m) => m.waitingScreen(v, a)),
  connected: chatScreen,
  reconnecting: chatScreen,
  ended: ended,
};

export function screenFor(v: WidgetView, a: ScreenActions): TemplateResult {
  return SCREENS[v.s.phase](v, a);
}
