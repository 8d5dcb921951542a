/**
 * What a customer tells the vendor besides the chat: a rating of the session at its end (1–5 and an optional
 * comment), and a message left when nobody can chat (outside business hours or no technician online) with a way to
 * be reached. The checks are valibot schemas, so the widget validates with the very rules the relay enforces.
 */
import * as v from 'valibot';
import { FEEDBACK_LIMITS, RATING_SCORES, type RatingScore } from './constants.js';

export interface Rating {
  score: RatingScore;
  comment?: string;
  /** When the relay got it, ms since epoch. */
  at: number;
}

/** How the customer wants to be reached about a left message. */
export type Contact = { kind: 'email'; value: string } | { kind: 'phone'; value: string };

/** A message left by a customer while nobody could chat, as technicians and the webhook see it. */
export interface LeftMessage {
  id: string;
  name: string;
  contact: Contact;
  text: string;
  /** When the relay got it, ms since epoch. */
  at: number;
  /** The page language the customer used (BCP 47), when the widget told it. */
  lang?: string;
}

const trimmed = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max));

/**
 * A phone number as people write it: an optional leading +, digits, spaces and `( ) - . /`; 6 to 15 digits (E.164
 * allows 15).
 */
export const phoneSchema = v.pipe(
  v.string(),
  v.trim(),
  v.regex(/^\+?[\d\s().\-/]{6,30}$/, 'A phone number: digits, spaces, ( ) - . / and an optional leading +'),
  v.check((value) => {
    const digits = value.replace(/\D/g, '').length;
    return digits >= 6 && digits <= 15;
  }, 'A phone number has 6 to 15 digits'),
);

export const emailSchema = v.pipe(v.string(), v.trim(), v.maxLength(FEEDBACK_LIMITS.email), v.email('An e-mail address'));

export const contactSchema = v.variant('kind', [
  v.strictObject({ kind: v.literal('email'), value: emailSchema }),
  v.strictObject({ kind: v.literal('phone'), value: phoneSchema }),
]);

export const feedbackSchemas = {
  /** The customer rates the session, once, after it ended. */
  'session:rate': v.strictObject({
    score: v.picklist(RATING_SCORES),
    comment: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(FEEDBACK_LIMITS.ratingComment))),
  }),
  /** A customer outside a session leaves a message with a way to be reached. */
  'message:leave': v.strictObject({
    name: trimmed(FEEDBACK_LIMITS.name),
    contact: contactSchema,
    text: trimmed(FEEDBACK_LIMITS.leftMessage),
    lang: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$/))),
  }),
  /** A technician lists the messages left, newest first. */
  'inbox:list': v.strictObject({}),
} as const;

/** Which contact field is wrong, for a form that shows it next to the field; undefined when it is valid. */
export function contactProblem(contact: Contact): 'email' | 'phone' | undefined {
  return v.safeParse(contactSchema, contact).success ? undefined : contact.kind;
}
