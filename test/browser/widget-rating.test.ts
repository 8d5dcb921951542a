/**
 * The rating at the end of a session: a 1–5 scale and an optional comment, sent once; a missing score or a failed
 * delivery says so; axe-clean in each state. Over a stand-in session (fake-session.ts).
 */
import { fixture, html } from '@open-wc/testing';
import { RemoteSupportWidget } from '../../src/widget/index.js';
import { setSessionFactory } from '../../src/widget/session-controller.js';
import { assertAxeClean } from './axe.js';
import { assert } from './chai.js';
import { FakeSession, grants } from './fake-session.js';
import { after, before, describe, it } from './mocha.js';
import { realClick, root, settle, text } from './widget-helpers.js';

RemoteSupportWidget.define();

const TECH = { name: 'Alex Demo', org: 'Demo Support' };

async function endedWidget(): Promise<{ el: RemoteSupportWidget; session: FakeSession; form: () => ShadowRoot }> {
  const wrapper = await fixture<HTMLDivElement>(html`<div><remote-support-widget server="https://support.example.com" vendor="Acme"></remote-support-widget></div>`);
  const el = wrapper.querySelector('remote-support-widget')!;
  await el.load();
  el.show();
  const session = FakeSession.last!;
  session.set({ phase: 'ended', sessionId: 's1', technician: TECH, grants: grants(), ended: { by: 'technician', reason: 'technician-ended' } });
  await settle(el);
  const form = () => root(el).querySelector('rsw-rating-form')!.shadowRoot!;
  await root(el).querySelector('rsw-rating-form')!.updateComplete;
  return { el, session, form };
}

async function submit(el: RemoteSupportWidget, form: ShadowRoot): Promise<void> {
  await realClick(form.querySelector('button[type=submit]')!);
  await new Promise((resolve) => setTimeout(resolve, 50));
  await root(el).querySelector('rsw-rating-form')!.updateComplete;
}

describe('the rating at the end', () => {
  before(() => setSessionFactory((options) => new FakeSession(options)));
  after(() => setSessionFactory());

  it('asks for a score first, then sends the score and the comment once and says thank you', async function () {
    this.timeout(20_000);
    const { el, session, form } = await endedWidget();
    assert.strictEqual(text(form().querySelector('legend')), 'How did the session go?');
    await assertAxeClean(el, 'the end screen with the rating form');

    await submit(el, form());
    assert.strictEqual(text(form().querySelector('[role=alert]')), 'Choose a number from 1 to 5 first.');
    assert.deepEqual(session.called('rate'), []);
    await assertAxeClean(el, 'the rating form asking for a score');

    await realClick(form().querySelectorAll('input[type=radio]')[3]!);
    form().querySelector('textarea')!.value = '  Quick and kind.  ';
    await submit(el, form());
    assert.deepEqual(session.called('rate'), [['rate', 4, 'Quick and kind.']]);
    assert.strictEqual(text(form().querySelector('[role=status]')), 'Thank you for your rating.');
    assert.isNull(form().querySelector('form'), 'no second rating');
    await assertAxeClean(el, 'the thanks for the rating');
  });

  it('lets the customer try again when the rating could not be sent', async function () {
    this.timeout(20_000);
    const { el, session, form } = await endedWidget();
    session.rateResult = false;
    await realClick(form().querySelectorAll('input[type=radio]')[0]!);
    await submit(el, form());
    assert.strictEqual(text(form().querySelector('[role=alert]')), 'Your rating could not be sent. Please try again.');
    session.rateResult = true;
    await submit(el, form());
    assert.deepEqual(session.called('rate').map((c) => c[1]), [1, 1]);
    assert.strictEqual(text(form().querySelector('[role=status]')), 'Thank you for your rating.');
  });
});
