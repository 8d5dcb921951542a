import { relayError, type Ack, type ErrorCode, type RelayError } from '../protocol/index.js';

export type Result<T extends object = object> = Ack<T>;

export const ok = <T extends object>(data: T): Result<T> => ({ ok: true, ...data });

export const fail = (code: ErrorCode, extra: Omit<RelayError, 'code' | 'message'> = {}): { ok: false; error: RelayError } => ({
  ok: false,
  error: relayError(code, extra),
});
