/**
 * A customer's name is whatever they typed in the queue form: the console shows it as text, and isolated, so that
 * direction-changing characters in it (U+202E RIGHT-TO-LEFT OVERRIDE without its U+202C) reorder nothing around it.
 * Measured in Chromium's layout: the words after the name keep their left-to-right order.
 */
import { fixture, html } from '@open-wc/testing';
import { RscChatLog } from '../../src/console/index.js';
import { assert } from './chai.js';
import { describe, it } from './mocha.js';

RscChatLog.define();

/** The left edge of the letter at `index` of `node`, as laid out. */
function letterX(node: Text, index: number): number {
  const range = document.createRange();
  range.setStart(node, index);
  range.setEnd(node, index + 1);
  return range.getBoundingClientRect().left;
}

describe('a customer name with a right-to-left override', () => {
  it('reorders nothing outside the name: "is typing…" reads left to right', async () => {
    const el = await fixture<RscChatLog>(html`<rsc-chat-log .customer=${'Eve\u202Emallory'} .typing=${true}></rsc-chat-log>`);
    await el.updateComplete;
    const line = el.shadowRoot!.querySelector('.typing')!;
    const node = [...line.childNodes].find((n): n is Text => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').includes('typing'))!;
    const content = node.textContent ?? '';
    assert.notInclude(el.shadowRoot!.innerHTML, '<b');
    const start = content.indexOf('is typing');
    // "i" of "is" left of "g" of "typing": the words after the name are not turned around by its override.
    assert.isBelow(letterX(node, start), letterX(node, start + 'is typin'.length), `laid out as ${JSON.stringify(content)}`);
  });
});
