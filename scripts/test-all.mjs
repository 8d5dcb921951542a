#!/usr/bin/env node
// `npm test`: runs every test runner in turn (stdio inherited), even after one fails, and exits 1 if any failed.
//
//   1. vitest run        unit + relay tests   -> test-results/vitest.json
//   2. web-test-runner   browser tests        -> test-results/browser.json (scripts/wtr/json-reporter.mjs)
//   3. vitest run -c vitest.e2e.config.ts
//                        end-to-end journeys  -> test-results/e2e.json (after `npm run build`, see below)
//   4. vitest run -c vitest.consumers.config.ts
//                        consumer apps        -> test-results/consumers.json (the packed tarballs in React, Vue,
//                                                Angular, Next.js and plain HTML apps; after the same build)
//
// scripts/count-tests.mjs sums those files. A runner that fails without writing its file (it crashed, its config
// did not load) gets a file saying "1 failed" written for it here, so the count never hides a broken runner.
// The unit and browser tests need no build: the browser tests' relay is bundled from src/server by
// scripts/wtr/relay-plugin.mjs. The end-to-end tests run the demo server, which serves dist/: `npm run build` runs
// right before them, every time (a stale dist/ would test yesterday's code), once for both runners that need it. A
// failed build fails those runners.
//
// Usage: node scripts/test-all.mjs [unit|browser|e2e]…   (default: all; `npm test -- e2e` runs only that one)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);

const RUNNERS = [
  { key: 'unit', name: 'vitest (unit + relay)', command: bin('vitest'), args: ['run'], results: 'test-results/vitest.json' },
  { key: 'browser', name: '@web/test-runner (browser)', command: bin('web-test-runner'), args: [], results: 'test-results/browser.json' },
  {
    key: 'e2e',
    name: 'vitest (end-to-end journeys)',
    command: bin('vitest'),
    args: ['run', '-c', 'vitest.e2e.config.ts'],
    results: 'test-results/e2e.json',
    build: true,
  },
  {
    key: 'consumers',
    name: 'vitest (consumer apps: React, Vue, Angular, Next.js, plain HTML)',
    command: bin('vitest'),
    args: ['run', '-c', 'vitest.consumers.config.ts'],
    results: 'test-results/consumers.json',
    build: true,
  },
];

/** `npm run build`, output inherited; returns how it ended, or undefined when it succeeded. */
function build() {
  console.log('\n>>> npm run build (the end-to-end tests serve dist/)\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const child = spawnSync(npm, ['run', 'build'], { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
  if (child.error) return `could not start (${child.error.message})`;
  if (child.signal) return `killed by ${child.signal}`;
  return child.status === 0 ? undefined : `exit ${child.status}`;
}

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !RUNNERS.some((r) => r.key === w));
if (unknown.length > 0) {
  console.error(`unknown runner(s): ${unknown.join(', ')}; known: ${RUNNERS.map((r) => r.key).join(', ')}`);
  process.exit(2);
}
const runners = wanted.length > 0 ? RUNNERS.filter((r) => wanted.includes(r.key)) : RUNNERS;

const outcomes = [];
/** How the one build of this run went: not yet (undefined), fine (null), or why it failed. */
let buildFailure;
for (const runner of runners) {
  const resultsPath = join(ROOT, runner.results);
  rmSync(resultsPath, { force: true }); // a stale file from an earlier run must not be counted
  if (runner.build) {
    const started = Date.now();
    if (buildFailure === undefined) buildFailure = build() ?? null;
    const failure = buildFailure;
    if (failure) {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const status = `npm run build: ${failure}`;
      mkdirSync(dirname(resultsPath), { recursive: true });
      const reason = `${runner.name} did not run: the build failed (${failure})`;
      writeFileSync(resultsPath, `${JSON.stringify({ numPassedTests: 0, numFailedTests: 1, success: false, reason }, null, 2)}\n`);
      outcomes.push({ runner, passed: false, status, seconds });
      continue;
    }
  }
  console.log(`\n>>> ${runner.name}: ${[runner.command.replace(`${ROOT}/`, ''), ...runner.args].join(' ')}\n`);
  const started = Date.now();
  const child = spawnSync(runner.command, runner.args, { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const status = child.error ? `could not start (${child.error.message})` : child.signal ? `killed by ${child.signal}` : `exit ${child.status}`;
  const passed = !child.error && child.status === 0;
  if (!existsSync(resultsPath)) {
    mkdirSync(dirname(resultsPath), { recursive: true });
    const reason = `${runner.name} ended (${status}) without writing ${runner.results}`;
    writeFileSync(resultsPath, `${JSON.stringify({ numPassedTests: 0, numFailedTests: 1, success: false, reason }, null, 2)}\n`);
  }
  outcomes.push({ runner, passed, status, seconds });
}

console.log('\n>>> test runners');
for (const { runner, passed, status, seconds } of outcomes) {
  console.log(`  ${passed ? 'ok    ' : 'FAILED'} ${runner.name} (${status}, ${seconds}s)`);
}
process.exitCode = outcomes.every((o) => o.passed) ? 0 : 1;
