/**
 * A refusal for too many requests says how long to wait when the relay said (its `retryAfter`, up to an hour for new
 * sessions): in minutes or hours from now, rounded up, in the console's language, counted down while it shows; a
 * short wait stays "a moment", and a wait that is over says so.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { initialConsoleState } from '../../src/console/session/state-helpers.js';
import type { ConsoleState } from '../../src/console/session/types.js';
import { retryWait } from '../../src/console/session/views.js';
import { errorText } from '../../src/console/strings.js';
import { formatWait, setFormatLocale, waitAmount } from '../../src/ui/format.js';
import { reduce, T0, TECH } from './console-fixtures.js';

const MIN = 60_000;

afterEach(() => setFormatLocale(undefined));

describe('waitAmount', () => {
  it.each([
    [1, 1, 'minute'],
    [59_000, 1, 'minute'],
    [MIN, 1, 'minute'],
    [MIN + 1, 2, 'minute'],
    [40 * MIN, 40, 'minute'],
    [59 * MIN + 1, 1, 'hour'],
    [60 * MIN, 1, 'hour'],
    [75 * MIN, 75, 'minute'],
    [120 * MIN, 2, 'hour'],
    [150 * MIN, 3, 'hour'],
  ] as const)('puts %i ms as %i %s, rounded up', (ms, value, unit) => {
    expect(waitAmount(ms)).toEqual({ value, unit });
  });
});

describe('formatWait', () => {
  it.each([
    ['en', 40 * MIN, 'in 40 minutes'],
    ['en', 60 * MIN, 'in 1 hour'],
    ['pl', 40 * MIN, 'za 40 minut'],
    ['pl', 2 * MIN, 'za 2 minuty'],
    ['de', 60 * MIN, 'in 1 Stunde'],
    ['fr', 40 * MIN, 'dans 40 minutes'],
    ['es', 40 * MIN, 'dentro de 40 minutos'],
  ])('says the wait in %s: %i ms is %j', (locale, ms, text) => {
    expect(formatWait(ms, locale)).toBe(text);
  });

  it('says it in Arabic with the locale’s plural form', () => {
    expect(formatWait(40 * MIN, 'ar')).toMatch(/^خلال .*دقيقة$/);
  });

  it('uses the language the console chose when none is given', () => {
    setFormatLocale('de');
    expect(formatWait(5 * MIN)).toBe('in 5 Minuten');
  });
});

describe('the wait of a refusal', () => {
  const signedIn: ConsoleState = { ...initialConsoleState(), connection: 'connected', technician: TECH };
  const refused = (error: { code: 'rate-limited' | 'capacity'; retryAfter?: number }) =>
    reduce(reduce(signedIn, { type: 'op-start', op: 'create', now: T0 }), { type: 'op-failed', op: 'create', error, now: T0 });

  it('counts the relay’s retryAfter down from the refusal', () => {
    const s = refused({ code: 'rate-limited', retryAfter: 40 * MIN });
    expect(retryWait(s, T0)).toBe(40 * MIN);
    expect(retryWait(s, T0 + 10 * MIN)).toBe(30 * MIN);
    expect(retryWait(s, T0 + 41 * MIN)).toBe(-MIN);
  });

  it('is not counted down when the relay asked for less than a minute: the alert says "a moment" once, not "now" seconds later', () => {
    setFormatLocale('en');
    const s = refused({ code: 'rate-limited', retryAfter: 5_000 });
    for (const now of [T0, T0 + 6_000]) {
      expect(retryWait(s, now)).toBeUndefined();
      expect(errorText('rate-limited', undefined, retryWait(s, now))).toBe('Too many requests. Wait a moment and try again.');
    }
  });

  it('is unknown when the relay gave no retryAfter, or refused for something else', () => {
    expect(retryWait(refused({ code: 'rate-limited' }), T0)).toBeUndefined();
    expect(retryWait(refused({ code: 'capacity', retryAfter: MIN }), T0)).toBeUndefined();
    expect(retryWait(signedIn, T0)).toBeUndefined();
  });
});

describe('the text of a rate-limited refusal', () => {
  it('says how long to wait, in minutes or hours from now', () => {
    setFormatLocale('en');
    expect(errorText('rate-limited', undefined, 40 * MIN)).toBe('Too many requests. Try again in 40 minutes.');
    expect(errorText('rate-limited', undefined, 59 * MIN + 30_000)).toBe('Too many requests. Try again in 1 hour.');
    expect(errorText('rate-limited', undefined, MIN)).toBe('Too many requests. Try again in 1 minute.');
  });

  it('keeps "a moment" for a wait under a minute or an unknown one, and says when it is over', () => {
    setFormatLocale('en');
    expect(errorText('rate-limited', undefined, 59_999)).toBe('Too many requests. Wait a moment and try again.');
    expect(errorText('rate-limited')).toBe('Too many requests. Wait a moment and try again.');
    expect(errorText('rate-limited', undefined, 0)).toBe('Too many requests. You can try again now.');
    expect(errorText('rate-limited', undefined, -5_000)).toBe('Too many requests. You can try again now.');
  });
});
