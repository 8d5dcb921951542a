/**
 * Shorter message ids in the built widget and console. Our `msg()` calls name their messages with readable ids
 * ('ask.desktop-view'), which the built chunks keep as strings and the locale modules as the keys of their `templates`.
 * This plugin numbers the ids of the project's catalog (every id of the XLIFF files in `locales/`, sorted) and writes
 * each id's short key (one or two characters: `keyAt`) instead of the id: in the `id` of each `msg()` call and in each
 * `msgKey('…')` call of our sources (src/ui/msg-key.ts), and in the keys of the generated locale modules
 * (src/<ui>/generated/locales/<locale>.ts). Every build that pairs our code with locale modules uses it, so they all
 * give an id the same key.
 *
 * Keys by number change when an id is added or removed, and the script-tag builds load `locales/<locale>.js` by a name
 * without a hash (a cache, or a folder hosted apart with `data-locales`, may hold the file of another build): so the
 * locale files get a stamp of the catalog (`export const catalog`), each `msgCatalog()` call of our sources becomes
 * the same stamp, and the script-tag builds refuse a locale file of another catalog (src/ui/script-locales.ts), which
 * then shows English rather than other messages' texts.
 *
 * It fails the build instead of leaving an id in place: a `msg()` call without a string literal as its id, a
 * `msgKey()` call without a string literal, an id that is not in the catalog (run `npm run localize:extract`), or a
 * locale module without a `templates` object of literal keys.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { isNode, type Node } from './ast.js';

/** Characters a key starts with (an identifier's first character), and those that follow. */
const FIRST = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_$';
const REST = `${FIRST}0123456789`;

/**
 * The key of the `index`th id: one character for the first 54, then two (3,510 in all); a valid identifier, so that a
 * locale module's object needs no quotes around it. Different indexes give different keys.
 */
export function keyAt(index: number): string {
  if (index < FIRST.length) return FIRST[index]!;
  const rest = index - FIRST.length;
  if (rest >= FIRST.length * REST.length) throw new Error(`more than ${FIRST.length * (REST.length + 1)} message ids`);
  return FIRST[Math.floor(rest / REST.length)]! + REST[rest % REST.length]!;
}

/** The keys of a catalog's ids, and its stamp. */
export class KeyTable {
  /** A hash of the sorted ids: the same for every build of the same catalog, and so of the same keys. */
  readonly catalog: string;
  readonly #keys = new Map<string, string>();

  constructor(ids: Iterable<string>) {
    const sorted = [...new Set(ids)].sort();
    sorted.forEach((id, i) => this.#keys.set(id, keyAt(i)));
    this.catalog = createHash('sha256').update(sorted.join('\n')).digest('base64url').slice(0, 8);
  }

  /** The key of `id`; throws when the catalog does not have it. */
  key(id: string): string {
    const key = this.#keys.get(id);
    if (key === undefined) throw new Error(`message id "${id}" is not in locales/*/*.xlf: run npm run localize:extract`);
    return key;
  }
}

/** Every message id of the XLIFF files under `dir` (locales/<ui>/<locale>.xlf, as `lit-localize extract` writes them). */
export function catalogIds(dir: string): string[] {
  const ids = new Set<string>();
  for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.xlf')) continue;
    for (const m of readFileSync(join(dir, file), 'utf8').matchAll(/<trans-unit\s+id="([^"]+)"/g)) ids.add(m[1]!);
  }
  return [...ids];
}

type Edit = { start: number; end: number; text: string };

const stringLiteral = (node: unknown): string | undefined => (isNode(node) && node.type === 'Literal' && typeof node.value === 'string' ? node.value : undefined);
const nameOf = (node: unknown): string | undefined => (isNode(node) && node.type === 'Identifier' ? (node.name as string) : stringLiteral(node));

function applyEdits(code: string, edits: Edit[]): string {
  let out = code;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** The local names a module imports as `imported` from a module `from` accepts. */
function importedAs(program: Node, imported: string, from: (source: string) => boolean): Set<string> {
  const names = new Set<string>();
  for (const d of program.body as Node[]) {
    if (d.type !== 'ImportDeclaration' || !from(stringLiteral(d.source) ?? '')) continue;
    for (const s of d.specifiers as Node[]) if (s.type === 'ImportSpecifier' && nameOf(s.imported) === imported) names.add(nameOf(s.local)!);
  }
  return names;
}

/**
 * A source module with its message ids replaced by their keys: the `id` of each `msg()` call (imported from
 * @lit/localize) and each `msgKey('…')` call (imported from a `msg-key.js` module), which becomes the key's string;
 * and each `msgCatalog()` call (from the same module) replaced by the catalog's stamp. Null when it has none of them.
 * Throws on a call whose id is not a string literal, or an id the catalog does not have.
 */
export function shortenSourceIds(code: string, program: unknown, table: KeyTable): string | null {
  const root = program as Node;
  const msgs = importedAs(root, 'msg', (s) => s === '@lit/localize');
  const fromKeys = (s: string) => /(^|\/)msg-key\.js$/.test(s);
  const keys = importedAs(root, 'msgKey', fromKeys);
  const stamps = importedAs(root, 'msgCatalog', fromKeys);
  if (!msgs.size && !keys.size && !stamps.size) return null;
  const edits: Edit[] = [];
  const where = (node: Node) => `${code.slice(node.start, Math.min(node.end, node.start + 60))}…`;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isNode(node)) return;
    const callee = node.type === 'CallExpression' && (node.callee as Node).type === 'Identifier' ? nameOf(node.callee) : undefined;
    const args = node.arguments as Node[] | undefined;
    if (callee !== undefined && msgs.has(callee)) {
      const options = args?.[1];
      const idProp = options?.type === 'ObjectExpression' ? (options.properties as Node[]).find((p) => p.type === 'Property' && nameOf(p.key) === 'id') : undefined;
      const id = stringLiteral(idProp?.value);
      if (!idProp || id === undefined) throw new Error(`msg() without a string literal id: ${where(node)}`);
      const value = idProp.value as Node;
      edits.push({ start: value.start, end: value.end, text: JSON.stringify(table.key(id)) });
    } else if (callee !== undefined && keys.has(callee)) {
      const id = stringLiteral(args?.[0]);
      if (id === undefined || args?.length !== 1) throw new Error(`msgKey() without one string literal: ${where(node)}`);
      edits.push({ start: node.start, end: node.end, text: JSON.stringify(table.key(id)) });
      return;
    } else if (callee !== undefined && stamps.has(callee)) {
      edits.push({ start: node.start, end: node.end, text: JSON.stringify(table.catalog) });
      return;
    }
    for (const key of Object.keys(node)) visit(node[key]);
  };
  visit(root);
  return edits.length ? applyEdits(code, edits) : null;
}

/**
 * A generated locale module (`export const templates = { 'id': … }`) with the keys of its templates replaced by their
 * short keys, and with `stamp`, the catalog's stamp as `export const catalog`. Throws when it has no such object, a
 * key that is not a literal, or an id the catalog does not have.
 */
export function shortenTemplateKeys(code: string, program: unknown, table: KeyTable, stamp = false): string {
  const declarator = ((program as Node).body as Node[])
    .filter((n) => n.type === 'ExportNamedDeclaration' && isNode(n.declaration) && n.declaration.type === 'VariableDeclaration')
    .flatMap((n) => (n.declaration as Node).declarations as Node[])
    .find((d) => nameOf(d.id) === 'templates');
  const object = declarator?.init as Node | undefined;
  if (object?.type !== 'ObjectExpression') throw new Error('no `export const templates = {…}` in this locale module');
  const edits = (object.properties as Node[]).map((p): Edit => {
    const key = p.key as Node | undefined;
    const id = p.type === 'Property' && !p.computed ? nameOf(key) : undefined;
    if (!key || id === undefined) throw new Error(`a template without a literal key: ${code.slice(p.start, p.start + 60)}…`);
    return { start: key.start, end: key.end, text: table.key(id) };
  });
  const out = applyEdits(code, edits);
  return stamp ? `${out}\nexport const catalog = ${JSON.stringify(table.catalog)};\n` : out;
}

/** A generated locale module of the widget or the console. */
const LOCALE_MODULE = /[\\/]src[\\/](widget|console)[\\/]generated[\\/]locales[\\/][^\\/]+\.ts$/;
const SOURCE_MODULE = /[\\/]src[\\/](widget|console|ui)[\\/].*\.ts$/;

/**
 * The plugin, for every build that pairs our code with locale modules (the script-tag builds, the launcher, the
 * ES module builds, the locale files): all of them give an id the same key. `root` is the project's folder; `stamp`
 * (the locale files' own builds) adds the catalog's stamp to the locale modules.
 */
export function shortMsgIds(root: string, { stamp = false } = {}): Plugin {
  let table = new KeyTable([]);
  return {
    name: 'rsw-short-msg-ids',
    enforce: 'pre',
    buildStart() {
      try {
        table = new KeyTable(catalogIds(join(root, 'locales')));
      } catch (error) {
        this.error(`short message ids: ${(error as Error).message}`);
      }
    },
    transform(code, id) {
      const file = id.replace(/\?.*$/, '');
      const locale = LOCALE_MODULE.test(file);
      if (!locale && (!SOURCE_MODULE.test(file) || !/\bmsg(Key|Catalog)?\b/.test(code))) return null;
      try {
        const program = this.parse(code, { lang: 'ts' });
        const out = locale ? shortenTemplateKeys(code, program, table, stamp) : shortenSourceIds(code, program, table);
        return out === null ? null : { code: out, map: null };
      } catch (error) {
        this.error(`short message ids: ${file}: ${(error as Error).message}`);
      }
    },
  };
}
