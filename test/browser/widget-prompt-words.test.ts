/**
 * The prompts of the functions other than screen viewing are worded in the functions' views' part (prompt-words.ts),
 * off the English path: screen viewing's prompt shows without that part; another function's shows once it is loaded,
 * never in screen viewing's words; a part that cannot be loaded says so with Retry, and Retry brings the question.
 * Over a stand-in session (no relay needed). A file of its own: the part, once loaded, stays loaded for the page.
 */
import { fixture, html } from '@open-wc/testing';
import { waitUntil } from './wait.js';
import { RemoteSupportWidget } from '../../src/widget/index.js';
import { functionViewsPart } from '../../src/widget/screens/lazy.js';
import { setSessionFactory } from '../../src/widget/session-controller.js';
import type { PromptView } from '../../src/widget/session/types.js';
import { assert } from './chai.js';
import { FakeSession } from './fake-session.js';
import { after, before, describe, it } from './mocha.js';
import { inner, realClick, root, settle, text } from './widget-helpers.js';

RemoteSupportWidget.define();

const LOADING = { timeout: 10_000 };
const TECH = { name: 'Alex Demo', org: 'Demo Support' };

const prompt = (id: string, fn: PromptView['fn']): PromptView => {
  const now = Date.now();
  return { id, fn, kind: 'request', requestedAt: now, expiresAt: now + 60_000, technician: TECH };
};
const question = (el: Element) => inner(el, 'rsw-consent-prompt', '#q');
const alert = (el: Element) => root(el).querySelector('[role=alert].part-failed');

describe('the prompts of the functions off the English path', () => {
  before(() => setSessionFactory((options) => new FakeSession(options)));
  after(() => setSessionFactory());

  it("shows screen viewing's at once, another function's once the functions' views are loaded, with Retry if they cannot be", async () => {
    const load = functionViewsPart.load;
    let attempts = 0;
    functionViewsPart.load = () => {
      attempts++;
      return Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
    };
    const wrapper = await fixture<HTMLDivElement>(
      html`<div><remote-support-widget server="https://support.example.com"></remote-support-widget></div>`,
    );
    const el = wrapper.querySelector('remote-support-widget')!;
    await el.load();
    el.show();
    const session = FakeSession.last!;
    session.set({ phase: 'connected', sessionId: 's1', technician: TECH, technicianPresent: true, prompt: prompt('p1', 'desktop-view') });
    await settle(el);
    await waitUntil(() => question(el), 'the prompt shows', LOADING);
    assert.strictEqual(text(question(el)), 'Alex Demo (Demo Support) asks to see your screen.');
    assert.strictEqual(attempts, 0, "screen viewing's prompt needs no part");

    session.set({ prompt: prompt('p2', 'file-transfer') });
    await settle(el);
    await waitUntil(() => alert(el), 'the failure shows', LOADING);
    assert.isNull(question(el), "never another function's question in other words");
    assert.isAtLeast(attempts, 1);

    functionViewsPart.load = load;
    await realClick(alert(el)!.querySelector('button')!);
    await waitUntil(() => question(el), 'Retry brings the prompt', LOADING);
    assert.strictEqual(text(question(el)), 'Alex Demo (Demo Support) asks to send files to you and receive files from you.');
    assert.strictEqual(text(inner(el, 'rsw-consent-prompt', '#d')), 'Files are only exchanged while this is allowed. You can stop at any time.');
    assert.isNull(alert(el));

    session.set({ control: 'point', prompt: prompt('p3', 'remote-control') });
    await settle(el);
    assert.strictEqual(text(question(el)), 'Alex Demo (Demo Support) asks to point on your screen.');
    el.remove();
  });
});
