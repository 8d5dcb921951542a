/**
 * The source maps in the packed tarballs (`npm run build`, then scripts/pack.mjs): the packages hold no src/, so a map
 * must carry the sources it names (a vendor's Vite or webpack source-map-loader warns about a map pointing to missing
 * files, and a debugger has nothing to show), and every `sourceMappingURL` must name a map in the package.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pack } from '../../scripts/pack.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
const unpacked = mkdtempSync(join(tmpdir(), 'rsw-package-maps-'));
const packages: Record<string, string> = {};

interface SourceMap {
  sources: string[];
  sourcesContent?: (string | null)[];
}

beforeAll(() => {
  for (const file of ['dist/widget/index.js', 'dist/server/index.js', 'dist/protocol/index.js']) {
    if (!existsSync(join(ROOT, file))) throw new Error(`Missing ${file}: run \`npm run build\` first`);
  }
  for (const [name, tarball] of Object.entries(pack({ quiet: true }))) {
    const dir = join(unpacked, name);
    mkdirSync(dir, { recursive: true });
    execFileSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1']);
    packages[name] = dir;
  }
}, 300_000);

afterAll(() => rmSync(unpacked, { recursive: true, force: true }));

const filesOf = (dir: string) => readdirSync(dir, { recursive: true, encoding: 'utf8' });

describe.each(['remote-support-widget', 'remote-support-relay'])('the %s tarball', (name) => {
  it('carries the sources of every source map it holds, and the map of every sourceMappingURL', () => {
    const dir = packages[name]!;
    const files = filesOf(dir);
    const maps = files.filter((f) => f.endsWith('.js.map'));
    expect(maps.some((f) => f.startsWith(join('dist', 'protocol')))).toBe(true);
    const missing: string[] = [];
    for (const map of maps) {
      const { sources, sourcesContent } = JSON.parse(readFileSync(join(dir, map), 'utf8')) as SourceMap;
      sources.forEach((source, i) => {
        if (typeof sourcesContent?.[i] !== 'string' && !existsSync(resolve(dir, dirname(map), source))) missing.push(`${map}: ${source}`);
      });
    }
    for (const file of files.filter((f) => f.endsWith('.js'))) {
      const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(join(dir, file), 'utf8'))?.[1];
      if (url && !url.startsWith('data:') && !existsSync(resolve(dir, dirname(file), url))) missing.push(`${file} → ${url}`);
    }
    expect(missing).toEqual([]);
  });
});
