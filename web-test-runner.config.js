// @web/test-runner: browser tests (test/browser/**/*.test.ts) in Debian's Chromium, against a real relay.
//   npm run test:browser          (also the second runner of `npm test`, see scripts/test-all.mjs)
//   How to write one: test/browser/README.md.
//
// - Chromium from CHROME_PATH, else /usr/bin/chromium; without one the run fails with a clear message (and
//   test-results/browser.json says so) instead of trying to download a browser.
// - `browser` + `production` export conditions: otherwise engine.io-client loads `ws` and socket.io-parser loads
//   CommonJS `debug`, which the browser cannot import (../shared/TOOLCHAIN.md).
// - esbuild with tsconfig.json, so the experimental decorators are compiled.
// - scripts/wtr/relay-plugin.mjs starts the real relay (served to tests as /__relay.js, commands relay:*).
// - scripts/wtr/widget-script-plugin.mjs serves the script-tag build of the widget as /__widget-script.js.
// - scripts/wtr/files-plugin.mjs picks and drops files as a user would (commands files:*, trusted events).
// - `--auto-accept-this-tab-capture`: getDisplayMedia resolves at once with the test's own tab (displaySurface
//   `browser`, and the Capture Handle the page set), as if the user picked this tab. Checked with Debian's Chromium:
//   `--use-fake-ui-for-media-stream` (+ `--use-fake-device-for-media-stream`) gives a fake `monitor` instead, but
//   together with the this-tab flag the capture fails (NotReadableError); without any flag getDisplayMedia waits
//   forever for the picker. Tests of other surfaces or a cancelled picker stub getDisplayMedia in the page.
// - scripts/wtr/json-reporter.mjs writes test-results/browser.json for scripts/count-tests.mjs.
import { existsSync } from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { jsonSummaryReporter, writeSummary } from './scripts/wtr/json-reporter.mjs';
import { filesPlugin } from './scripts/wtr/files-plugin.mjs';
import { relayPlugin } from './scripts/wtr/relay-plugin.mjs';
import { widgetScriptPlugin } from './scripts/wtr/widget-script-plugin.mjs';

const RESULTS = 'test-results/browser.json';
const executablePath = process.env.CHROME_PATH || '/usr/bin/chromium';

// Created first: it writes a "1 failed, did not finish" summary at once, which only a finished run replaces.
const summaryReporter = jsonSummaryReporter({ outputFile: RESULTS });

if (!existsSync(executablePath)) {
  const reason =
    `No Chromium at ${executablePath}${process.env.CHROME_PATH ? ' (CHROME_PATH)' : ''}. Install Debian's ` +
    '(apt-get install -y chromium) or set CHROME_PATH to a Chromium binary; test tools may not download their own browser here.';
  writeSummary(RESULTS, { numPassedTests: 0, numFailedTests: 1, success: false, reason });
  throw new Error(reason);
}

/** @type {import('@web/test-runner').TestRunnerConfig} */
export default {
  files: ['test/browser/**/*.test.ts'],
  nodeResolve: { browser: true, exportConditions: ['browser', 'production'] },
  plugins: [esbuildPlugin({ ts: true, tsconfig: './tsconfig.json' }), relayPlugin(), widgetScriptPlugin(), filesPlugin()],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          '--auto-accept-this-tab-capture',
        ],
      },
    }),
  ],
  // Test files run one page at a time: on a 2-core machine two pages, the relay and Chromium's capture compete, and
  // the file-transfer cancel test then missed its 5 s steps now and then. Tests share the relay, so they must not
  // depend on global relay state (use startRelay() for that).
  concurrency: 1,
  // A test's own limit; its waits use test/browser/wait.ts (5 s each). Room for a few of them on a busy machine: a
  // test that hangs still fails, and speed is measured by the benchmarks.
  testFramework: { config: { timeout: 20_000 } },
  reporters: [defaultReporter(), summaryReporter],
};
