/**
 * Whether a click on Allow / Deny counts as the customer's answer. Clicks made by page scripts never do; nor does a
 * click within the guard time after the prompt appeared (it was meant for what was there before), nor one while an
 * answer is on its way. A click that came too soon is told apart, so that the customer sees why nothing happened.
 */

/** How long a new prompt ignores clicks, ms. */
export const ANSWER_GUARD_MS = 600;

export type AnswerCheck = { ok: true } | { ok: false; reason: 'synthetic' | 'busy' | 'too-soon' };

export function checkAnswer(click: { trusted: boolean; busy: boolean; now: number; armedAt: number }): AnswerCheck {
  if (!click.trusted) return { ok: false, reason: 'synthetic' };
  if (click.busy) return { ok: false, reason: 'busy' };
  if (click.now < click.armedAt) return { ok: false, reason: 'too-soon' };
  return { ok: true };
}
