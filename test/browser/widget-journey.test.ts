/**
 * The customer journey through <remote-support-widget> against the REAL relay: every state and every error screen,
 * reached the way a customer reaches it (real typing and clicks), with axe-core run in the light and the dark theme
 * on each; and the whole journey with the keyboard alone.
 */
import { aTimeout } from '@open-wc/testing';
import { waitUntil } from './wait.js';
import { RemoteSupportWidget } from '../../src/widget/index.js';
import type { WidgetPhase } from '../../src/widget/session/types.js';
import { assert } from './chai.js';
import { describe, it } from './mocha.js';
import {
  connectCustomer,
  delayConnections,
  dropConnections,
  ok,
  sharedRelay,
  startRelay,
  TechnicianClient,
  unreachableRelayUrl,
} from './support.js';
import {
  $,
  accessibleInBothThemes,
  assertFocused,
  deepActive,
  describeElement,
  enterCode,
  inner,
  isButton,
  liveGrants,
  logText,
  mountWidget,
  press,
  realClick,
  root,
  settle,
  tabTo,
  text,
  type,
  waitForPhase,
  waitForPrompt,
} from './widget-helpers.js';

RemoteSupportWidget.define();

const status = (el: Element) => text($(el, '[role=status]'));
const errorText = (el: Element) => text($(el, '#error'));

/** Waits for an error on the code screen and returns its text. */
async function errorShown(el: RemoteSupportWidget): Promise<string> {
  await waitUntil(() => errorText(el) !== '', 'an error shows', { timeout: 5_000 });
  await settle(el);
  assert.strictEqual(el.phase, 'idle');
  assert.strictEqual($(el, '#error')!.getAttribute('role'), 'alert');
  return errorText(el);
}

describe('<remote-support-widget> journey through the real relay', () => {
  describe('every state', () => {
    it('idle → connecting → connected → reconnecting → connected → ended, each as the customer sees it', async function () {
      this.timeout(40_000);
      const relay = await startRelay();
      const tech = await TechnicianClient.connect({ relay });
      const { code } = await tech.createSession();
      const el = await mountWidget(relay);
      const phases: WidgetPhase[] = [];
      el.addEventListener('rsw-state-change', (e) => phases.push(e.phase));

      // idle, closed: only the launcher
      assert.isFalse($(el, '[part=launcher]')!.hidden);
      assert.isTrue($(el, '[part=panel]')!.hidden);
      await accessibleInBothThemes(el);

      // idle, open: the code form with the anti-scam notice
      await realClick($(el, '[part=launcher]')!);
      await settle(el);
      assert.strictEqual(status(el), 'Not connected');
      assert.include(text($(el, '.notice')), 'Only continue if you contacted Demo Support yourself.');
      await accessibleInBothThemes(el);

      // connecting: held while the relay is slow to answer
      await delayConnections(relay, 3_000);
      await enterCode(el, code);
      await waitForPhase(el, 'connecting');
      assert.strictEqual(status(el), 'Connecting…');
      assert.exists($(el, '.spinner'));
      assert.exists([...root(el).querySelectorAll('button')].find(isButton('Cancel')));
      await accessibleInBothThemes(el);
      assert.strictEqual(el.phase, 'connecting', 'still connecting after the axe runs');

      // connected
      await tech.waitForCustomer(8_000);
      await waitForPhase(el, 'connected');
      assert.strictEqual(status(el), 'Connected (connection not encrypted)');
      assert.strictEqual(text($(el, '.who')), 'Alex Demo · Demo Support');
      assert.include(logText(el), 'Alex Demo joined the session.');
      assert.exists(inner(el, 'rsw-composer', 'textarea'));
      assert.exists(inner(el, 'rsw-grants-bar', 'button.danger'));
      await accessibleInBothThemes(el);

      // reconnecting: the network drops, and the way back is slow
      await dropConnections(relay, 'customer');
      await waitForPhase(el, 'reconnecting');
      assert.strictEqual(status(el), 'Connection lost. Reconnecting…');
      assert.include(text($(el, '.banner')), 'Connection lost. Reconnecting… Your messages will be sent when the connection is back.');
      assert.include(logText(el), 'Your connection was lost. Reconnecting…');
      await accessibleInBothThemes(el);
      assert.strictEqual(el.phase, 'reconnecting', 'still reconnecting after the axe runs');

      // back, the same session
      await waitForPhase(el, 'connected', 10_000);
      await delayConnections(relay, 0);
      assert.isNull($(el, '.banner'));
      assert.include(logText(el), 'Connection restored.');
      await tech.send('Still there?');
      await waitUntil(() => logText(el).includes('Still there?'), 'the chat goes on after the resume');

      // ended by the technician
      await tech.end();
      await waitForPhase(el, 'ended');
      assert.strictEqual(status(el), 'The session is finished');
      assert.include(text($(el, '.screen')), 'The session is finished');
      assert.include(text($(el, '.screen')), 'The technician ended the session.');
      assert.exists([...root(el).querySelectorAll('button')].find(isButton('Download transcript')));
      await accessibleInBothThemes(el);

      // and closed: idle again
      await realClick([...root(el).querySelectorAll('button')].find(isButton('Close'))!);
      await settle(el);
      assert.strictEqual(el.phase, 'idle');
      assert.isFalse($(el, '[part=launcher]')!.hidden);
      assert.deepEqual(phases, ['connecting', 'connected', 'reconnecting', 'connected', 'ended', 'idle']);
    });

    it('waiting in the support queue with the position, until a technician picks the customer', async function () {
      this.timeout(20_000);
      const relay = await startRelay();
      const tech = await TechnicianClient.connect({ relay });
      const el = await mountWidget(relay, 'open queue');

      await realClick([...root(el).querySelectorAll('button')].find(isButton('Ask for help'))!);
      await settle(el);
      assertFocused($(el, '#name'), 'the name field');
      await accessibleInBothThemes(el);
      await type('Jan Kowalski');
      await realClick($(el, '#description')!);
      await type('The printer does not print');
      await settle(el);
      await realClick($(el, 'button[type=submit]')!);

      await waitForPhase(el, 'waiting');
      assert.strictEqual(status(el), 'Waiting for a technician');
      assert.include(text($(el, '.body')), 'Waiting for a technician to connect…');
      await waitUntil(() => text($(el, '.body')).includes('Your place in the queue: 1.'), 'the queue position shows');
      await accessibleInBothThemes(el);

      const [entry] = await tech.queueList();
      if (!entry) throw new Error('nobody in the queue');
      assert.strictEqual(entry.name, 'Jan Kowalski');
      assert.strictEqual(entry.description, 'The printer does not print');
      await tech.pick(entry.sessionId);
      await waitForPhase(el, 'connected');
      assert.strictEqual(text($(el, '.who')), 'Alex Demo · Demo Support');
      await tech.send('Hello Jan');
      await waitUntil(() => logText(el).includes('Hello Jan'), 'the technician is heard');
    });

    it('connecting shows the moment Connect is clicked, also on the shared relay', async () => {
      const tech = await TechnicianClient.connect();
      const { code } = await tech.createSession();
      const el = await mountWidget(sharedRelay, 'open');
      const seen: string[] = [];
      // The status as rendered right after each phase change (before any network answer can come in).
      el.addEventListener('rsw-state-change', () => void el.updateComplete.then(() => seen.push(status(el))));
      await enterCode(el, code);
      await waitForPhase(el, 'connected');
      assert.deepEqual(seen, ['Connecting…', 'Connected (connection not encrypted)']);
    });
  });

  describe('every error', () => {
    it('invalid code: says so, marks the field and puts focus back on it', async () => {
      const el = await mountWidget(sharedRelay, 'open');
      await enterCode(el, '000000');
      assert.strictEqual(await errorShown(el), 'This code is not valid. Check the 6 digits with your technician.');
      assert.strictEqual($(el, '#code')!.getAttribute('aria-invalid'), 'true');
      assertFocused($(el, '#code'), 'the code field');
      await accessibleInBothThemes(el);
    });

    it('expired code (a relay whose codes live 300 ms)', async () => {
      const relay = await startRelay({ codeTtlMs: 300 });
      const tech = await TechnicianClient.connect({ relay });
      const { code } = await tech.createSession();
      await tech.waitForEnd();
      const el = await mountWidget(relay, 'open');
      await enterCode(el, code);
      assert.strictEqual(await errorShown(el), 'This code has expired. Ask your technician for a new one.');
      assert.strictEqual($(el, '#code')!.getAttribute('aria-invalid'), 'true');
      await accessibleInBothThemes(el);
    });

    it('used code (another customer joined with it)', async () => {
      const tech = await TechnicianClient.connect();
      const { code } = await tech.createSession();
      await ok(connectCustomer(), 'session:join', { code });
      const el = await mountWidget(sharedRelay, 'open');
      await enterCode(el, code);
      assert.strictEqual(await errorShown(el), 'This code has already been used. Ask your technician for a new one.');
      await accessibleInBothThemes(el);
    });

    it('too many attempts: the retry time counts down and Connect stays disabled', async function () {
      this.timeout(20_000);
      const relay = await startRelay({ failedJoinsPerAddress: 2 });
      const el = await mountWidget(relay, 'open');
      for (let attempt = 1; attempt <= 4 && !errorText(el).startsWith('Too many'); attempt++) {
        await enterCode(el, `00000${attempt}`);
        await errorShown(el);
        await waitUntil(() => deepActive() === $(el, '#code'), 'focus is back on the code');
      }
      const first = errorText(el);
      assert.match(first, /^Too many attempts\. You can try again in \d+:\d\d\.$/);
      const [, minutes] = /in (\d+):/.exec(first)!;
      assert.isAtLeast(Number(minutes), 10, 'the relay blocks for its 15-minute window');
      assert.isTrue($<HTMLButtonElement>(el, 'button[type=submit]')!.disabled);
      await accessibleInBothThemes(el);
      await waitUntil(() => errorText(el) !== first, 'the retry time counts down', { timeout: 3_000 });
      assert.match(errorText(el), /^Too many attempts\. You can try again in \d+:\d\d\.$/);
      assert.isTrue($<HTMLButtonElement>(el, 'button[type=submit]')!.disabled);
    });

    it('server unreachable', async () => {
      const el = await mountWidget({ id: undefined, url: await unreachableRelayUrl(), devToken: '' }, 'open');
      await enterCode(el, '123456');
      assert.strictEqual(await errorShown(el), 'The support service cannot be reached. Check your internet connection and try again.');
      await accessibleInBothThemes(el);
    });

    it('outside business hours, with the hours', async () => {
      // Open only on a day that is not today (in UTC), so the relay is closed now.
      const today = ((new Date().getUTCDay() + 6) % 7) + 1;
      const other = (today % 7) + 1;
      const relay = await startRelay({ businessHours: { timeZone: 'UTC', days: [other], open: '09:00', close: '17:00' } });
      const el = await mountWidget(relay, 'open');
      await enterCode(el, '123456');
      const dayName = new Intl.DateTimeFormat('en', { weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(2024, 0, other));
      assert.strictEqual(
        await errorShown(el),
        `Remote support is closed now. Opening hours: ${dayName}, 9:00 AM – 5:00 PM (Coordinated Universal Time).`,
      );
      await accessibleInBothThemes(el);
    });

    it('no technician available (asking for help through the queue)', async () => {
      const relay = await startRelay();
      const el = await mountWidget(relay, 'open queue');
      await realClick([...root(el).querySelectorAll('button')].find(isButton('Ask for help'))!);
      await settle(el);
      await type('Jan');
      await press('Enter');
      assert.strictEqual(await errorShown(el), 'No technician is available right now. Please try again in a few minutes.');
      await accessibleInBothThemes(el);
    });
  });

  describe('with the keyboard alone', () => {
    it('opens, connects, chats, answers prompts, stops a grant, Stop sharing, Disconnect, transcript, Close', async function () {
      this.timeout(40_000);
      const tech = await TechnicianClient.connect();
      const { code } = await tech.createSession();
      const el = await mountWidget(sharedRelay, 'terms-url="/terms"');
      const focused = () => deepActive();

      // The launcher is reachable with Tab and opens with Enter; focus moves to the code.
      await tabTo((n) => n === $(el, '[part=launcher]'), 'the launcher');
      await press('Enter');
      await settle(el);
      assert.isTrue(el.open);
      assertFocused($(el, '#code'), 'the code field');
      await type(code);
      await tabTo((n) => n === $(el, '#terms'), 'the terms checkbox');
      await press('Space');
      await settle(el);
      assert.isTrue($<HTMLInputElement>(el, '#terms')!.checked);
      await tabTo(isButton('Connect'), 'Connect');
      await press('Enter');
      await tech.waitForCustomer();
      await waitForPhase(el, 'connected');

      // Chat: focus is in the message field.
      assertFocused(inner(el, 'rsw-composer', 'textarea'), 'the message field');
      await type('Hello, my printer is broken');
      await press('Enter');
      await tech.waitForMessage('Hello, my printer is broken');
      await tech.send('Let me have a look.');
      await waitUntil(() => logText(el).includes('Let me have a look.'), 'the answer shows');

      // A prompt takes focus; Tab, Tab reaches Allow; Space answers.
      await tech.request('desktop-view');
      await waitForPrompt(el, /asks to see your screen/);
      assertFocused(inner(el, 'rsw-consent-prompt', '[role=alertdialog]'), 'the prompt');
      await tabTo(isButton('Allow'), 'Allow');
      await press('Space');
      await tech.waitForGrant('desktop-view');
      await waitUntil(() => liveGrants(el).includes('Screen viewing'), 'the grant shows');
      // The answered prompt goes away; focus stays in the box (back in the message field).
      await waitUntil(() => deepActive() === inner(el, 'rsw-composer', 'textarea'), 'focus returns to the message field');

      // A second prompt: allowed with Enter.
      await tech.request('file-transfer');
      await waitForPrompt(el, /asks to send files/);
      await tabTo(isButton('Allow'), 'Allow');
      await press('Enter');
      await tech.waitForGrant('file-transfer');
      await waitUntil(() => liveGrants(el).length === 2, 'both grants show');
      await settle(el);

      // Stop one grant.
      await tabTo(isButton('Stop: Screen viewing'), 'the Stop control of screen viewing');
      await press('Enter');
      await tech.waitForGrant('desktop-view', 'revoked');
      await waitUntil(() => !liveGrants(el).includes('Screen viewing'), 'the grant goes');
      await settle(el);
      await waitUntil(() => el.matches(':focus-within'), 'focus stays in the box when its Stop control goes');

      // Stop sharing revokes the rest.
      await tabTo(isButton('Stop sharing'), 'Stop sharing');
      await press('Enter');
      await tech.waitForGrant('file-transfer', 'revoked');
      await waitUntil(() => liveGrants(el).length === 0, 'no grant is left');
      assert.strictEqual(el.phase, 'connected', 'the chat goes on');

      // Disconnect asks first; focus goes to "Keep the session"; the next button ends it.
      await tabTo(isButton('Disconnect'), 'Disconnect');
      await press('Enter');
      await settle(el);
      assertFocused($(el, '#confirm-cancel'), 'Keep the session');
      await press('Tab');
      assert.isTrue(isButton('End session')(focused()!), `focus is on ${describeElement(focused())}`);
      await press('Enter');
      const end = await tech.waitForEnd();
      assert.deepEqual(end, { by: 'customer', reason: 'customer-ended' });
      await waitForPhase(el, 'ended');
      assertFocused($(el, '#ended'), 'the end heading');
      assert.include(text($(el, '.screen')), 'You ended the session.');

      // The transcript button and Close are reachable; Close returns to the launcher.
      await tabTo(isButton('Download transcript'), 'Download transcript', { max: 3 });
      await tabTo(isButton('Close'), 'Close', { max: 3 });
      await press('Enter');
      await settle(el);
      assert.strictEqual(el.phase, 'idle');
      assert.isFalse(el.open);
      assertFocused($(el, '[part=launcher]'), 'the launcher');
    });

    it('Escape backs out of the end confirmation, then minimises; the prompt is not dismissed by Escape', async function () {
      this.timeout(20_000);
      const tech = await TechnicianClient.connect();
      const { code } = await tech.createSession();
      const el = await mountWidget(sharedRelay, 'open');
      await enterCode(el, code);
      await tech.waitForCustomer();
      await waitForPhase(el, 'connected');

      await tabTo(isButton('Disconnect'), 'Disconnect');
      await press('Enter');
      await settle(el);
      assert.exists($(el, '.confirm'));
      await press('Escape');
      await settle(el);
      assert.isNull($(el, '.confirm'));
      assert.strictEqual(el.phase, 'connected');

      await tech.request('system-info');
      await waitForPrompt(el);
      await press('Escape');
      await aTimeout(100);
      await settle(el);
      assert.isTrue(el.open, 'a question cannot be hidden with Escape');
      assert.exists(inner(el, 'rsw-consent-prompt', '[role=alertdialog]'));
      assert.strictEqual(tech.consent?.grants['system-info'].status, 'pending');

      await tabTo(isButton('Deny'), 'Deny', { max: 3 });
      await press('Enter');
      await tech.waitForGrant('system-info', 'denied');
      await waitUntil(() => logText(el).includes('You did not allow: System information.'), 'the denial shows');
      await settle(el);
      const composer = inner(el, 'rsw-composer', 'textarea')!;
      await realClick(composer);
      await press('Escape');
      await settle(el);
      assert.isFalse(el.open);
      assertFocused($(el, '[part=launcher]'), 'the launcher');
      assert.strictEqual(el.phase, 'connected', 'minimising keeps the session');
    });
  });
});
