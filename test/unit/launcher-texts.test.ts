/**
 * The launcher's own failure texts (src/widget/launcher/texts.ts: it has no @lit/localize and must speak when nothing
 * more can be loaded) are those of the XLIFF files, which the box uses for the same message (screens/lazy.ts): the
 * English source and each language's target, for every language of the widget.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allLocales, sourceLocale, targetLocales } from '../../src/widget/generated/locale-codes.js';
import { FAILURE_TEXTS } from '../../src/widget/launcher/texts.js';
import { PSEUDO_LOCALE } from '../../scripts/localize.mjs';

const IDS = ['launcher.failed', 'launcher.retry'] as const;
/** The languages of the widget, but the pseudo-locale for testing (the launcher shows English for it). */
const LANGUAGES = targetLocales.filter((l): l is Exclude<typeof l, 'en-XA'> => l !== PSEUDO_LOCALE);

const unescape = (xml: string) =>
  xml.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!);

/** The source and target of trans-unit `id` in the widget's XLIFF file of `locale`. */
function unit(locale: string, id: string): { source?: string; target?: string } {
  const xlf = readFileSync(join(import.meta.dirname, '..', '..', 'locales', 'widget', `${locale}.xlf`), 'utf8');
  const body = new RegExp(`<trans-unit id="${id.replace('.', '\\.')}">([\\s\\S]*?)</trans-unit>`).exec(xlf)?.[1] ?? '';
  const part = (tag: string) => {
    const text = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(body)?.[1];
    return text === undefined ? undefined : unescape(text);
  };
  return { source: part('source'), target: part('target') };
}

describe("the launcher's failure texts", () => {
  it('cover every language of the widget', () => {
    expect(Object.keys(FAILURE_TEXTS).sort()).toEqual(allLocales.filter((l) => l !== PSEUDO_LOCALE).sort());
  });

  it.each(IDS)('%s in English is the source text of the XLIFF files', (id) => {
    for (const locale of targetLocales) expect(unit(locale, id).source, locale).toBe(FAILURE_TEXTS[sourceLocale][id]);
  });

  it.each(LANGUAGES)('%s: both texts are the XLIFF targets', (locale) => {
    for (const id of IDS) {
      const { target } = unit(locale, id);
      expect(target, `${locale} ${id}`).toBeTruthy();
      expect(FAILURE_TEXTS[locale][id]).toBe(target);
    }
  });
});
