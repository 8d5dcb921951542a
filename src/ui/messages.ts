/** Chat-message items shared by the widget's and the console's session logic (plain TypeScript, no DOM). */
import type { ChatMessage, Role } from '../protocol/index.js';

export type MessageStatus = 'queued' | 'sending' | 'sent' | 'failed';

/** A message in a chat log; `E` is the error codes of a failed send. */
export interface MessageItemOf<E> {
  kind: 'message';
  /** The sender's id for the message (the key for idempotent resending). */
  clientId: string;
  /** Relay id and sequence number, once the relay has the message. */
  id?: string;
  seq?: number;
  from: Role;
  text: string;
  /** Relay time once known; local time of writing before that. */
  at: number;
  /** Only our own messages go queued → sending → sent (or failed); the other side's are always `sent`. */
  status: MessageStatus;
  /** Why the last attempt failed. */
  error?: E;
}

/** The log item for a relay-confirmed message. */
export function sentItem(message: ChatMessage): MessageItemOf<never> {
  return {
    kind: 'message',
    clientId: message.clientId,
    id: message.id,
    seq: message.seq,
    from: message.from,
    text: message.text,
    at: message.at,
    status: 'sent',
  };
}
