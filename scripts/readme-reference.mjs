#!/usr/bin/env node
// Renders the README's element reference (attributes, properties, methods, events, CSS parts and custom properties of
// <remote-support-widget> and <remote-support-console>) from a Custom Elements Manifest, so the README cannot drift
// from the JSDoc in the code.
//
//   node scripts/readme-reference.mjs [custom-elements.json]          prints the Markdown
//   node scripts/readme-reference.mjs [custom-elements.json] --write  replaces the block in README.md
// The block sits between `<!-- reference:start -->` and `<!-- reference:end -->`; test/unit/readme.test.ts checks it.
import { readFileSync, writeFileSync } from 'node:fs';

export const START = '<!-- reference:start -->';
export const END = '<!-- reference:end -->';
const TAGS = ['remote-support-widget', 'remote-support-console'];

const cell = (text = '') => String(text).replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|').trim();
const code = (text) => (text ? `\`${cell(text).replace(/`/g, '')}\`` : '');

function table(head, rows) {
  if (rows.length === 0) return '';
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n') + '\n';
}

export function renderReference(manifest) {
  const decls = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => TAGS.includes(d.tagName));
  decls.sort((a, b) => TAGS.indexOf(a.tagName) - TAGS.indexOf(b.tagName));
  const out = [];
  for (const d of decls) {
    out.push(`### \`<${d.tagName}>\`\n`);
    if (d.summary) out.push(`${cell(d.summary)}\n`);
    const attrs = (d.attributes ?? []).map((a) => [code(a.name), code(a.type?.text), code(a.default), cell(a.description)]);
    if (attrs.length) out.push('Attributes\n\n' + table(['attribute', 'type', 'default', 'meaning'], attrs));
    const attrFields = new Set((d.attributes ?? []).map((a) => a.fieldName));
    const props = (d.members ?? [])
      .filter((m) => m.kind === 'field' && !m.static && m.privacy === undefined && !attrFields.has(m.name) && m.description)
      .map((m) => [code(m.name), code(m.type?.text), cell(m.description)]);
    if (props.length) out.push('Properties\n\n' + table(['property', 'type', 'meaning'], props));
    const methods = (d.members ?? [])
      .filter((m) => m.kind === 'method' && m.privacy === undefined && !m.static && m.description)
      .map((m) => [code(`${m.name}(${(m.parameters ?? []).map((p) => p.name).join(', ')})`), cell(m.description)]);
    if (methods.length) out.push('Methods\n\n' + table(['method', 'what it does'], methods));
    const events = (d.events ?? []).filter((e) => e.name).map((e) => [code(e.name), code(e.type?.text), cell(e.description)]);
    if (events.length) out.push('Events (bubbling, composed)\n\n' + table(['event', 'class', 'when'], events));
    const parts = (d.cssParts ?? []).map((p) => [code(p.name), cell(p.description)]);
    if (parts.length) out.push('CSS parts (`::part()`)\n\n' + table(['part', 'what'], parts));
    const props2 = (d.cssProperties ?? []).map((p) => [code(p.name), code(p.default), cell(p.description)]);
    if (props2.length) out.push('CSS custom properties\n\n' + table(['property', 'default', 'meaning'], props2));
  }
  return out.join('\n');
}

export function replaceBlock(readme, block) {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} block`);
  return `${readme.slice(0, start + START.length)}\n${block}${readme.slice(end)}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--')) ?? 'custom-elements.json';
  const block = renderReference(JSON.parse(readFileSync(file, 'utf8')));
  if (args.includes('--write')) {
    writeFileSync('README.md', replaceBlock(readFileSync('README.md', 'utf8'), block));
  } else {
    process.stdout.write(block);
  }
}
