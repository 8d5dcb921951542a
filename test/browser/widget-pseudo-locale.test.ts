/**
 * No untranslated text anywhere in <remote-support-widget>: in the pseudo-locale (lang="en-XA", every msg() text in
 * ⟦…⟧) every state the customer can meet is walked through the REAL relay — the launcher, code and queue screens,
 * connecting, waiting, connected with chat, typing, a prompt, a re-confirmation, live grants and the indicator, the
 * unread badge, the end confirmation, reconnecting, the end, and every error screen — and every visible text node
 * and spoken attribute (aria-label, placeholder, title) must be wrapped or be data (names, messages, times, numbers).
 */
import { aTimeout } from '@open-wc/testing';
import { waitUntil } from './wait.js';
import { RemoteSupportWidget } from '../../src/widget/index.js';
import { assertAllTranslated, PSEUDO_LANG, untranslated } from './pseudo.js';
import { assert } from './chai.js';
import { describe, it } from './mocha.js';
import { connectCustomer, delayConnections, dropConnections, ok, sharedRelay, startRelay, TechnicianClient, unreachableRelayUrl } from './support.js';
import { $, enterCode, inner, mountWidget, promptButtons, realClick, root, settle, text, type, waitForPhase, waitForPrompt } from './widget-helpers.js';

RemoteSupportWidget.define();

/** Names and texts that come from the relay, the vendor or the customer: data, not interface. */
const DATA = ['Alex Demo', 'Demo Support', 'Jan Kowalski', 'The printer does not print', 'Hello Jan', 'Thanks, I can see it', 'Hi there'];

const check = (el: RemoteSupportWidget, what: string) => settle(el).then(() => assertAllTranslated(el, what, DATA));

/** The button in the widget's own shadow root whose class is `cls` (texts are pseudo-translated here). */
const button = (el: Element, selector: string) => $<HTMLButtonElement>(el, selector)!;

describe('<remote-support-widget> in the pseudo-locale', () => {
  it('is checked by a check that finds text outside the translations', async () => {
    const english = await mountWidget(sharedRelay, 'lang="en" open');
    const found = untranslated(english, DATA);
    assert.includeMembers(found, ['"Remote support" in <h2>', '"Session code" in <label>', 'aria-label="Minimise" on <button>']);
    english.remove();
  });

  it('has no untranslated text from the launcher to the end of a session', async function () {
    this.timeout(60_000);
    const relay = await startRelay({ reconfirmAfterMs: 3_000 });
    const tech = await TechnicianClient.connect({ relay });
    const { code } = await tech.createSession();
    const el = await mountWidget(relay, `lang="${PSEUDO_LANG}" queue terms-url="/terms"`);
    await check(el, 'the launcher');

    await realClick($(el, '[part=launcher]')!);
    await check(el, 'the code screen with terms, the functions and the queue');
    await realClick(button(el, '.or + button'));
    await check(el, 'the queue form');
    await realClick(button(el, 'button.link'));
    await settle(el);

    await realClick($(el, '#terms')!);
    await delayConnections(relay, 2_000);
    await enterCode(el, code);
    await waitForPhase(el, 'connecting');
    await check(el, 'connecting');

    await tech.waitForCustomer(8_000);
    await waitForPhase(el, 'connected');
    await delayConnections(relay, 0);
    await tech.send('Hello Jan');
    await tech.typing(true);
    await waitUntil(() => text(inner(el, 'rsw-chat-log', '.typing')) !== '', 'the typing notice shows');
    await realClick(inner(el, 'rsw-composer', 'textarea')!);
    await type('Hi there');
    await realClick(inner(el, 'rsw-composer', 'button')!);
    await tech.waitForMessage('Hi there');
    await check(el, 'connected, with chat, system lines and the typing notice');

    await tech.request('desktop-view');
    await waitForPrompt(el);
    await check(el, 'a consent prompt');
    await realClick(promptButtons(el).allow);
    await tech.waitForGrant('desktop-view');
    await waitUntil(() => $(el, '[part=indicator]'), 'the indicator shows');
    await tech.request('file-transfer');
    await waitForPrompt(el);
    await realClick(promptButtons(el).allow);
    await tech.waitForGrant('file-transfer');
    await check(el, 'live grants and the indicator');

    // The re-confirmation of screen viewing (after 3 s on this relay), with its countdown.
    await waitUntil(() => inner(el, 'rsw-consent-prompt', '[role=alertdialog]'), 'the re-confirmation shows', { timeout: 8_000 });
    await check(el, 'a re-confirmation');
    await aTimeout(700);
    await realClick(promptButtons(el).allow);
    await waitUntil(() => !inner(el, 'rsw-consent-prompt', '[role=alertdialog]'), 'the re-confirmation goes');

    // Minimised: the indicator outside the box, the unread badge on the launcher.
    el.hide();
    await settle(el);
    await tech.send('Thanks, I can see it');
    await waitUntil(() => $(el, '.badge'), 'the unread badge shows');
    await check(el, 'minimised with the indicator and an unread message');
    el.show();
    await settle(el);

    // Disconnect asks first.
    await realClick([...root(el).querySelector('rsw-grants-bar')!.shadowRoot!.querySelectorAll<HTMLButtonElement>('button.danger')][0]!);
    await settle(el);
    assert.exists($(el, '.confirm'));
    await check(el, 'the end confirmation');
    await realClick(button(el, '#confirm-cancel'));
    await settle(el);

    // The network drops, and comes back slowly.
    await delayConnections(relay, 2_000);
    await dropConnections(relay, 'customer');
    await waitForPhase(el, 'reconnecting');
    await check(el, 'reconnecting');
    await waitForPhase(el, 'connected', 10_000);
    await delayConnections(relay, 0);

    await tech.end();
    await waitForPhase(el, 'ended');
    await check(el, 'the end');
  });

  it('has no untranslated text while waiting in the support queue', async function () {
    this.timeout(20_000);
    const relay = await startRelay();
    await TechnicianClient.connect({ relay });
    const el = await mountWidget(relay, `lang="${PSEUDO_LANG}" queue open`);
    await realClick(button(el, '.or + button'));
    await settle(el);
    await realClick($(el, '#name')!);
    await type('Jan Kowalski');
    await realClick($(el, '#description')!);
    await type('The printer does not print');
    await realClick(button(el, 'button[type=submit]'));
    await waitForPhase(el, 'waiting');
    await waitUntil(() => /\d/.test(text($(el, '.body [aria-live]'))), 'the queue position shows');
    await check(el, 'waiting in the queue');
  });

  it('has no untranslated text on any error screen', async function () {
    this.timeout(40_000);
    const errorShown = async (el: RemoteSupportWidget, what: string) => {
      await waitUntil(() => text($(el, '#error')) !== '', `${what} shows`, { timeout: 5_000 });
      await check(el, what);
    };

    const invalid = await mountWidget(sharedRelay, `lang="${PSEUDO_LANG}" open`);
    await enterCode(invalid, '000000');
    await errorShown(invalid, 'an invalid code');
    invalid.remove();

    const used = await TechnicianClient.connect();
    const usedCode = (await used.createSession()).code;
    await ok(connectCustomer(), 'session:join', { code: usedCode });
    const usedEl = await mountWidget(sharedRelay, `lang="${PSEUDO_LANG}" open`);
    await enterCode(usedEl, usedCode);
    await errorShown(usedEl, 'a used code');
    usedEl.remove();

    const limited = await startRelay({ failedJoinsPerAddress: 1 });
    const limitedEl = await mountWidget(limited, `lang="${PSEUDO_LANG}" open`);
    for (let i = 1; i <= 3 && !/\d:\d\d/.test(text($(limitedEl, '#error'))); i++) {
      await enterCode(limitedEl, `00000${i}`);
      await waitUntil(() => text($(limitedEl, '#error')) !== '', 'an error shows');
      await aTimeout(200);
    }
    await errorShown(limitedEl, 'too many attempts, with the time to wait');
    limitedEl.remove();

    const unreachable = await mountWidget({ id: undefined, url: await unreachableRelayUrl(), devToken: '' }, `lang="${PSEUDO_LANG}" open`);
    await enterCode(unreachable, '123456');
    await errorShown(unreachable, 'the service unreachable');
    unreachable.remove();

    const today = ((new Date().getUTCDay() + 6) % 7) + 1;
    const closed = await startRelay({ businessHours: { timeZone: 'Europe/Warsaw', days: [(today % 7) + 1], open: '09:00', close: '17:00' } });
    const closedEl = await mountWidget(closed, `lang="${PSEUDO_LANG}" open`);
    await enterCode(closedEl, '123456');
    await errorShown(closedEl, 'outside business hours, with the hours');
    closedEl.remove();

    const empty = await startRelay();
    const emptyEl = await mountWidget(empty, `lang="${PSEUDO_LANG}" open queue`);
    await realClick(button(emptyEl, '.or + button'));
    await settle(emptyEl);
    await realClick($(emptyEl, '#name')!);
    await type('Jan Kowalski');
    await realClick(button(emptyEl, 'button[type=submit]'));
    await errorShown(emptyEl, 'no technician available');
  });
});
