/**
 * Chat and the page around <remote-support-widget>, against the REAL relay: messages typed while the connection is
 * down arrive once and in order, nothing from the network (or typed) is ever rendered as HTML, nothing is left in
 * the page's storage after Close, and a `?rsw-code=` join link pre-fills the code.
 */
import { aTimeout } from '@open-wc/testing';
import { waitUntil } from './wait.js';
import { RemoteSupportWidget } from '../../src/widget/index.js';
import type { ChatMessage } from '../../src/protocol/events.js';
import type { WidgetPhase } from '../../src/widget/session/types.js';
import { assert } from './chai.js';
import { describe, it } from './mocha.js';
import { delayConnections, dropConnections, ok, sharedRelay, startRelay, TechnicianClient } from './support.js';
import {
  $,
  connectedWidget,
  deepQueryAll,
  inner,
  isButton,
  liveGrants,
  logText,
  mountWidget,
  press,
  promptButtons,
  realClick,
  root,
  settle,
  text,
  type,
  waitForPhase,
  waitForPrompt,
} from './widget-helpers.js';

RemoteSupportWidget.define();

/** The customer's messages in the widget's log: text and status line. */
function ownMessages(el: Element): { text: string; status: string }[] {
  const log = root(el).querySelector('rsw-chat-log')?.shadowRoot;
  return [...(log?.querySelectorAll('.msg.customer') ?? [])].map((m) => ({
    text: text(m.querySelector('.text')),
    status: text(m.querySelector('.status')),
  }));
}

describe('<remote-support-widget> chat and page through the real relay', () => {
  it('sends messages typed while disconnected once, in order, when the connection is back', async function () {
    this.timeout(30_000);
    const relay = await startRelay();
    const tech = await TechnicianClient.connect({ relay });
    const el = await connectedWidget(tech, relay);
    await type('before the drop');
    await press('Enter');
    await tech.waitForMessage('before the drop');

    // The network drops, and coming back takes a while.
    await delayConnections(relay, 2_500);
    await dropConnections(relay, 'customer');
    await waitForPhase(el, 'reconnecting');
    const phaseAtEnter: WidgetPhase[] = [];
    const onKey = (e: KeyboardEvent) => void (e.key === 'Enter' && phaseAtEnter.push(el.phase));
    window.addEventListener('keydown', onKey, true);
    try {
      await realClick(inner(el, 'rsw-composer', 'textarea')!);
      for (const message of ['first while offline', 'second while offline', 'third while offline']) {
        await type(message);
        await press('Enter');
      }
    } finally {
      window.removeEventListener('keydown', onKey, true);
    }
    assert.deepEqual(phaseAtEnter, ['reconnecting', 'reconnecting', 'reconnecting'], 'typed while disconnected');
    await settle(el);
    assert.deepEqual(ownMessages(el).slice(1), [
      { text: 'first while offline', status: 'Waiting for the connection' },
      { text: 'second while offline', status: 'Waiting for the connection' },
      { text: 'third while offline', status: 'Waiting for the connection' },
    ]);
    assert.strictEqual(tech.messages.length, 1, 'nothing reached the technician while disconnected');

    await waitForPhase(el, 'connected', 10_000);
    await delayConnections(relay, 0);
    await tech.waitForMessage('third while offline');
    await aTimeout(500); // time for any duplicate to turn up

    const expected = ['before the drop', 'first while offline', 'second while offline', 'third while offline'];
    assert.deepEqual(tech.messages.map((m) => m.text), expected, 'live, once each, in order');
    const history = await ok<{ messages: ChatMessage[] }>(tech.socket, 'chat:history', { afterSeq: 0 });
    const stored = history.messages.filter((m) => m.from === 'customer');
    assert.deepEqual(stored.map((m) => m.text), expected, 'stored once each, in order');
    assert.deepEqual(stored.map((m) => m.seq), [...stored.map((m) => m.seq)].sort((a, b) => a - b));
    await waitUntil(() => ownMessages(el).every((m) => m.status === 'Sent'), 'all are confirmed in the widget');
    assert.deepEqual(ownMessages(el).map((m) => m.text), expected, 'shown once each, in order');
  });

  it('shows chat text and technician details as text: no element is made, no script runs', async function () {
    this.timeout(20_000);
    const flag = window as unknown as { rswXss?: number };
    delete flag.rswXss;
    const payload = '<img src=x onerror="window.rswXss=1"><script>window.rswXss=2</script><b>bold</b>';
    const tech = await TechnicianClient.connect({ identity: { name: '<img src=y onerror="window.rswXss=3">', org: '<i>Org</i>' } });
    const el = await connectedWidget(tech);

    await tech.send(payload);
    await waitUntil(() => logText(el).includes(payload), 'the technician message shows as typed');
    await type(payload);
    await press('Enter');
    assert.strictEqual((await tech.waitForMessage(payload)).text, payload);
    await tech.request('desktop-view');
    await waitForPrompt(el);
    await settle(el);

    assert.include(text($(el, '.who')), '<img src=y onerror="window.rswXss=3"> · <i>Org</i>');
    assert.include(text(inner(el, 'rsw-consent-prompt', '#q')), '<img src=y onerror="window.rswXss=3"> (<i>Org</i>) asks to see your screen.');
    assert.lengthOf(
      ownMessagesWith(el, payload),
      2,
      'both messages show the markup as text',
    );
    await aTimeout(300); // an <img src=x> would have failed to load by now
    assert.deepEqual(deepQueryAll(root(el), 'img, script, b, i').map((n) => n.localName), []);
    assert.isUndefined(flag.rswXss, 'no handler ran');
    await realClick(promptButtons(el).deny);
    await tech.waitForGrant('desktop-view', 'denied');
  });

  it('keeps the newest chat line in view when a prompt takes room from the log', async function () {
    this.timeout(20_000);
    const tech = await TechnicianClient.connect();
    const el = await connectedWidget(tech);
    for (let i = 1; i <= 4; i++) await tech.send(`Message ${i}`);
    await waitUntil(() => logText(el).includes('Message 4'), 'the messages show');
    await tech.request('desktop-view');
    await waitForPrompt(el);
    const log = inner(el, 'rsw-chat-log', '.log')!;
    const last = [...log.querySelectorAll('.msg')].at(-1)!;
    const inView = () => {
      const box = log.getBoundingClientRect();
      const line = last.getBoundingClientRect();
      return line.bottom <= box.bottom + 1 && line.bottom > box.top + line.height / 2;
    };
    await waitUntil(inView, 'the newest message is in view');
    await realClick(promptButtons(el).deny);
    await tech.waitForGrant('desktop-view', 'denied');
  });

  it('follows a new line in the frame after the render, without laying out the page in the task that brought it', async function () {
    this.timeout(20_000);
    const tech = await TechnicianClient.connect();
    const el = await connectedWidget(tech);
    for (let i = 1; i <= 12; i++) await tech.send(`Line ${i}: ${'the printer still says paper jam. '.repeat(4)}`);
    await waitUntil(() => logText(el).includes('Line 12'), 'the messages show');
    const chatLog = root(el).querySelector('rsw-chat-log')!;
    const log = inner(el, 'rsw-chat-log', '.log')!;
    const atBottom = () => log.scrollHeight - log.scrollTop - log.clientHeight < 2;
    await waitUntil(atBottom, 'the log is at its newest line');
    assert.isAbove(log.scrollHeight, log.clientHeight * 2, 'the log overflows');

    // Reads of the log's height (which make the browser lay out the page), and where the log stood after each render.
    const height = Object.getOwnPropertyDescriptor(Element.prototype, 'scrollHeight')!.get!;
    let reads = 0;
    Object.defineProperty(log, 'scrollHeight', { configurable: true, get: (): number => (reads++, height.call(log) as number) });
    const afterRender: { reads: number; top: number }[] = [];
    const hooked = chatLog as unknown as { updated(changed: Map<string, unknown>): void };
    const updated = hooked.updated.bind(chatLog);
    hooked.updated = (changed) => {
      updated(changed);
      if (changed.has('items')) afterRender.push({ reads, top: log.scrollTop });
    };
    try {
      const top = log.scrollTop;
      await tech.send('Line 13');
      await waitUntil(() => logText(el).includes('Line 13'), 'the new line shows');
      await waitUntil(() => (delete (log as { scrollHeight?: number }).scrollHeight, atBottom()), 'the log follows it');
      assert.isAbove(afterRender.length, 0);
      assert.deepEqual(afterRender[0], { reads: 0, top }, 'the render neither read the layout nor scrolled');
    } finally {
      delete (hooked as { updated?: unknown }).updated;
    }
  });

  it('formats the time of a new message only, not of every message again', async function () {
    this.timeout(20_000);
    const tech = await TechnicianClient.connect();
    const el = await connectedWidget(tech);
    for (let i = 1; i <= 12; i++) await tech.send(`Earlier ${i}`);
    await waitUntil(() => logText(el).includes('Earlier 12'), 'the messages show');
    await settle(el);
    // `format` is a getter on the prototype (it hands out a bound function): count the times it is taken.
    const proto = Intl.DateTimeFormat.prototype;
    const original = Object.getOwnPropertyDescriptor(proto, 'format')!;
    let formatted = 0;
    Object.defineProperty(proto, 'format', {
      configurable: true,
      get(this: Intl.DateTimeFormat): unknown {
        formatted++;
        return original.get!.call(this);
      },
    });
    try {
      await tech.send('The newest');
      await waitUntil(() => logText(el).includes('The newest'), 'the new message shows');
      await settle(el);
    } finally {
      Object.defineProperty(proto, 'format', original);
    }
    assert.isAtMost(formatted, 2, 'the new message (and perhaps its system neighbour), not the 12 before it');
  });

  it('leaves nothing in localStorage, sessionStorage, cookies or IndexedDB after Close', async function () {
    this.timeout(20_000);
    sessionStorage.clear();
    localStorage.clear();
    const databasesBefore = (await indexedDB.databases()).map((d) => d.name);
    const tech = await TechnicianClient.connect();
    const el = await connectedWidget(tech);
    // During the session the tab keeps a resume token (so a reload resumes): the check below is not vacuous.
    assert.strictEqual(sessionStorage.length, 1);
    assert.strictEqual(sessionStorage.key(0), `rsw:resume:${sharedRelay.url}`);

    await type('hello');
    await press('Enter');
    await tech.waitForMessage('hello');
    await tech.request('desktop-view');
    await waitForPrompt(el);
    await realClick(promptButtons(el).allow);
    await waitUntil(() => liveGrants(el).length === 1, 'a grant shows');
    await tech.end();
    await waitForPhase(el, 'ended');
    await realClick([...root(el).querySelectorAll('button')].find(isButton('Close'))!);
    await settle(el);

    assert.strictEqual(el.phase, 'idle');
    assert.strictEqual(logText(el), '', 'nothing of the session is shown either');
    assert.strictEqual(localStorage.length, 0);
    assert.strictEqual(sessionStorage.length, 0);
    assert.strictEqual(document.cookie, '');
    assert.deepEqual((await indexedDB.databases()).map((d) => d.name), databasesBefore);
    el.show();
    await settle(el);
    assert.strictEqual($<HTMLInputElement>(el, '#code')!.value, '', 'the burnt code is not offered again');
  });

  it('pre-fills the code from a ?rsw-code= join link; the customer still clicks Connect', async function () {
    this.timeout(20_000);
    const tech = await TechnicianClient.connect();
    const { code, joinUrl } = await tech.createSession();
    const linked = new URLSearchParams(joinUrl.slice(joinUrl.indexOf('?'))).get('rsw-code');
    assert.strictEqual(linked, code, 'the relay\'s join link carries the code');
    const before = location.href;
    const url = new URL(location.href);
    url.searchParams.set('rsw-code', linked!);
    history.replaceState(null, '', url);
    try {
      const el = await mountWidget(sharedRelay);
      assert.isTrue(el.open, 'the box opens by itself');
      assert.strictEqual($<HTMLInputElement>(el, '#code')!.value, code);
      await aTimeout(300);
      assert.strictEqual(el.phase, 'idle', 'no connection without the customer');
      assert.isFalse(tech.session?.customerPresent);
      await realClick($(el, 'button[type=submit]')!);
      await tech.waitForCustomer();
      await waitForPhase(el, 'connected');
    } finally {
      history.replaceState(null, '', before);
    }
  });
});

function ownMessagesWith(el: Element, payload: string): Element[] {
  const log = root(el).querySelector('rsw-chat-log')?.shadowRoot;
  return [...(log?.querySelectorAll('.msg .text') ?? [])].filter((n) => n.textContent === payload);
}
