/**
 * An Allow pressed the moment a prompt appears is not taken as the answer (it was meant for what was there before),
 * and the customer sees why nothing happened; the next click after the guard time answers. Over a stand-in session.
 */
import { aTimeout, fixture, html } from '@open-wc/testing';
import { RemoteSupportWidget } from '../../src/widget/index.js';
import { setSessionFactory } from '../../src/widget/session-controller.js';
import { assertAxeClean } from './axe.js';
import { assert } from './chai.js';
import { FakeSession, grants } from './fake-session.js';
import { after, before, describe, it } from './mocha.js';
import { PROMPT_ARM_MS, promptButtons, realClick, root, settle, text } from './widget-helpers.js';

RemoteSupportWidget.define();

const TECH = { name: 'Alex Demo', org: 'Demo Support' };
const alertText = (el: Element) => text(root(el).querySelector('rsw-consent-prompt')!.shadowRoot!.querySelector('[role=alert]'));

describe('an answer right after the prompt appeared', () => {
  before(() => setSessionFactory((options) => new FakeSession(options)));
  after(() => setSessionFactory());

  it('is ignored with a visible reason, and the next click after the guard time answers', async function () {
    this.timeout(20_000);
    const wrapper = await fixture<HTMLDivElement>(html`<div><remote-support-widget server="https://support.example.com" vendor="Acme"></remote-support-widget></div>`);
    const el = wrapper.querySelector('remote-support-widget')!;
    await el.load();
    el.show();
    const session = FakeSession.last!;
    const now = Date.now();
    session.set({
      phase: 'connected',
      sessionId: 's1',
      technician: TECH,
      technicianPresent: true,
      grants: grants(),
      prompt: { id: 'p1', fn: 'desktop-view', kind: 'request', requestedAt: now, expiresAt: now + 60_000, technician: TECH },
    });
    await settle(el);
    await realClick(promptButtons(el).allow);
    await settle(el);
    assert.deepEqual(session.called('decide'), [], 'not taken as the answer');
    assert.include(alertText(el), 'This question has just appeared. Please read it, then answer again.');
    await assertAxeClean(el, 'the prompt telling that the answer came too soon');

    await aTimeout(PROMPT_ARM_MS);
    await realClick(promptButtons(el).allow);
    await settle(el);
    assert.deepEqual(session.called('decide'), [['decide', 'p1', true]]);
    assert.strictEqual(alertText(el), '', 'the reason goes once the answer is taken');
  });
});
