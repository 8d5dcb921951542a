#!/usr/bin/env node
// The translation cycle for the widget (lit-localize.json) and the console (lit-localize.console.json):
//
//   node scripts/localize.mjs extract   (npm run localize:extract)
//     lit-localize extract for both: every msg() call goes into locales/<ui>/<locale>.xlf as a <trans-unit> with its
//     <source>; existing <target>s are kept, units whose msg() is gone are dropped. Then the pseudo-locale en-XA is
//     written afresh from the sources: every text wrapped in ⟦…⟧, placeholders kept, so that a page with
//     lang="en-XA" shows at a glance any text that does not go through msg().
//   node scripts/localize.mjs build     (npm run localize:build, also the first step of npm run build)
//     lit-localize build for both: src/<ui>/generated/locales/<locale>.ts and locale-codes.ts from the XLIFF files
//     (generated: never edit them by hand). Fails when a translation's placeholders differ from its source's.
//
// Translating new strings: extract, fill in the new <target>s in locales/*/<locale>.xlf (test/unit/translations.test.ts
// lists every one that is missing), build. Adding a language: add it to "targetLocales" in both configs, extract,
// translate, build.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CONFIGS = ['lit-localize.json', 'lit-localize.console.json'];
export const PSEUDO_LOCALE = 'en-XA';

/** The pseudo-translation of an XLIFF <source>'s content: the text between ⟦ and ⟧, its <x/> placeholders as they are. */
export function pseudoTarget(source) {
  return `⟦${source}⟧`;
}

/** `xlf` (an XLIFF 1.2 file lit-localize wrote) with every <target> replaced by the pseudo-translation of its <source>. */
export function withPseudoTargets(xlf) {
  return xlf
    .replace(/\n[ \t]*<target>[\s\S]*?<\/target>/g, '')
    .replace(/^([ \t]*)<source>([\s\S]*?)<\/source>/gm, (_, indent, source) => `${indent}<source>${source}</source>\n${indent}<target>${pseudoTarget(source)}</target>`);
}

function litLocalize(command, config) {
  const bin = join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'lit-localize.cmd' : 'lit-localize');
  const run = spawnSync(bin, [command, `--config=${config}`], { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
  if (run.status !== 0) throw new Error(`lit-localize ${command} --config=${config} failed`);
}

function xliffDir(config) {
  return join(ROOT, JSON.parse(readFileSync(join(ROOT, config), 'utf8')).interchange.xliffDir);
}

function main(command) {
  if (command !== 'extract' && command !== 'build') {
    console.error('usage: node scripts/localize.mjs extract|build');
    process.exit(2);
  }
  for (const config of CONFIGS) {
    litLocalize(command, config);
    if (command === 'extract') {
      const file = join(xliffDir(config), `${PSEUDO_LOCALE}.xlf`);
      writeFileSync(file, withPseudoTargets(readFileSync(file, 'utf8')));
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main(process.argv[2]);
