/**
 * The customer journey through <remote-support-widget> with its real session logic against the real relay: code,
 * chat both ways, a consent prompt answered by a real click, the grant confirmed by the relay, the indicator, Stop,
 * and the end — with nothing left in storage after closing.
 */
import { aTimeout, fixture, html } from '@open-wc/testing';
import { waitUntil } from './wait.js';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import { RemoteSupportWidget } from '../../src/widget/index.js';
import { assert, expect } from './chai.js';
import { describe, it } from './mocha.js';
import { relayUrl, TechnicianClient } from './support.js';
import { root as widgetRoot } from './widget-helpers.js';

RemoteSupportWidget.define();

const root = (el: Element) => widgetRoot(el);
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const inner = (el: Element, host: string, selector: string) =>
  root(el).querySelector(host)?.shadowRoot?.querySelector<HTMLElement>(selector) ?? null;

async function realClick(target: Element): Promise<void> {
  const r = target.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2)] });
}

describe('<remote-support-widget> with the real relay', () => {
  it('takes the customer from the code to the end of a session', async function () {
    this.timeout(30_000);
    const tech = await TechnicianClient.connect();
    const { code } = await tech.createSession();

    const el = await fixture<RemoteSupportWidget>(
      html`<remote-support-widget server=${relayUrl} vendor="Demo Support" open></remote-support-widget>`,
    );
    const input = root(el).querySelector<HTMLInputElement>('#code')!;
    input.focus();
    await sendKeys({ type: `${code.slice(0, 3)} ${code.slice(3)}` });
    await el.updateComplete;
    assert.strictEqual(input.value, code);
    await realClick(root(el).querySelector('button[type=submit]')!);

    await tech.waitForCustomer();
    await waitUntil(() => el.phase === 'connected', 'the widget connects', { timeout: 5_000 });
    await el.updateComplete;
    assert.include(text(root(el).querySelector('[part=header]')), 'Alex Demo · Demo Support');
    await expect(el).to.be.accessible();

    // chat both ways
    await tech.send('Hello, I can help.');
    await waitUntil(() => text(inner(el, 'rsw-chat-log', '[role=log]')).includes('Hello, I can help.'), 'the message shows');
    inner(el, 'rsw-composer', 'textarea')!.focus();
    await sendKeys({ type: 'Thanks!' });
    await sendKeys({ press: 'Enter' });
    await tech.waitForMessage('Thanks!');
    await waitUntil(() => text(inner(el, 'rsw-chat-log', '[role=log]')).includes('Sent'), 'the message is confirmed');

    // consent: a synthetic click does nothing, a real one allows
    await tech.request('desktop-view');
    await waitUntil(() => inner(el, 'rsw-consent-prompt', '[role=alertdialog]'), 'the prompt shows');
    await aTimeout(700);
    const allow = () => inner(el, 'rsw-consent-prompt', '.actions button:last-child')!;
    allow().click();
    await aTimeout(300);
    assert.strictEqual(tech.consent?.grants['desktop-view'].status, 'pending');
    await realClick(allow());
    await tech.waitForGrant('desktop-view');
    await waitUntil(() => root(el).querySelector('[part=indicator]'), 'the indicator shows');
    assert.include(text(root(el).querySelector('[part=indicator]')), 'Your screen is being viewed');
    await expect(el).to.be.accessible();

    // Stop in the indicator revokes at the relay
    await realClick(root(el).querySelector('[part=indicator] button')!);
    await tech.waitForGrant('desktop-view', 'revoked');
    await waitUntil(() => !root(el).querySelector('[part=indicator]'), 'the indicator goes');

    // the technician ends; the customer closes; nothing is left behind
    await tech.end();
    await waitUntil(() => el.phase === 'ended', 'the widget shows the end');
    await el.updateComplete;
    assert.include(text(root(el).querySelector('.screen')), 'The technician ended the session.');
    el.hide();
    await el.updateComplete;
    assert.strictEqual(el.phase, 'idle');
    assert.strictEqual(sessionStorage.length, 0);
    assert.strictEqual(localStorage.length, 0);
    assert.strictEqual(document.cookie, '');
  });

  it('shows "invalid code" for a code no session has', async () => {
    const el = await fixture<RemoteSupportWidget>(html`<remote-support-widget server=${relayUrl} open></remote-support-widget>`);
    await el.join('000000');
    await waitUntil(() => text(root(el).querySelector('#error')) !== '', 'an error shows', { timeout: 5_000 });
    assert.include(text(root(el).querySelector('#error')), 'This code is not valid.');
  });
});
