/**
 * How the widget's session talks to the relay: the customer's requests, their payloads and answers, and the errors the
 * widget makes up itself. A leaf below the session and its functions, so neither imports the other for these.
 */
// Values from the protocol's own modules, not its index (which also pulls in the valibot payload schemas); and no
// `relayError`, whose English message table the browser does not need.
import { ERROR_CODES, type ErrorCode, type RelayError } from '../../protocol/errors.js';
import type { CustomerToServerEvents } from '../../protocol/events.js';
import type { Failure } from './reducer.js';

export type CustomerEvent = keyof CustomerToServerEvents;
export type PayloadOf<E extends CustomerEvent> = Parameters<CustomerToServerEvents[E]>[0];
type AckOf<E extends CustomerEvent> = Parameters<Parameters<CustomerToServerEvents[E]>[1]>[0];
/** The relay's answer, or `unreachable` when there was none (not connected, dropped, timed out). */
export type Answer<E extends CustomerEvent> = Extract<AckOf<E>, { ok: true }> | { ok: false; error: Failure };

/** A reducer event as the session makes it: `#dispatch` adds the time. */
export type Unstamped<E> = E extends { now: number } ? Omit<E, 'now'> : E;

/** The session's timings unless its options say otherwise (ms). */
export const WIDGET_SESSION_DEFAULTS = { ackTimeoutMs: 10_000, typingTimeoutMs: 8_000, ownTypingIdleMs: 5_000 } as const;

export const UNREACHABLE = { ok: false, error: 'unreachable' } as const;

/** An error the widget makes up itself (the message is for developers only; the widget shows its own words). */
export function localError(code: ErrorCode): RelayError {
  return { code, message: code };
}

/** The code of a failure: the relay's, or `unreachable` when there was no answer. */
export function failureCode(failure: Failure): ErrorCode | 'unreachable' {
  return failure === 'unreachable' ? failure : failure.code;
}

export function isRelayError(value: unknown): value is RelayError {
  const code = (value as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code);
}
