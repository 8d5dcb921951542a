/** The widget's pure helpers: code normalisation, Intl formatting in the chosen locale, limits shared with the relay. */
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/protocol/schemas.js';
import { formatBytes } from '../../src/ui/format-bytes.js';
import { setFormatLocale } from '../../src/ui/format.js';
import { formatCountdown, formatList, formatNumber, formatTime, formatUnit, normalizeCode } from '../../src/widget/format.js';
import { formatHours } from '../../src/widget/hours.js';
import { LIMITS_DESCRIPTION, LIMITS_MESSAGE_LENGTH, LIMITS_NAME } from '../../src/ui/limits.js';

describe('normalizeCode', () => {
  it.each([
    ['123456', '123456'],
    ['123 456', '123456'],
    ['123-456', '123456'],
    [' 12 34 56 ', '123456'],
    ['１２３４５６', '123456'],
    ['١٢٣٤٥٦', '123456'],
    ['۱۲۳ ۴۵۶', '123456'],
    ['१२३४५६', '123456'],
    ['0987654321', '098765'],
    ['1234567', '123456'],
    ['abc', ''],
  ])('turns %j into %j', (input, output) => {
    expect(normalizeCode(input)).toBe(output);
  });
});

describe('formatCountdown', () => {
  it('shows minutes and seconds, rounded up, never negative', () => {
    expect(formatCountdown(90_000, 'en')).toBe('1:30');
    expect(formatCountdown(59_001, 'en')).toBe('1:00');
    expect(formatCountdown(9_000, 'en')).toBe('0:09');
    expect(formatCountdown(-5, 'en')).toBe('0:00');
    expect(formatCountdown(6_000_000, 'en')).toBe('100:00');
  });

  it("uses the locale's digits", () => {
    expect(formatCountdown(65_000, 'ar-EG')).toBe('١:٠٥');
    expect(formatCountdown(65_000, 'pl')).toBe('1:05');
  });
});

describe('formatting in the locale the element chose', () => {
  it('follows setFormatLocale when no locale is given', () => {
    try {
      setFormatLocale('de');
      expect(formatNumber(1234.5)).toBe('1.234,5');
      expect(formatTime(Date.UTC(2025, 0, 1, 14, 5))).toMatch(/^\d{2}:05$/);
      expect(formatList(['a', 'b', 'c'])).toBe('a, b und c');
      setFormatLocale('ar-EG');
      expect(formatNumber(12)).toBe('١٢');
    } finally {
      setFormatLocale(undefined);
    }
  });

  it('says counts of seconds and minutes with their plural forms', () => {
    expect(formatUnit(1, 'second', 'en')).toBe('1 second');
    expect(formatUnit(30, 'second', 'en')).toBe('30 seconds');
    expect(formatUnit(1, 'minute', 'pl')).toBe('1 minuta');
    expect(formatUnit(3, 'minute', 'pl')).toBe('3 minuty');
    expect(formatUnit(5, 'minute', 'pl')).toBe('5 minut');
    expect(formatUnit(22, 'minute', 'pl')).toBe('22 minuty');
    expect(formatUnit(10, 'second', 'de')).toBe('10 Sekunden');
    expect(formatUnit(1, 'second', 'fr')).toMatch(/^1\sseconde$/);
    expect(formatUnit(10, 'second', 'es')).toBe('10 segundos');
    expect(formatUnit(3, 'minute', 'ar-EG')).toBe('٣ دقائق');
    expect(formatUnit(11, 'minute', 'ar-EG')).toBe('١١ دقيقة');
  });

  it('says file sizes 1024-based, in bytes in words and larger units short, one decimal at most', () => {
    expect(formatBytes(1, 'en')).toBe('1 byte');
    expect(formatBytes(300, 'en')).toBe('300 bytes');
    expect(formatBytes(1536, 'en')).toBe('1.5 kB');
    expect(formatBytes(25 * 1024 ** 2, 'en')).toBe('25 MB');
    expect(formatBytes(3 * 1024 ** 4, 'en')).toBe('3,072 GB');
    expect(formatBytes(1536, 'de')).toBe('1,5 kB');
    try {
      setFormatLocale('pl');
      expect(formatBytes(5)).toBe('5 bajtów');
    } finally {
      setFormatLocale(undefined);
    }
  });
});

describe('formatHours', () => {
  const hours = { timeZone: 'Europe/Warsaw', days: [1, 2, 3, 4, 5], open: '08:00', close: '16:00' };

  it('names a run of weekdays as a range, the times and the time zone', () => {
    const h = formatHours(hours, 'en-US');
    expect(h.days).toBe('Monday – Friday');
    expect(h.times).toMatch(/^8:00\sAM – 4:00\sPM$/);
    expect(h.zone).toMatch(/^Central European (Standard|Summer) Time$/);
  });

  it('lists days that are not a run, in the locale', () => {
    expect(formatHours({ ...hours, days: [6, 1, 3] }, 'en-GB')).toMatchObject({ days: 'Monday, Wednesday and Saturday' });
    expect(formatHours({ ...hours, days: [6, 1, 3] }, 'en-GB').times).toMatch(/^0?8:00 – 16:00$/);
    expect(formatHours({ ...hours, days: [1, 2] }, 'de')).toMatchObject({ days: 'Montag und Dienstag' });
    expect(formatHours({ ...hours, days: [1, 2, 3, 4, 5, 7] }, 'pl').days).toBe('poniedziałek – piątek i niedziela');
    expect(formatHours(hours, 'ar').days).toBe('الاثنين – الجمعة');
  });

  it('shows an unknown time zone by its id instead of failing', () => {
    expect(formatHours({ ...hours, timeZone: 'Mars/Olympus' }, 'en-US').zone).toBe('Mars/Olympus');
  });
});

describe('formatList', () => {
  it('joins in the style of the locale', () => {
    expect(formatList(['a', 'b', 'c'], 'en')).toBe('a, b, and c');
  });
});

describe('widget limits', () => {
  it('match the relay schema limits', () => {
    expect(LIMITS_MESSAGE_LENGTH).toBe(LIMITS.messageLength);
    expect(LIMITS_NAME).toBe(LIMITS.name);
    expect(LIMITS_DESCRIPTION).toBe(LIMITS.description);
  });
});
