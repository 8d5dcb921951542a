import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { END, START, renderReference } from '../../scripts/readme-reference.mjs';
import { analyzeManifest } from '../support/manifest.js';

const readme = readFileSync('README.md', 'utf8');

describe('README', () => {
  it('starts with the two set-up commands', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(firstBlock).toMatch(/^npm install && npm start\b/m);
    expect(firstBlock).toMatch(/^npm test\b/m);
  });

  it('has an element reference that matches the custom elements manifest generated from the code', () => {
    const block = readme.slice(readme.indexOf(START) + START.length + 1, readme.indexOf(END));
    expect(block, 'run `npm run readme` to regenerate the reference').toBe(renderReference(analyzeManifest()));
  }, 60_000);

  it.each([
    'test/consumers/react/src/App.tsx',
    'test/consumers/vue/vite.config.ts',
    'test/consumers/vue/src/main.ts',
    'test/consumers/vue/src/App.vue',
    'test/consumers/angular/src/app.ts',
    'test/consumers/next/app/support.tsx',
    'test/consumers/html/index.html',
    'test/consumers/relay/relay.ts',
  ])('shows the recipe of %s as the consumer app uses it (built and driven by test/consumers)', (file) => {
    const source = readFileSync(file, 'utf8');
    const lines = /(?:\/\/|<!--) recipe:start(?: -->)?\n([\s\S]*?)\n[ \t]*(?:\/\/|<!--) recipe:end/.exec(source)?.[1]?.split('\n') ?? [];
    expect(lines.length, `${file} has a recipe`).toBeGreaterThan(0);
    const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
    const recipe = lines.map((l) => l.slice(indent)).join('\n');
    expect(readme).toContain(`\n${recipe}\n\`\`\``);
  });

  it('shows only screenshots that exist', () => {
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]!);
    for (const image of images) expect(existsSync(image), image).toBe(true);
  });
});
