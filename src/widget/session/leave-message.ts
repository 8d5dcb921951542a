/**
 * Sends a left message (`message:leave`, PROTOCOL §4) on a connection of its own: no session is needed, and the
 * customer's session logic (its socket, its state) is not touched. The socket is closed once the relay answered.
 */
import { WidgetConnection } from './connection.js';
import type { Answer, PayloadOf } from './wire.js';

export interface LeaveRelay {
  server: string;
  socketOptions: Record<string, unknown>;
  ackTimeoutMs?: number;
}

export async function sendLeftMessage(relay: LeaveRelay, payload: PayloadOf<'message:leave'>): Promise<Answer<'message:leave'>> {
  const link = new WidgetConnection({
    server: relay.server,
    socketOptions: relay.socketOptions,
    ackTimeoutMs: relay.ackTimeoutMs ?? 10_000,
    wire: () => undefined,
  });
  try {
    const opened = await link.openConnected();
    if (opened === undefined) return { ok: false, error: 'unreachable' };
    if (typeof opened !== 'object' || !('connected' in opened)) return { ok: false, error: opened };
    return await link.request('message:leave', payload);
  } finally {
    link.close();
  }
}
