/**
 * System information and Restart & reconnect in <remote-support-widget> through the REAL relay: the customer sees
 * exactly what would be sent and decides; the reboot token waits in local storage (one key) and brings the session
 * back when the page is opened again after a restart, once, and never after Disconnect, the end or its expiry.
 */
import { waitUntil } from './wait.js';
import { SYSINFO_KEYS } from '../../src/protocol/constants.js';
import type { SysinfoItem } from '../../src/protocol/events.js';
import { RemoteSupportWidget } from '../../src/widget/index.js';
import { assert } from './chai.js';
import { describe, it } from './mocha.js';
import { call, connectCustomer, startRelay, TechnicianClient, type TestRelay } from './support.js';
import { $, allow, connectedWidget, logText, mountWidget, realClick, root, text, waitForPhase } from './widget-helpers.js';

RemoteSupportWidget.define();

const REBOOT_KEY = 'rsw:reboot';
const card = (el: Element) => $(el, '#sysinfo');
const tableRows = (el: Element) => [...(card(el)?.querySelectorAll('tr') ?? [])].map((r) => text(r.querySelector('td')));

describe('<remote-support-widget> system information through the real relay', () => {
  it('shows exactly what would be sent, and Send sends just that (page address without query or hash)', async function () {
    this.timeout(20_000);
    const tech = await TechnicianClient.connect();
    const el = await connectedWidget(tech);
    await allow(el, tech, 'system-info', 'System information');
    assert.isTrue((await tech.use('sysinfo:request')).ok);
    await waitUntil(() => card(el), 'the customer sees the information first');
    assert.isFalse(tech.received.some((r) => r.event === 'sysinfo:report'), 'nothing sent before Send');
    const shown = tableRows(el);
    assert.include(shown, `${location.origin}${location.pathname}`);
    assert.isFalse(shown.some((v) => v.includes('wtr-session-id')), 'no query string leaves the page');

    const report = tech.next<{ items: SysinfoItem[]; at: number }>('sysinfo:report');
    await realClick([...card(el)!.querySelectorAll('button')].find((b) => text(b) === 'Send')!);
    const { items } = await report;
    // The same values, the yes/no and on/off tokens in words (the card is in the customer's language).
    const words: Record<string, string> = { yes: 'Yes', no: 'No', enabled: 'Enabled', disabled: 'Disabled', available: 'Available', unavailable: 'Not available' };
    assert.deepEqual(
      items.map((i) => words[i.value] ?? i.value),
      shown,
    );
    assert.includeMembers(shown, ['Enabled', 'Available']);
    assert.isTrue(items.every((i) => (SYSINFO_KEYS as readonly string[]).includes(i.key)));
    assert.includeMembers(
      items.map((i) => i.key),
      ['userAgent', 'languages', 'timeZone', 'screen', 'window', 'cookies', 'storage', 'pageUrl'],
    );
    await waitUntil(() => !card(el), 'the card goes');
    assert.include(logText(el), 'You sent the system information.');
    // One-shot: the grant was used.
    assert.isFalse((await tech.use('sysinfo:request')).ok);
  });

  it("Don't send sends nothing and tells the technician it was declined", async function () {
    this.timeout(20_000);
    const tech = await TechnicianClient.connect();
    const el = await connectedWidget(tech);
    await allow(el, tech, 'system-info', 'System information');
    await tech.use('sysinfo:request');
    await waitUntil(() => card(el), 'the card shows');
    const declined = tech.next('sysinfo:declined');
    await realClick([...card(el)!.querySelectorAll('button')].find((b) => text(b) === "Don't send")!);
    await declined;
    assert.isFalse(tech.received.some((r) => r.event === 'sysinfo:report'));
    await waitUntil(() => logText(el).includes('You did not send the system information.'), 'the log says so');
  });
});

/** A connected widget whose technician prepared a restart; resolves with the stored token. */
async function preparedRestart(relay?: TestRelay) {
  const tech = await TechnicianClient.connect(relay ? { relay } : {});
  const el = await connectedWidget(tech, relay);
  await allow(el, tech, 'reboot', 'Restart and reconnect');
  const res = await tech.use('reboot:request');
  assert.isTrue(res.ok);
  await waitUntil(() => localStorage.getItem(REBOOT_KEY), 'the token is kept');
  const saved = JSON.parse(localStorage.getItem(REBOOT_KEY)!) as { server: string; token: string; expiresAt: number };
  return { tech, el, saved };
}

/** What a restart leaves: no tab, no session storage; local storage stays. */
function restart(el: RemoteSupportWidget): void {
  el.remove();
  sessionStorage.clear();
}

describe('<remote-support-widget> restart and reconnect through the real relay', () => {
  it('keeps the token in one local-storage key, and after a restart rejoins the same session by itself, once', async function () {
    this.timeout(20_000);
    const { tech, el, saved } = await preparedRestart();
    assert.deepEqual(Object.keys(localStorage), [REBOOT_KEY]);
    assert.strictEqual(saved.server, el.server);
    assert.isAbove(saved.expiresAt, Date.now());
    await waitUntil(() => $(el, '.notice.info'), 'the customer is told what happens');
    assert.include(text($(el, '.notice.info')), 'Afterwards open this page again: you will be reconnected automatically.');
    await tech.send('Please restart now.');
    await waitUntil(() => logText(el).includes('Please restart now.'), 'the message arrives');

    restart(el);
    const back = tech.next<{ role: string; present: boolean; reason: string }>('participant:update', (p) => p.role === 'customer' && p.present);
    const again = await mountWidget();
    await waitForPhase(again, 'connected');
    assert.deepInclude(await back, { role: 'customer', present: true, reason: 'restarted' });
    assert.isTrue(again.open, 'the box opens to say so');
    await waitUntil(() => logText(again).includes('Reconnected after restart.'), 'the customer sees it');
    assert.include(logText(again), 'Please restart now.', 'the whole transcript is back');
    assert.isNull(localStorage.getItem(REBOOT_KEY), 'the token is gone');
    assert.deepEqual(Object.keys(sessionStorage), [`rsw:resume:${again.server}`], 'a fresh resume token for reloads');
    // The chat goes on in the same session.
    again.remove();
    // It works once: the same token again is refused.
    const socket = connectCustomer();
    const res = await call(socket, 'session:rejoin', { token: saved.token });
    assert.isFalse(res.ok);
  });

  it('Disconnect removes the token: opening the page again does not rejoin', async function () {
    this.timeout(20_000);
    const { el } = await preparedRestart();
    await el.disconnect();
    await waitForPhase(el, 'ended');
    assert.isNull(localStorage.getItem(REBOOT_KEY));
    restart(el);
    const again = await mountWidget();
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.strictEqual(again.phase, 'idle');
  });

  it('the technician ending the session removes the token', async function () {
    this.timeout(20_000);
    const { tech, el } = await preparedRestart();
    await tech.end();
    await waitForPhase(el, 'ended');
    assert.isNull(localStorage.getItem(REBOOT_KEY));
  });

  it('a refused rejoin (the session ended while the computer restarted) removes the token and says why', async function () {
    this.timeout(20_000);
    const { tech, el } = await preparedRestart();
    restart(el);
    await tech.end();
    assert.isNotNull(localStorage.getItem(REBOOT_KEY), 'nobody was there to hear the end');
    const again = await mountWidget(undefined, 'open');
    await waitUntil(() => localStorage.getItem(REBOOT_KEY) === null, 'the token goes');
    await waitForPhase(again, 'idle');
    await waitUntil(() => text(root(again).querySelector('#error')) !== '', 'the customer is told');
    assert.match(text(root(again).querySelector('#error')), /already ended|could not be resumed/);
  });

  it('an expired token is removed and not used', async function () {
    this.timeout(20_000);
    const relay = await startRelay({ rebootTokenTtlMs: 1_000 });
    const { el, saved } = await preparedRestart(relay);
    restart(el);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, saved.expiresAt - Date.now()) + 100));
    const again = await mountWidget(relay);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.strictEqual(again.phase, 'idle');
    assert.isNull(localStorage.getItem(REBOOT_KEY));
    assert.strictEqual(text(root(again).querySelector('#error')), '', 'no error for an expired token');
  });
});
