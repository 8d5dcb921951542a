/**
 * The technician's side of the chat: messages go out at once while the session is held on a live connection, and
 * otherwise wait in the state's queue until the session is re-attached, then go once each and in the order written
 * (with the same client id, so the relay never shows one twice). Also the typing indicator, sent only on change, and
 * the messages a gap in `seq` shows were missed (a broadcast that never came), fetched with `chat:history`.
 */
import { RETRIED_SEND_ERRORS, retryDelay, seqGap } from '../../ui/relay-retry.js';
import type { SessionCore } from './connection.js';
import { queuedMessages } from './views.js';

export class ChatQueue {
  readonly #core: SessionCore;
  readonly #createId: () => string;
  /** Whether the session is held on the current connection. */
  readonly #held: () => boolean;
  #typing = false;
  /** A `chat:history` for a gap is on its way. */
  #filling = false;

  constructor(core: SessionCore, createId: () => string, held: () => boolean) {
    this.#core = core;
    this.#createId = createId;
    this.#held = held;
  }

  /** Sends a chat message, or queues it while the connection is down; returns its client id. */
  send(text: string): string {
    const clientId = this.#createId();
    const ready = this.#ready();
    this.#core.dispatch({ type: 'chat-add', clientId, text, queued: !ready, now: this.#core.now() });
    if (ready) this.#emitMessage(clientId);
    return clientId;
  }

  /** Sends a failed message again, with the same client id. */
  retry(clientId: string): void {
    const message = this.#core.state.messages.find((m) => m.from === 'technician' && m.clientId === clientId);
    if (!message || message.status !== 'failed') return;
    if (this.#ready()) this.#emitMessage(clientId);
    else this.#core.dispatch({ type: 'chat-requeue', clientId });
  }

  /** Tells the customer whether the technician is typing (only changes are sent). */
  setTyping(typing: boolean): void {
    if (typing === this.#typing) return;
    if (!this.#ready()) {
      this.#typing = false;
      return;
    }
    this.#typing = typing;
    void this.#core.link.call('chat:typing', { typing });
  }

  /** The connection or the session went: the customer no longer sees the technician typing. */
  stopTyping(): void {
    this.#typing = false;
  }

  /** After a message came: when its `seq` skipped ahead, what was missed is fetched (from the last contiguous seq). */
  fillGap(): void {
    const core = this.#core;
    if (this.#filling || !core.link.connected || !this.#held()) return;
    const after = seqGap(core.state.messages.flatMap((m) => (m.seq !== undefined ? [m.seq] : [])));
    if (after === undefined) return;
    this.#filling = true;
    void core.link.call('chat:history', { afterSeq: after }).then((res) => {
      this.#filling = false;
      if (res.ok) for (const payload of res.messages) core.dispatch({ type: 'relay', event: 'chat:message', payload, now: core.now() });
    });
  }

  /** Sends the messages that waited for the connection, once each and in the order written. */
  flush(): void {
    if (!this.#ready()) return;
    for (const clientId of queuedMessages(this.#core.state)) this.#emitMessage(clientId);
  }

  /** Chat can go out now: connected, and the session is held on this very connection and active. */
  #ready(): boolean {
    return this.#core.link.connected && this.#held() && this.#core.state.session?.state === 'active';
  }

  /** Tries of messages the relay could not take just now (`unavailable`, `rate-limited`), by client id. */
  readonly #attempts = new Map<string, number>();

  #emitMessage(clientId: string): void {
    const core = this.#core;
    const message = core.state.messages.find((m) => m.from === 'technician' && m.clientId === clientId);
    if (!message) return;
    core.dispatch({ type: 'chat-sending', clientId });
    const connection = core.link.generation;
    void core.link.call('chat:send', { clientId, text: message.text }).then((res) => {
      if (res.ok) {
        this.#attempts.delete(clientId);
        core.dispatch({ type: 'chat-sent', message: res.message });
      } else if (connection !== core.link.generation) {
        // A lost connection already put the message back in the queue; it goes again after the re-attach.
      } else if (RETRIED_SEND_ERRORS.includes(res.error.code)) {
        // The relay could not take it just now: it waits as queued and goes again by itself (same client id).
        const attempt = this.#attempts.get(clientId) ?? 0;
        this.#attempts.set(clientId, attempt + 1);
        core.dispatch({ type: 'chat-requeue', clientId });
        setTimeout(() => this.#again(clientId, connection), retryDelay(attempt, res.error.retryAfter));
      } else {
        this.#attempts.delete(clientId);
        core.dispatch({ type: 'chat-failed', clientId, error: res.error.code });
      }
    });
  }

  /** A message that waited for another try goes, if it still waits and nothing else has sent it meanwhile. */
  #again(clientId: string, connection: number): void {
    const message = this.#core.state.messages.find((m) => m.from === 'technician' && m.clientId === clientId);
    if (message?.status !== 'queued') {
      this.#attempts.delete(clientId);
      return;
    }
    // After a reconnect the re-attach sends what is queued.
    if (connection === this.#core.link.generation && this.#ready()) this.#emitMessage(clientId);
  }
}
