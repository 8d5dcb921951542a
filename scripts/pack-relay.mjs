#!/usr/bin/env node
// `prepack` of packages/relay (the `remote-support-relay` package): copies the relay as `npm run build` compiled it
// (dist/server, and dist/protocol which it imports) and the LICENSE into the package folder, so that the relay is
// published with its own server dependencies while the repository keeps one src/ and one build. Fails when the
// build is missing.
import { cpSync, existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PKG = join(ROOT, 'packages', 'relay');

for (const dir of ['server', 'protocol']) {
  const from = join(ROOT, 'dist', dir);
  if (!existsSync(join(from, 'index.js'))) {
    console.error(`pack-relay: ${from}/index.js is missing; run \`npm run build\` first`);
    process.exit(1);
  }
  rmSync(join(PKG, 'dist', dir), { recursive: true, force: true });
  cpSync(from, join(PKG, 'dist', dir), { recursive: true });
}
cpSync(join(ROOT, 'LICENSE'), join(PKG, 'LICENSE'));
