/**
 * No untranslated text anywhere in <remote-support-console>: in the pseudo-locale (lang="en-XA", every msg() text in
 * ⟦…⟧) every state a technician meets is walked through the REAL relay with a customer socket — sign-in and its
 * refusal, the lobby and the queue, a new session's code, link and countdown, the customer's arrival, chat, a request
 * waiting and granted, a gated action used, the customer stopping, the end confirmation and the end — and every
 * visible text node and spoken attribute must be wrapped or be data (names, messages, codes, links, times).
 */
import { fixture, html } from '@open-wc/testing';
import { waitUntil } from './wait.js';
import { sendKeys } from '@web/test-runner-commands';
import type { Prompt } from '../../src/protocol/index.js';
import { RemoteSupportConsole } from '../../src/console/index.js';
import { assert } from './chai.js';
import { beforeEach, describe, it } from './mocha.js';
import { assertAllTranslated, PSEUDO_LANG } from './pseudo.js';
import { connectCustomer, devToken, nextEvent, ok, relayUrl, startRelay } from './support.js';

RemoteSupportConsole.define();

const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const part = (el: RemoteSupportConsole, host: string) => el.shadowRoot!.querySelector(host)!.shadowRoot!;
const wait = (what: string, predicate: () => unknown) => waitUntil(predicate, `timed out waiting for ${what}`, { timeout: 5000 });

async function mount(server = relayUrl): Promise<RemoteSupportConsole> {
  const el = await fixture<RemoteSupportConsole>(html`<remote-support-console lang=${PSEUDO_LANG} server=${server}></remote-support-console>`);
  await el.updateComplete;
  return el;
}

async function signIn(el: RemoteSupportConsole, token = devToken): Promise<void> {
  await wait('the sign-in form', () => part(el, 'rsc-sign-in').querySelector('input'));
  part(el, 'rsc-sign-in').querySelector('input')!.value = token;
  part(el, 'rsc-sign-in').querySelector<HTMLButtonElement>('button[type=submit]')!.click();
  await wait('connected', () => el.state.connection === 'connected');
}

describe('<remote-support-console> in the pseudo-locale', () => {
  beforeEach(() => sessionStorage.clear());

  it('has no untranslated text from sign-in to the end of a session', async function () {
    this.timeout(30_000);
    const el = await mount();
    await assertAllTranslated(el, 'the sign-in form');
    part(el, 'rsc-sign-in').querySelector('input')!.focus();
    await sendKeys({ type: 'not-a-token' });
    await sendKeys({ press: 'Enter' });
    // (While the token is tried the form makes way for the connection status.)
    await wait('the refusal', () => text(el.shadowRoot!.querySelector('rsc-sign-in')?.shadowRoot?.querySelector('#error')) !== '');
    await assertAllTranslated(el, 'a refused token');

    await signIn(el);
    const data = ['Alex Demo', 'Demo Support'];
    await assertAllTranslated(el, 'the lobby', data);

    el.shadowRoot!.querySelector<HTMLButtonElement>('.lobby section button')!.click();
    await wait('the code', () => el.state.code);
    const { code, joinUrl } = el.state.code!;
    data.push(joinUrl, code);
    await assertAllTranslated(el, 'a new session: code, link, countdown', data);

    const customer = connectCustomer();
    await ok(customer, 'session:join', { code });
    await wait('the customer', () => el.state.session?.customerPresent);
    await ok(customer, 'chat:send', { clientId: 'c1', text: 'My printer is broken' });
    await ok(customer, 'chat:typing', { typing: true });
    data.push('My printer is broken', 'Hello from Alex');
    await wait('the message', () => el.state.messages.length === 1);
    part(el, 'rsc-composer').querySelector('textarea')!.focus();
    await sendKeys({ type: 'Hello from Alex' });
    await sendKeys({ press: 'Enter' });
    await wait('the reply', () => el.state.messages.length === 2);
    await assertAllTranslated(el, 'the customer joined, chat and typing', data);

    const prompt = nextEvent<{ prompt: Prompt | null }>(customer, 'consent:prompt', (p) => p.prompt !== null);
    part(el, 'rsc-function-list').querySelector<HTMLButtonElement>('li.row button')!.click();
    await wait('pending', () => el.state.session?.consent.grants['desktop-view'].status === 'pending');
    await assertAllTranslated(el, 'a request waiting for the customer', data);
    await ok(customer, 'consent:decide', { promptId: (await prompt).prompt!.id, allow: true });
    const info = nextEvent<{ prompt: Prompt | null }>(customer, 'consent:prompt', (p) => p.prompt !== null);
    [...part(el, 'rsc-function-list').querySelectorAll<HTMLButtonElement>('li.row button')][3]!.click();
    await ok(customer, 'consent:decide', { promptId: (await info).prompt!.id, allow: true });
    await wait('system information granted', () => el.state.session?.consent.grants['system-info'].status === 'granted');
    part(el, 'rsc-function-list').querySelector<HTMLButtonElement>('li.use button')!.click();
    await wait('the use', () => text(part(el, 'rsc-function-list').querySelector('li.use .result')) !== '');
    await assertAllTranslated(el, 'grants, a gated action used, the audit log', data);

    await ok(customer, 'consent:revoke-all');
    await wait('the notice', () => el.state.notice?.kind === 'stopped-sharing');
    await assertAllTranslated(el, 'the customer stopped sharing', data);

    part(el, 'rsc-session-panel').querySelector<HTMLButtonElement>('button.danger')!.click();
    await wait('the confirmation', () => part(el, 'rsc-session-panel').querySelector('.confirm'));
    await assertAllTranslated(el, 'the end confirmation', data);
    part(el, 'rsc-session-panel').querySelector<HTMLButtonElement>('#confirm-end')!.click();
    await wait('the end', () => el.state.session?.state === 'ended');
    await assertAllTranslated(el, 'the end', data);
  });

  it('has no untranslated text in the support queue', async function () {
    this.timeout(20_000);
    const relay = await startRelay();
    const el = await mount(relay.url);
    await signIn(el, relay.devToken);
    const customer = connectCustomer(relay);
    await ok(customer, 'queue:join', { name: 'Ada Lovelace', description: 'Printer offline' });
    await wait('the queue', () => el.state.queue.length === 1);
    await assertAllTranslated(el, 'a customer in the queue', ['Alex Demo', 'Demo Support', 'Ada Lovelace', 'Printer offline']);
    assert.include(text(part(el, 'rsc-queue-list').querySelector('ol')), 'Ada Lovelace');
  });
});
