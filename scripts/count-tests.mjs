#!/usr/bin/env node
// Sums the test results of every test runner and prints, as its last line,
//
//   tests: N passed, N failed
//
// Usage: node scripts/count-tests.mjs [dir]
//   dir       directory of result files; default $TEST_RESULTS_DIR, else <repo>/test-results
//   env TEST_EXIT_CODE  exit status of the test command (e.g. `npm test`), if known
//
// Result-file format (any runner can take part by writing one):
//   Every `<dir>/*.json` (not recursive) whose top level has numeric `numPassedTests` and
//   `numFailedTests` is counted, e.g.
//
//     { "numPassedTests": 12, "numFailedTests": 1, "success": false }
//
//   - numPassedTests / numFailedTests (required): integers >= 0.
//   - success (optional): false if the run failed in a way the counts don't show (unhandled
//     error, crash); counted as 1 failed when numFailedTests is 0.
//   - testResults (optional, the Jest/Vitest JSON shape): an entry with status "failed" and no
//     failed assertionResults (a test file that failed to load) counts as 1 failed.
//   Vitest's `json` reporter writes this shape (test-results/vitest.json, see vitest.config.ts).
//   For @web/test-runner / Playwright, write a small summary file of this shape, e.g.
//   test-results/wtr.json, test-results/e2e.json. Other JSON files are skipped with a note.
//   A file that is not valid JSON counts as 1 failed.
//
// Also counted as 1 failed so the line never reads "0 failed" for a broken run:
//   no result file at all; TEST_EXIT_CODE non-zero while the files show no failure.
// Exit status: 0 when failed is 0, else 1.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const dir = resolve(
  process.argv[2] ?? process.env.TEST_RESULTS_DIR ?? join(import.meta.dirname, '..', 'test-results'),
);
const testExitCode = Number(process.env.TEST_EXIT_CODE ?? 0);

const isCount = (n) => Number.isInteger(n) && n >= 0;

let files = [];
try {
  files = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => e.name)
    .sort();
} catch (err) {
  if (err.code !== 'ENOENT') throw err;
}

let passed = 0;
let failed = 0;
let counted = 0;
const show = (p) => relative(process.cwd(), p) || p;

for (const name of files) {
  const path = join(dir, name);
  let report;
  try {
    report = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    console.log(`${show(path)}: unreadable (${err.message}); counted as 1 failed`);
    failed += 1;
    counted += 1;
    continue;
  }
  if (!isCount(report?.numPassedTests) || !isCount(report?.numFailedTests)) {
    console.log(`${show(path)}: no numPassedTests/numFailedTests; skipped`);
    continue;
  }
  let fileFailed = report.numFailedTests;
  const notes = [];
  if (Array.isArray(report.testResults)) {
    const broken = report.testResults.filter(
      (r) =>
        r?.status === 'failed' &&
        !(Array.isArray(r.assertionResults) && r.assertionResults.some((a) => a?.status === 'failed')),
    ).length;
    if (broken > 0) {
      fileFailed += broken;
      notes.push(`${broken} test file(s) failed outside any test`);
    }
  }
  if (report.success === false && fileFailed === 0) {
    fileFailed = 1;
    notes.push('run reported success: false');
  }
  passed += report.numPassedTests;
  failed += fileFailed;
  counted += 1;
  const extra = notes.length > 0 ? ` (${notes.join('; ')})` : '';
  console.log(`${show(path)}: ${report.numPassedTests} passed, ${fileFailed} failed${extra}`);
}

if (counted === 0) {
  console.log(`no test results found in ${show(dir)}`);
  failed = Math.max(failed, 1);
} else if (testExitCode !== 0 && failed === 0) {
  console.log(`test command exited with ${testExitCode} but no failure was reported; counted as 1 failed`);
  failed = 1;
}

console.log(`tests: ${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
