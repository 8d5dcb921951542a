/**
 * Typed `expect` and `assert` from @open-wc/testing (chai 4 with chai-dom, chai-a11y-axe, sinon-chai and
 * semantic-dom-diff registered). Import them from here, `waitUntil` from ./wait.js, everything else (fixture, html,
 * oneEvent…) from @open-wc/testing.
 *
 * Why this module exists: @open-wc/testing 5's typings do `import Chai from 'chai'`, which the installed @types/chai 5
 * (no default export) cannot satisfy, so its `expect` reaches TypeScript unresolved and every assertion trips
 * typescript-eslint's no-unsafe-* rules. The runtime objects are fine; this gives them the global `Chai` types.
 *
 * House style (lint-clean):
 * - values: `assert.strictEqual(a, b)`, `assert.deepEqual`, `assert.match`, `assert.include`, `assert.isTrue`…
 * - axe and DOM: `await expect(el).to.be.accessible()`, `await expect(el).shadowDom.to.equal('<p>…</p>')`.
 * Not `expect(a).to.equal(b)`: semantic-dom-diff's typings make every `.equal()` possibly return a Promise (for
 * `.dom.equal`), so no-floating-promises flags it; `await expect(a).to.equal(b)` works but reads oddly.
 */
import * as testing from '@open-wc/testing';

const typed = testing as unknown as { expect: Chai.ExpectStatic; assert: Chai.AssertStatic };

export const expect: Chai.ExpectStatic = typed.expect;
export const assert: Chai.AssertStatic = typed.assert;
