/**
 * Which language the widget and the console speak (src/ui/locale.ts): the element's own `lang`, else the nearest
 * `lang` in the page (through shadow roots), then the browser's languages, else English; the tag for Intl; the
 * writing direction.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { canonicalTag, chooseLocale, langCandidates, localeChooser, textDirection, type LangSource } from '../../src/ui/locale.js';

const SUPPORTED = ['en', 'ar', 'de', 'en-XA', 'es', 'fr', 'pl'];

/** A stand-in element: `lang` on itself (or an ancestor: `closest`), inside the shadow root of `host` if given. */
function element(lang: string | null, host?: LangSource): LangSource {
  return {
    closest: () => (lang === null ? null : { getAttribute: () => lang }),
    getRootNode: () => (host ? { host } : {}),
  };
}

describe('chooseLocale', () => {
  it('takes the first candidate one of the catalogs serves: exact tag, else its language', () => {
    expect(chooseLocale(['pl'], SUPPORTED, 'en')).toEqual({ locale: 'pl', tag: 'pl', dir: 'ltr' });
    expect(chooseLocale(['de-AT'], SUPPORTED, 'en')).toEqual({ locale: 'de', tag: 'de-AT', dir: 'ltr' });
    expect(chooseLocale(['ar-EG'], SUPPORTED, 'en')).toEqual({ locale: 'ar', tag: 'ar-EG', dir: 'rtl' });
    expect(chooseLocale(['en-XA'], SUPPORTED, 'en')).toMatchObject({ locale: 'en-XA' });
    expect(chooseLocale(['en-GB'], SUPPORTED, 'en')).toEqual({ locale: 'en', tag: 'en-GB', dir: 'ltr' });
  });

  it('skips languages it has no catalog for, and malformed or empty tags', () => {
    expect(chooseLocale(['ja', 'zh-Hant-TW', 'fr-CA'], SUPPORTED, 'en')).toEqual({ locale: 'fr', tag: 'fr-CA', dir: 'ltr' });
    expect(chooseLocale(['', null, undefined, 'not a tag', 'es'], SUPPORTED, 'en')).toMatchObject({ locale: 'es' });
  });

  it('is case-insensitive and gives the canonical tag for Intl', () => {
    expect(chooseLocale(['PL-pl'], SUPPORTED, 'en')).toEqual({ locale: 'pl', tag: 'pl-PL', dir: 'ltr' });
    expect(chooseLocale(['EN-xa'], SUPPORTED, 'en')).toMatchObject({ locale: 'en-XA' });
  });

  it('falls back to the source locale', () => {
    expect(chooseLocale([], SUPPORTED, 'en')).toEqual({ locale: 'en', tag: 'en', dir: 'ltr' });
    expect(chooseLocale(['ja', 'ko'], SUPPORTED, 'en')).toEqual({ locale: 'en', tag: 'en', dir: 'ltr' });
  });
});

describe('canonicalTag', () => {
  it('gives what Intl.getCanonicalLocales gives, also for the tags it puts in canonical case without Intl', () => {
    const tags = ['en', 'EN-us', 'de-at', 'fr-CA', 'es-419', 'ar-eg', 'en-XA', 'pl-PL', 'de_AT', 'en-', 'iw', 'in-ID', 'zh-hant-tw', 'sr-latn', 'en-US-x-foo', 'x', '12', 'en-1234'];
    for (const tag of tags) {
      let expected: string | undefined;
      try {
        expected = Intl.getCanonicalLocales(tag)[0];
      } catch {
        expected = undefined;
      }
      expect(canonicalTag(tag), tag).toBe(expected);
    }
    expect(canonicalTag('')).toBeUndefined();
    expect(canonicalTag(null)).toBeUndefined();
  });
});

describe('langCandidates', () => {
  const browser = () => ['pl-PL', 'en-US'];

  it("puts the nearest lang (the element's own or an ancestor's) before the browser's languages", () => {
    expect([...langCandidates(element('de'), browser)]).toEqual(['de', 'pl-PL', 'en-US']);
  });

  it("uses the browser's languages when the page says nothing", () => {
    expect([...langCandidates(element(null), browser)]).toEqual(['pl-PL', 'en-US']);
    expect([...langCandidates(element(null), () => undefined)]).toEqual([]);
  });

  it("does not read the browser's languages when the page's lang is taken (the first read costs the page)", () => {
    const unread = () => expect.unreachable("the browser's languages were read");
    expect(chooseLocale(langCandidates(element('de-AT'), unread), SUPPORTED, 'en')).toEqual({ locale: 'de', tag: 'de-AT', dir: 'ltr' });
  });

  it('looks through shadow roots: an element in another component inherits its host’s language', () => {
    expect([...langCandidates(element(null, element('fr')), browser)]).toEqual(['fr', 'pl-PL', 'en-US']);
    expect([...langCandidates(element(null, element(null, element('ar'))), browser)]).toEqual(['ar', 'pl-PL', 'en-US']);
  });

  it('keeps lang="" (language unknown): it matches nothing, so the browser decides', () => {
    expect([...langCandidates(element(''), browser)]).toEqual(['', 'pl-PL', 'en-US']);
    expect(chooseLocale(langCandidates(element(''), browser), SUPPORTED, 'en').locale).toBe('pl');
  });
});

describe('localeChooser', () => {
  afterEach(() => vi.unstubAllGlobals());
  const choose = localeChooser('en', ['ar', 'de', 'pl']);

  it("chooses for an element among its catalogs: the page's lang, then the browser's languages of the moment", () => {
    vi.stubGlobal('navigator', { languages: ['pl-PL', 'en-US'] });
    expect(choose(element(null, element('ar-EG')))).toEqual({ locale: 'ar', tag: 'ar-EG', dir: 'rtl' });
    expect(choose(element(null))).toEqual({ locale: 'pl', tag: 'pl-PL', dir: 'ltr' });
    vi.stubGlobal('navigator', { languages: ['ja'] });
    expect(choose(element('fr'))).toEqual({ locale: 'en', tag: 'en', dir: 'ltr' });
  });

  it('works without navigator.languages (English unless the page says otherwise)', () => {
    vi.stubGlobal('navigator', {});
    expect(choose(element(null))).toEqual({ locale: 'en', tag: 'en', dir: 'ltr' });
    expect(choose(element('de-AT'))).toEqual({ locale: 'de', tag: 'de-AT', dir: 'ltr' });
  });
});

describe('textDirection', () => {
  it('is right-to-left for Arabic, Hebrew, Persian, Urdu and the like, else left-to-right', () => {
    for (const tag of ['ar', 'ar-EG', 'he', 'fa-IR', 'ur']) expect(textDirection(tag)).toBe('rtl');
    for (const tag of ['en', 'pl', 'de', 'fr', 'es', 'en-XA', 'arn']) expect(textDirection(tag)).toBe('ltr');
  });
});
