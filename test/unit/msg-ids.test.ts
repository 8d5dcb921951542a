/**
 * The build's short message ids (build/msg-ids.ts): every id of the catalog gets a short key of its own; `msg()` and
 * `msgKey()` calls and the generated locale modules get the same key for the same id; the locale files carry the
 * catalog's stamp, which the script-tag builds compare with their own (src/ui/script-locales.ts); and what cannot be
 * mapped fails instead of leaving an id in place.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSync } from 'vite';
import { catalogIds, keyAt, KeyTable, shortenSourceIds, shortenTemplateKeys } from '../../build/msg-ids.js';
import { ofThisCatalog } from '../../src/ui/script-locales.js';

const ROOT = join(import.meta.dirname, '..', '..');
const IDS = catalogIds(join(ROOT, 'locales'));
const TABLE = new KeyTable(IDS);
const parse = (code: string) => parseSync('module.ts', code, { lang: 'ts' }).program;
const source = (code: string, table = TABLE) => shortenSourceIds(code, parse(code), table);
const k = (id: string) => JSON.stringify(TABLE.key(id));

describe('the keys', () => {
  it('are short identifiers, one per index', () => {
    const keys = Array.from({ length: 3510 }, (_, i) => keyAt(i));
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(key).toMatch(/^[A-Za-z_$][\w$]?$/);
    expect(keys.slice(0, 3)).toEqual(['A', 'B', 'C']);
    expect(keys[54]).toBe('AA');
    expect(() => keyAt(3510)).toThrow(/more than 3510 message ids/);
  });

  it('number every id of the catalogs (widget and console), each with a key of its own', () => {
    expect(IDS.length).toBeGreaterThan(150);
    expect(IDS).toContain('ask.desktop-view');
    expect(new Set(IDS.map((id) => TABLE.key(id))).size).toBe(IDS.length);
    expect(new KeyTable(['b', 'a', 'c', 'a']).key('b')).toBe('B');
  });

  it('depend on the catalog alone, whose stamp changes with any id (so that a locale file of another catalog is refused)', () => {
    const table = new KeyTable(['a.one', 'b.two']);
    expect(new KeyTable(['b.two', 'a.one']).catalog).toBe(table.catalog);
    expect(new KeyTable(['b.two', 'a.one']).key('b.two')).toBe(table.key('b.two'));
    const added = new KeyTable(['a.new', 'a.one', 'b.two']);
    expect(added.key('b.two')).not.toBe(table.key('b.two'));
    expect(added.catalog).not.toBe(table.catalog);
    expect(table.catalog).toMatch(/^[\w-]{8}$/);
  });

  it('fail for an id that is not in the catalog', () => {
    expect(() => TABLE.key('not.extracted')).toThrow('message id "not.extracted" is not in locales/*/*.xlf: run npm run localize:extract');
  });
});

describe('ofThisCatalog', () => {
  it('takes any locale file in the sources, which key by the ids themselves (the builds check the stamp)', () => {
    const file = { templates: { title: 'Zdalna pomoc' } };
    expect(ofThisCatalog(file)).toBe(file);
  });

  it("gets the catalog's stamp in the builds, and then refuses a file of another catalog (or none)", () => {
    const code = readFileSync(join(ROOT, 'src', 'ui', 'script-locales.ts'), 'utf8');
    const out = source(code)!;
    expect(out).toContain(`expected = ${JSON.stringify(TABLE.catalog)})`);
    expect(out).not.toMatch(/msgCatalog\(\)/);
    const file = { templates: {}, catalog: 'abc' };
    expect(ofThisCatalog(file, 'abc')).toBe(file);
    expect(() => ofThisCatalog(file, 'abd')).toThrow('the locale file is of another build (catalog abc, expected abd)');
    expect(() => ofThisCatalog({ templates: {} }, 'abd')).toThrow('(catalog undefined, expected abd)');
  });
});

describe('shortenSourceIds', () => {
  it("replaces the id of each msg() call, each msgKey() call and each msgCatalog() call, and nothing else", () => {
    const code = `import { msg, str } from '@lit/localize';
import { msgCatalog, msgKey } from '../ui/msg-key.js';
const a = msg('Ask for help', { id: 'ask.open' });
const b = msg(str\`\${who} wants to see your screen.\`, { desc: 'ask.open stays', id: "ask.desktop-view" });
const c = t[msgKey('title')];
const d = { id: 'ask.open' };
const e = msgCatalog();
`;
    expect(source(code)).toBe(`import { msg, str } from '@lit/localize';
import { msgCatalog, msgKey } from '../ui/msg-key.js';
const a = msg('Ask for help', { id: ${k('ask.open')} });
const b = msg(str\`\${who} wants to see your screen.\`, { desc: 'ask.open stays', id: ${k('ask.desktop-view')} });
const c = t[${k('title')}];
const d = { id: 'ask.open' };
const e = ${JSON.stringify(TABLE.catalog)};
`);
  });

  it('follows a renamed import, and leaves a module that imports none of them alone', () => {
    const out = source(`import { msg as m } from '@lit/localize';\nm('Hi', { id: 'title' });`);
    expect(out).toContain(`m('Hi', { id: ${k('title')} })`);
    expect(source(`const msg = (s: string, o: object) => s;\nmsg('Hi', { id: 'title' });`)).toBeNull();
  });

  it('uses the same key as the locale modules, from the same catalog', () => {
    const table = new KeyTable(['a.x', 'ask.open', 'b.y']);
    const out = source(`import { msg } from '@lit/localize';\nmsg('Ask for help', { id: 'ask.open' });`, table);
    const locale = "export const templates = { 'ask.open': `Um Hilfe bitten` };";
    expect(out).toContain(`{ id: "B" }`);
    expect(shortenTemplateKeys(locale, parse(locale), table)).toBe('export const templates = { B: `Um Hilfe bitten` };');
  });

  it('fails on a msg() or msgKey() call whose id is not a string literal, or an id not in the catalog', () => {
    const head = `import { msg } from '@lit/localize';\nimport { msgKey } from './msg-key.js';\n`;
    expect(() => source(`${head}msg('Hi');`)).toThrow(/msg\(\) without a string literal id: msg\('Hi'\)/);
    expect(() => source(`${head}msg('Hi', { id });`)).toThrow(/msg\(\) without a string literal id/);
    expect(() => source(`${head}msg('Hi', { id: \`x.\${n}\` });`)).toThrow(/msg\(\) without a string literal id/);
    expect(() => source(`${head}msg('Hi', options);`)).toThrow(/msg\(\) without a string literal id/);
    expect(() => source(`${head}t[msgKey(id)];`)).toThrow(/msgKey\(\) without one string literal/);
    expect(() => source(`${head}msg('Hi', { id: 'not.extracted' });`)).toThrow(/"not\.extracted" is not in locales/);
    expect(() => source(`${head}t[msgKey('not.extracted')];`)).toThrow(/"not\.extracted" is not in locales/);
  });
});

describe('shortenTemplateKeys', () => {
  const file = (ui: string, locale: string) => readFileSync(join(ROOT, 'src', ui, 'generated', 'locales', `${locale}.ts`), 'utf8');

  it.each([
    ['widget', 'de'],
    ['console', 'ar'],
  ])("gives every template of a generated locale module (%s, %s) its id's key, and keeps the texts", (ui, locale) => {
    const code = file(ui, locale);
    const ids = [...code.matchAll(/^\s*'([^']+)': /gm)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThan(40);
    const out = shortenTemplateKeys(code, parse(code), TABLE);
    for (const id of ids) expect(out).not.toContain(`'${id}':`);
    expect([...out.matchAll(/^\s*([\w$]{1,2}): /gm)].map((m) => m[1])).toEqual(ids.map((id) => TABLE.key(id)));
    expect(out.replace(/^(\s*)[\w$]{1,2}: /gm, '$1')).toBe(code.replace(/^(\s*)'[^']+': /gm, '$1'));
  });

  it('with `stamp`, adds the catalog\'s stamp', () => {
    const code = file('widget', 'de');
    const out = shortenTemplateKeys(code, parse(code), TABLE, true);
    expect(out).toContain(`\n${TABLE.key('ask.open')}: \`Um Hilfe bitten\`,`);
    expect(out.endsWith(`\nexport const catalog = ${JSON.stringify(TABLE.catalog)};\n`)).toBe(true);
    expect(shortenTemplateKeys(code, parse(code), TABLE)).not.toContain('catalog');
  });

  it('fails on a module without templates, a key that is not a literal, or an id not in the catalog', () => {
    const t = (code: string) => () => shortenTemplateKeys(code, parse(code), TABLE);
    expect(t('export const messages = {};')).toThrow(/no `export const templates/);
    expect(t('const templates = {}; export { templates };')).toThrow(/no `export const templates/);
    expect(t("export const templates = { [id]: 'x' };")).toThrow(/a template without a literal key/);
    expect(t("export const templates = { ...other, 'title': 'x' };")).toThrow(/a template without a literal key/);
    expect(t("export const templates = { 'not.extracted': 'x' };")).toThrow(/"not\.extracted" is not in locales/);
  });
});
