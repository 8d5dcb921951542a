/**
 * The script-tag bundle stays within its size budget and runs under a strict CSP. Builds it afresh with the same
 * configuration as `npm run build` (vite's build() API, into a temporary directory), so the result never depends on a
 * stale dist/.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import {
  findEval,
  gzipSize,
  MODULE_FILE,
  moduleConfig,
  SCRIPT_TAG_FILE,
  scriptTagConfig,
  WIDGET_GZIP_BUDGET,
} from '../../vite.config.js';

const root = join(import.meta.dirname, '..', '..');
const outDir = mkdtempSync(join(tmpdir(), 'rsw-bundle-'));
let scriptTag = '';
let esModule = '';

beforeAll(async () => {
  await build({ configFile: false, root, ...scriptTagConfig(outDir, true), logLevel: 'error' });
  await build({ configFile: false, root, ...moduleConfig(outDir, false), logLevel: 'error' });
  scriptTag = readFileSync(join(outDir, SCRIPT_TAG_FILE), 'utf8');
  esModule = readFileSync(join(outDir, MODULE_FILE), 'utf8');
}, 120_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('the script-tag bundle', () => {
  it(`is at most ${WIDGET_GZIP_BUDGET / 1024} KB gzip (level 9)`, () => {
    const size = gzipSize(scriptTag);
    console.info(`${SCRIPT_TAG_FILE}: ${scriptTag.length} bytes, gzip -9 ${(size / 1024).toFixed(1)} KB`);
    expect(size).toBeLessThanOrEqual(WIDGET_GZIP_BUDGET);
  });

  it('contains no eval or new Function (a strict CSP forbids them)', () => {
    expect(findEval(scriptTag)).toEqual([]);
  });

  it('is one classic script without import or export statements', () => {
    expect(scriptTag).toMatch(/^\(function\(\)\{/);
    expect(scriptTag).not.toMatch(/^\s*(import|export)\s/m);
  });

  it('uses the production builds (no Lit dev mode, no debug or ws from socket.io)', () => {
    expect(scriptTag).not.toContain('Lit is in dev mode');
    expect(scriptTag).not.toMatch(/require\(["'](debug|ws)["']\)/);
  });
});

describe('the ES module build', () => {
  it('leaves lit, @lit/localize and socket.io-client to the bundler', () => {
    expect(esModule).toMatch(/from "lit"/);
    expect(esModule).toMatch(/from "@lit\/localize"/);
    expect(esModule).not.toContain('class LitElement');
  });
});
