/**
 * What the customer takes away from a widget session and gives back: the transcript (the chat and the consent/audit
 * log, from the relay or, when it cannot say, what this widget saw itself) and the rating (`session:rate`).
 */
import type { RatingScore } from '../../protocol/constants.js';
import type { AuditEntry, ChatMessage } from '../../protocol/events.js';
import type { WidgetConnection } from './connection.js';
import type { Transcript, WidgetState } from './types.js';

/** Rates the session (1–5, an optional comment); resolves to whether the relay took it. */
export async function rateSession(link: WidgetConnection, score: RatingScore, comment: string): Promise<boolean> {
  return (await link.request('session:rate', { score, comment: comment || undefined })).ok;
}

/** The transcript: from the relay when `askRelay` and the socket is up, else from the widget's own state. */
export async function sessionTranscript(state: WidgetState, link: WidgetConnection, askRelay: boolean): Promise<Transcript> {
  const { sessionId, technician } = state;
  const transcript = (messages: ChatMessage[], audit: AuditEntry[]): Transcript => ({
    messages,
    audit,
    sessionId,
    technician: technician && { ...technician },
    generatedAt: Date.now(),
  });
  if (sessionId && link.socket?.connected && askRelay && state.phase !== 'reconnecting') {
    const [audit, history] = await Promise.all([link.request('audit:fetch', {}), link.request('chat:history', { afterSeq: 0 })]);
    if (audit.ok && history.ok) return transcript(history.messages, audit.entries);
  }
  // What this widget saw itself: the messages the relay confirmed, and the audit log as it was announced.
  const messages = state.items.flatMap((i) =>
    i.kind === 'message' && i.id !== undefined && i.seq !== undefined
      ? [{ id: i.id, seq: i.seq, clientId: i.clientId, from: i.from, text: i.text, at: i.at }]
      : [],
  );
  return transcript(messages, [...(state.audit ?? [])]);
}
