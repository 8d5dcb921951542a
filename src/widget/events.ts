/**
 * The DOM events `<remote-support-widget>` fires on itself. All bubble and are composed, so a host page can listen on
 * the element or on `document`. They report what happened; none of them carries a way to answer a consent prompt —
 * only the customer's own click on the prompt does that.
 */
import type { ChatMessage, EndReason, FunctionId, GrantStatus, Prompt, Role } from '../protocol/index.js';
import type { WidgetPhase } from './session/types.js';

const init: EventInit = { bubbles: true, composed: true };

/** The customer journey moved to another phase (`idle`, `connecting`, `waiting`, `connected`, `reconnecting`, `ended`). */
export class RswStateChangeEvent extends Event {
  static readonly type = 'rsw-state-change';
  readonly phase: WidgetPhase;
  readonly previous: WidgetPhase;
  constructor(phase: WidgetPhase, previous: WidgetPhase) {
    super(RswStateChangeEvent.type, init);
    this.phase = phase;
    this.previous = previous;
  }
}

/** A chat message was confirmed by the relay (sent by the customer or received from the technician). */
export class RswMessageEvent extends Event {
  static readonly type = 'rsw-message';
  readonly message: Readonly<ChatMessage>;
  constructor(message: ChatMessage) {
    super(RswMessageEvent.type, init);
    this.message = Object.freeze({ ...message });
  }
}

/**
 * The technician asked for a function and the customer is being asked now. Informational: the page can observe the
 * prompt (e.g. to bring the tab forward) but cannot answer it; the event is not cancelable.
 */
export class RswConsentRequestEvent extends Event {
  static readonly type = 'rsw-consent-request';
  readonly fn: FunctionId;
  /** `request` for a first request, `reconfirm` when a long-lived grant must be confirmed again. */
  readonly kind: Prompt['kind'];
  /** When the prompt expires unanswered (ms since epoch); no answer counts as denied. */
  readonly expiresAt: number;
  constructor(fn: FunctionId, kind: Prompt['kind'], expiresAt: number) {
    super(RswConsentRequestEvent.type, init);
    this.fn = fn;
    this.kind = kind;
    this.expiresAt = expiresAt;
  }
}

/** The relay confirmed that the customer granted a function (a page may now hand it to a native agent). */
export class RswGrantEvent extends Event {
  static readonly type = 'rsw-grant';
  readonly fn: FunctionId;
  constructor(fn: FunctionId) {
    super(RswGrantEvent.type, init);
    this.fn = fn;
  }
}

/** A grant ended: revoked by the customer, not re-confirmed, used up (one-shot) or ended with the session. */
export class RswRevokeEvent extends Event {
  static readonly type = 'rsw-revoke';
  readonly fn: FunctionId;
  /** The grant's status now (`revoked`, `used`, `expired`, `denied`). */
  readonly status: GrantStatus;
  constructor(fn: FunctionId, status: GrantStatus) {
    super(RswRevokeEvent.type, init);
    this.fn = fn;
    this.status = status;
  }
}

/** The session ended for good (every grant is revoked and the code is burnt). */
export class RswSessionEndEvent extends Event {
  static readonly type = 'rsw-session-end';
  /** Who ended it: `customer`, `technician`, or `relay` (time-outs, shutdown). */
  readonly by: Role | 'relay';
  readonly reason: EndReason;
  constructor(by: Role | 'relay', reason: EndReason) {
    super(RswSessionEndEvent.type, init);
    this.by = by;
    this.reason = reason;
  }
}

/** The events of `<remote-support-widget>` by name, for typed listeners and framework bindings (`onrsw-grant`). */
export interface RemoteSupportWidgetEventMap {
  /** The journey moved to another phase. */
  'rsw-state-change': RswStateChangeEvent;
  /** A chat message was confirmed by the relay. */
  'rsw-message': RswMessageEvent;
  /** The customer is being asked for a function (observe only). */
  'rsw-consent-request': RswConsentRequestEvent;
  /** The relay confirmed a grant. */
  'rsw-grant': RswGrantEvent;
  /** A grant ended. */
  'rsw-revoke': RswRevokeEvent;
  /** The session ended. */
  'rsw-session-end': RswSessionEndEvent;
}

declare global {
  /** The `rsw-*` events of `<remote-support-widget>`, for `addEventListener` on it, or on `document`. */
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalEventHandlersEventMap extends RemoteSupportWidgetEventMap {}
}
