#!/usr/bin/env node
/* global window, document, customElements, getComputedStyle, requestAnimationFrame, addEventListener -- probe() and the evaluate callbacks run in the page */
/**
 * `npm run bench:page`: what the widget's script tag costs the vendor's page, measured in Debian's Chromium through
 * playwright-core and the DevTools protocol against the demo server (which serves dist/: the npm script builds first).
 *
 * Page loads of the demo help page alternate with and without the script tag (the same page, the tag cut out of the
 * HTML on the way), in a fresh browser context each, the order flipped every round, at 1× and at 4× CPU throttling
 * (a mid-range phone). After each load the page is left to settle, then the DevTools protocol reports:
 *   - main-thread CPU:   Performance.getMetrics TaskDuration (all main-thread work since the page started)
 *   - heap:              JSHeapUsedSize after a forced garbage collection
 *   - long tasks:        PerformanceObserver 'longtask' entries (> 50 ms), buffered from the start, and how many of
 *                        them ran the widget's own script (the 'long-animation-frame' entries' scripts of ≥ 5 ms from
 *                        the widget's files whose run lies in a long task's time): the demo page has long tasks of its
 *                        own at 4× in some loads, with the script or without, which the median count picks up or not
 *   - launcher shown:    ms from navigation start until the launcher button has a box on screen
 *   - box usable:        ms from the click on the launcher (the pointerdown event's own timestamp) until a text field
 *                        of the opened box has a box on screen (with the script only, 1× only)
 * and prints, per figure, the median and the spread (min–max) of "with" and of "without", and the median added by the
 * script. Targets: ≤ 5 ms main-thread CPU added at 1×, no long task added at load at 4×, the box usable ≤ 300 ms
 * after the click on loopback. Exits 1 when one is missed, 0 when all are met.
 *
 *   node bench/page-load.js [--rounds N]   (default 12 loads of each kind at each throttling, ≥ 10)
 */
import { startDemo } from '../demo/server.js';
import { fmt, launchChromium, longTaskProbe, median, printTable, spread, widgetLongTasks } from './page-shared.js';

const args = process.argv.slice(2);
const roundsArg = args.indexOf('--rounds');
const ROUNDS = roundsArg >= 0 ? Number(args[roundsArg + 1]) : 12;
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) {
  console.error('usage: node bench/page-load.js [--rounds N]   (N ≥ 1; quote figures from ≥ 10)');
  process.exit(2);
}
const SETTLE_MS = 1_000;
const SCRIPT_TAG = /<script src="\/widget\/remote-support-widget\.js"[^>]*><\/script>/;

/**
 * Runs in the page before any of its scripts (after longTaskProbe): records when the launcher first has a box, and how
 * long the box takes to become usable after a pointerdown. Walks open shadow roots (the widget's parts live in them).
 */
function probe() {
  const state = { launcherAt: undefined, clickAt: undefined, usableAt: undefined };
  window.__rswBench = state;
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  };
  const find = (root, test) => {
    for (const el of root.querySelectorAll('*')) {
      if (test(el)) return el;
      if (el.shadowRoot) {
        const inner = find(el.shadowRoot, test);
        if (inner) return inner;
      }
    }
    return undefined;
  };
  const field = (el) => el.matches('input:not([type=hidden]):not([type=file]), textarea') && !el.disabled && visible(el);
  const host = () => document.querySelector('remote-support-widget');
  // Watched only once the element is defined, and in its own shadow root, where the launcher draws its button: a
  // page without the script must not pay for the watching (a walk of the whole page on every frame would make the
  // page without the script the costlier one, and the figure "added" too kind).
  const watchLauncher = () => {
    const button = host()?.shadowRoot?.querySelector('[part~="launcher"]');
    if (button && visible(button)) state.launcherAt = performance.now();
    else requestAnimationFrame(watchLauncher);
  };
  void customElements.whenDefined('remote-support-widget').then(() => requestAnimationFrame(watchLauncher));
  addEventListener(
    'pointerdown',
    (event) => {
      if (state.clickAt !== undefined) return;
      state.clickAt = event.timeStamp;
      const watchBox = () => {
        const el = host();
        if (el && find(el.shadowRoot ?? el, field)) state.usableAt = performance.now();
        else requestAnimationFrame(watchBox);
      };
      requestAnimationFrame(watchBox);
    },
    { capture: true },
  );
}

async function load(browser, url, { withScript, throttle, click }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  try {
    await page.addInitScript(longTaskProbe);
    await page.addInitScript(probe);
    await page.route(url, async (route) => {
      const response = await route.fetch();
      let body = await response.text();
      if (!withScript) {
        if (!SCRIPT_TAG.test(body)) throw new Error('the help page has no widget script tag to cut out');
        body = body.replace(SCRIPT_TAG, '');
      }
      await route.fulfill({ response, body });
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForTimeout(SETTLE_MS);
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = (name) => metrics.find((m) => m.name === name)?.value ?? NaN;
    const probed = await page.evaluate(() => window.__rswBench);
    const tasks = await page.evaluate(() => window.__rswLongTasks);
    const figures = {
      cpuMs: metric('TaskDuration') * 1000,
      heapKB: metric('JSHeapUsedSize') / 1024,
      longTasks: tasks.longTasks.length,
      widgetLongTasks: widgetLongTasks(tasks).length,
      launcherMs: probed.launcherAt,
    };
    if (click) {
      await page.locator('remote-support-widget [part~="launcher"]').click();
      await page.waitForFunction(() => window.__rswBench.usableAt !== undefined, undefined, { timeout: 15_000 });
      const after = await page.evaluate(() => window.__rswBench);
      figures.usableMs = after.usableAt - after.clickAt;
    }
    return figures;
  } finally {
    await context.close();
  }
}

const demo = await startDemo({ port: 0, logger: 'silent' });
const browser = await launchChromium();
const url = `${demo.url}/`;
const results = {};
try {
  await load(browser, url, { withScript: true, throttle: 1, click: true }); // warm-up: server, disk cache, JIT
  for (const throttle of [1, 4]) {
    const runs = { with: [], without: [] };
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 ? ['without', 'with'] : ['with', 'without'];
      for (const kind of order) {
        runs[kind].push(await load(browser, url, { withScript: kind === 'with', throttle, click: kind === 'with' && throttle === 1 }));
      }
    }
    results[throttle] = runs;
  }
} finally {
  await browser.close();
  await demo.close();
}

const column = (runs, key) => runs.map((r) => r[key]).filter((x) => x !== undefined);
console.log(`\nPage cost of the widget's script tag: ${ROUNDS} loads with and ${ROUNDS} without, alternated, at each CPU throttling`);
console.log(`(Chromium ${browser.version()}, demo help page on loopback, ${SETTLE_MS} ms settle after load; median (min–max))\n`);
const rows = [];
let failed = false;
for (const throttle of [1, 4]) {
  const { with: w, without: wo } = results[throttle];
  const added = (key) => median(column(w, key)) - median(column(wo, key));
  rows.push(
    [`${throttle}× main-thread CPU, ms`, spread(column(w, 'cpuMs')), spread(column(wo, 'cpuMs')), fmt(added('cpuMs'))],
    [`${throttle}× long tasks at load`, spread(column(w, 'longTasks'), 0), spread(column(wo, 'longTasks'), 0), fmt(added('longTasks'), 0)],
    [`${throttle}× of them running the widget's script`, spread(column(w, 'widgetLongTasks'), 0), '', ''],
    [`${throttle}× JS heap, KB`, spread(column(w, 'heapKB'), 0), spread(column(wo, 'heapKB'), 0), fmt(added('heapKB'), 0)],
    [`${throttle}× launcher shown, ms after start`, spread(column(w, 'launcherMs')), '', ''],
  );
  if (throttle === 1) rows.push([`1× box usable, ms after the click`, spread(column(w, 'usableMs')), '', '']);
}
printTable(['figure', 'with script', 'without', 'added'], rows);

const cpuAdded = median(column(results[1].with, 'cpuMs')) - median(column(results[1].without, 'cpuMs'));
// The page itself may have a long task at 4× (it has one without the script here): the script must add none.
const longTasks4 = median(column(results[4].with, 'longTasks')) - median(column(results[4].without, 'longTasks'));
const usable = median(column(results[1].with, 'usableMs'));
const targets = [
  ['main-thread CPU added at load, 1×', `${fmt(cpuAdded)} ms`, '≤ 5 ms', cpuAdded <= 5],
  ['long tasks added at load, 4×', fmt(longTasks4, 0), '0', longTasks4 <= 0],
  ['box usable after the click, 1×', `${fmt(usable)} ms`, '≤ 300 ms', usable <= 300],
];
console.log('\nTargets');
for (const [name, value, target, met] of targets) {
  console.log(`  ${name.padEnd(36)} ${value.padStart(9)}   target ${target.padEnd(8)} ${met ? 'met' : 'MISSED'}`);
  if (!met) failed = true;
}
process.exit(failed ? 1 : 0);
