/**
 * What every screen template gets from the box (box.ts): the session's state with the box's own form and view state
 * (`WidgetView`: the box itself, read while it renders), and the customer's actions (`ScreenActions`, made once). The
 * screens only draw; the box keeps the state, the focus and the host API.
 */
import type { FunctionId } from '../../protocol/functions.js';
import type { LocaleChoice } from '../../ui/localization.js';
import type { PartHost } from '../lazy-part.js';
import type { NotifyState } from '../notify-opt-in.js';
import type { WidgetSessionLike, WidgetState } from '../session/types.js';
import type { Answer, PayloadOf } from '../session/wire.js';
import type { LeaveView } from './leave-message.js';

/** The box, which also redraws when a part it draws has loaded (screens/lazy.ts). */
export interface WidgetView extends PartHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly s: WidgetState;
  /**
   * The language of the widget's texts (`locale`: the `lang` attribute of its boxes) and the locale tag for formatting
   * dates, numbers and sizes (`tag`).
   */
  readonly choice: LocaleChoice;
  readonly now: number;
  readonly vendor: string;
  readonly queue: boolean;
  /** The vendor's terms, when they are an http(s) URL. */
  readonly terms: string | undefined;
  readonly termsAccepted: boolean;
  readonly entered: string;
  readonly asking: boolean;
  readonly askName: string;
  readonly askText: string;
  readonly confirmingEnd: boolean;
  readonly promptBusy: boolean;
  readonly promptFailed: boolean;
  /** Milliseconds until a rate-limited customer may try again. */
  readonly retryIn: number;
  /** The leave-a-message screen (instead of the code screen). */
  readonly leaving: LeaveView;
  /** The desktop-notification toggle. */
  readonly notify: NotifyState;
}

export interface ScreenActions {
  /** The current session, when there is one (read when the customer acts, not when the screen is drawn). */
  readonly session: () => WidgetSessionLike | undefined;
  /**
   * Runs a session action from a button; failures show up in the state the session reports (without a session, for
   * want of a relay, that the service cannot be reached).
   */
  readonly act: (action: (session: WidgetSessionLike) => Promise<void>) => Promise<void> | void;
  readonly close: () => void;
  readonly disconnect: () => Promise<void>;
  readonly askEnd: () => void;
  readonly cancelEnd: () => void;
  readonly switchAsking: (asking: boolean) => void;
  /** The vendor's functions, as listed in the element's `functions` attribute. */
  readonly functions: () => FunctionId[];
  readonly connect: (e: SubmitEvent) => void;
  readonly codeInput: (e: Event) => void;
  readonly accept: (accepted: boolean) => void;
  readonly askName: (name: string) => void;
  readonly askText: (text: string) => void;
  readonly decide: (e: Event) => void;
  readonly answerSysinfo: (e: Event, send: boolean) => void;
  readonly share: (e: Event) => void;
  /** Opens (loading its form) or closes the leave-a-message screen. */
  readonly leave: (open: boolean) => void;
  /** Sends a left message (`message:leave`) on a connection of its own. */
  readonly leaveMessage: (payload: PayloadOf<'message:leave'>) => Promise<Answer<'message:leave'>>;
  /** The customer's click on the desktop-notification toggle. */
  readonly toggleNotify: () => void;
}
