import { relayError, type Ack, type ErrorCode, type RelayError } from '../protocol/index.js';

export type Result<T extends object = object> = Ack<T>;
export type Failure = { ok: false; error: RelayError };

export const ok = <T extends object>(data: T): Result<T> => ({ ok: true, ...data });

export const fail = (code: ErrorCode, extra: Omit<RelayError, 'code' | 'message'> = {}): Failure => ({
  ok: false,
  error: relayError(code, extra),
});

/**
 * An answer that comes later, without holding up the caller's next events (a file chunk is acknowledged once the
 * receiver acknowledged it, while the sender's next chunks are already being checked and forwarded).
 */
export class Later<T extends object = object> {
  constructor(readonly result: Promise<Result<T>>) {}
}

export const later = <T extends object>(result: Promise<Result<T>>): Later<T> => new Later(result);
