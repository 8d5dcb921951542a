/**
 * Leaving a message while nobody can chat (outside business hours, or no technician online): the form's checks, with
 * the very rules the relay enforces (protocol/feedback.ts), and what the relay's answer to `message:leave` means for
 * the customer — sent, a mistake to correct, or a passing failure worth a Retry (when `retryAt` has come).
 */
import type { Contact } from '../protocol/feedback.js';
import { contactProblem } from '../protocol/feedback.js';
import { FEEDBACK_LIMITS } from '../protocol/constants.js';
import type { ErrorCode } from '../protocol/errors.js';
import type { Answer, PayloadOf } from './session/wire.js';

export interface LeaveForm {
  name: string;
  contactKind: Contact['kind'];
  contact: string;
  text: string;
}

/** A field the customer has to correct. */
export type LeaveField = 'name' | 'contact' | 'text';

export type LeaveCheck = { ok: true; payload: PayloadOf<'message:leave'> } | { ok: false; problems: LeaveField[] };

/** Checks the form; the payload has the trimmed values (and the page's language when it is a valid tag). */
export function checkLeaveForm(form: LeaveForm, lang?: string): LeaveCheck {
  const name = form.name.trim();
  const text = form.text.trim();
  const contact = { kind: form.contactKind, value: form.contact.trim() };
  const problems: LeaveField[] = [];
  if (!name || name.length > FEEDBACK_LIMITS.name) problems.push('name');
  if (contactProblem(contact)) problems.push('contact');
  if (!text || text.length > FEEDBACK_LIMITS.leftMessage) problems.push('text');
  if (problems.length) return { ok: false, problems };
  const tag = lang && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$/.test(lang) ? { lang } : {};
  return { ok: true, payload: { name, contact, text, ...tag } };
}

/** Where the form stands. */
export type LeaveStatus =
  | { state: 'editing' }
  | { state: 'sending' }
  | { state: 'sent' }
  /** `retryable`: a passing failure (Retry from `retryAt`, ms since epoch); else a field the relay refused, or refused for good. */
  | { state: 'failed'; retryable: boolean; retryAt: number; code: ErrorCode | 'unreachable'; field?: LeaveField };

const TRANSIENT: ReadonlySet<ErrorCode | 'unreachable'> = new Set(['unreachable', 'unavailable', 'rate-limited', 'internal', 'capacity']);

/** What the relay's answer (or its absence) means for the form. */
export function leaveOutcome(answer: Answer<'message:leave'>, now: number): LeaveStatus {
  if (answer.ok) return { state: 'sent' };
  const error = answer.error;
  const code = error === 'unreachable' ? error : error.code;
  const retryAt = now + (error !== 'unreachable' && error.retryAfter ? error.retryAfter : 0);
  if (TRANSIENT.has(code)) return { state: 'failed', retryable: true, retryAt, code };
  const detail = error === 'unreachable' ? '' : (error.detail ?? '');
  const field = (['name', 'contact', 'text'] as const).find((f) => detail.startsWith(f));
  return { state: 'failed', retryable: false, retryAt: now, code, ...(field ? { field } : {}) };
}
