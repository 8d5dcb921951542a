/**
 * What the box's screens may do (`ScreenActions`, screens/view.ts), and the box's drag-and-drop and Escape key: each
 * action reads and changes the box's own fields (reactive, so the box renders again) and says where focus goes next.
 */
import { listedFunctions } from './attributes.js';
import { isGenuineDecision } from './consent-prompt.js';
import { normalizeCode } from './format.js';
import { codeReady } from './screens/code-entry.js';
import { loadLeaveForm, type LeaveView } from './screens/leave-message.js';
import type { ScreenActions } from './screens/view.js';
import type { SessionController } from './session-controller.js';
import type { WidgetSessionLike } from './session/types.js';
import { throwLater } from './session/throw-later.js';

/** Where focus goes after the next render. */
export type FocusTarget = 'screen' | 'launcher' | 'error' | 'confirm' | 'sysinfo';

/** The box (box.ts) as the actions see it: its fields they read and write (reactive, so it renders again). */
export interface BoxFields {
  readonly functions: string;
  /** The vendor's terms, when they are an http(s) URL. */
  readonly terms: string | undefined;
  /** Milliseconds until a rate-limited customer may try again. */
  readonly retryIn: number;
  entered: string;
  termsAccepted: boolean;
  asking: boolean;
  askName: string;
  askText: string;
  confirmingEnd: boolean;
  promptBusy: boolean;
  promptFailed: boolean;
  dropping: boolean;
  leaving: LeaveView;
  hide(): void;
  disconnect(): Promise<void>;
}

export interface BoxActions extends ScreenActions {
  /** Connects with the code entered. */
  join: () => Promise<void>;
  /** Files dragged over the box while file transfer is allowed can be dropped on it. */
  dragOver: (e: DragEvent) => void;
  drop: (e: DragEvent) => void;
  /** Escape cancels the end of the session being confirmed, or else minimises the box (not while a prompt is on show). */
  keydown: (e: KeyboardEvent) => void;
}

/**
 * `box`: the box's fields; `controller`: its session; `focus`: where focus goes after the next render; `toggleNotify`:
 * the customer's click on the desktop-notification toggle.
 */
export function boxActions(
  f: BoxFields,
  controller: SessionController,
  focus: (target: FocusTarget) => void,
  toggleNotify: () => void,
): BoxActions {
  const act = (action: (session: WidgetSessionLike) => Promise<void>): Promise<void> | void => {
    const session = controller.session;
    if (!session) return controller.fail();
    // The session's actions do not reject; one that does is a defect, reported rather than swallowed.
    return action(session).catch(throwLater);
  };
  const join = async (): Promise<void> => act((session) => session.join(f.entered));
  const cancelEnd = (): void => {
    f.confirmingEnd = false;
    focus('screen');
  };
  return {
    join,
    dragOver: (e) => {
      if (controller.state.grants['file-transfer'] !== 'granted' || !e.dataTransfer?.types.includes('Files')) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
      f.dropping = true;
    },
    drop: (e) => {
      f.dropping = false;
      if (controller.state.grants['file-transfer'] !== 'granted' || !e.dataTransfer?.files.length) return;
      e.preventDefault();
      // Only the customer's own drop (a page script can make up a DataTransfer with files of its own).
      if (e.isTrusted) controller.session?.sendFiles([...e.dataTransfer.files]);
    },
    session: () => controller.session,
    act,
    close: () => f.hide(),
    disconnect: () => f.disconnect(),
    askEnd: () => {
      f.confirmingEnd = true;
      focus('confirm');
    },
    cancelEnd,
    keydown: (e) => {
      if (e.key !== 'Escape' || controller.state.prompt) return;
      e.stopPropagation();
      if (f.confirmingEnd) cancelEnd();
      else f.hide();
    },
    functions: () => listedFunctions(f.functions),
    accept: (accepted) => (f.termsAccepted = accepted),
    askName: (name) => (f.askName = name),
    askText: (text) => (f.askText = text),

    /** "Share my screen": getDisplayMedia must be called right here, inside the customer's own click. */
    share: (e) => {
      if (e.isTrusted) controller.session?.shareScreen();
    },

    /** Send or Don't send for the system information: only the customer's own click answers. */
    answerSysinfo: (e, send) => {
      if (e.isTrusted) void act((x) => x.answerSysinfo(send));
    },

    decide: (e) => {
      const s = controller.session;
      const prompt = controller.state.prompt;
      // Only the prompt element's own event, made from a trusted click, for the prompt on show.
      if (!isGenuineDecision(e) || !s || !prompt || e.detail.promptId !== prompt.id) return;
      f.promptBusy = true;
      f.promptFailed = false;
      s.decide(prompt.id, e.detail.allow).then(
        () => (f.promptBusy = false),
        () => {
          f.promptBusy = false;
          f.promptFailed = true;
        },
      );
    },

    connect: (e) => {
      e.preventDefault();
      if (codeReady(f)) void join();
    },

    codeInput: (e) => {
      const input = e.target as HTMLInputElement;
      const code = normalizeCode(input.value);
      if (input.value !== code) input.value = code;
      f.entered = code;
    },

    switchAsking: (asking) => {
      f.asking = asking;
      focus('screen');
    },

    toggleNotify,
    leaveMessage: (payload) => controller.leaveMessage(payload),
    leave: (open) => {
      f.leaving = open ? 'open' : '';
      focus(open ? 'screen' : 'error');
      if (open) loadLeaveForm().catch(() => (f.leaving = 'failed'));
    },
  };
}
