/**
 * What the box's screens may do (`ScreenActions`, screens/view.ts), and the box's drag-and-drop: each action reads and
 * changes the box's own fields (reactive, so the box renders again) and says where focus goes next.
 */
import { listedFunctions, retryIn, termsHref } from './attributes.js';
import { isGenuineDecision } from './consent-prompt.js';
import { CODE_LENGTH, normalizeCode } from './format.js';
import { loadLeaveForm, type LeaveView } from './screens/leave-message.js';
import type { ScreenActions } from './screens/view.js';
import type { SessionController } from './session-controller.js';
import type { WidgetSessionLike } from './session/types.js';
import { transcriptPart } from './screens/lazy.js';

/** Where focus goes after the next render. */
export type FocusTarget = 'screen' | 'launcher' | 'error' | 'confirm' | 'sysinfo';

/** The box's fields the actions read and write (its reactive properties). */
export interface BoxFields {
  termsUrl: string;
  functions: string;
  entered: string;
  termsAccepted: boolean;
  asking: boolean;
  askName: string;
  askText: string;
  confirmingEnd: boolean;
  now: number;
  promptBusy: boolean;
  promptFailed: boolean;
  downloadFailed: boolean;
  dropping: boolean;
  leaving: LeaveView;
}

export interface ActionContext {
  session: SessionController;
  fields: () => BoxFields;
  focus: (target: FocusTarget) => void;
  close: () => void;
  disconnect: () => Promise<void>;
  root: () => HTMLElement | DocumentFragment;
  /** The language the box speaks (BCP 47), for the downloaded receipt. */
  locale: () => string;
  /** The customer's click on the desktop-notification toggle. */
  toggleNotify: () => void;
}

export interface BoxActions extends ScreenActions {
  /** Connects with the code entered. */
  join: () => Promise<void>;
  /** Files dragged over the box while file transfer is allowed can be dropped on it. */
  dragOver: (e: DragEvent) => void;
  drop: (e: DragEvent) => void;
}

export function boxActions(c: ActionContext): BoxActions {
  const f = c.fields;
  /** Runs a session action from a button; failures show up in the state the session reports. */
  const act = (action: (session: WidgetSessionLike) => Promise<void>): void => {
    const session = c.session.session;
    if (session) action(session).catch(() => undefined);
  };
  const join = async (): Promise<void> => {
    const session = c.session.session;
    if (!session) return c.session.fail();
    await session.join(f().entered).catch(() => undefined);
  };
  return {
    join,
    dragOver: (e) => {
      if (c.session.state.grants['file-transfer'] !== 'granted' || !e.dataTransfer?.types.includes('Files')) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
      f().dropping = true;
    },
    drop: (e) => {
      f().dropping = false;
      if (c.session.state.grants['file-transfer'] !== 'granted' || !e.dataTransfer?.files.length) return;
      e.preventDefault();
      // Only the customer's own drop (a page script can make up a DataTransfer with files of its own).
      if (e.isTrusted) c.session.session?.sendFiles([...e.dataTransfer.files]);
    },
    session: () => c.session.session,
    act: (action) => act(action),
    close: () => c.close(),
    disconnect: () => c.disconnect(),
    askEnd: () => {
      f().confirmingEnd = true;
      c.focus('confirm');
    },
    cancelEnd: () => {
      f().confirmingEnd = false;
      c.focus('screen');
    },
    functions: () => listedFunctions(f().functions),
    accept: (accepted) => (f().termsAccepted = accepted),
    askName: (name) => (f().askName = name),
    askText: (text) => (f().askText = text),

    /** "Share my screen": getDisplayMedia must be called right here, inside the customer's own click. */
    share: (e) => {
      if (e.isTrusted) c.session.session?.shareScreen();
    },

    /** Send or Don't send for the system information: only the customer's own click answers. */
    answerSysinfo: (e, send) => {
      if (e.isTrusted) act((x) => x.answerSysinfo(send));
    },

    decide: (e) => {
      const s = c.session.session;
      const prompt = c.session.state.prompt;
      // Only the prompt element's own event, made from a trusted click, for the prompt on show.
      if (!isGenuineDecision(e) || !s || !prompt || e.detail.promptId !== prompt.id) return;
      f().promptBusy = true;
      f().promptFailed = false;
      s.decide(prompt.id, e.detail.allow).then(
        () => (f().promptBusy = false),
        () => {
          f().promptBusy = false;
          f().promptFailed = true;
        },
      );
    },

    connect: (e) => {
      e.preventDefault();
      const s = c.session.state;
      const termsOk = !termsHref(f().termsUrl) || f().termsAccepted;
      if (f().entered.length === CODE_LENGTH && termsOk && retryIn(s, f().now) <= 0) void join();
    },

    ask: (e) => {
      e.preventDefault();
      const name = f().askName.trim();
      if (!name || (termsHref(f().termsUrl) && !f().termsAccepted)) return;
      const session = c.session.session;
      if (!session) return c.session.fail();
      session.joinQueue(name, f().askText.trim()).catch(() => undefined);
    },

    codeInput: (e) => {
      const input = e.target as HTMLInputElement;
      const code = normalizeCode(input.value);
      if (input.value !== code) input.value = code;
      f().entered = code;
    },

    switchAsking: (asking) => {
      f().asking = asking;
      c.focus('screen');
    },

    toggleNotify: () => c.toggleNotify(),
    leaveMessage: (payload) => c.session.leaveMessage(payload),
    leave: (open) => {
      f().leaving = open ? 'open' : '';
      c.focus(open ? 'screen' : 'error');
      if (open) loadLeaveForm().catch(() => (f().leaving = 'failed'));
    },

    download: async () => {
      const session = c.session.session;
      f().downloadFailed = false;
      try {
        if (!session) throw new Error('no session');
        // The transcript's formatting is a chunk of its own: a failure to load it shows as a failed download.
        const [{ transcriptText, downloadText }, transcript] = await Promise.all([transcriptPart.ready(), session.transcript()]);
        const text = transcriptText(transcript, c.locale());
        downloadText(text, `remote-support-${new Date().toISOString().slice(0, 10)}.txt`, c.root());
      } catch {
        f().downloadFailed = true;
      }
    },
  };
}
