/**
 * Typed access to the Mocha BDD functions @web/test-runner puts on `window` before it imports a test file.
 * (The repository has no @types/mocha and tsconfig.json limits ambient types to Node's, so browser tests import these
 * instead of using the globals; the runtime objects are the same.)
 */

/** `this` inside tests and hooks written with `function () {}`. */
export interface MochaContext {
  /** Changes this test's (or hook's) timeout, ms. The default is 10 s (web-test-runner.config.js). */
  timeout(ms: number): void;
  slow(ms: number): void;
  skip(): never;
}

export type TestBody = (this: MochaContext) => void | PromiseLike<unknown>;
export type SuiteBody = (this: MochaContext) => void;

export interface TestFunction {
  (title: string, fn?: TestBody): void;
  only(title: string, fn?: TestBody): void;
  skip(title: string, fn?: TestBody): void;
}

export interface SuiteFunction {
  (title: string, fn: SuiteBody): void;
  only(title: string, fn: SuiteBody): void;
  skip(title: string, fn: SuiteBody): void;
}

export type HookFunction = (fn: TestBody) => void;

interface MochaGlobals {
  describe: SuiteFunction;
  it: TestFunction;
  before: HookFunction;
  after: HookFunction;
  beforeEach: HookFunction;
  afterEach: HookFunction;
}

const mocha = globalThis as unknown as Partial<MochaGlobals>;
if (typeof mocha.describe !== 'function') {
  throw new Error('test/browser/mocha.ts: Mocha globals are missing; run browser tests with @web/test-runner');
}

export const { describe, it, before, after, beforeEach, afterEach } = mocha as MochaGlobals;
