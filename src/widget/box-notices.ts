/**
 * What the box does with its session's notices: each becomes an `rsw-*` event on the box (events.ts; it reaches the
 * public element), and some change the box too: a technician's message counts as unread while it is minimised (and
 * reaches the background notifications), a consent request, the end or a rejoin opens it.
 */
import type { BoxFocus } from './box-focus.js';
import {
  RswConsentRequestEvent,
  RswGrantEvent,
  RswMessageEvent,
  RswRevokeEvent,
  RswSessionEndEvent,
  RswStateChangeEvent,
} from './events.js';
import type { LazyAttention } from './lazy-attention.js';
import type { WidgetNotice, WidgetState } from './session/types.js';
import { technicianName } from './strings.js';

/** The box as its notices change it. */
export interface NoticeBox extends EventTarget {
  readonly s: WidgetState;
  open: boolean;
  unread: number;
  promptBusy: boolean;
  promptFailed: boolean;
  /** Opens the box, focus going in. */
  show(): void;
}

export function boxNotice(box: NoticeBox, n: WidgetNotice, attention: LazyAttention, focus: BoxFocus): void {
  switch (n.type) {
    case 'state':
      box.dispatchEvent(new RswStateChangeEvent(n.phase, n.previous));
      break;
    case 'message':
      if (n.message.from === 'technician' && !box.open) box.unread++;
      if (n.message.from === 'technician') attention.message(technicianName(box.s.technician?.name), n.message.text);
      box.dispatchEvent(new RswMessageEvent(n.message));
      break;
    case 'consent-request':
      // A question must be seen: open the box (the prompt then takes focus, and gives it back when it closes).
      focus.prompted();
      box.promptBusy = box.promptFailed = false;
      box.open = true;
      box.dispatchEvent(new RswConsentRequestEvent(n.prompt.fn, n.prompt.kind, n.prompt.expiresAt));
      break;
    case 'grant':
      box.dispatchEvent(new RswGrantEvent(n.fn));
      break;
    case 'revoke':
      box.dispatchEvent(new RswRevokeEvent(n.fn, n.status));
      break;
    case 'end':
      // Show the customer that it is over (and that nothing is shared any more).
      box.open = true;
      box.dispatchEvent(new RswSessionEndEvent(n.by, n.reason));
      break;
    case 'rejoined':
      // Back after a restart: show "Reconnected after restart".
      box.show();
      break;
  }
}
