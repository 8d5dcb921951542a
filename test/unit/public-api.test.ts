/**
 * No name used twice in the elements' public API: an attribute or property named like a method would be replaced by
 * frameworks that set properties (React 19, Vue, Angular set `open` as a property, and a method `open()` is gone).
 * Checked over the Custom Elements Manifest generated from the code, for both top-level elements.
 */
import { describe, expect, it } from 'vitest';
import { analyzeManifest } from '../support/manifest.js';

interface Member {
  kind: 'field' | 'method';
  name: string;
  privacy?: string;
  static?: boolean;
}
interface Declaration {
  tagName?: string;
  members?: Member[];
  attributes?: { name: string; fieldName?: string }[];
}
interface Manifest {
  modules: { declarations?: Declaration[] }[];
}

const manifest = analyzeManifest() as Manifest;
const element = (tag: string) => manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === tag);
/** What a framework can set or call on an instance: public, not static. */
const isPublic = (m: Member) => !m.static && m.privacy !== 'private' && m.privacy !== 'protected' && !m.name.startsWith('#');

describe.each(['remote-support-widget', 'remote-support-console'])('<%s>', (tag) => {
  const decl = element(tag);

  it('is in the manifest with its methods and properties', () => {
    expect(decl).toBeDefined();
    expect(decl!.members!.some((m) => m.kind === 'method' && isPublic(m))).toBe(true);
    expect(decl!.members!.some((m) => m.kind === 'field' && isPublic(m))).toBe(true);
  });

  it('names no attribute or property like a method', () => {
    const methods = new Set(decl!.members!.filter((m) => m.kind === 'method' && isPublic(m)).map((m) => m.name.toLowerCase()));
    const names = [
      ...decl!.members!.filter((m) => m.kind === 'field' && isPublic(m)).map((m) => m.name),
      ...(decl!.attributes ?? []).flatMap((a) => [a.name, a.fieldName ?? a.name]),
    ];
    // Attributes are case-insensitive, and `terms-url` would be `termsUrl` as a property.
    const clashes = names.filter((n) => methods.has(n.toLowerCase()) || methods.has(n.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()).toLowerCase()));
    expect(clashes).toEqual([]);
  });
});

it('the widget opens and closes like <dialog> and <details>: an `open` property and attribute, show() and hide()', () => {
  const decl = element('remote-support-widget')!;
  expect(decl.attributes?.find((a) => a.name === 'open')?.fieldName).toBe('open');
  const methods = decl.members!.filter((m) => m.kind === 'method' && isPublic(m)).map((m) => m.name);
  expect(methods).toEqual(expect.arrayContaining(['show', 'hide']));
});
