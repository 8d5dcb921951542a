/**
 * Stable error codes. Clients switch on `code`; `message` is English text for logs and developers,
 * never shown to customers as is (the widget has its own localized wording per code).
 */
export const ERROR_CODES = [
  'bad-payload',
  'too-large',
  'rate-limited',
  'unauthorized',
  'forbidden-origin',
  'invalid-code',
  'code-expired',
  'code-used',
  'session-ended',
  'not-in-session',
  'not-found',
  'invalid-state',
  'not-granted',
  'function-unavailable',
  'already-pending',
  'already-granted',
  'requires-function',
  'resume-expired',
  'outside-hours',
  'capacity',
  'no-technician',
  'other-organisation',
  'unavailable',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Business hours as shown to a customer who arrives outside them. */
export interface HoursInfo {
  /** IANA time zone the hours are given in, e.g. `Europe/Warsaw`. */
  timeZone: string;
  /** ISO weekdays (1 = Monday … 7 = Sunday) the service is open. */
  days: number[];
  /** Opening time, `HH:MM`, in `timeZone`. */
  open: string;
  /** Closing time, `HH:MM`, in `timeZone`. */
  close: string;
}

export interface RelayError {
  code: ErrorCode;
  message: string;
  /** Milliseconds until trying again makes sense (`rate-limited`). */
  retryAfter?: number;
  /** The service hours (`outside-hours`). */
  hours?: HoursInfo;
  /** The function concerned (`not-granted`, `requires-function`, …). */
  fn?: string;
  /** What exactly was wrong (`bad-payload`: which field), for developers. */
  detail?: string;
}

export const ERROR_MESSAGES: Readonly<Record<ErrorCode, string>> = {
  'bad-payload': 'The payload does not match the schema of this event.',
  'too-large': 'The payload or one of its fields is larger than allowed.',
  'rate-limited': 'Too many requests; try again later.',
  unauthorized: 'A valid technician token is required.',
  'forbidden-origin': 'This origin is not allowed to connect.',
  'invalid-code': 'No session has this code.',
  'code-expired': 'This code has expired.',
  'code-used': 'This code has already been used.',
  'session-ended': 'The session has ended.',
  'not-in-session': 'This connection is not part of a session.',
  'not-found': 'No such item.',
  'invalid-state': 'That is not possible in the current state of the session.',
  'not-granted': 'The customer has not granted this function.',
  'function-unavailable': 'This function is not offered.',
  'already-pending': 'A request for this function is already waiting for the customer.',
  'already-granted': 'This function is already granted.',
  'requires-function': 'Another function must be granted first.',
  'resume-expired': 'The session can no longer be resumed.',
  'outside-hours': 'The service is closed at this time.',
  capacity: 'The relay is at its session limit.',
  'no-technician': 'No technician is available.',
  'other-organisation': 'That technician belongs to another organisation.',
  unavailable: 'The relay cannot serve this right now.',
  internal: 'Internal error.',
};

export function relayError(code: ErrorCode, extra: Omit<RelayError, 'code' | 'message'> = {}): RelayError {
  return { code, message: ERROR_MESSAGES[code], ...extra };
}

/** Every acknowledgement the relay sends has this shape. */
export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: RelayError };
export type AckCallback<T extends object = object> = (response: Ack<T>) => void;
