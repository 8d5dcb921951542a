/**
 * The technician at the keyboard: focus stays where they work when the view changes under it. Create session (the
 * button turns busy, then the lobby goes) leads to the new session; Dismiss of a banner to the session; Find
 * colleagues online to the list it brings; the customer's arrival (the code's panel goes) to the session; Decline of a
 * file to the Files panel; a Request that now waits for the customer keeps
 * the focus; Escape in the end confirmation keeps the session and returns to End session; the end leads to the panel
 * that says so. Focus never falls back to the page's body.
 */
import { fixture, html } from '@open-wc/testing';
import { waitUntil } from './wait.js';
import { sendKeys } from '@web/test-runner-commands';
import type { Prompt } from '../../src/protocol/index.js';
import { RemoteSupportConsole } from '../../src/console/index.js';
import { assert } from './chai.js';
import { button, text } from './console-helpers.js';
import { beforeEach, describe, it } from './mocha.js';
import { connectCustomer, devToken, nextEvent, ok, relayUrl } from './support.js';
import { deepActive, describeElement } from './widget-helpers.js';

RemoteSupportConsole.define();

const wait = (what: string, predicate: () => unknown) => waitUntil(predicate, `timed out waiting for ${what}`, { timeout: 5000 });
const focusIs = async (what: string, match: (active: Element | null) => boolean) => {
  await waitUntil(() => match(deepActive()), `focus should be on ${what}, is on ${describeElement(deepActive())}`, { timeout: 5000 });
};
/** Presses Tab (Shift+Tab when `back`) until `match` holds for the focused element, as a person moves through the console. */
async function tabTo(what: string, match: (active: Element | null) => boolean, back = false): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await sendKeys({ press: back ? 'Shift+Tab' : 'Tab' });
    if (match(deepActive())) return;
  }
  throw new Error(`Tab never reached ${what}`);
}
const labelled = (label: string) => (active: Element | null) => !!active && (active.getAttribute('aria-label') ?? text(active)) === label;
const panelTitle = (el: RemoteSupportConsole) => el.shadowRoot!.querySelector('rsc-session-panel')!.shadowRoot!.querySelector('#title');

describe('<remote-support-console> with the keyboard', () => {
  beforeEach(() => sessionStorage.clear());

  it('keeps the focus where the technician works while buttons turn busy and views change', async function () {
    this.timeout(30_000);
    const el = await fixture<RemoteSupportConsole>(html`<remote-support-console server=${relayUrl}></remote-support-console>`);
    assert.isTrue(await el.signIn(devToken));
    await el.updateComplete;

    button(el, 'Sign out').focus();
    await tabTo('Create session', labelled('Create session'));
    await sendKeys({ press: 'Enter' });
    await wait('the code', () => el.state.code);
    await focusIs('the new session', (active) => active === panelTitle(el));

    // The customer joins while the technician is on the code's panel, which changes under the focus.
    const customer = connectCustomer();
    await ok(customer, 'session:join', { code: el.state.code!.code });
    await wait('the customer', () => el.state.session?.state === 'active');
    await focusIs('the session in progress', (active) => active === panelTitle(el) && text(active) === 'Session in progress');
    // The banner that the customer joined: Dismiss takes it away, and the focus goes on to the session.
    await tabTo('Dismiss', labelled('Dismiss notice'), true);
    await sendKeys({ press: 'Enter' });
    await focusIs('the session', (active) => active === panelTitle(el));
    // Find colleagues online makes way for the list (or Look again): the focus goes there.
    await tabTo('Find colleagues online', labelled('Find colleagues online'));
    await sendKeys({ press: 'Enter' });
    await focusIs('the colleagues', (active) => active?.id === 'handoff-colleague' || text(active) === 'Look again');
    await tabTo('Request Screen viewing', labelled('Request Screen viewing'));
    const asked = nextEvent<{ prompt: Prompt | null }>(customer, 'consent:prompt', (p) => p.prompt !== null);
    await sendKeys({ press: 'Enter' });
    const first = await asked;
    await wait('waiting for the customer', () => el.state.session?.consent.grants['desktop-view'].status === 'pending');
    await focusIs('the Request button, now waiting', labelled('Request Screen viewing'));
    assert.strictEqual(deepActive()!.ariaDisabled, 'true');
    await sendKeys({ press: 'Enter' });
    assert.strictEqual(el.state.session?.consent.prompts.length, 1, 'a waiting request is not asked again');
    await ok(customer, 'consent:decide', { promptId: first.prompt!.id, allow: false });

    // A file the customer offers: Decline takes its buttons away; the focus stays in Files.
    const fileAsked = nextEvent<{ prompt: Prompt | null }>(customer, 'consent:prompt', (p) => p.prompt?.fn === 'file-transfer');
    await tabTo('Request File transfer', labelled('Request File transfer'));
    await sendKeys({ press: 'Enter' });
    await ok(customer, 'consent:decide', { promptId: (await fileAsked).prompt!.id, allow: true });
    await wait('file transfer granted', () => el.state.session?.consent.grants['file-transfer'].status === 'granted');
    await ok(customer, 'file:offer', { transferId: 'kbd1', name: 'log.txt', size: 5, type: 'text/plain', sha256: 'a'.repeat(64) });
    await tabTo('Decline', (active) => text(active) === 'Decline');
    await sendKeys({ press: 'Enter' });
    await focusIs('Send a file…', (active) => text(active) === 'Send a file…');

    await tabTo('End session', labelled('End session'), true);
    await sendKeys({ press: 'Enter' });
    await focusIs('Yes, end it', (active) => text(active) === 'Yes, end it');
    await sendKeys({ press: 'Escape' });
    await focusIs('End session', (active) => text(active) === 'End session');
    assert.strictEqual(el.state.session?.state, 'active');

    await sendKeys({ press: 'Enter' });
    await focusIs('Yes, end it', (active) => text(active) === 'Yes, end it');
    await sendKeys({ press: 'Enter' });
    await wait('the end', () => el.state.session?.state === 'ended');
    await focusIs('Session ended', (active) => active === panelTitle(el) && text(active) === 'Session ended');
  });

  it('leaves the focus in the chat when the colleagues arrive after the technician went on typing', async function () {
    this.timeout(20_000);
    const el = await fixture<RemoteSupportConsole>(html`<remote-support-console server=${relayUrl}></remote-support-console>`);
    assert.isTrue(await el.signIn(devToken));
    assert.isTrue(await el.createSession());
    const customer = connectCustomer();
    await ok(customer, 'session:join', { code: el.state.code!.code });
    await wait('the customer', () => el.state.session?.state === 'active');
    await el.updateComplete;
    // Asked for, and on to the chat before the relay's answer (which cannot come within this task).
    button(el, 'Find colleagues online').click();
    const field = el.shadowRoot!.querySelector('rsc-composer')!.shadowRoot!.querySelector('textarea')!;
    field.focus();
    await wait('the colleagues', () => el.state.colleagues !== undefined);
    await el.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.isTrue(deepActive() === field, `focus should stay in the chat, is on ${describeElement(deepActive())}`);
  });

  it('keeps the focus on the control it is on, and the page where it was, when the customer joins', async function () {
    this.timeout(20_000);
    const el = await fixture<RemoteSupportConsole>(html`<remote-support-console server=${relayUrl}></remote-support-console>`);
    assert.isTrue(await el.signIn(devToken));
    assert.isTrue(await el.createSession());
    await el.updateComplete;
    const end = () => button(el, /^(Cancel|End) session$/, 'rsc-session-panel');
    end().focus();
    // The technician scrolled on to the permissions: the panel with the focus is out of sight.
    const list = el.shadowRoot!.querySelector('rsc-function-list')!;
    const request = () => [...list.shadowRoot!.querySelectorAll('button')].at(-1)!;
    request().scrollIntoView({ block: 'center' });
    const at = request().getBoundingClientRect().y;
    assert.isAbove(window.scrollY, 0, 'the console is taller than the window');
    let dropped = 0;
    el.addEventListener('focusout', (e) => (dropped += e.relatedTarget === null ? 1 : 0));

    const customer = connectCustomer();
    await ok(customer, 'session:join', { code: el.state.code!.code });
    await wait('the customer', () => el.state.session?.state === 'active');
    await el.updateComplete;
    // Whatever the console would do after a lost focus happens in a task after the render.
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.strictEqual(dropped, 0, 'the focus never fell to the page');
    assert.strictEqual(deepActive(), end(), `focus should stay on End session, is on ${describeElement(deepActive())}`);
    assert.strictEqual(text(end()), 'End session');
    assert.closeTo(request().getBoundingClientRect().y, at, 1, 'the page did not move under the technician');
  });
});
