/**
 * Web links in the widget's chat: http and https URLs become links that open in a new tab without the opener or the
 * referrer, everything else stays text (never HTML), and the log stays axe-clean with links in it. Over a stand-in
 * session (fake-session.ts).
 */
import { fixture, html } from '@open-wc/testing';
import { RemoteSupportWidget } from '../../src/widget/index.js';
import { setSessionFactory } from '../../src/widget/session-controller.js';
import { accessibleInEveryMode } from './axe.js';
import { assert } from './chai.js';
import { FakeSession } from './fake-session.js';
import { after, before, describe, it } from './mocha.js';
import { root, settle } from './widget-helpers.js';

RemoteSupportWidget.define();

const TECH = { name: 'Alex Demo', org: 'Demo Support' };
const TEXT = 'See https://acme.example/help?q=printer. Not javascript:alert(1) nor <a href="https://evil.example">this</a>';

async function widgetWithMessage(): Promise<RemoteSupportWidget> {
  const wrapper = await fixture<HTMLDivElement>(html`<div><remote-support-widget server="https://support.example.com" vendor="Acme"></remote-support-widget></div>`);
  const el = wrapper.querySelector('remote-support-widget')!;
  await el.updateComplete;
  await el.load();
  el.show();
  FakeSession.last!.set({
    phase: 'connected',
    sessionId: 's1',
    technician: TECH,
    technicianPresent: true,
    items: [{ kind: 'message', clientId: 't1', id: 'm1', seq: 1, from: 'technician', text: TEXT, at: Date.now(), status: 'sent' }],
  });
  await settle(el);
  return el;
}

const messageText = (el: Element) => root(el).querySelector('rsw-chat-log')!.shadowRoot!.querySelector('.msg .text')!;

describe('links in the widget chat', () => {
  before(() => setSessionFactory((options) => new FakeSession(options)));
  after(() => setSessionFactory());

  it('makes http and https URLs links to a new tab without opener or referrer, and leaves the rest as text', async () => {
    const el = await widgetWithMessage();
    const text = messageText(el);
    const links = [...text.querySelectorAll('a')];
    assert.deepEqual(
      links.map((a) => [a.getAttribute('href'), a.textContent, a.target, a.rel]),
      [
        ['https://acme.example/help?q=printer', 'https://acme.example/help?q=printer', '_blank', 'noopener noreferrer'],
        // The URL inside typed markup is a link of its own; the markup around it stays text.
        ['https://evil.example/', 'https://evil.example', '_blank', 'noopener noreferrer'],
      ],
    );
    assert.strictEqual(text.textContent, TEXT, 'the message reads as typed, the markup as text');
    assert.deepEqual([...text.querySelectorAll('*')].map((n) => n.localName), ['a', 'a'], 'no element but the links');
    assert.notStrictEqual(getComputedStyle(links[0]!).textDecorationLine, 'none', 'the link is underlined, not told by colour alone');
  });

  it('is axe-clean with a link in the log, light and dark, left to right and right to left', async function () {
    this.timeout(20_000);
    const el = await widgetWithMessage();
    await accessibleInEveryMode(el, () => settle(el), '--rsw-bg');
  });
});
