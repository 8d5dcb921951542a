/** Leaving a message while nobody can chat (src/widget/leave-message.ts): the form's checks and the relay's answers. */
import { describe, expect, it } from 'vitest';
import { relayError } from '../../src/protocol/index.js';
import { checkLeaveForm, leaveOutcome, type LeaveForm } from '../../src/widget/leave-message.js';

const form = (extra: Partial<LeaveForm> = {}): LeaveForm => ({
  name: '  Ada  ',
  contactKind: 'email',
  contact: ' ada@example.com ',
  text: ' My printer is offline. ',
  ...extra,
});

describe('the leave-a-message form', () => {
  it('sends trimmed values and the page language', () => {
    expect(checkLeaveForm(form(), 'pl')).toEqual({
      ok: true,
      payload: { name: 'Ada', contact: { kind: 'email', value: 'ada@example.com' }, text: 'My printer is offline.', lang: 'pl' },
    });
  });

  it('accepts a phone number as people write it, and leaves out a language that is no tag', () => {
    const check = checkLeaveForm(form({ contactKind: 'phone', contact: '+48 (22) 123-45-67' }), 'not a tag!');
    expect(check).toEqual({
      ok: true,
      payload: { name: 'Ada', contact: { kind: 'phone', value: '+48 (22) 123-45-67' }, text: 'My printer is offline.' },
    });
  });

  it('names every field to correct: an empty name, a bad address or number, an empty message', () => {
    expect(checkLeaveForm(form({ name: ' ', contact: 'ada@', text: '' }))).toEqual({ ok: false, problems: ['name', 'contact', 'text'] });
    expect(checkLeaveForm(form({ contactKind: 'phone', contact: '12345' }))).toEqual({ ok: false, problems: ['contact'] });
    expect(checkLeaveForm(form({ contactKind: 'phone', contact: 'call me' }))).toEqual({ ok: false, problems: ['contact'] });
    expect(checkLeaveForm(form({ contactKind: 'email', contact: '+48 22 123 45 67' }))).toEqual({ ok: false, problems: ['contact'] });
    expect(checkLeaveForm(form({ text: 'x'.repeat(2001) }))).toEqual({ ok: false, problems: ['text'] });
  });
});

describe("the relay's answer", () => {
  const NOW = 1_000_000;
  it('is sent once the relay has it', () => {
    expect(leaveOutcome({ ok: true, id: 'm1' }, NOW)).toEqual({ state: 'sent' });
  });

  it('offers Retry at once when the relay could not be reached or was unavailable', () => {
    expect(leaveOutcome({ ok: false, error: 'unreachable' }, NOW)).toEqual({ state: 'failed', retryable: true, retryAt: NOW, code: 'unreachable' });
    expect(leaveOutcome({ ok: false, error: relayError('unavailable') }, NOW)).toMatchObject({ retryable: true, retryAt: NOW });
  });

  it('offers Retry only after retryAfter when rate-limited', () => {
    const answer = { ok: false as const, error: { ...relayError('rate-limited'), retryAfter: 60_000 } };
    expect(leaveOutcome(answer, NOW)).toEqual({ state: 'failed', retryable: true, retryAt: NOW + 60_000, code: 'rate-limited' });
  });

  it('marks the field the relay refused, without Retry', () => {
    const answer = { ok: false as const, error: { ...relayError('bad-payload'), detail: 'contact.value' } };
    expect(leaveOutcome(answer, NOW)).toEqual({ state: 'failed', retryable: false, retryAt: NOW, code: 'bad-payload', field: 'contact' });
  });
});
