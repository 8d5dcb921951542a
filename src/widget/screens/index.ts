/** The screen for each phase of the customer journey, chosen from a table. */
import type { TemplateResult } from 'lit';
import type { WidgetPhase } from '../session/types.js';
import { askScreen } from './ask-for-help.js';
import { chatScreen } from './chat.js';
import { codeScreen } from './code-entry.js';
import { endedScreen } from './ended.js';
import { leaveScreen } from './leave-message.js';
import type { ScreenActions, WidgetView } from './view.js';
import { connectingScreen, waitingScreen } from './waiting.js';

type Screen = (v: WidgetView, a: ScreenActions) => TemplateResult;

const SCREENS: Record<WidgetPhase, Screen> = {
  idle: (v, a) => (v.leaving ? leaveScreen(v, a) : v.asking && v.queue ? askScreen(v, a) : codeScreen(v, a)),
  connecting: connectingScreen,
  waiting: waitingScreen,
  connected: chatScreen,
  reconnecting: chatScreen,
  ended: endedScreen,
};

export function screenFor(v: WidgetView, a: ScreenActions): TemplateResult {
  return SCREENS[v.s.phase](v, a);
}
