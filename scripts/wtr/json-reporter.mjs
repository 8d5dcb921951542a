// @web/test-runner reporter that writes a summary for scripts/count-tests.mjs:
//
//   { "numPassedTests": 3, "numFailedTests": 0, "numPendingTests": 0, "success": true, "files": [...] }
//
// It never reports a broken run as "0 failed":
// - as soon as the config creates it, it writes a placeholder with 1 failed ("did not finish"), which stays if the
//   runner never gets to the end (config error, crash, browser that cannot launch before any session starts);
// - a test file whose session did not finish, failed outside any test (import error, browser launch failure,
//   uncaught error) or has no tests at all counts as 1 failed.
// The default wtr reporter still prints the human-readable summary on the console.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';

/** Writes one summary file (also used by the config to report a missing browser). */
export function writeSummary(outputFile, summary) {
  mkdirSync(dirname(outputFile), { recursive: true });
  writeFileSync(outputFile, `${JSON.stringify(summary, null, 2)}\n`);
}

/** Counts the tests of one session's result tree. */
function countTests(suite, into = { passed: 0, failed: 0, skipped: 0 }) {
  if (!suite) return into;
  for (const test of suite.tests ?? []) {
    if (test.skipped) into.skipped += 1;
    else if (test.passed) into.passed += 1;
    else into.failed += 1;
  }
  for (const child of suite.suites ?? []) countTests(child, into);
  return into;
}

export function summarize(sessions, rootDir = process.cwd()) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const files = [];
  for (const session of sessions) {
    const counts = countTests(session.testResults);
    const problems = [];
    if (session.status !== 'FINISHED') problems.push(`session did not finish (status ${session.status})`);
    for (const error of session.errors ?? []) problems.push(String(error.message ?? error).slice(0, 500));
    if (session.passed === false && counts.failed === 0 && problems.length === 0) problems.push('failed outside any test');
    if (counts.passed + counts.failed + counts.skipped === 0 && problems.length === 0) problems.push('no tests ran');
    const fileFailed = counts.failed > 0 ? counts.failed : problems.length > 0 ? 1 : 0;
    passed += counts.passed;
    failed += fileFailed;
    skipped += counts.skipped;
    files.push({
      file: relative(rootDir, session.testFile),
      browser: session.browser?.name,
      passed: counts.passed,
      failed: fileFailed,
      skipped: counts.skipped,
      ...(problems.length > 0 ? { errors: problems } : {}),
    });
  }
  if (sessions.length === 0) {
    failed = Math.max(failed, 1);
  }
  return {
    numPassedTests: passed,
    numFailedTests: failed,
    numPendingTests: skipped,
    success: failed === 0,
    ...(sessions.length === 0 ? { reason: 'no test sessions' } : {}),
    files,
  };
}

export function jsonSummaryReporter({ outputFile, rootDir = process.cwd() }) {
  writeSummary(outputFile, {
    numPassedTests: 0,
    numFailedTests: 1,
    success: false,
    reason: 'the browser test run did not finish (configuration error, crash or browser launch failure; see its output)',
  });
  const write = (sessions) => writeSummary(outputFile, summarize(sessions, rootDir));
  return {
    onTestRunFinished({ sessions }) {
      write(sessions);
    },
    stop({ sessions }) {
      write(sessions);
    },
  };
}
