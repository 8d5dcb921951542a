/** Which clicks on Allow / Deny count as the answer (src/widget/session/answer-guard.ts). */
import { describe, expect, it } from 'vitest';
import { ANSWER_GUARD_MS, checkAnswer } from '../../src/widget/session/answer-guard.js';

describe('an answer to a prompt', () => {
  const armedAt = 1000 + ANSWER_GUARD_MS;
  it('counts once the guard time after the prompt appeared has passed', () => {
    expect(checkAnswer({ trusted: true, busy: false, now: armedAt, armedAt })).toEqual({ ok: true });
  });
  it('is told apart when it came too soon, from a script, or while an answer is on its way', () => {
    expect(checkAnswer({ trusted: true, busy: false, now: armedAt - 1, armedAt })).toEqual({ ok: false, reason: 'too-soon' });
    expect(checkAnswer({ trusted: false, busy: false, now: armedAt + 5000, armedAt })).toEqual({ ok: false, reason: 'synthetic' });
    expect(checkAnswer({ trusted: true, busy: true, now: armedAt + 5000, armedAt })).toEqual({ ok: false, reason: 'busy' });
  });
});
