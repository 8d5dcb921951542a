import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { END, START, renderReference } from '../../scripts/readme-reference.mjs';

const readme = readFileSync('README.md', 'utf8');

describe('README', () => {
  it('starts with the two set-up commands', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(firstBlock).toMatch(/^npm install && npm start\b/m);
    expect(firstBlock).toMatch(/^npm test\b/m);
  });

  it('has an element reference that matches the custom elements manifest generated from the code', () => {
    // The analyzer takes --outdir relative to the working directory.
    const dir = relative(process.cwd(), mkdtempSync(join(tmpdir(), 'rsw-cem-')));
    // The analyzer also points package.json's `customElements` at its output: put package.json back afterwards.
    const pkg = readFileSync('package.json', 'utf8');
    try {
      execFileSync(process.execPath, ['node_modules/@custom-elements-manifest/analyzer/cem.js', 'analyze', '--outdir', dir], { stdio: 'pipe' });
      const manifest = JSON.parse(readFileSync(join(dir, 'custom-elements.json'), 'utf8')) as unknown;
      const block = readme.slice(readme.indexOf(START) + START.length + 1, readme.indexOf(END));
      expect(block, 'run `npm run readme` to regenerate the reference').toBe(renderReference(manifest));
    } finally {
      writeFileSync('package.json', pkg);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('shows only screenshots that exist', () => {
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]!);
    for (const image of images) expect(existsSync(image), image).toBe(true);
  });
});
