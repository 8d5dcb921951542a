/** The widget's pure helpers: code normalisation, Intl formatting, locale matching, limits shared with the relay. */
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/protocol/schemas.js';
import { formatCountdown, formatHours, formatList, normalizeCode } from '../../src/widget/format.js';
import { LIMITS_DESCRIPTION, LIMITS_MESSAGE_LENGTH, LIMITS_NAME } from '../../src/ui/limits.js';
import { pickLocale } from '../../src/widget/localization.js';

describe('normalizeCode', () => {
  it.each([
    ['123456', '123456'],
    ['123 456', '123456'],
    ['123-456', '123456'],
    [' 12 34 56 ', '123456'],
    ['１２３４５６', '123456'],
    ['1234567', '123456'],
    ['abc', ''],
  ])('turns %j into %j', (input, output) => {
    expect(normalizeCode(input)).toBe(output);
  });
});

describe('formatCountdown', () => {
  it('shows minutes and seconds, rounded up, never negative', () => {
    expect(formatCountdown(90_000)).toBe('1:30');
    expect(formatCountdown(59_001)).toBe('1:00');
    expect(formatCountdown(9_000)).toBe('0:09');
    expect(formatCountdown(-5)).toBe('0:00');
  });
});

describe('formatHours', () => {
  const hours = { timeZone: 'Europe/Warsaw', days: [1, 2, 3, 4, 5], open: '08:00', close: '16:00' };

  it('names a run of weekdays as a range, the times and the time zone', () => {
    expect(formatHours(hours, 'en-US')).toMatch(
      /^Monday – Friday, 8:00\sAM – 4:00\sPM \(Central European (Standard|Summer) Time\)$/,
    );
  });

  it('lists days that are not a run, in the locale', () => {
    expect(formatHours({ ...hours, days: [6, 1, 3] }, 'en-GB')).toMatch(/^Monday, Wednesday, Saturday, 0?8:00 – 16:00 \(/);
    expect(formatHours({ ...hours, days: [1, 2] }, 'de')).toMatch(/^Montag, Dienstag, 0?8:00 – 16:00 \(/);
  });

  it('shows an unknown time zone by its id instead of failing', () => {
    expect(formatHours({ ...hours, timeZone: 'Mars/Olympus' }, 'en-US')).toMatch(/\(Mars\/Olympus\)$/);
  });
});

describe('formatList', () => {
  it('joins in the style of the locale', () => {
    expect(formatList(['a', 'b', 'c'], 'en')).toBe('a, b, and c');
  });
});

describe('pickLocale', () => {
  it('falls back to English while there are no translations', () => {
    expect(pickLocale('en-GB')).toBe('en');
    expect(pickLocale('pl-PL')).toBe('en');
    expect(pickLocale('')).toBe('en');
  });
});

describe('widget limits', () => {
  it('match the relay schema limits', () => {
    expect(LIMITS_MESSAGE_LENGTH).toBe(LIMITS.messageLength);
    expect(LIMITS_NAME).toBe(LIMITS.name);
    expect(LIMITS_DESCRIPTION).toBe(LIMITS.description);
  });
});
