/** The screen for each phase of the customer journey, chosen from a table. */
import { html, nothing, type TemplateResult } from 'lit';
import type { WidgetPhase } from '../session/types.js';
import { chatScreen, files } from './chat.js';
import { codeScreen } from './code-entry.js';
import { connectingScreen } from './connecting.js';
import { endedTitle } from './ended-title.js';
import { endedPart, lazyView, partFailed, queuePart, transcriptPart } from './lazy.js';
import { leaveScreen } from './leave-message.js';
import type { ScreenActions, WidgetView } from './view.js';

type Screen = (v: WidgetView, a: ScreenActions) => TemplateResult;

/** The end screen is a chunk of its own: its heading shows at once, the rest once loaded (or the failure, with Retry). */
function ended(v: WidgetView, a: ScreenActions): TemplateResult {
  const screen = endedPart.get(v);
  if (!screen) return html`<div class="screen">${endedTitle()}${endedPart.failed ? partFailed(() => endedPart.retry(v)) : nothing}</div>`;
  // Its Download button: the transcript's chunk is fetched ahead.
  transcriptPart.get();
  return screen.endedScreen(v, a, files(v, a));
}

/** A screen of the queue's chunk once loaded; a spinner meanwhile, or the failure with Retry. */
function queueScreen(v: WidgetView, draw: (m: typeof import('./queue.js')) => TemplateResult): TemplateResult {
  const spinner = html`<div class="screen center"><span class="spinner" aria-hidden="true"></span></div>`;
  return html`${lazyView(queuePart, v, draw, spinner)}`;
}

const SCREENS: Record<WidgetPhase, Screen> = {
  idle: (v, a) => (v.leaving ? leaveScreen(v, a) : v.asking && v.queue ? queueScreen(v, (m) => m.askScreen(v, a)) : codeScreen(v, a)),
  connecting: connectingScreen,
  waiting: (v, a) => queueScreen(v, (m) => m.waitingScreen(v, a)),
  connected: chatScreen,
  reconnecting: chatScreen,
  ended: ended,
};

export function screenFor(v: WidgetView, a: ScreenActions): TemplateResult {
  return SCREENS[v.s.phase](v, a);
}
