/**
 * WCAG 2.2 AA in <remote-support-widget> beyond what axe-core sees (axe runs in every state of the journey, light and
 * dark, left to right and right to left: widget-journey.test.ts): target sizes, visible focus, focus order and return,
 * live regions and how often the countdown speaks, focus not obscured by the widget, 320 × 256 CSS px (400 % zoom),
 * reduced motion and forced colours. Over a stand-in session (fake-session.ts), so that every state is at hand.
 */
import { aTimeout, fixture, html } from '@open-wc/testing';
import { waitUntil } from './wait.js';
import { emulateMedia, sendKeys, setViewport } from '@web/test-runner-commands';
import { RemoteSupportWidget } from '../../src/widget/index.js';
import { setSessionFactory } from '../../src/widget/session-controller.js';
import type { PromptView, WidgetState } from '../../src/widget/session/types.js';
import { assert } from './chai.js';
import { FakeSession, grants } from './fake-session.js';
import { after, afterEach, before, describe, it } from './mocha.js';
import { assertFocusRings, assertReflow, assertTargetSizes, interactive } from './a11y-checks.js';
import { root as widgetRoot, assertFocused, deepActive, describeElement, PROMPT_ARM_MS, realClick, settle, text } from './widget-helpers.js';

RemoteSupportWidget.define();

const TECH = { name: 'Alex Demo', org: 'Demo Support' };
const $ = <T extends HTMLElement = HTMLElement>(el: Element, selector: string) => widgetRoot(el).querySelector<T>(selector);
const inner = <T extends HTMLElement = HTMLElement>(el: Element, host: string, selector: string) =>
  widgetRoot(el).querySelector(host)?.shadowRoot?.querySelector<T>(selector) ?? null;

async function mount(attrs = '', around = (widget: string) => widget): Promise<{ el: RemoteSupportWidget; session: FakeSession }> {
  const widget = `<remote-support-widget server="https://support.example.com" vendor="Acme" ${attrs}></remote-support-widget>`;
  const wrapper = await fixture<HTMLDivElement>(html`<div .innerHTML=${around(widget)}></div>`);
  const el = wrapper.querySelector('remote-support-widget')!;
  await el.load();
  await el.updateComplete;
  return { el, session: FakeSession.last! };
}

async function show(el: RemoteSupportWidget, session: FakeSession, state: Partial<WidgetState>, notice?: Parameters<FakeSession['set']>[1]) {
  session.set(state, notice);
  await settle(el);
}

function prompt(extra: Partial<PromptView> = {}): PromptView {
  const now = Date.now();
  return { id: `p-${now}`, fn: 'desktop-view', kind: 'request', requestedAt: now, expiresAt: now + 60_000, technician: TECH, ...extra };
}

const connected = (extra: Partial<WidgetState> = {}): Partial<WidgetState> => ({
  phase: 'connected',
  sessionId: 's1',
  technician: TECH,
  technicianPresent: true,
  items: [
    { kind: 'system', key: 'k1', event: 'technician-joined', at: Date.now() },
    { kind: 'message', clientId: 't1', id: 'm1', seq: 1, from: 'technician', text: 'Hello, how can I help?', at: Date.now(), status: 'sent' },
    { kind: 'message', clientId: 'c1', from: 'customer', text: 'The printer prints blank pages.', at: Date.now(), status: 'failed' },
  ],
  ...extra,
});

/**
 * Every state the customer meets, one after the other, each handed to `check` with its name: the launcher, the code
 * screen (terms, queue), the queue form, the leave-a-message form, connecting, waiting, the chat with a prompt, live grants and a failed message,
 * the end confirmation, minimised with the indicator and unread messages, reconnecting, the end.
 */
async function everyState(check: (el: RemoteSupportWidget, state: string) => Promise<void>, attrs = ''): Promise<void> {
  const { el, session } = await mount(`queue terms-url="https://acme.example/terms" ${attrs}`);
  await check(el, 'the launcher');
  el.show();
  await settle(el);
  await check(el, 'the code screen');
  $(el, '.or + button')!.click();
  await settle(el);
  await check(el, 'the queue form');
  await show(el, session, { error: { code: 'no-technician', at: Date.now() } });
  $(el, '#leave-open')!.click();
  const leave = () => widgetRoot(el).querySelector('rsw-leave-message')?.shadowRoot;
  await waitUntil(() => leave()?.querySelector('#leave-name'), 'the leave-a-message form loads', { timeout: 5_000 });
  await check(el, 'the leave-a-message form');
  leave()!.querySelector<HTMLButtonElement>('button.link')!.click();
  await show(el, session, { phase: 'idle' });
  await show(el, session, { phase: 'connecting' });
  await check(el, 'connecting');
  await show(el, session, { phase: 'waiting', queue: { position: 2, total: 3 } });
  await check(el, 'waiting');
  const live = grants({ 'desktop-view': 'granted', 'file-transfer': 'granted' });
  await show(el, session, connected({ prompt: prompt({ fn: 'remote-control' }), grants: live }));
  await check(el, 'the chat with a prompt and live grants');
  await show(el, session, { prompt: undefined });
  inner<HTMLButtonElement>(el, 'rsw-grants-bar', 'button.danger')!.click();
  await settle(el);
  await check(el, 'the end confirmation');
  el.hide();
  await show(el, session, {}, { type: 'message', message: { id: 'm2', seq: 2, clientId: 't2', from: 'technician', text: 'Still there?', at: Date.now() } });
  await check(el, 'minimised with the indicator and an unread message');
  el.show();
  await show(el, session, { phase: 'reconnecting' });
  await check(el, 'reconnecting');
  await show(el, session, { phase: 'ended', grants: grants(), ended: { by: 'technician', reason: 'technician-ended' } });
  await check(el, 'the end');
}

describe('<remote-support-widget> accessibility', () => {
  before(() => setSessionFactory((options) => new FakeSession(options)));
  after(() => setSessionFactory());
  afterEach(async () => {
    await setViewport({ width: 800, height: 600 });
    await emulateMedia({ reducedMotion: 'no-preference', forcedColors: 'none' });
  });

  it('makes every target at least 24 × 24 px, in every state (2.5.8)', () => assertTargetSizes(everyState));

  it('shows where focus is on every control, with the keyboard, also in forced colours (2.4.7, 1.4.11)', async function () {
    this.timeout(30_000);
    await assertFocusRings(everyState, (el, state) =>
      state === 'the launcher' || state.startsWith('minimised') ? $(el, '[part=launcher]')! : interactive(el)[0]!,
    );
  });

  it('keeps buttons, the box and the indicator outlined in forced colours', async () => {
    await emulateMedia({ forcedColors: 'active' });
    const { el, session } = await mount('open');
    await show(el, session, connected({ grants: grants({ 'desktop-view': 'granted' }) }));
    const outlined = (n: Element, side = 'Top') => {
      const s = getComputedStyle(n) as unknown as Record<string, string>;
      return s[`border${side}Style`] !== 'none' && parseFloat(s[`border${side}Width`]!) >= 1 && s[`border${side}Color`] !== 'rgba(0, 0, 0, 0)';
    };
    const missing = [...interactive(el).filter((n) => n.localName === 'button'), $(el, '[part=panel]')!, $(el, '[part=indicator]')!]
      .filter((n) => !outlined(n))
      .map(describeElement);
    assert.deepEqual(missing, []);
    const bubbles = [...widgetRoot(el).querySelector('rsw-chat-log')!.shadowRoot!.querySelectorAll('.msg')];
    assert.isTrue(bubbles.every((b) => outlined(b)), 'chat bubbles keep an outline');
  });

  it('stops animating when reduced motion is asked for', async () => {
    const { el, session } = await mount('open');
    await show(el, session, { phase: 'connecting' });
    assert.strictEqual(getComputedStyle($(el, '.spinner')!).animationName, 'rsw-spin');
    await emulateMedia({ reducedMotion: 'reduce' });
    assert.strictEqual(getComputedStyle($(el, '.spinner')!).animationName, 'none');
  });

  for (const lang of ['en', 'ar']) {
    it(`works at 320 × 256 CSS px (400 % zoom) without sideways scrolling, everything reachable (${lang})`, async function () {
      this.timeout(20_000);
      await setViewport({ width: 320, height: 256 });
      await assertReflow(
        (check) =>
          everyState(async (el, state) => {
            await waitUntil(() => el.dir === (lang === 'ar' ? 'rtl' : 'ltr'), 'the direction');
            await check(el, state);
          }, `lang="${lang}"`),
        320,
        256,
      );
    });
  }

  describe('focus', () => {
    it('moves into the box when it opens, and back to the launcher when it closes', async () => {
      const { el } = await mount();
      $(el, '[part=launcher]')!.focus();
      await sendKeys({ press: 'Enter' });
      await settle(el);
      assertFocused($(el, '#code'), 'the code field');
      await sendKeys({ press: 'Escape' });
      await settle(el);
      assertFocused($(el, '[part=launcher]'), 'the launcher');
    });

    it('goes to a prompt while the customer types, keeps the draft, and returns to the caret after the answer', async () => {
      const { el, session } = await mount('open');
      await show(el, session, connected());
      const field = inner<HTMLTextAreaElement>(el, 'rsw-composer', 'textarea')!;
      field.focus();
      await sendKeys({ type: 'My printer sa' });
      const p = prompt();
      await show(el, session, { prompt: p }, { type: 'consent-request', prompt: p });
      const dialog = inner(el, 'rsw-consent-prompt', '[role=alertdialog]')!;
      assertFocused(dialog, 'the prompt');
      // Keys meant for the message land on the prompt and answer nothing.
      await sendKeys({ type: 'ys ' });
      await sendKeys({ press: 'Enter' });
      await aTimeout(PROMPT_ARM_MS);
      assert.deepEqual(session.called('decide'), []);
      assert.strictEqual(field.value, 'My printer sa');
      await realClick(inner(el, 'rsw-consent-prompt', '.actions button:last-child')!);
      assert.deepEqual(session.called('decide'), [['decide', p.id, true]]);
      await show(el, session, { prompt: undefined });
      await waitUntil(() => deepActive() === field, 'focus is back in the message field');
      assert.strictEqual(field.value, 'My printer sa');
      assert.strictEqual(field.selectionStart, 'My printer sa'.length, 'the caret where it was');
    });

    it('returns to the control that had it before the prompt (Stop sharing)', async () => {
      const { el, session } = await mount('open');
      await show(el, session, connected({ grants: grants({ 'file-transfer': 'granted' }) }));
      const stopSharing = inner<HTMLButtonElement>(el, 'rsw-grants-bar', '.actions button.secondary')!;
      stopSharing.focus();
      const p = prompt();
      await show(el, session, { prompt: p }, { type: 'consent-request', prompt: p });
      assertFocused(inner(el, 'rsw-consent-prompt', '[role=alertdialog]'), 'the prompt');
      await show(el, session, { prompt: undefined });
      await waitUntil(() => deepActive() === stopSharing, 'focus is back on Stop sharing');
    });

    it('returns to the page when the prompt took focus from it', async () => {
      const { el, session } = await mount('', (widget) => `<input id="page-field" aria-label="Search the help centre">${widget}`);
      await show(el, session, connected());
      const pageField = document.getElementById('page-field')!;
      pageField.focus();
      const p = prompt();
      await show(el, session, { prompt: p }, { type: 'consent-request', prompt: p });
      assert.isTrue(el.open, 'a question opens the box');
      assertFocused(inner(el, 'rsw-consent-prompt', '[role=alertdialog]'), 'the prompt');
      await show(el, session, { prompt: undefined });
      await waitUntil(() => document.activeElement === pageField, 'focus is back in the page');
    });

    it('goes to the end screen heading when the session ends while the customer is in the box', async () => {
      const { el, session } = await mount('open');
      await show(el, session, connected());
      inner(el, 'rsw-composer', 'textarea')!.focus();
      await show(el, session, { phase: 'ended', ended: { by: 'technician', reason: 'technician-ended' } });
      assertFocused($(el, '#ended'), 'the end heading');
    });
  });

  describe('live regions', () => {
    it('has the chat as a log, the connection as a status, and prompts as labelled and described alertdialogs', async () => {
      const { el, session } = await mount('open');
      await show(el, session, connected({ prompt: prompt() }));
      const log = inner(el, 'rsw-chat-log', '[role=log]')!;
      assert.strictEqual(log.getAttribute('aria-live'), 'polite');
      assert.isNotEmpty(log.getAttribute('aria-label'));
      assert.strictEqual($(el, 'header [role=status]')!.textContent.trim(), 'Connected (secure connection)');
      const dialog = inner(el, 'rsw-consent-prompt', '[role=alertdialog]')!;
      const root = widgetRoot(el).querySelector('rsw-consent-prompt')!.shadowRoot!;
      const ids = (name: string) => dialog.getAttribute(name)!.split(' ');
      assert.include(text(root.getElementById(ids('aria-labelledby')[0]!)), 'asks to see your screen');
      assert.deepEqual(ids('aria-describedby').map((id) => !!root.getElementById(id)), [true, true]);
      assert.strictEqual(inner(el, 'rsw-consent-prompt', '.countdown')!.getAttribute('aria-hidden'), 'true', 'the ticking countdown is not read out');
    });

    it('announces the time left at 30 and at 10 seconds only, not every second', async function () {
      this.timeout(15_000);
      const { el, session } = await mount('open');
      const announced: string[] = [];
      let region: Element | null = null;
      const observer = new MutationObserver(() => {
        const now = text(region);
        if (now && announced.at(-1) !== now) announced.push(now);
      });
      const watch = async (p: PromptView) => {
        await show(el, session, { prompt: p }, { type: 'consent-request', prompt: p });
        region = inner(el, 'rsw-consent-prompt', '[aria-live]');
        observer.observe(region!, { childList: true, characterData: true, subtree: true });
      };
      await show(el, session, connected());
      await watch(prompt({ id: 'p30', expiresAt: Date.now() + 31_500 }));
      await aTimeout(3_000);
      await watch(prompt({ id: 'p10', expiresAt: Date.now() + 11_500 }));
      await aTimeout(3_000);
      observer.disconnect();
      assert.deepEqual(announced, ['Time left to answer: 30 seconds.', 'Time left to answer: 10 seconds.']);
    });
  });

  describe('focus not obscured (2.4.11)', () => {
    /** A page whose last element (a link) sits in the bottom-right corner of the viewport, under the launcher. */
    const page = (scrolls: boolean) => (widget: string) =>
      `<div style="position: relative; height: ${scrolls ? '1200px' : 'calc(100vh - 16px)'}">` +
      `<a id="corner" href="#corner" style="position: absolute; right: 24px; bottom: ${scrolls ? '460px' : '24px'}">Contact</a></div>${widget}`;

    const overlapsLauncher = (el: RemoteSupportWidget) => {
      const a = document.getElementById('corner')!.getBoundingClientRect();
      const b = $(el, '[part=launcher]')!.getBoundingClientRect();
      return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    };

    it('scrolls a focused page element out from under the launcher', async () => {
      const { el } = await mount('', page(true));
      document.getElementById('corner')!.scrollIntoView({ block: 'end' });
      scrollBy(0, document.getElementById('corner')!.getBoundingClientRect().bottom - (innerHeight - 30));
      assert.isTrue(overlapsLauncher(el), 'the link starts under the launcher');
      document.getElementById('corner')!.focus();
      await settle(el);
      assert.isFalse(overlapsLauncher(el));
      assert.isFalse(el.hasAttribute('aside'), 'scrolling was enough');
      scrollTo(0, 0);
    });

    it('moves to the other corner when the page cannot scroll, and back when focus moves on', async () => {
      const { el } = await mount('', page(false));
      assert.isTrue(overlapsLauncher(el), 'the link starts under the launcher');
      document.getElementById('corner')!.focus();
      await settle(el);
      assert.isTrue(el.hasAttribute('aside'));
      assert.isFalse(overlapsLauncher(el));
      assert.isBelow($(el, '[part=launcher]')!.getBoundingClientRect().left, innerWidth / 2);
      $(el, '[part=launcher]')!.focus();
      document.getElementById('corner')!.blur();
      document.body.focus();
      const other = document.createElement('button');
      other.textContent = 'Elsewhere';
      document.body.prepend(other);
      other.focus();
      await settle(el);
      assert.isFalse(el.hasAttribute('aside'));
      other.remove();
    });

    it('minimises a full-screen box when focus goes to the page behind it', async () => {
      await setViewport({ width: 400, height: 600 });
      const { el } = await mount('open', page(false));
      document.getElementById('corner')!.focus();
      await waitUntil(() => !el.open, 'the box minimises');
      await settle(el);
      assert.isFalse(overlapsLauncher(el));
    });
  });
});
