/**
 * Text from the network draws inside its own box. A letter with hundreds of combining marks (U+0301 …) stacks them
 * far above its line: laid out in Chromium, such a message's bubble, in the widget and in the console, and a file's
 * row clip what they draw (to a quarter rem around them, for focus rings), so it never covers the messages around it.
 */
import { fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { RscChatLog } from '../../src/console/index.js';
import { fileNameStyles, fileNameView } from '../../src/ui/file-name-view.js';
import { RswChatLog } from '../../src/widget/chat-log.js';
import { assert } from './chai.js';
import { describe, it } from './mocha.js';

customElements.define('rsw-chat-log', RswChatLog);
RscChatLog.define();

const ZALGO = `Z${'\u0301\u0300\u0302\u0303\u0304'.repeat(60)}`;
const message = (clientId: string, text: string) => ({ kind: 'message' as const, clientId, from: 'technician' as const, text, at: 0, status: 'sent' as const });

class FileRowProbe extends LitElement {
  static override styles = fileNameStyles;
  override render() {
    return html`<ul><li class="file-row">${fileNameView(`e${'\u0301'.repeat(250)}.txt`)}</li></ul>`;
  }
}
customElements.define('file-row-probe', FileRowProbe);

function clips(el: Element): void {
  const style = getComputedStyle(el);
  assert.equal(style.overflowY, 'clip', `${el.className} clips what it draws`);
  assert.equal(style.overflowX, 'clip');
  assert.equal(style.overflowClipMargin, '4px');
}

describe('a message of stacked combining marks', () => {
  it('stays in its bubble in the widget', async () => {
    const el = await fixture<RswChatLog>(html`<rsw-chat-log .items=${[message('a', 'before'), message('b', ZALGO), message('c', 'after')]}></rsw-chat-log>`);
    await el.updateComplete;
    const bubbles = [...el.shadowRoot!.querySelectorAll('.msg')];
    assert.lengthOf(bubbles, 3);
    for (const bubble of bubbles) clips(bubble);
  });

  it('stays in its bubble in the console', async () => {
    const el = await fixture<RscChatLog>(html`<rsc-chat-log .items=${[message('a', 'before'), message('b', ZALGO), message('c', 'after')]}></rsc-chat-log>`);
    await el.updateComplete;
    const bubbles = [...el.shadowRoot!.querySelectorAll('.msg')];
    assert.lengthOf(bubbles, 3);
    for (const bubble of bubbles) clips(bubble);
  });

  it("stays in its file's row", async () => {
    const el = await fixture<FileRowProbe>(html`<file-row-probe></file-row-probe>`);
    clips(el.shadowRoot!.querySelector('.file-row')!);
  });
});
