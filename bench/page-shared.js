/* global window */
/**
 * What the page benchmarks (`bench/page-load.js`, `bench/page-session.js`) share: the browser they drive, the probe
 * that records long tasks in the page and which of them ran the widget's own script, and the figures' printing.
 */
import { chromium } from 'playwright-core';

export const CHROME_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';
export const CHROME_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Debian's Chromium (or CHROME_PATH), headless, with `extraArgs` after the common flags. */
export function launchChromium(extraArgs = []) {
  return chromium.launch({ executablePath: CHROME_PATH, args: [...CHROME_ARGS, ...extraArgs] });
}

/**
 * Runs in the page before any of its scripts (`page.addInitScript(longTaskProbe)`), into `window.__rswLongTasks`:
 *   - longTasks:  PerformanceObserver 'longtask' entries (> 50 ms), buffered from the start, as { start, end }
 *   - widgetRuns: the scripts of the widget's own files (URL under /widget/) that the 'long-animation-frame' entries
 *                 name (Chromium names those of 5 ms or more), with their time, function, file and character position:
 *                 a run of the widget's files inside a long task's time makes that long task the widget's.
 */
export function longTaskProbe() {
  const state = { longTasks: [], widgetRuns: [] };
  window.__rswLongTasks = state;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) state.longTasks.push({ start: e.startTime, end: e.startTime + e.duration });
  }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => {
    for (const frame of list.getEntries()) {
      for (const s of frame.scripts) {
        if (!/\/widget\//.test(s.sourceURL)) continue;
        state.widgetRuns.push({
          start: s.startTime,
          end: s.startTime + s.duration,
          invoker: s.invoker,
          fn: s.sourceFunctionName,
          file: s.sourceURL.replace(/^.*\/widget\//, ''),
          at: s.sourceCharPosition,
          styleAndLayoutMs: s.forcedStyleAndLayoutDuration,
        });
      }
    }
  }).observe({ type: 'long-animation-frame', buffered: true });
}

/** The long tasks that `probed` (what longTaskProbe recorded) saw, and those that ran the widget's script. */
export function widgetLongTasks(probed) {
  return probed.longTasks.filter((t) => probed.widgetRuns.some((r) => r.start < t.end && r.end > t.start));
}

import { fmt as fixed, median, spread as spreadOf } from './stats.js';

export { median };
/** `x` with `digits` decimals (one unless told). */
export const fmt = (x, digits = 1) => fixed(x, digits);
/** "median (min–max)", with `digits` decimals (one unless told). */
export const spread = (xs, digits = 1) => spreadOf(xs, digits);

/** Prints rows of strings as a table under `header`: the first column left-aligned, the others right-aligned. */
export function printTable(header, rows) {
  const widths = header.map((h, i) => Math.max(...rows.map((r) => r[i].length), h.length));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('   ');
  console.log(line(header));
  for (const r of rows) console.log(line(r));
}
