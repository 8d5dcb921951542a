/**
 * Consent in <remote-support-widget> against the REAL relay (SPEC §3): only a real user action answers a prompt, an
 * unanswered prompt expires and counts as denied, a grant shows only after the relay confirmed it, and every way of
 * taking a grant back (its own Stop, the indicator's Stop, Stop sharing) and Disconnect reaches the relay, which then
 * refuses the technician.
 */
import { aTimeout } from '@open-wc/testing';
import { waitUntil } from './wait.js';
import { sendKeys } from '@web/test-runner-commands';
import { RemoteSupportWidget } from '../../src/widget/index.js';
import type { RswGrantEvent } from '../../src/widget/events.js';
import { assert } from './chai.js';
import { describe, it } from './mocha.js';
import { startRelay, TechnicianClient } from './support.js';
import {
  $,
  accessibleInBothThemes,
  allow,
  connectedWidget,
  grantsBarButton,
  inner,
  isButton,
  liveGrants,
  logText,
  promptButtons,
  realClick,
  root,
  settle,
  text,
  waitForPhase,
  waitForPrompt,
} from './widget-helpers.js';

RemoteSupportWidget.define();

const indicator = (el: Element) => $(el, '[part=indicator]');

describe('<remote-support-widget> consent through the real relay', () => {
  it('ignores synthetic clicks, forged events and early clicks on a prompt, and takes a real click', async function () {
    this.timeout(20_000);
    const tech = await TechnicianClient.connect();
    const el = await connectedWidget(tech);
    const answers: RswGrantEvent[] = [];
    el.addEventListener('rsw-grant', (e) => answers.push(e));

    await tech.request('desktop-view');
    await waitUntil(() => inner(el, 'rsw-consent-prompt', '[role=alertdialog]'), 'the prompt shows');
    await settle(el);
    assert.match(text(inner(el, 'rsw-consent-prompt', '#q')), /^Alex Demo \(Demo Support\) asks to see your screen\.$/);
    assert.isTrue(el.matches(':focus-within'), 'the prompt takes focus');
    // A real click the moment it appears (meant for what was there before) is no answer.
    await realClick(promptButtons(el).allow);
    await aTimeout(700);

    const { allow: allowButton, deny } = promptButtons(el);
    allowButton.click();
    deny.click();
    allowButton.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    allowButton.dispatchEvent(new PointerEvent('pointerup', { bubbles: true, composed: true }));
    root(el).querySelector('rsw-consent-prompt')!.dispatchEvent(
      new CustomEvent('decide', { bubbles: true, composed: true, detail: { promptId: tech.consent!.prompts[0]!.id, allow: true } }),
    );
    allowButton.focus();
    allowButton.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
    await aTimeout(500);

    // Nothing reached the relay: the request is still waiting there and in the widget.
    assert.strictEqual(tech.consent?.grants['desktop-view'].status, 'pending');
    const audit = await tech.auditLog();
    assert.isFalse(audit.some((e) => e.actor === 'customer' && e.type === 'consent-changed'), 'no decision in the audit log');
    assert.exists(inner(el, 'rsw-consent-prompt', '[role=alertdialog]'));
    assert.deepEqual(liveGrants(el), []);
    assert.lengthOf(answers, 0);

    await realClick(promptButtons(el).allow);
    await tech.waitForGrant('desktop-view');
    await waitUntil(() => answers.length === 1, 'rsw-grant fires');
    assert.strictEqual(answers[0]!.fn, 'desktop-view');
    const decided = (await tech.auditLog()).filter((e) => e.type === 'consent-changed' && e.fn === 'desktop-view' && e.to === 'granted');
    assert.lengthOf(decided, 1);
    assert.strictEqual(decided[0]!.actor, 'customer');
  });

  it('shows the countdown, and an unanswered prompt expires and counts as not allowed', async function () {
    this.timeout(30_000);
    // Long enough for the accessibility check to run while the prompt is up, on a busy machine.
    const relay = await startRelay({ promptTimeoutMs: 8_000 });
    const tech = await TechnicianClient.connect({ relay });
    const el = await connectedWidget(tech, relay);

    await tech.request('remote-control').then(
      () => assert.fail('remote-control needs screen viewing first'),
      (err: { code?: string }) => assert.strictEqual(err.code, 'requires-function'),
    );
    await tech.request('desktop-view');
    await waitUntil(() => inner(el, 'rsw-consent-prompt', '.countdown'), 'the prompt shows');
    await settle(el);
    const countdown = () => text(inner(el, 'rsw-consent-prompt', '.countdown'));
    const first = countdown();
    assert.match(first, /^Answer within 0:0[1-8]\. No answer means no\.$/);
    await accessibleInBothThemes(el);
    // It counts down: a later second, in the same words (not a fixed second, which a slow check could skip past).
    await waitUntil(() => countdown() !== first && /^Answer within 0:0\d\. No answer means no\.$/.test(countdown()), 'the countdown counts');

    await tech.waitForGrant('desktop-view', 'expired', 10_000);
    await waitUntil(() => !inner(el, 'rsw-consent-prompt', '[role=alertdialog]'), 'the prompt goes');
    await waitUntil(() => logText(el).includes('No answer, so not allowed: Screen viewing.'), 'the log says why');
    assert.deepEqual(liveGrants(el), []);
    assert.isNull(indicator(el));
    const refused = await tech.use('screen:signal', { kind: 'offer', data: 'x' });
    assert.isFalse(refused.ok);
    if (!refused.ok) assert.strictEqual(refused.error.code, 'not-granted');
  });

  it('shows a grant only after the relay confirmed it (no optimistic UI), and never a denied one', async function () {
    this.timeout(20_000);
    const tech = await TechnicianClient.connect();
    const el = await connectedWidget(tech);
    const grantEvents: string[] = [];
    el.addEventListener('rsw-grant', (e) => grantEvents.push(e.fn));

    await tech.request('desktop-view');
    await waitForPrompt(el);
    // What the widget shows once it has handled the click, before the relay can have answered (same task).
    let atClick: { grants: string[]; indicator: boolean; prompt: boolean; events: number } | undefined;
    const snapshot = () =>
      void settle(el).then(() => {
        atClick = {
          grants: liveGrants(el),
          indicator: indicator(el) !== null,
          prompt: inner(el, 'rsw-consent-prompt', '[role=alertdialog]') !== null,
          events: grantEvents.length,
        };
      });
    window.addEventListener('click', snapshot, { once: true });
    await realClick(promptButtons(el).allow);
    await waitUntil(() => atClick, 'the click was seen');
    assert.deepEqual(atClick, { grants: [], indicator: false, prompt: true, events: 0 }, 'nothing granted before the relay says so');

    await tech.waitForGrant('desktop-view');
    await waitUntil(() => liveGrants(el).includes('Screen viewing'), 'the grant shows after the relay confirmed it');
    await waitUntil(() => indicator(el), 'the indicator shows');
    assert.include(text(indicator(el)), 'Your screen is being viewed');
    assert.deepEqual(grantEvents, ['desktop-view']);
    assert.include(logText(el), 'You allowed: Screen viewing.');
    await accessibleInBothThemes(el);

    // Denied: never shown as live.
    await tech.request('file-transfer');
    await waitForPrompt(el, /asks to send files/);
    await realClick(promptButtons(el).deny);
    await tech.waitForGrant('file-transfer', 'denied');
    await waitUntil(() => logText(el).includes('You did not allow: File transfer.'), 'the denial shows');
    assert.deepEqual(liveGrants(el), ['Screen viewing']);
    assert.deepEqual(grantEvents, ['desktop-view']);
  });

  it('Stop on a grant, Stop in the indicator, Stop sharing and Disconnect all reach the relay', async function () {
    this.timeout(30_000);
    const tech = await TechnicianClient.connect();
    const el = await connectedWidget(tech);

    await allow(el, tech, 'desktop-view', 'Screen viewing');
    await allow(el, tech, 'file-transfer', 'File transfer');
    await allow(el, tech, 'remote-control', 'Pointing on your screen');
    assert.include(text(indicator(el)), 'The technician can point on your screen');
    await accessibleInBothThemes(el);

    // Its own Stop: only that grant ends.
    await realClick(grantsBarButton(el, 'Stop: File transfer')!);
    await tech.waitForGrant('file-transfer', 'revoked');
    await waitUntil(() => !liveGrants(el).includes('File transfer'), 'the stopped grant goes');
    assert.deepEqual(liveGrants(el), ['Screen viewing', 'Pointing on your screen']);
    const refused = await tech.use('file:chunk', { transferId: 't1', index: 0, data: 'AA==', last: true });
    assert.isFalse(refused.ok, 'the relay refuses a stopped function');

    // The indicator's Stop ends screen viewing and, with it, control.
    await realClick(indicator(el)!.querySelector('button')!);
    await tech.waitForGrant('desktop-view', 'revoked');
    await tech.waitForGrant('remote-control', 'revoked');
    await waitUntil(() => !indicator(el) && liveGrants(el).length === 0, 'the indicator and the grants go');

    // Stop sharing revokes everything live and keeps the chat.
    await allow(el, tech, 'desktop-view', 'Screen viewing');
    await allow(el, tech, 'file-transfer', 'File transfer');
    await realClick(grantsBarButton(el, 'Stop sharing')!);
    await tech.waitForGrant('desktop-view', 'revoked');
    await tech.waitForGrant('file-transfer', 'revoked');
    await waitUntil(() => liveGrants(el).length === 0 && !indicator(el), 'everything is stopped');
    assert.strictEqual(el.phase, 'connected');
    await tech.send('Still here');
    await waitUntil(() => logText(el).includes('Still here'), 'the chat goes on');

    // Disconnect, confirmed: the session ends at the relay, by the customer.
    await realClick(grantsBarButton(el, 'Disconnect')!);
    await settle(el);
    assert.include(text($(el, '.confirm')), 'End the session? The technician will not be able to connect to it again.');
    await accessibleInBothThemes(el);
    await realClick([...root(el).querySelectorAll('.confirm button')].find(isButton('End session'))!);
    assert.deepEqual(await tech.waitForEnd(), { by: 'customer', reason: 'customer-ended' });
    await waitForPhase(el, 'ended');
    assert.include(text($(el, '.screen')), 'You ended the session.');
    const audit = await tech.auditLog();
    const revoked = audit.filter((e) => e.type === 'consent-changed' && e.to === 'revoked').map((e) => `${e.fn} by ${e.actor}`);
    // Remote control went with screen viewing, which it requires (the relay did that part).
    assert.sameOrderedMembers(revoked, [
      'file-transfer by customer',
      'desktop-view by customer',
      'remote-control by relay',
      'desktop-view by customer',
      'file-transfer by customer',
    ]);
    assert.isTrue(audit.some((e) => e.type === 'session-ended' && e.actor === 'customer'));
    assert.isFalse((await tech.use('sysinfo:request')).ok);
  });

  it('the header close button asks before ending, and "Keep the session" keeps it', async () => {
    const tech = await TechnicianClient.connect();
    const el = await connectedWidget(tech);
    await realClick($(el, 'header button[aria-label="End session"]')!);
    await settle(el);
    assert.exists($(el, '.confirm'));
    await realClick($(el, '#confirm-cancel')!);
    await settle(el);
    assert.isNull($(el, '.confirm'));
    await aTimeout(200);
    assert.strictEqual(tech.session?.state, 'active');
    assert.strictEqual(el.phase, 'connected');
    await sendKeys({ type: 'still here' });
    await sendKeys({ press: 'Enter' });
    await tech.waitForMessage('still here');
  });
});
