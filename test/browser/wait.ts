/**
 * `waitUntil` of @open-wc/testing with a default timeout fit for what these tests wait for: a real relay, a real
 * WebRTC capture and real rendering in Chromium, on a machine that may run other test files at the same time.
 *
 * @open-wc's own default is 1 s, which turns a wait into a timing check: under load (CI runs several test files in
 * parallel on two cores) a grant's round trip or a capture can take longer and the test fails though nothing is
 * wrong. How fast things are is measured by the benchmarks, not by tests. A test that needs a tighter or looser bound
 * still passes `timeout`; eslint.config.js keeps the browser tests on this module.
 */
import { waitUntil as openWcWaitUntil } from '@open-wc/testing';

export const WAIT_TIMEOUT_MS = 5_000;

export function waitUntil(
  predicate: () => unknown,
  message?: string,
  options: { interval?: number; timeout?: number } = {},
): Promise<void> {
  return openWcWaitUntil(predicate, message, { timeout: WAIT_TIMEOUT_MS, ...options });
}
