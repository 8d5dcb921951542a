/**
 * The customer widget's view, in Chromium, over a stand-in session (fake-session.ts implements the session contract):
 * what the customer sees in every phase, what their actions call, the host API and events, and that only real user
 * input answers a consent prompt. The journey against the real relay is in widget-relay.test.ts.
 */
import { aTimeout, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from './wait.js';
import { emulateMedia, sendKeys, sendMouse, setViewport } from '@web/test-runner-commands';
import { RemoteSupportWidget } from '../../src/widget/index.js';
import type { RswConsentRequestEvent, RswGrantEvent, RswStateChangeEvent } from '../../src/widget/events.js';
import { setSessionFactory } from '../../src/widget/session-controller.js';
import type { MessageItem, PromptView, WidgetState } from '../../src/widget/session/types.js';
import { assert, expect } from './chai.js';
import { baseState, FakeSession, grants } from './fake-session.js';
import { after, before, describe, it } from './mocha.js';
import { root as widgetRoot } from './widget-helpers.js';

RemoteSupportWidget.define();

const TECH = { name: 'Alex Demo', org: 'Demo Support' };

async function mount(attrs = ''): Promise<{ el: RemoteSupportWidget; session: FakeSession }> {
  const wrapper = await fixture<HTMLDivElement>(
    html`<div
      .innerHTML=${`<remote-support-widget server="https://support.example.com" vendor="Acme" ${attrs}></remote-support-widget>`}
    ></div>`,
  );
  const el = wrapper.querySelector('remote-support-widget')!;
  await el.load();
  await el.updateComplete;
  const session = FakeSession.last!;
  return { el, session };
}

/** Sets the stand-in session's state and waits for the widget (and its parts) to render it. */
async function show(el: RemoteSupportWidget, session: FakeSession, state: Partial<WidgetState>, notice?: Parameters<FakeSession['set']>[1]) {
  session.set(state, notice);
  await el.updateComplete;
  for (const child of widgetRoot(el).querySelectorAll('rsw-chat-log, rsw-composer, rsw-consent-prompt, rsw-grants-bar')) {
    await (child as RemoteSupportWidget).updateComplete;
  }
}

const $ = <T extends Element = HTMLElement>(root: Element | ShadowRoot | null | undefined, selector: string) =>
  (root instanceof Element ? (root.localName === 'remote-support-widget' ? widgetRoot(root) : root.shadowRoot) : root)?.querySelector<T>(selector) ?? null;
const text = (node: Element | null) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const part = (el: RemoteSupportWidget, name: string) => $(el, `[part~="${name}"]`);

/** A real (trusted) click in the middle of `target`. */
async function realClick(target: Element): Promise<void> {
  const r = target.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2)] });
}

function promptView(extra: Partial<PromptView> = {}): PromptView {
  const now = Date.now();
  return { id: 'p1-desktop-view', fn: 'desktop-view', kind: 'request', requestedAt: now, expiresAt: now + 60_000, technician: TECH, ...extra };
}

const connected = (extra: Partial<WidgetState> = {}): Partial<WidgetState> => ({
  phase: 'connected',
  sessionId: 's1',
  technician: TECH,
  technicianPresent: true,
  ...extra,
});

describe('<remote-support-widget> view', () => {
  before(() => setSessionFactory((options) => new FakeSession(options)));
  after(() => setSessionFactory());

  describe('idle', () => {
    it('shows only the launcher until opened, then the code form with the anti-scam notice', async () => {
      const { el } = await mount();
      assert.isFalse(part(el, 'launcher')!.hidden);
      assert.isTrue(part(el, 'panel')!.hidden);
      el.show();
      await el.updateComplete;
      assert.isTrue(el.hasAttribute('open'));
      assert.isTrue(part(el, 'launcher')!.hidden);
      assert.include(text($(el, '.notice')), 'Only continue if you contacted Acme yourself.');
      const code = $<HTMLInputElement>(el, '#code')!;
      assert.strictEqual(code.getAttribute('inputmode'), 'numeric');
      assert.strictEqual(code.getAttribute('autocomplete'), 'one-time-code');
      assert.strictEqual(widgetRoot(el).activeElement, code, 'focus moves to the code field');
      assert.strictEqual(text($(el, '[role=status]')), 'Not connected');
      await expect(el).to.be.accessible();
    });

    it('draws the code screen and its list of functions without building an Intl.ListFormat (a long task on a phone)', async () => {
      const Real = Intl.ListFormat;
      const intl = Intl as { ListFormat: typeof Intl.ListFormat };
      let built = 0;
      intl.ListFormat = class extends Real {
        constructor(...args: ConstructorParameters<typeof Real>) {
          super(...args);
          built++;
        }
      };
      try {
        const { el } = await mount('functions="desktop-view system-info reboot"');
        el.show();
        await el.updateComplete;
        assert.include(text($(el, 'form')), 'The technician must ask you before using: Screen viewing, System information, and Restart and reconnect.');
        assert.strictEqual(built, 0);
      } finally {
        intl.ListFormat = Real;
      }
    });

    it('normalises a typed or pasted code ("123 456", "123-456") and connects with the digits', async () => {
      const { el, session } = await mount('open');
      const code = $<HTMLInputElement>(el, '#code')!;
      const submit = $<HTMLButtonElement>(el, 'button[type=submit]')!;
      for (const pasted of ['123 456', '123-456', '１２３４５６']) {
        code.value = pasted;
        code.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
        await el.updateComplete;
        assert.strictEqual(code.value, '123456');
      }
      assert.isFalse(submit.disabled);
      submit.click();
      await el.updateComplete;
      assert.deepEqual(session.called('join'), [['join', '123456']]);
    });

    it('keeps Connect disabled until the terms are accepted when the vendor has terms', async () => {
      const { el } = await mount('open code="654321" terms-url="https://acme.example/terms"');
      const submit = $<HTMLButtonElement>(el, 'button[type=submit]')!;
      assert.isTrue(submit.disabled);
      const link = $<HTMLAnchorElement>(el, '.check a')!;
      assert.strictEqual(link.href, 'https://acme.example/terms');
      assert.strictEqual(link.rel, 'noopener noreferrer');
      $<HTMLInputElement>(el, '#terms')!.click();
      await el.updateComplete;
      assert.isFalse(submit.disabled);
      await expect(el).to.be.accessible();
    });

    it('ignores a terms URL that is not http(s)', async () => {
      const { el } = await mount('open terms-url="javascript:alert(1)"');
      assert.isNull($(el, '#terms'));
    });

    it('offers the support queue when `queue` is set, with name and description', async () => {
      const { el, session } = await mount('open queue');
      $<HTMLButtonElement>(el, '.or + button')!.click();
      await el.updateComplete;
      const name = $<HTMLInputElement>(el, '#name')!;
      assert.strictEqual(widgetRoot(el).activeElement, name);
      await expect(el).to.be.accessible();
      name.value = '  Jan Kowalski ';
      name.dispatchEvent(new InputEvent('input'));
      const description = $<HTMLTextAreaElement>(el, '#description')!;
      description.value = 'The printer does not print';
      description.dispatchEvent(new InputEvent('input'));
      await el.updateComplete;
      $<HTMLButtonElement>(el, 'button[type=submit]')!.click();
      assert.deepEqual(session.called('joinQueue'), [['joinQueue', 'Jan Kowalski', 'The printer does not print']]);
    });

    it('says clearly what went wrong for each relay error', async () => {
      const { el, session } = await mount('open');
      const at = Date.now();
      const cases: [WidgetState['error'], RegExp][] = [
        [{ code: 'invalid-code', at }, /not valid/],
        [{ code: 'code-expired', at }, /expired/],
        [{ code: 'code-used', at }, /already been used/],
        [{ code: 'rate-limited', at, retryAfter: 90_000 }, /Too many attempts\. You can try again in 1:(30|29)\./],
        [{ code: 'unreachable', at }, /cannot be reached/],
        [
          { code: 'outside-hours', at, hours: { timeZone: 'Europe/Warsaw', days: [1, 2, 3, 4, 5], open: '08:00', close: '16:00' } },
          /closed now\. Opening hours: Monday – Friday, 8:00\sAM – 4:00\sPM \(Central European (Standard|Summer) Time\)/,
        ],
        [{ code: 'no-technician', at }, /No technician is available/],
        [{ code: 'capacity', at }, /busy right now/],
      ];
      for (const [error, expected] of cases) {
        await show(el, session, { error });
        assert.match(text($(el, '#error')), expected, error!.code);
      }
      assert.strictEqual($(el, '#error')!.getAttribute('role'), 'alert');
    });

    it('counts a rate limit down and keeps Connect disabled meanwhile', async () => {
      const { el, session } = await mount('open code="123456"');
      await show(el, session, { error: { code: 'rate-limited', at: Date.now(), retryAfter: 1_500 } });
      assert.isTrue($<HTMLButtonElement>(el, 'button[type=submit]')!.disabled);
      await waitUntil(() => /try again now/.test(text($(el, '#error'))), 'the countdown ends', { timeout: 4_000 });
      await el.updateComplete;
      assert.isFalse($<HTMLButtonElement>(el, 'button[type=submit]')!.disabled);
    });

    it('marks a wrong code invalid and moves focus back to it', async () => {
      const { el, session } = await mount('open code="123456"');
      $<HTMLButtonElement>(el, 'button[type=submit]')!.focus();
      await show(el, session, { error: { code: 'invalid-code', at: Date.now() } });
      const code = $(el, '#code')!;
      assert.strictEqual(code.getAttribute('aria-invalid'), 'true');
      assert.strictEqual(widgetRoot(el).activeElement, code);
      await expect(el).to.be.accessible();
    });

    it('pre-fills the code from ?rsw-code= in the page URL without connecting', async () => {
      const before = location.href;
      history.replaceState(null, '', `${location.pathname}?rsw-code=482913`);
      try {
        const { el, session } = await mount();
        assert.isTrue(el.hasAttribute('open'));
        assert.strictEqual($<HTMLInputElement>(el, '#code')!.value, '482913');
        assert.deepEqual(session.called('join'), []);
      } finally {
        history.replaceState(null, '', before);
      }
    });
  });

  describe('connecting and waiting', () => {
    it('shows connecting, then waiting with the queue position', async () => {
      const { el, session } = await mount('open');
      await show(el, session, { phase: 'connecting' });
      assert.strictEqual(text($(el, '[role=status]')), 'Connecting…');
      await expect(el).to.be.accessible();
      await show(el, session, { phase: 'waiting', queue: { position: 2, total: 5 } });
      assert.include(text($(el, '.body')), 'Waiting for a technician to connect…');
      assert.include(text($(el, '.body')), 'Your place in the queue: 2.');
      await expect(el).to.be.accessible();
      $<HTMLButtonElement>(el, '.body button')!.click();
      assert.deepEqual(session.called('leaveQueue'), [['leaveQueue']]);
    });
  });

  describe('connected', () => {
    it('names the technician, says the connection is secure and shows chat, composer and grants', async () => {
      const { el, session } = await mount('open');
      await show(el, session, connected());
      assert.include(text(part(el, 'header')), 'Alex Demo · Demo Support');
      assert.strictEqual(text($(el, '[role=status]')), 'Connected (secure connection)');
      assert.exists(part(el, 'log'));
      assert.exists(part(el, 'composer'));
      assert.exists(part(el, 'grants'));
      await expect(el).to.be.accessible();
    });

    it('says so when the relay is not reached over TLS', async () => {
      const { el, session } = await mount('open');
      el.server = 'http://127.0.0.1:1';
      await show(el, session, connected());
      assert.strictEqual(text($(el, '[role=status]')), 'Connected (connection not encrypted)');
    });

    it('renders messages as text only, with sender, time and sending state, and retries a failed one', async () => {
      const { el, session } = await mount('open');
      const at = Date.UTC(2025, 0, 1, 9, 5);
      const items: MessageItem[] = [
        { kind: 'message', clientId: 't1', id: 'm1', seq: 1, from: 'technician', text: '<img src=x onerror="window.pwned=1">', at, status: 'sent' },
        { kind: 'message', clientId: 'c1', from: 'customer', text: 'Hello\nthere', at, status: 'failed' },
        { kind: 'message', clientId: 'c2', from: 'customer', text: 'Second', at, status: 'sending' },
      ];
      await show(el, session, connected({ items: [...items, { kind: 'system', key: 'k1', event: 'granted', fn: 'desktop-view', at }], technicianTyping: true }));
      const log = part(el, 'log')!;
      const region = $(log, '[role=log]')!;
      assert.strictEqual(region.getAttribute('aria-live'), 'polite');
      assert.isNull($(log, 'img'), 'no HTML from the network');
      assert.include(text(region), '<img src=x onerror="window.pwned=1">');
      assert.include(text(region), 'Alex Demo');
      assert.include(text(region), 'Not sent');
      assert.include(text(region), 'Sending…');
      assert.include(text(region), 'You allowed: Screen viewing.');
      assert.include(text($(log, '.typing')), 'Alex Demo is typing…');
      assert.exists($(log, 'time[datetime="2025-01-01T09:05:00.000Z"]'));
      $<HTMLButtonElement>(log, '.status button')!.click();
      assert.deepEqual(session.called('retry'), [['retry', 'c1']]);
      await expect(el).to.be.accessible();
    });

    it('sends with Enter, adds a line with Shift+Enter, and reports typing', async () => {
      const { el, session } = await mount('open');
      await show(el, session, connected());
      const composer = part(el, 'composer')!;
      const field = $<HTMLTextAreaElement>(composer, 'textarea')!;
      field.focus();
      await sendKeys({ type: 'Hi' });
      await sendKeys({ press: 'Shift+Enter' });
      await sendKeys({ type: 'there' });
      assert.strictEqual(field.value, 'Hi\nthere');
      assert.deepEqual(session.called('setTyping')[0], ['setTyping', true]);
      await sendKeys({ press: 'Enter' });
      assert.deepEqual(session.called('send'), [['send', 'Hi\nthere']]);
      assert.strictEqual(field.value, '');
      assert.deepEqual(session.called('setTyping').at(-1), ['setTyping', false]);
    });

    it('has a Stop control per live grant, Stop sharing, and Disconnect after a confirmation', async () => {
      const { el, session } = await mount('open');
      await show(el, session, connected({ grants: grants({ 'desktop-view': 'granted', 'file-transfer': 'granted', reboot: 'denied' }) }));
      const bar = part(el, 'grants')!;
      const stops = [...bar.shadowRoot!.querySelectorAll('li button')];
      assert.deepEqual(
        stops.map((b) => b.getAttribute('aria-label')),
        ['Stop: Screen viewing', 'Stop: File transfer'],
      );
      (stops[1] as HTMLButtonElement).click();
      assert.deepEqual(session.called('revoke'), [['revoke', 'file-transfer']]);
      const [stopSharing, disconnect] = [...bar.shadowRoot!.querySelectorAll<HTMLButtonElement>('.actions button')];
      stopSharing!.click();
      assert.deepEqual(session.called('stopSharing'), [['stopSharing']]);
      disconnect!.click();
      await el.updateComplete;
      assert.deepEqual(session.called('disconnect'), [], 'not before the customer confirms');
      assert.include(text($(el, '.confirm')), 'End the session?');
      assert.strictEqual(widgetRoot(el).activeElement, $(el, '#confirm-cancel'));
      await expect(el).to.be.accessible();
      $<HTMLButtonElement>(el, '.confirm .danger')!.click();
      await el.updateComplete;
      assert.deepEqual(session.called('disconnect'), [['disconnect']]);
    });

    it('shows an unmissable indicator while the screen is viewed or controlled, also when minimised', async () => {
      const { el, session } = await mount('open');
      await show(el, session, connected({ grants: grants({ 'desktop-view': 'granted' }), screen: { state: 'sharing', surface: 'monitor' } }));
      assert.include(text(part(el, 'indicator')), 'Your screen is being viewed');
      await show(el, session, { grants: grants({ 'desktop-view': 'granted', 'remote-control': 'granted' }) });
      assert.include(text(part(el, 'indicator')), 'The technician can point on your screen');
      el.hide();
      await el.updateComplete;
      assert.isTrue(part(el, 'panel')!.hidden);
      const indicator = part(el, 'indicator')!;
      assert.isNotNull(indicator.offsetParent, 'visible outside the closed panel');
      indicator.querySelector('button')!.click();
      assert.deepEqual(session.called('revoke'), [['revoke', 'desktop-view']]);
      await expect(el).to.be.accessible();
      await show(el, session, { grants: grants() });
      assert.isNull(part(el, 'indicator'));
    });

    it('shows a reconnecting banner and keeps the chat usable', async () => {
      const { el, session } = await mount('open');
      await show(el, session, connected({ phase: 'reconnecting' }));
      assert.include(text($(el, '.banner')), 'Reconnecting…');
      assert.strictEqual(text($(el, '[role=status]')), 'Connection lost. Reconnecting…');
      assert.exists(part(el, 'composer'));
      await expect(el).to.be.accessible();
    });

    it('counts unread technician messages while minimised', async () => {
      const { el, session } = await mount('open');
      await show(el, session, connected());
      el.hide();
      await el.updateComplete;
      const message = { id: 'm1', seq: 1, clientId: 't1', from: 'technician' as const, text: 'Hi', at: Date.now() };
      await show(el, session, {}, { type: 'message', message });
      await show(el, session, {}, { type: 'message', message: { ...message, id: 'm2', seq: 2 } });
      assert.strictEqual(text($(el, '.badge')), '2');
      assert.include(text(part(el, 'launcher')), 'unread messages: 2');
      el.show();
      await el.updateComplete;
      assert.isNull($(el, '.badge'));
    });
  });

  describe('consent prompt', () => {
    async function withPrompt(extra: Partial<PromptView> = {}) {
      const mounted = await mount('open');
      const prompt = promptView(extra);
      await show(mounted.el, mounted.session, connected({ prompt }), { type: 'consent-request', prompt });
      const host = part(mounted.el, 'prompt')!;
      const dialog = $(host, '[role=alertdialog]')!;
      const [deny, allow] = [...host.shadowRoot!.querySelectorAll<HTMLButtonElement>('.actions button')];
      return { ...mounted, host, dialog, deny: deny!, allow: allow! };
    }

    it('is an alertdialog that names the technician and the function, takes focus and counts down', async () => {
      const { el, host, dialog } = await withPrompt();
      assert.strictEqual(dialog.getAttribute('aria-labelledby'), 'q');
      assert.include(text($(host, '#q')), 'Alex Demo (Demo Support) asks to see your screen.');
      assert.include(text($(host, '#d')), 'cannot click or type');
      assert.match(text($(host, '.countdown')), /Answer within (1:00|0:59)\. No answer means no\./);
      assert.strictEqual(host.shadowRoot!.activeElement, dialog);
      await expect(el).to.be.accessible();
    });

    it('opens the box when a request comes in while minimised', async () => {
      const { el, session } = await mount();
      await show(el, session, connected());
      const prompt = promptView();
      await show(el, session, { prompt }, { type: 'consent-request', prompt });
      assert.isTrue(el.hasAttribute('open'));
    });

    it('ignores synthetic clicks and forged answers from page scripts', async () => {
      const { session, host, allow, deny } = await withPrompt();
      await aTimeout(700);
      allow.click();
      deny.click();
      allow.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
      host.dispatchEvent(new CustomEvent('decide', { detail: { promptId: 'p1-desktop-view', allow: true } }));
      await aTimeout(50);
      assert.deepEqual(session.called('decide'), []);
    });

    it('ignores real clicks in the first moments after it appears', async () => {
      const { session, allow } = await withPrompt();
      await realClick(allow);
      assert.deepEqual(session.called('decide'), []);
    });

    it('takes a real click or key press as the answer', async () => {
      const { session, allow } = await withPrompt();
      await aTimeout(700);
      await realClick(allow);
      assert.deepEqual(session.called('decide'), [['decide', 'p1-desktop-view', true]]);
    });

    it('takes the keyboard: Tab to Deny, Enter', async () => {
      const { session } = await withPrompt({ id: 'p2-remote-control', fn: 'remote-control' });
      await aTimeout(700);
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Enter' });
      assert.deepEqual(session.called('decide'), [['decide', 'p2-remote-control', false]]);
    });

    it('lets the customer answer again when the answer could not be delivered', async () => {
      const { el, session, host, allow } = await withPrompt();
      session.failDecide = true;
      await aTimeout(700);
      await realClick(allow);
      await waitUntil(() => text($(host, '.error')) !== '', 'the failure is shown');
      await el.updateComplete;
      assert.include(text($(host, '.error')), 'could not be sent');
    });

    it('asks to re-confirm a long-lived grant in its own words', async () => {
      const { host, allow, deny } = await withPrompt({ id: 'p9-desktop-view', kind: 'reconfirm' });
      assert.include(text($(host, '#q')), 'can still see your screen');
      assert.strictEqual(text(allow), 'Keep allowing');
      assert.strictEqual(text(deny), 'Stop');
    });
  });

  describe('ended', () => {
    it('says the session is finished and who ended it, offers the transcript, and clears up on Close', async () => {
      const { el, session } = await mount('open');
      session.transcriptResult = {
        messages: [{ id: 'm1', seq: 1, clientId: 'c1', from: 'customer', text: 'Thanks', at: Date.UTC(2025, 0, 1) }],
        audit: [
          { seq: 0, at: Date.UTC(2025, 0, 1), actor: 'technician', type: 'session-created' },
          { seq: 1, at: Date.UTC(2025, 0, 1), actor: 'customer', type: 'consent-changed', fn: 'desktop-view', from: 'pending', to: 'granted', cause: 'allow' },
          { seq: 2, at: Date.UTC(2025, 0, 1), actor: 'relay', type: 'participant-dropped', detail: 'technician' },
          { seq: 3, at: Date.UTC(2025, 0, 1), actor: 'customer', type: 'session-ended', detail: 'customer-ended' },
        ],
        sessionId: 's1',
        technician: TECH,
        generatedAt: Date.UTC(2025, 0, 1),
      };
      await show(el, session, connected({ phase: 'ended', ended: { by: 'technician', reason: 'technician-ended' } }));
      assert.include(text($(el, '.screen')), 'The session is finished');
      assert.include(text($(el, '.screen')), 'The technician ended the session.');
      await expect(el).to.be.accessible();

      const downloads: { name: string; text: Promise<string> }[] = [];
      const create = URL.createObjectURL.bind(URL);
      const blobs = new Map<string, Blob>();
      URL.createObjectURL = (blob: Blob | MediaSource) => {
        const url = create(blob);
        blobs.set(url, blob as Blob);
        return url;
      };
      const onClick = (e: Event) => {
        const a = e.composedPath()[0] as HTMLAnchorElement;
        if (a instanceof HTMLAnchorElement && a.download) {
          e.preventDefault();
          downloads.push({ name: a.download, text: blobs.get(a.href)!.text() });
        }
      };
      widgetRoot(el).addEventListener('click', onClick, true);
      try {
        $<HTMLButtonElement>(el, '.row button')!.click();
        await waitUntil(() => downloads.length === 1, 'a download starts');
      } finally {
        URL.createObjectURL = create;
        widgetRoot(el).removeEventListener('click', onClick, true);
      }
      assert.match(downloads[0]!.name, /^remote-support-\d{4}-\d{2}-\d{2}\.txt$/);
      const transcript = await downloads[0]!.text;
      assert.include(transcript, 'Remote support session');
      assert.include(transcript, 'You: Thanks');
      assert.include(transcript, 'Allowed: Screen viewing');
      // Session events in words too, not the log's ids.
      assert.include(transcript, 'Session created');
      assert.include(transcript, 'Alex Demo lost the connection.');
      assert.include(transcript, 'You ended the session.');
      assert.notInclude(transcript, 'participant-dropped');

      $<HTMLButtonElement>(el, '.row button.secondary')!.click();
      await el.updateComplete;
      assert.deepEqual(session.called('reset'), [['reset']]);
      assert.isFalse(el.hasAttribute('open'));
    });

    it('says so when the transcript could not be downloaded, until a try succeeds', async () => {
      const { el, session } = await mount('open');
      await show(el, session, connected({ phase: 'ended', ended: { by: 'technician', reason: 'technician-ended' } }));
      const failure = () => text($(el, '.screen .error'));
      assert.strictEqual(failure(), '');
      session.failTranscript = true;
      $<HTMLButtonElement>(el, '.row button')!.click();
      await waitUntil(() => failure() !== '', 'the failure shows');
      assert.strictEqual(failure(), 'The transcript could not be downloaded.');
      await expect(el).to.be.accessible();

      session.failTranscript = false;
      const anchorClick = HTMLAnchorElement.prototype.click;
      let downloaded = '';
      HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
        downloaded = this.download;
      };
      try {
        $<HTMLButtonElement>(el, '.row button')!.click();
        await waitUntil(() => downloaded !== '', 'the download starts');
      } finally {
        HTMLAnchorElement.prototype.click = anchorClick;
      }
      await el.updateComplete;
      assert.strictEqual(failure(), '', 'the failure is gone');
      assert.deepEqual(session.called('transcript'), [['transcript'], ['transcript']]);
    });
  });

  describe('host API', () => {
    it('reflects position and theme, and stays accessible in the dark theme and on the left', async () => {
      const { el, session } = await mount('open position="bottom-left" theme="dark"');
      assert.strictEqual(getComputedStyle(el).left, '20px');
      await show(el, session, connected({ prompt: promptView(), grants: grants({ 'desktop-view': 'granted' }) }));
      await expect(el).to.be.accessible();
    });

    it('follows a dark system setting unless theme="light", and stays accessible', async () => {
      await emulateMedia({ colorScheme: 'dark' });
      try {
        const { el, session } = await mount('open');
        await show(el, session, connected({ prompt: promptView(), items: [{ kind: 'system', key: 'k', event: 'technician-joined', at: Date.now() }] }));
        assert.strictEqual(getComputedStyle(el).getPropertyValue('--rsw-bg').trim(), '#1f1f1f');
        await expect(el).to.be.accessible();
        el.theme = 'light';
        await el.updateComplete;
        assert.strictEqual(getComputedStyle(el).getPropertyValue('--rsw-bg').trim(), '#ffffff');
      } finally {
        await emulateMedia({ colorScheme: 'light' });
      }
    });

    it('turns session notices into rsw-* events that bubble out of the shadow root', async () => {
      const { el, session } = await mount('open');
      const stateChange = oneEvent<RswStateChangeEvent>(document, 'rsw-state-change');
      session.set(connected(), { type: 'state', phase: 'connected', previous: 'connecting' });
      const state = await stateChange;
      assert.strictEqual(state.phase, 'connected');
      assert.isTrue(state.bubbles && state.composed);

      const request = oneEvent<RswConsentRequestEvent>(el, 'rsw-consent-request');
      const prompt = promptView();
      session.set({ prompt }, { type: 'consent-request', prompt });
      const seen = await request;
      assert.strictEqual(seen.fn, 'desktop-view');
      assert.isFalse(seen.cancelable, 'the page can observe a prompt, never answer it');
      assert.notProperty(seen, 'promptId');

      const grant = oneEvent<RswGrantEvent>(el, 'rsw-grant');
      session.set({ prompt: undefined, grants: grants({ 'desktop-view': 'granted' }) }, { type: 'grant', fn: 'desktop-view' });
      assert.strictEqual((await grant).fn, 'desktop-view');
    });

    it('join(code) opens the box and connects; stopSharing() and disconnect() go to the session', async () => {
      const { el, session } = await mount();
      await el.join('123-456');
      assert.isTrue(el.hasAttribute('open'));
      assert.deepEqual(session.called('join'), [['join', '123456']]);
      await el.stopSharing();
      await el.disconnect();
      assert.deepEqual(session.called('stopSharing'), [['stopSharing']]);
      assert.deepEqual(session.called('disconnect'), [['disconnect']]);
    });

    it('join(code) refuses a code that is not a string with a TypeError, and opens nothing', async () => {
      const { el, session } = await mount();
      for (const code of [12345, undefined, null]) {
        const error = await el.join(code as unknown as string).then(() => undefined, (e: unknown) => e);
        assert.instanceOf(error, TypeError);
        assert.include(error.message, "join('012345')");
      }
      assert.isFalse(el.hasAttribute('open'));
      assert.deepEqual(session.called('join'), []);
    });

    it('without a server, join(code) says "cannot be reached" and tells the developer once in the console', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div .innerHTML=${'<remote-support-widget vendor="Acme"></remote-support-widget>'}></div>`);
      const el = wrapper.querySelector('remote-support-widget')!;
      const warnings: string[] = [];
      const warn = console.warn;
      console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
      try {
        await el.join('123456');
        await el.join('123456');
        await waitUntil(() => warnings.length > 0, 'a hint in the console');
        await aTimeout(50);
        assert.deepEqual(warnings, [
          'remote-support: <remote-support-widget> has no server attribute; set it to your relay\'s URL, e.g. <remote-support-widget server="https://support.example.com">.',
        ]);
        await el.updateComplete;
        assert.include($(el, '#error')?.textContent, 'cannot be reached');
      } finally {
        console.warn = warn;
      }
    });

    it('join(code) waits for the customer when the terms are not accepted yet', async () => {
      const { el, session } = await mount('terms-url="/terms"');
      await el.join('123456');
      assert.deepEqual(session.called('join'), []);
      assert.strictEqual($<HTMLInputElement>(el, '#code')!.value, '123456');
    });

    it('tries to resume on connect and destroys its session when removed', async () => {
      const { el, session } = await mount();
      assert.deepEqual(session.called('tryResume'), [['tryResume']]);
      el.remove();
      assert.deepEqual(session.called('destroy'), [['destroy']]);
    });

    it('can be defined twice and under another tag', () => {
      RemoteSupportWidget.define();
      RemoteSupportWidget.define('acme-support');
      assert.instanceOf(document.createElement('acme-support'), RemoteSupportWidget);
    });

    it('Escape closes the box and returns focus to the launcher', async () => {
      const { el } = await mount('open');
      $<HTMLInputElement>(el, '#code')!.focus();
      await sendKeys({ press: 'Escape' });
      await el.updateComplete;
      assert.isFalse(el.hasAttribute('open'));
      assert.strictEqual(widgetRoot(el).activeElement, part(el, 'launcher'));
    });
  });

  it('is full screen below 480 px', async () => {
    const { el, session } = await mount('open');
    await show(el, session, baseState());
    const panel = part(el, 'panel')!;
    await setViewport({ width: 400, height: 700 });
    try {
      const r = panel.getBoundingClientRect();
      assert.strictEqual(Math.round(r.width), 400);
      assert.strictEqual(Math.round(r.height), 700);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });
});
