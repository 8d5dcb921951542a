/**
 * The customer's side of the chat in a widget session: the outgoing queue (outgoing-queue.ts) fed with what the
 * customer writes and opened or closed as the session's phase changes, the customer's typing indicator (sent on
 * change, `false` by itself after a pause), the timeout of the technician's, and the messages a gap in `seq` shows
 * were missed (a broadcast that never came), fetched with `chat:history`.
 */
import type { ChatMessage } from '../../protocol/events.js';
import { seqGap } from '../../ui/relay-retry.js';
import type { SessionCore } from './connection.js';
import { OutgoingQueue } from './outgoing-queue.js';
import type { WidgetState } from './types.js';
import { WIDGET_SESSION_DEFAULTS } from './wire.js';

/** Default WIDGET_SESSION_DEFAULTS. */
export interface ChatTimings {
  typingTimeoutMs?: number | undefined;
  ownTypingIdleMs?: number | undefined;
}

/** A client id for a chat message (unique per message; `c-` and 24 hex digits). */
export function newClientId(): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  return `c-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Whether the phase has a session to chat in (messages wait while reconnecting or queued). */
function mayChat(state: WidgetState): boolean {
  return state.phase === 'waiting' || state.phase === 'connected' || state.phase === 'reconnecting';
}

export class WidgetChat {
  readonly #core: SessionCore;
  readonly #timings: ChatTimings;
  readonly #queue: OutgoingQueue;
  #ownTyping = false;
  #technicianTypingTimer: ReturnType<typeof setTimeout> | undefined;
  #ownTypingTimer: ReturnType<typeof setTimeout> | undefined;
  /** A `chat:history` for a gap is on its way. */
  #filling = false;

  constructor(core: SessionCore, timings: ChatTimings) {
    this.#core = core;
    this.#timings = timings;
    this.#queue = new OutgoingQueue(
      ({ clientId, text }) => core.link.request('chat:send', { clientId, text }),
      (update) => core.dispatch(update),
    );
  }

  /** Sends a chat message and returns its client id (see WidgetSession.send). */
  send(text: string): string {
    if (text.trim() === '' || !mayChat(this.#core.state())) return '';
    const clientId = newClientId();
    this.#core.dispatch({ type: 'message-queued', clientId, text });
    this.#queue.add({ clientId, text });
    this.setTyping(false);
    return clientId;
  }

  retry(clientId: string): void {
    const state = this.#core.state();
    if (!mayChat(state)) return;
    const item = state.items.find((i) => i.kind === 'message' && i.from === 'customer' && i.clientId === clientId);
    if (item?.kind !== 'message' || item.status !== 'failed') return;
    this.#queue.retry({ clientId, text: item.text });
  }

  /** Tells the technician the customer is typing; `false` is sent by itself after a pause or with the message. */
  setTyping(typing: boolean): void {
    clearTimeout(this.#ownTypingTimer);
    this.#ownTypingTimer = undefined;
    const socket = this.#core.link.socket;
    if (typing) {
      if (!this.#core.online()) return;
      this.#ownTypingTimer = setTimeout(() => this.setTyping(false), this.#timings.ownTypingIdleMs ?? WIDGET_SESSION_DEFAULTS.ownTypingIdleMs);
      if (this.#ownTyping) return;
      this.#ownTyping = true;
      socket?.emit('chat:typing', { typing: true });
    } else if (this.#ownTyping) {
      this.#ownTyping = false;
      if (this.#core.online()) socket?.emit('chat:typing', { typing: false });
    }
  }

  /** The relay says the technician is typing: the indicator goes by itself unless it is said again. */
  technicianTyping(): void {
    clearTimeout(this.#technicianTypingTimer);
    this.#technicianTypingTimer = setTimeout(() => {
      this.#technicianTypingTimer = undefined;
      this.#core.dispatch({ type: 'typing-timeout' });
    }, this.#timings.typingTimeoutMs ?? WIDGET_SESSION_DEFAULTS.typingTimeoutMs);
  }

  /** After a message came: when its `seq` skipped ahead, what was missed is fetched (from the last contiguous seq). */
  fillGap(): void {
    const core = this.#core;
    if (this.#filling || !core.online()) return;
    const after = seqGap(core.state().items.flatMap((i) => (i.kind === 'message' && i.seq !== undefined ? [i.seq] : [])));
    if (after === undefined) return;
    this.#filling = true;
    void core.link.request('chat:history', { afterSeq: after }).then((res) => {
      this.#filling = false;
      if (res.ok) for (const payload of res.messages) core.dispatch({ type: 'relay', name: 'chat:message', payload });
    });
  }

  /** The relay already has these messages (a resume's `missed`): they are not sent again. */
  settle(missed: readonly ChatMessage[]): void {
    for (const m of missed) if (m.from === 'customer') this.#queue.settle(m.clientId);
  }

  /** The connection is gone: the message on its way waits again; the technician no longer sees the customer typing. */
  dropped(): void {
    this.#queue.close();
    this.#ownTyping = false;
  }

  /** The connection was closed on purpose (nothing goes out until it is open again). */
  closed(): void {
    this.#queue.close();
  }

  /** Forgets everything (the session is over or the widget is reset). */
  clear(): void {
    this.#queue.clear();
    this.#ownTyping = false;
    clearTimeout(this.#ownTypingTimer);
    clearTimeout(this.#technicianTypingTimer);
    this.#ownTypingTimer = this.#technicianTypingTimer = undefined;
  }

  /** The queue and the typing timers follow the phase. */
  afterChange(previous: WidgetState, state: WidgetState): void {
    if (state.phase === 'ended' && previous.phase !== 'ended') {
      this.#queue.clear();
      this.setTyping(false);
    } else if (state.phase === 'connected' && previous.phase !== 'connected') {
      if (this.#core.link.socket?.connected) this.#queue.open();
    } else if (previous.phase === 'connected' && state.phase !== 'connected') {
      this.#queue.close();
    }
    if (!state.technicianTyping && this.#technicianTypingTimer !== undefined) {
      clearTimeout(this.#technicianTypingTimer);
      this.#technicianTypingTimer = undefined;
    }
  }
}
