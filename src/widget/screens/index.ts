/** The screen for each phase of the customer journey, chosen from a table. */
import { html, nothing, type TemplateResult } from 'lit';
import type { WidgetPhase } from '../session/types.js';
import { askScreen } from './ask-for-help.js';
import { chatScreen, files } from './chat.js';
import { codeScreen } from './code-entry.js';
import { endedTitle } from './ended-title.js';
import { endedPart, partFailed, transcriptPart } from './lazy.js';
import { leaveScreen } from './leave-message.js';
import type { ScreenActions, WidgetView } from './view.js';
import { connectingScreen, waitingScreen } from './waiting.js';

type Screen = (v: WidgetView, a: ScreenActions) => TemplateResult;

/** The end screen is a chunk of its own: its heading shows at once, the rest once loaded (or the failure, with Retry). */
function ended(v: WidgetView, a: ScreenActions): TemplateResult {
  const screen = endedPart.get(v.host);
  if (!screen) return html`<div class="screen">${endedTitle()}${endedPart.failed ? partFailed(() => endedPart.retry(v.host)) : nothing}</div>`;
  // Its Download button: the transcript's chunk is fetched ahead.
  transcriptPart.get();
  return screen.endedScreen(v, a, files(v, a));
}

const SCREENS: Record<WidgetPhase, Screen> = {
  idle: (v, a) => (v.leaving ? leaveScreen(v, a) : v.asking && v.queue ? askScreen(v, a) : codeScreen(v, a)),
  connecting: connectingScreen,
  waiting: waitingScreen,
  connected: chatScreen,
  reconnecting: chatScreen,
  ended: ended,
};

export function screenFor(v: WidgetView, a: ScreenActions): TemplateResult {
  return SCREENS[v.s.phase](v, a);
}
