/**
 * Work kept out of the tasks of a session's events (no long task at a phone's speed, `npm run bench:session`):
 * - the parts of the box the customer is about to see start loading ahead of their first drawing (screens/lazy.ts
 *   `prefetchParts`): the functions' views when file transfer, system information or a restart is asked about, the
 *   end screen when the customer is asked to confirm the end. Their chunks are then evaluated in a task of their own,
 *   not in the task that first draws them. A file of its own: the parts are loaded once per page, and the other
 *   files' tests load them;
 * - a consent prompt takes the focus after the next frame, not in its render's task (where focus() lays the page out).
 */
import { fixture, html } from '@open-wc/testing';
import { waitUntil } from './wait.js';
import { RemoteSupportWidget } from '../../src/widget/index.js';
import type { LazyPart } from '../../src/widget/lazy-part.js';
import { endedPart, functionViewsPart } from '../../src/widget/screens/lazy.js';
import { setSessionFactory } from '../../src/widget/session-controller.js';
import type { PromptView } from '../../src/widget/session/types.js';
import { assert } from './chai.js';
import { FakeSession, grants } from './fake-session.js';
import { after, before, describe, it } from './mocha.js';
import { $, root, settle } from './widget-helpers.js';

RemoteSupportWidget.define();

const TECH = { name: 'Alex Demo', org: 'Demo Support' };

/** Counts `part`'s imports (which go on as before). */
function counted<M>(part: LazyPart<M>): () => number {
  const load = part.load;
  let imports = 0;
  part.load = () => {
    imports++;
    return load();
  };
  return () => imports;
}

function promptView(extra: Partial<PromptView> = {}): PromptView {
  const now = Date.now();
  return { id: 'p1-file-transfer', fn: 'file-transfer', kind: 'request', requestedAt: now, expiresAt: now + 60_000, technician: TECH, ...extra };
}

describe('work kept out of the tasks of a session’s events', () => {
  before(() => setSessionFactory((options) => new FakeSession(options)));
  after(() => setSessionFactory());

  it('a consent prompt takes the focus in a later task than its render (after the next frame); its updateComplete waits for it', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div><remote-support-widget server="https://support.example.com" vendor="Acme"></remote-support-widget></div>`);
    const el = wrapper.querySelector('remote-support-widget')!;
    await el.load();
    el.show();
    const session = FakeSession.last!;
    session.set({ phase: 'connected', sessionId: 's1', technician: TECH, technicianPresent: true });
    await settle(el);
    let taskOver = false;
    let focusedLater: boolean | undefined;
    // Whether the dialog's focus() is called in the task that renders the prompt (focus events need a focused
    // window, which a test may lack).
    const focus = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'focus')!;
    const original = HTMLElement.prototype.focus;
    HTMLElement.prototype.focus = function (this: HTMLElement, options?: FocusOptions) {
      if (this.getAttribute('role') === 'alertdialog') focusedLater ??= taskOver;
      original.call(this, options);
    };
    const prompt = promptView({ id: 'p2-desktop-view', fn: 'desktop-view' });
    session.set({ prompt }, { type: 'consent-request', prompt });
    setTimeout(() => (taskOver = true));
    await el.updateComplete;
    const host = root(el).querySelector('rsw-consent-prompt')!;
    await host.updateComplete;
    Object.defineProperty(HTMLElement.prototype, 'focus', focus);
    const dialog = host.shadowRoot!.querySelector('[role=alertdialog]');
    assert.isTrue(host.shadowRoot!.activeElement === dialog, 'the prompt has the focus once its update is complete');
    assert.isTrue(focusedLater, 'the focus moved in a later task than the render’s');
    el.remove();
  });

  it("load the functions' views with the question for file transfer, and the end screen with the question to end", async () => {
    const views = counted(functionViewsPart);
    const ended = counted(endedPart);
    const wrapper = await fixture<HTMLDivElement>(html`<div><remote-support-widget server="https://support.example.com" vendor="Acme"></remote-support-widget></div>`);
    const el = wrapper.querySelector('remote-support-widget')!;
    await el.load();
    el.show();
    const session = FakeSession.last!;
    session.set({ phase: 'connected', sessionId: 's1', technician: TECH, technicianPresent: true, grants: grants({ 'desktop-view': 'granted' }) });
    await settle(el);
    assert.strictEqual(views(), 0, 'not for the chat and a screen share');
    assert.strictEqual(ended(), 0, 'not for the chat');

    session.set({ prompt: promptView() });
    await settle(el);
    assert.strictEqual(views(), 1, 'asked about file transfer: no transfer yet, the views load');
    await waitUntil(() => functionViewsPart.get() !== undefined, "the functions' views are loaded");
    assert.isNull($(el, '.transfers'), 'nothing is drawn of them before a transfer');

    const bar = root(el).querySelector('rsw-grants-bar')!;
    const disconnect = [...bar.shadowRoot!.querySelectorAll<HTMLButtonElement>('.actions button')].at(-1)!;
    session.set({ prompt: undefined });
    await settle(el);
    disconnect.click();
    await settle(el);
    assert.include($(el, '.confirm')?.textContent ?? '', 'End the session?');
    assert.strictEqual(ended(), 1, 'asked to confirm the end: the end screen loads');
    await waitUntil(() => endedPart.get() !== undefined, 'the end screen is loaded');
    assert.strictEqual(session.called('disconnect').length, 0, 'the session goes on until the customer confirms');
    // Every change of the state since (the prompt gone, the question to end) imported neither again.
    session.set({ grants: grants({ 'desktop-view': 'granted', 'file-transfer': 'granted' }) });
    await settle(el);
    assert.strictEqual(views(), 1, "the functions' views were imported once");
    assert.strictEqual(ended(), 1, 'the end screen was imported once');
    el.remove();
  });
});
