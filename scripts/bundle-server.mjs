// Bundles a TypeScript entry of this repository for Node with esbuild (the copy @web/dev-server-esbuild already uses;
// ~0.1 s, always the current source, no `npm run build`, no type check: that is `npm run typecheck`'s job).
// Dependencies stay external. Returns the path of a fresh .mjs file under node_modules/.cache (Node caches ES modules
// by URL, so every call gets a new name); the caller removes it.
//
// Used by the browser tests' relay (scripts/wtr/relay-plugin.mjs) and the multi-process tests' relay children
// (test/cluster).
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** @param {string} entry path from the repository root, e.g. `src/server/index.ts` */
export async function bundleServer(entry) {
  const require = createRequire(import.meta.url);
  const esbuild = createRequire(require.resolve('@web/dev-server-esbuild'))('esbuild');
  const outdir = join(ROOT, 'node_modules', '.cache', 'rsw-bundles');
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, `bundle-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.mjs`);
  await esbuild.build({
    entryPoints: [join(ROOT, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    tsconfig: join(ROOT, 'tsconfig.json'),
    sourcemap: 'inline',
    logLevel: 'error',
  });
  return outfile;
}
