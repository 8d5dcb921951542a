/**
 * The technician's side of the chat: messages go out at once while the session is held on a live connection, and
 * otherwise wait in the state's queue until the session is re-attached, then go once each and in the order written
 * (with the same client id, so the relay never shows one twice). Also the typing indicator, sent only on change.
 */
import type { SessionCore } from './connection.js';
import { queuedMessages } from './views.js';

export class ChatQueue {
  readonly #core: SessionCore;
  readonly #createId: () => string;
  /** Whether the session is held on the current connection. */
  readonly #held: () => boolean;
  #typing = false;

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

  /** Sends the messages that waited for the connection, once each and in the order written. */
  flush(): void {
    if (!this.#ready()) return;
    for (const clientId of queuedMessages(this.#core.state)) this.#emitMessage(clientId);
  }

  /** Chat can go out now: connected, and the session is held on this very connection and active. */
  #ready(): boolean {
    return this.#core.link.connected && this.#held() && this.#core.state.session?.state === 'active';
  }

  #emitMessage(clientId: string): void {
    const core = this.#core;
    const message = core.state.messages.find((m) => m.from === 'technician' && m.clientId === clientId);
    if (!message) return;
    core.dispatch({ type: 'chat-sending', clientId });
    const connection = core.link.generation;
    void core.link.call('chat:send', { clientId, text: message.text }).then((res) => {
      if (res.ok) core.dispatch({ type: 'chat-sent', message: res.message });
      // A lost connection already put the message back in the queue; it goes again after the re-attach.
      else if (connection === core.link.generation) core.dispatch({ type: 'chat-failed', clientId, error: res.error.code });
    });
  }
}
