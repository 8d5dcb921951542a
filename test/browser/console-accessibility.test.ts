/**
 * WCAG 2.2 AA in <remote-support-console> beyond what axe-core sees (axe runs in every state of console.test.ts,
 * light and dark, left to right and right to left): target sizes, visible focus (also in forced colours) and reflow at
 * 320 × 256 CSS px (400 % zoom), in every state from sign-in to the end, against the real relay; and the notice
 * banner's live region.
 */
import { aTimeout, fixture, html } from '@open-wc/testing';
import { render } from 'lit';
import { waitUntil } from './wait.js';
import { emulateMedia, setViewport } from '@web/test-runner-commands';
import type { Prompt } from '../../src/protocol/index.js';
import { RemoteSupportConsole } from '../../src/console/index.js';
import type { ConsoleState } from '../../src/console/session/types.js';
import { notice } from '../../src/console/templates/header.js';
import { assertFocusRings, assertReflow, assertTargetSizes } from './a11y-checks.js';
import { assert } from './chai.js';
import { text } from './console-helpers.js';
import { afterEach, beforeEach, describe, it } from './mocha.js';
import { connectCustomer, devToken, nextEvent, ok, relayUrl } from './support.js';

RemoteSupportConsole.define();

const part = (el: RemoteSupportConsole, host: string) => el.shadowRoot!.querySelector(host)!.shadowRoot!;
const wait = (what: string, predicate: () => unknown) => waitUntil(predicate, `timed out waiting for ${what}`, { timeout: 5000 });

/**
 * Every state of the console, each handed to `check`: signed out, the lobby, a new session's code, the session with
 * the customer, a message each way and a request waiting, the end confirmation, the end.
 */
async function everyState(check: (el: RemoteSupportConsole, state: string) => Promise<void>): Promise<void> {
  const el = await fixture<RemoteSupportConsole>(html`<remote-support-console server=${relayUrl}></remote-support-console>`);
  await el.updateComplete;
  await check(el, 'signed out');
  await el.signIn(devToken);
  await wait('connected', () => el.state.connection === 'connected');
  await check(el, 'the lobby');
  await el.createSession();
  await wait('the code', () => el.state.code);
  await check(el, 'a new session');
  const customer = connectCustomer();
  await ok(customer, 'session:join', { code: el.state.code!.code });
  await ok(customer, 'chat:send', { clientId: 'c1', text: 'Hello, my printer is broken.' });
  await wait('the message', () => el.state.messages.length === 1);
  const asked = nextEvent<{ prompt: Prompt | null }>(customer, 'consent:prompt', (p) => p.prompt !== null);
  part(el, 'rsc-function-list').querySelector<HTMLButtonElement>('li.row button')!.click();
  await asked;
  await wait('pending', () => el.state.session?.consent.grants['desktop-view'].status === 'pending');
  await check(el, 'the session with a request waiting');
  part(el, 'rsc-session-panel').querySelector<HTMLButtonElement>('button.danger')!.click();
  await wait('the confirmation', () => part(el, 'rsc-session-panel').querySelector('.confirm'));
  await check(el, 'the end confirmation');
  await el.end();
  await wait('the end', () => el.state.session?.state === 'ended');
  await check(el, 'the end');
}

describe('<remote-support-console> accessibility', () => {
  beforeEach(() => sessionStorage.clear());
  afterEach(async () => {
    await setViewport({ width: 800, height: 600 });
    await emulateMedia({ forcedColors: 'none' });
  });

  it('makes every target at least 24 × 24 px, in every state (2.5.8)', async function () {
    this.timeout(20_000);
    await assertTargetSizes(everyState);
  });

  it('shows where focus is on every control, with the keyboard, also in forced colours (2.4.7)', async function () {
    this.timeout(40_000);
    await assertFocusRings(everyState);
  });

  it('works at 320 × 256 CSS px (400 % zoom) without sideways scrolling, everything reachable (1.4.10)', async function () {
    this.timeout(20_000);
    await setViewport({ width: 320, height: 256 });
    await assertReflow(everyState, 320, 256);
  });

  describe('notices', () => {
    /** What a screen reader announces from `region`: its text after each change, when it changed and is not empty. */
    function announcements(region: Element): string[] {
      const said: string[] = [];
      let last = text(region);
      new MutationObserver(() => {
        const now = text(region);
        if (now && now !== last) said.push(now);
        last = now;
      }).observe(region, { subtree: true, childList: true, characterData: true });
      return said;
    }

    it('announces each notice once, politely, from a live region that was there before it (Dismiss outside it)', async function () {
      this.timeout(20_000);
      const el = await fixture<RemoteSupportConsole>(html`<remote-support-console server=${relayUrl}></remote-support-console>`);
      await el.signIn(devToken);
      await wait('connected', () => el.state.connection === 'connected');
      await el.createSession();
      await wait('the code', () => el.state.code);
      const regions = el.shadowRoot!.querySelectorAll('.main [role=status]');
      assert.strictEqual(regions.length, 1, 'one status region for notices');
      const region = regions[0]!;
      assert.strictEqual(text(region), '');
      const said = announcements(region);

      const customer = connectCustomer();
      await ok(customer, 'session:join', { code: el.state.code!.code });
      await wait('the notice', () => el.state.notice?.kind === 'customer-joined');
      await el.updateComplete;
      assert.isTrue(el.shadowRoot!.querySelector('.main [role=status]') === region, 'the same region, not a new one');
      assert.strictEqual(text(region), 'The customer joined the session.');
      assert.isNull(region.querySelector('button'), 'Dismiss is not read out with the notice');
      assert.isNotNull(region.closest('[part=notice]')!.querySelector('button'));
      for (let up = region.parentElement; up; up = up.parentElement) {
        assert.isFalse(up.hasAttribute('aria-live') || ['status', 'log', 'alert'].includes(up.getAttribute('role') ?? ''), 'not inside another live region');
      }
      // The console renders again meanwhile (its clock ticks): nothing is said again.
      await aTimeout(1500);
      assert.deepEqual(said, ['The customer joined the session.']);

      customer.disconnect();
      await wait('the drop', () => el.state.notice?.kind === 'customer-dropped');
      await el.updateComplete;
      assert.deepEqual(said, ['The customer joined the session.', "The customer's connection dropped. Waiting for them to come back…"]);
    });

    it('announces a notice with the same words as the one before too: its text is new', async () => {
      const host = await fixture<HTMLDivElement>(html`<div></div>`);
      const state = (id: number) => ({ notice: { id, kind: 'customer-resumed' } }) as unknown as ConsoleState;
      render(notice(state(1), () => {}), host);
      const region = host.querySelector('[role=status]')!;
      const added: Node[] = [];
      new MutationObserver((records) => added.push(...records.flatMap((r) => [...r.addedNodes]))).observe(region, { childList: true, subtree: true });
      render(notice(state(1), () => {}), host);
      await aTimeout(0);
      assert.strictEqual(added.length, 0, 'the same notice rendered again is not new');
      render(notice(state(2), () => {}), host);
      await aTimeout(0);
      assert.strictEqual(text(region), 'The customer is back.');
      assert.isTrue(added.some((node) => node.textContent === 'The customer is back.'), 'the next notice is new text');
    });
  });
});
