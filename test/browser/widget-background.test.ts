/**
 * Issue 17's customer side, wired into the box: background notifications (title marker, chime only with `sound`,
 * desktop notifications only after the customer's click, as plain text), the box back at once after a reload with
 * every live grant visible, remote control worded for what it does, and the leave-a-message form against a real relay
 * (sent, refused fields, rate-limited with a later Retry). axe-clean in each new state. The session is a stand-in
 * (fake-session.ts) except for the left message, which goes to a relay of the test's own.
 */
import { fixture, html } from '@open-wc/testing';
import { waitUntil } from './wait.js';
import type { ChatMessage } from '../../src/protocol/events.js';
import { RemoteSupportWidget } from '../../src/widget/index.js';
import { setSessionFactory } from '../../src/widget/session-controller.js';
import type { WidgetNotice, WidgetState } from '../../src/widget/session/types.js';
import { assertAxeClean } from './axe.js';
import { assert } from './chai.js';
import { FakeSession, grants } from './fake-session.js';
import { after, afterEach, before, describe, it } from './mocha.js';
import { declareAgent, startRelay, TechnicianClient, type TestRelay } from './support.js';
import {
  $,
  allow,
  connectedWidget,
  deepActive,
  inner,
  liveGrants,
  mountWidget,
  pageHidden,
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

const TECH = { name: 'Alex Demo', org: 'Demo Support' };

async function mount(attrs = '', server = 'https://support.example.com'): Promise<{ el: RemoteSupportWidget; session: FakeSession }> {
  const wrapper = await fixture<HTMLDivElement>(
    html`<div .innerHTML=${`<remote-support-widget server="${server}" vendor="Acme" ${attrs}></remote-support-widget>`}></div>`,
  );
  const el = wrapper.querySelector('remote-support-widget')!;
  await el.load();
  await settle(el);
  return { el, session: FakeSession.last! };
}

async function show(el: RemoteSupportWidget, session: FakeSession, state: Partial<WidgetState>, notice?: WidgetNotice): Promise<void> {
  session.set(state, notice);
  await settle(el);
}

const connected = (extra: Partial<WidgetState> = {}): Partial<WidgetState> => ({
  phase: 'connected',
  sessionId: 's1',
  technician: TECH,
  technicianPresent: true,
  grants: grants(),
  ...extra,
});

let seq = 0;
function fromTechnician(text: string): WidgetNotice {
  seq++;
  const message: ChatMessage = { id: `m${seq}`, seq, clientId: `c${seq}`, from: 'technician', text, at: Date.now() };
  return { type: 'message', message };
}

describe('background notifications', () => {
  const title = 'Acme help centre';
  const realNotification = globalThis.Notification;
  const realAudio = globalThis.AudioContext;
  let shown: Array<{ title: string; body: string | undefined }> = [];
  let asked = 0;
  let tones = 0;

  before(() => setSessionFactory((options) => new FakeSession(options)));
  after(() => setSessionFactory());
  afterEach(() => {
    pageHidden(false);
    delete (document as { hidden?: boolean }).hidden;
    globalThis.Notification = realNotification;
    globalThis.AudioContext = realAudio;
  });

  function fakeBrowser(permission: NotificationPermission): void {
    shown = [];
    asked = 0;
    tones = 0;
    document.title = title;
    class FakeNotification {
      static permission = permission;
      static requestPermission(): Promise<NotificationPermission> {
        asked++;
        FakeNotification.permission = 'granted';
        return Promise.resolve('granted');
      }
      onclick: (() => void) | null = null;
      constructor(t: string, options: NotificationOptions = {}) {
        shown.push({ title: t, body: options.body });
      }
      close(): void {}
    }
    globalThis.Notification = FakeNotification as unknown as typeof Notification;
    class FakeAudio {
      state = 'running';
      currentTime = 0;
      destination = {};
      createOscillator() {
        tones++;
        return { frequency: {}, connect: (x: unknown) => x, start() {}, stop() {} };
      }
      createGain() {
        return { gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} }, connect: (x: unknown) => x };
      }
    }
    globalThis.AudioContext = FakeAudio as unknown as typeof AudioContext;
  }

  it('marks the title with the unread count while the box is minimised and gives it back exactly when opened; silent without `sound`', async () => {
    fakeBrowser('default');
    const { el, session } = await mount();
    el.show();
    await show(el, session, connected());
    el.hide();
    await show(el, session, {}, fromTechnician('Hello'));
    await show(el, session, {}, fromTechnician('Are you there?'));
    assert.strictEqual(document.title, `(2) ${title}`);
    assert.strictEqual(tones, 0, 'no sound without the sound attribute');
    el.show();
    await settle(el);
    assert.strictEqual(document.title, title);
  });

  it('marks the title while the page is hidden and plays the chime when `sound` is set', async () => {
    fakeBrowser('default');
    const { el, session } = await mount('sound open');
    await show(el, session, connected());
    await show(el, session, {}, fromTechnician('While the box is open and seen'));
    assert.strictEqual(document.title, title, 'nothing while the customer looks');
    pageHidden(true);
    await show(el, session, {}, fromTechnician('Hello'));
    assert.strictEqual(document.title, `(1) ${title}`);
    await waitUntil(() => tones > 0, 'the chime played (its chunk loads on first use)');
    pageHidden(false);
    assert.strictEqual(document.title, title);
  });

  it('never asks for desktop notifications without the customer\'s own click', async () => {
    fakeBrowser('default');
    const { el, session } = await mount('open');
    await show(el, session, connected());
    pageHidden(true);
    await show(el, session, {}, fromTechnician('Before asking'));
    assert.strictEqual(asked, 0, 'never asked without a click');
    assert.deepEqual(shown, [], 'no notification before the customer asked');
    pageHidden(false);

    const toggle = $(el, '.notify button')!;
    assert.strictEqual(toggle.getAttribute('aria-pressed'), 'false');
    toggle.click();
    await settle(el);
    assert.strictEqual(asked, 0, 'a page script\'s click does not ask');
    assert.strictEqual(toggle.getAttribute('aria-pressed'), 'false', 'nor turn them on');
  });

  it('turns desktop notifications on with a real click and shows the technician\'s words as text', async () => {
    fakeBrowser('default');
    const { el, session } = await mount('open');
    await show(el, session, connected());
    await realClick($(el, '.notify button')!);
    await waitUntil(() => $(el, '.notify button')?.getAttribute('aria-pressed') === 'true', 'the toggle is on');
    assert.strictEqual(asked, 1);
    await assertAxeClean(el, 'the notification toggle, on');
    pageHidden(true);
    await show(el, session, {}, fromTechnician('<img src=x onerror=alert(1)> see https://example.com'));
    assert.deepEqual(shown, [{ title: 'Alex Demo', body: '<img src=x onerror=alert(1)> see https://example.com' }]);
  });

  it('says when the browser blocks notifications', async () => {
    fakeBrowser('denied');
    const { el, session } = await mount('open');
    await show(el, session, connected());
    pageHidden(true);
    await settle(el);
    pageHidden(false);
    assert.match(text($(el, '.notify')), /blocked in your browser settings/);
    assert.isNull($(el, '.notify button'));
    await assertAxeClean(el, 'notifications blocked');
  });

  it('offers the toggle again, without waiting for a message, once the block is lifted in the browser\'s settings', async () => {
    fakeBrowser('denied');
    const { el, session } = await mount('open');
    await show(el, session, connected());
    assert.isNull($(el, '.notify button'));
    // The customer reset the site's permission and comes back to the page (the window gets the focus back).
    (globalThis.Notification as { permission: NotificationPermission }).permission = 'default';
    window.dispatchEvent(new Event('focus'));
    await waitUntil(() => !!$(el, '.notify button'), 'the toggle is offered again');
    assert.strictEqual($(el, '.notify button')!.getAttribute('aria-pressed'), 'false');
  });
});

describe('after a reload mid-session', () => {
  before(() => {
    FakeSession.resumes = true;
    setSessionFactory((options) => new FakeSession(options));
  });
  after(() => {
    FakeSession.resumes = false;
    setSessionFactory();
  });

  it('opens the box at once, and a minimised box still shows every live grant', async () => {
    const { el, session } = await mount();
    await show(el, session, connected({ grants: grants({ 'file-transfer': 'granted', 'system-info': 'granted', reboot: 'granted' }) }));
    assert.isTrue(el.open, 'the resumed session is shown at once');
    const bar = text(inner(el, 'rsw-grants-bar', 'ul'));
    for (const name of ['File transfer', 'System information', 'Restart']) assert.include(bar, name);
    el.hide();
    await settle(el);
    const mark = $(el, '.grants-mark')!;
    assert.match(text(mark), /Still allowed: File transfer, System information,? and Restart/);
    await assertAxeClean(el, 'the minimised box with live grants');
    await realClick(mark.querySelector('button')!);
    await settle(el);
    assert.isTrue(el.open);
    el.show();
    await show(el, session, { grants: grants({ 'desktop-view': 'granted', 'file-transfer': 'granted' }), screen: { state: 'sharing', surface: 'browser' } });
    el.hide();
    await settle(el);
    assert.isNull($(el, '.grants-mark'), 'one banner, not two');
    assert.strictEqual(text($(el, '.indicator span')), 'Your screen is being viewed Still allowed: File transfer');
  });
});

describe('after a reload mid-session, through the real relay', () => {
  it('opens the box at once with the live file-transfer grant in the grants bar', async function () {
    this.timeout(20_000);
    const tech = await TechnicianClient.connect();
    const el = await connectedWidget(tech);
    await allow(el, tech, 'file-transfer', 'File transfer');
    el.remove();
    const again = await mountWidget();
    await waitForPhase(again, 'connected');
    await waitUntil(() => again.open, 'the box opens by itself');
    await settle(again);
    assert.deepEqual(liveGrants(again), ['File transfer']);
  });
});

describe('remote control worded for what it does, through the real relay', () => {
  it('says "point" until the vendor\'s agent declares itself, then "control", and "point" again when it left', async function () {
    this.timeout(20_000);
    const tech = await TechnicianClient.connect();
    const el = await connectedWidget(tech);
    await allow(el, tech, 'desktop-view', 'Screen viewing');
    await tech.request('remote-control');
    await waitForPrompt(el);
    assert.match(text(inner(el, 'rsw-consent-prompt', '#q')), /asks to point on your screen\.$/);
    await realClick(promptButtons(el).allow);
    await tech.waitForGrant('remote-control');
    await waitUntil(() => liveGrants(el).includes('Pointing on your screen'), 'the grants bar says pointing');
    assert.strictEqual(text($(el, '.panel .indicator span')), 'The technician can point on your screen');
    const sessionId = tech.session!.id;
    assert.isTrue(await declareAgent(sessionId, { name: 'Acme Assist' }));
    await waitUntil(() => liveGrants(el).includes('Remote control'), 'the grants bar says control');
    await settle(el);
    assert.strictEqual(text($(el, '.panel .indicator span')), 'The technician can control your computer');
    await declareAgent(sessionId);
    await waitUntil(() => liveGrants(el).includes('Pointing on your screen'), 'pointing again');
  });
});

describe('remote control worded for what it does', () => {
  before(() => setSessionFactory((options) => new FakeSession(options)));
  after(() => setSessionFactory());

  it('says "point on your screen" without the vendor\'s agent, and control only with it, everywhere alike', async () => {
    const { el, session } = await mount('open');
    const now = Date.now();
    const prompt = { id: 'p1', fn: 'remote-control' as const, kind: 'request' as const, requestedAt: now, expiresAt: now + 60_000, technician: TECH };
    await show(el, session, connected({ prompt }));
    await root(el).querySelector('rsw-consent-prompt')!.updateComplete;
    assert.match(text(inner(el, 'rsw-consent-prompt', '#q')), /asks to point on your screen/);
    assert.match(text(inner(el, 'rsw-consent-prompt', '#d')), /cannot click or type/);
    await assertAxeClean(el, 'the pointing prompt');

    await show(el, session, connected({ grants: grants({ 'remote-control': 'granted' }) }));
    assert.strictEqual(text($(el, '.panel .indicator span')), 'The technician can point on your screen');
    assert.include(text(inner(el, 'rsw-grants-bar', 'ul')), 'Pointing on your screen');

    await show(el, session, connected({ grants: grants({ 'remote-control': 'granted' }), control: 'full' }));
    assert.strictEqual(text($(el, '.panel .indicator span')), 'The technician can control your computer');
    assert.include(text(inner(el, 'rsw-grants-bar', 'ul')), 'Remote control');
  });
});

describe('leaving a message while nobody can chat', () => {
  let relay: TestRelay;
  before(async () => {
    relay = await startRelay({ leftMessagesPerHour: 1 });
    setSessionFactory((options) => new FakeSession(options));
  });
  after(() => setSessionFactory());

  const form = (el: RemoteSupportWidget) => root(el).querySelector('rsw-leave-message')!;
  const field = (el: RemoteSupportWidget, id: string) => form(el).shadowRoot!.querySelector<HTMLInputElement>(`#${id}`)!;

  async function openForm(el: RemoteSupportWidget): Promise<void> {
    await realClick($(el, '#leave-open')!);
    await waitUntil(() => form(el)?.shadowRoot?.querySelector('#leave-name'), 'the form loaded', { timeout: 5_000 });
    await form(el).updateComplete;
  }

  /** Types into the fields the customer's way (only the fields given). */
  async function fill(el: RemoteSupportWidget, values: Partial<Record<'leave-name' | 'leave-contact' | 'leave-text', string>>): Promise<void> {
    for (const [id, value] of Object.entries(values)) {
      field(el, id).focus();
      await type(value);
    }
  }

  async function submit(el: RemoteSupportWidget): Promise<void> {
    await realClick(form(el).shadowRoot!.querySelector('button[type=submit]')!);
    await form(el).updateComplete;
  }

  it('is offered outside hours, checks the fields, sends to the relay and says so; a second one is rate-limited with a later Retry', async function () {
    this.timeout(30_000);
    const tech = await TechnicianClient.connect({ relay });
    const { el, session } = await mount('open', relay.url);
    assert.isNull($(el, '#leave-open'), 'not offered without a reason');
    await show(el, session, { error: { code: 'outside-hours', at: Date.now() } });
    await openForm(el);
    assert.strictEqual(text(form(el).shadowRoot!.querySelector('h3')), 'Leave a message');
    assert.isTrue(deepActive() === field(el, 'leave-name'), 'focus goes to the first field');
    await assertAxeClean(el, 'the leave-a-message form');

    await fill(el, { 'leave-name': 'Ada', 'leave-contact': 'ada@' });
    await submit(el);
    assert.strictEqual(field(el, 'leave-contact').getAttribute('aria-invalid'), 'true');
    assert.isTrue(deepActive() === field(el, 'leave-contact'), 'focus goes to the field to correct');
    assert.match(text(form(el).shadowRoot!.querySelector('#leave-contact-error')), /e-mail address such as/);
    assert.include(text(form(el).shadowRoot!.querySelector('[role=alert]')), 'Please correct the marked fields.');
    await assertAxeClean(el, 'the form with errors');

    await fill(el, { 'leave-contact': 'example.com', 'leave-text': 'My printer is offline.' });
    const left = tech.waitFor<{ name: string; contact: { value: string } }>('inbox:new');
    await submit(el);
    await waitUntil(() => form(el).shadowRoot!.querySelector('#leave-done'), 'sent', { timeout: 5_000 });
    assert.match(text(form(el).shadowRoot!.querySelector('#leave-done')), /Your message was sent\. We will get back to you at ada@example\.com\./);
    const got = await left;
    assert.deepEqual([got.name, got.contact.value], ['Ada', 'ada@example.com']);
    await assertAxeClean(el, 'the message sent');

    await realClick(form(el).shadowRoot!.querySelector('button')!);
    await settle(el);
    await openForm(el);
    await fill(el, { 'leave-name': 'Ada', 'leave-contact': 'ada@example.com', 'leave-text': 'Again' });
    await submit(el);
    await waitUntil(() => /retry in/.test(text(form(el).shadowRoot!.querySelector('[role=alert]'))), 'rate-limited', { timeout: 5_000 });
    const retry = form(el).shadowRoot!.querySelector('button[type=submit]')!;
    assert.strictEqual(text(retry), 'Retry');
    assert.strictEqual(retry.getAttribute('aria-disabled'), 'true', 'Retry waits for the time the relay gave');
    await assertAxeClean(el, 'rate-limited');
  });
});
