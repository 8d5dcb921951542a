/** The rating and left-message payloads (src/protocol/feedback.ts): what a customer may send, and what is refused. */
import { describe, expect, it } from 'vitest';
import { contactProblem, parsePayload } from '../../src/protocol/index.js';

const leave = (contact: unknown, extra: object = {}) => parsePayload('message:leave', { name: 'Ada', contact, text: 'Call me back, please.', ...extra });

describe('a left message', () => {
  it('takes an e-mail address or a phone number as people write them, trimmed', () => {
    for (const value of ['ada@example.com', ' ada.lovelace+support@mail.example.co.uk ']) expect(leave({ kind: 'email', value }).ok).toBe(true);
    for (const value of ['+48 22 123 45 67', '(030) 1234-5678', '555.123.4567', '+1 212/555 0100']) expect(leave({ kind: 'phone', value }).ok).toBe(true);
    const parsed = leave({ kind: 'email', value: '  ada@example.com ' }, { name: '  Ada  ' });
    expect(parsed.ok && [parsed.value.contact.value, parsed.value.name]).toEqual(['ada@example.com', 'Ada']);
  });

  it('refuses what cannot reach anybody', () => {
    for (const value of ['ada', 'ada@', '@example.com', 'ada@example', 'a b@example.com', `${'a'.repeat(250)}@example.com`]) {
      expect(leave({ kind: 'email', value }).ok, value).toBe(false);
      expect(contactProblem({ kind: 'email', value })).toBe('email');
    }
    for (const value of ['12345', '+48 abc 123', '1234567890123456', 'call me', '+']) {
      expect(leave({ kind: 'phone', value }).ok, value).toBe(false);
      expect(contactProblem({ kind: 'phone', value })).toBe('phone');
    }
    expect(contactProblem({ kind: 'phone', value: '+48 600 700 800' })).toBeUndefined();
    expect(leave({ kind: 'fax', value: '123456' }).ok).toBe(false);
  });

  it('needs a name and a text, within their limits', () => {
    expect(leave({ kind: 'email', value: 'ada@example.com' }, { name: '   ' }).ok).toBe(false);
    expect(leave({ kind: 'email', value: 'ada@example.com' }, { text: '' }).ok).toBe(false);
    expect(leave({ kind: 'email', value: 'ada@example.com' }, { text: 'x'.repeat(2001) }).ok).toBe(false);
    expect(leave({ kind: 'email', value: 'ada@example.com' }, { lang: '<script>' }).ok).toBe(false);
  });
});

describe('a rating', () => {
  it('is a whole score from 1 to 5 with an optional comment', () => {
    for (const score of [1, 2, 3, 4, 5]) expect(parsePayload('session:rate', { score }).ok).toBe(true);
    for (const score of [0, 6, 3.5, '4', null]) expect(parsePayload('session:rate', { score }).ok).toBe(false);
    expect(parsePayload('session:rate', { score: 5, comment: 'x'.repeat(1001) }).ok).toBe(false);
    expect(parsePayload('session:rate', { score: 5, extra: 1 }).ok).toBe(false);
  });
});
