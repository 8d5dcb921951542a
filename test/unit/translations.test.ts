/**
 * Every message is translated in every language, for the widget and the console. The source messages are extracted
 * from the code the way `lit-localize extract` does (its own analyzer); the XLIFF files in locales/ are read the way
 * `lit-localize build` reads them. A message missing from a file, a message without a translation, a translation
 * whose placeholders differ from its source's, or generated modules out of step with the XLIFF fail here, with a
 * list of what to fix (see scripts/localize.mjs for the cycle).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readConfigFileAndWriteSchema } from '@lit/localize-tools/lib/config.js';
import type { Message, ProgramMessage } from '@lit/localize-tools/lib/messages.js';
import { RuntimeLitLocalizer } from '@lit/localize-tools/lib/modes/runtime.js';
import type { RuntimeOutputConfig } from '@lit/localize-tools/lib/types/modes.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { PSEUDO_LOCALE, pseudoTarget } from '../../scripts/localize.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
const LANGUAGES = ['ar', 'de', 'es', 'fr', 'pl'];

/** A message's placeholders (the source expressions it keeps), by index. */
const placeholders = (m: Message) =>
  m.contents
    .filter((c) => typeof c !== 'string')
    .map((c) => `${c.index}:${c.untranslatable}`)
    .sort();

const text = (m: Message) => m.contents.map((c) => (typeof c === 'string' ? c : `{${c.index}}`)).join('');

describe.each([
  ['widget', 'lit-localize.json'],
  ['console', 'lit-localize.console.json'],
])('the %s', (ui, file) => {
  const config = readConfigFileAndWriteSchema(join(ROOT, file));
  const localizer = new RuntimeLitLocalizer(config as ConstructorParameters<typeof RuntimeLitLocalizer>[0]);
  let source: ProgramMessage[] = [];
  let translations = new Map<string, Message[]>();

  beforeAll(() => {
    const extracted = localizer.extractSourceMessages();
    expect(extracted.errors.map((e) => (typeof e.messageText === 'string' ? e.messageText : e.messageText.messageText))).toEqual([]);
    source = extracted.messages;
    translations = localizer.readTranslationsSync().translations;
  }, 60_000);

  it('is in Arabic, German, Spanish, French and Polish, and the pseudo-locale', () => {
    expect([...config.targetLocales].sort()).toEqual([...LANGUAGES, PSEUDO_LOCALE].sort());
  });

  it('gives every msg() a stable id of its own, and only strings and str templates', () => {
    expect(source.length).toBeGreaterThan(100);
    // Without an id, lit-localize names a message by a hash of its text ("s" + 16 hex digits): a changed text would
    // lose its translations silently, and the script-tag bundles leave the hashing out (build/msg-lookup.ts).
    expect(source.filter((m) => /^[sh][0-9a-f]{16}$/.test(m.name)).map(text)).toEqual([]);
    // Their lookup leaves out html`` templates too; markup stays in the elements' templates anyway.
    expect(source.filter((m) => m.tag === 'html').map((m) => m.name)).toEqual([]);
  });

  it.each(LANGUAGES)('has every message translated in %s, with the same placeholders', (locale) => {
    const translated = new Map((translations.get(locale) ?? []).map((m) => [m.name, m]));
    const missing = source.filter((m) => !text(translated.get(m.name) ?? { name: '', contents: [] }).trim()).map((m) => m.name);
    expect(missing, `untranslated in locales/${ui}/${locale}.xlf (run npm run localize:extract, then translate)`).toEqual([]);
    const mismatched = source.filter((m) => placeholders(m).join() !== placeholders(translated.get(m.name)!).join()).map((m) => m.name);
    expect(mismatched, 'placeholders differ from the source').toEqual([]);
    const stale = [...translated.keys()].filter((name) => !source.some((m) => m.name === name));
    expect(stale, 'translations of messages the code no longer has (run npm run localize:extract)').toEqual([]);
  });

  it('has the pseudo-locale wrap every source text in ⟦…⟧', () => {
    const pseudo = new Map((translations.get(PSEUDO_LOCALE) ?? []).map((m) => [m.name, text(m)]));
    const wrong = source.filter((m) => pseudo.get(m.name) !== pseudoTarget(text(m))).map((m) => m.name);
    expect(wrong, 'run npm run localize:extract').toEqual([]);
  });

  it('has generated modules with every message of every language (npm run localize:build)', () => {
    const outputDir = config.resolve((config.output as RuntimeOutputConfig).outputDir);
    for (const locale of config.targetLocales) {
      const module = readFileSync(join(outputDir, `${locale}.ts`), 'utf8');
      const ids = [...module.matchAll(/^\s*'([^']+)': /gm)].map((m) => m[1]).sort();
      expect(ids, `src/${ui}/generated/locales/${locale}.ts`).toEqual(source.map((m) => m.name).sort());
    }
  });
});
