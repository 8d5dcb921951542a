#!/usr/bin/env node
// `npm run pack` (after `npm run build`): packs the two published packages into .pack/ under fixed names, the way the
// consumer apps (test/consumers/) install them:
//   .pack/remote-support-widget.tgz   the elements (widget, console), their types and the protocol; front-end only
//   .pack/remote-support-relay.tgz    the relay (packages/relay, whose prepack copies dist/server and dist/protocol)
// Prints the size and file count of each.
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const PACK_DIR = join(ROOT, '.pack');

/** Packs both packages into .pack/; resolves to `{ name: path }`. */
export function pack({ quiet = false } = {}) {
  rmSync(PACK_DIR, { recursive: true, force: true });
  mkdirSync(PACK_DIR, { recursive: true });
  const files = {};
  for (const args of [[], ['-w', 'remote-support-relay']]) {
    const out = execFileSync('npm', ['pack', ...args, '--json', '--pack-destination', PACK_DIR], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [info] = JSON.parse(out);
    const target = join(PACK_DIR, `${info.name}.tgz`);
    renameSync(join(PACK_DIR, info.filename), target);
    files[info.name] = target;
    if (!quiet) console.log(`${info.name}.tgz: ${(info.size / 1024).toFixed(1)} KB packed, ${info.entryCount} files`);
  }
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) pack();
