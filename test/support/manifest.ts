/**
 * The Custom Elements Manifest as the analyzer generates it from the code now (`npm run analyze` writes the same to
 * custom-elements.json), into a temporary folder: tests compare against the code, not against yesterday's build.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

export function analyzeManifest(): unknown {
  // The analyzer takes --outdir relative to the working directory.
  const dir = relative(process.cwd(), mkdtempSync(join(tmpdir(), 'rsw-cem-')));
  // The analyzer also points package.json's `customElements` at its output: put package.json back afterwards.
  const pkg = readFileSync('package.json', 'utf8');
  try {
    execFileSync(process.execPath, ['node_modules/@custom-elements-manifest/analyzer/cem.js', 'analyze', '--outdir', dir], { stdio: 'pipe' });
    return JSON.parse(readFileSync(join(dir, 'custom-elements.json'), 'utf8')) as unknown;
  } finally {
    writeFileSync('package.json', pkg);
    rmSync(dir, { recursive: true, force: true });
  }
}
