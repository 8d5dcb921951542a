/**
 * <remote-support-console> in Chromium with its real session logic against the real relay: sign-in (refused and
 * accepted), a whole session (code, pairing, chat both ways, a request the customer allows, the audit log, the end),
 * a reload that re-attaches, and the support queue. axe checks every state it passes through, in light and dark.
 */
import { fixture, fixtureCleanup, html } from '@open-wc/testing';
import { waitUntil } from './wait.js';
import { sendKeys } from '@web/test-runner-commands';
import type { Socket } from 'socket.io-client';
import type { ChatMessage, Prompt } from '../../src/protocol/index.js';
import { RemoteSupportConsole } from '../../src/console/index.js';
import { assert } from './chai.js';
import { accessible, button, realClick, text } from './console-helpers.js';
import { beforeEach, describe, it } from './mocha.js';
import { connectCustomer, devToken, nextEvent, ok, relayUrl, startRelay } from './support.js';

RemoteSupportConsole.define();

/** An element inside the console's shadow root, or inside one of its parts' (`host` names the part's tag). */
function $<T extends HTMLElement = HTMLElement>(el: RemoteSupportConsole, selector: string, host?: string): T | null {
  const root = host ? el.shadowRoot?.querySelector(host)?.shadowRoot : el.shadowRoot;
  return root?.querySelector<T>(selector) ?? null;
}
/** `box` clips what its text draws, to a quarter rem around it (text-ink.test.ts has why). */
function clipsInk(box: Element | null | undefined): void {
  if (!box) throw new Error('no such box');
  const style = getComputedStyle(box);
  assert.deepEqual([style.overflowX, style.overflowY, style.overflowClipMargin], ['clip', 'clip', '4px'], box.className || box.tagName);
}
const wait = (what: string, predicate: () => boolean) => waitUntil(predicate, `timed out waiting for ${what}`, { timeout: 5000 });


async function mount(server = relayUrl): Promise<RemoteSupportConsole> {
  const el = await fixture<RemoteSupportConsole>(html`<remote-support-console server=${server}></remote-support-console>`);
  await el.updateComplete;
  return el;
}

async function signIn(el: RemoteSupportConsole, token = devToken): Promise<void> {
  await wait('the sign-in form', () => !!$(el, 'input', 'rsc-sign-in'));
  $<HTMLInputElement>(el, 'input', 'rsc-sign-in')!.value = token;
  await realClick($(el, 'button[type=submit]', 'rsc-sign-in')!);
  await wait('connected', () => el.state.connection === 'connected');
}

/** The function row of `fn` (its name, status and button). */
function fnRow(el: RemoteSupportConsole, name: string): HTMLElement {
  const rows = [...(el.shadowRoot?.querySelector('rsc-function-list')?.shadowRoot?.querySelectorAll<HTMLElement>('li') ?? [])];
  const row = rows.find((li) => text(li.querySelector('.name')) === name);
  if (!row) throw new Error(`no row for ${name}`);
  return row;
}

describe('<remote-support-console>', () => {
  beforeEach(() => {
    sessionStorage.clear();
  });

  it("speaks its page's language and switches with it, right to left in Arabic", async () => {
    const el = await fixture<RemoteSupportConsole>(html`<remote-support-console lang="pl" server=${relayUrl}></remote-support-console>`);
    await wait('Polish', () => text($(el, 'h1')) === 'Konsola zdalnej pomocy');
    assert.strictEqual(text($(el, '[role=status]')), 'Wylogowano');
    await wait('the sign-in form in Polish', () => text($(el, 'h2', 'rsc-sign-in')) === 'Logowanie');
    el.setAttribute('lang', 'ar');
    await wait('Arabic', () => text($(el, 'h1')) === 'وحدة تحكم الدعم عن بُعد');
    assert.strictEqual(el.dir, 'rtl');
    await wait('the sign-in form in Arabic', () => text($(el, 'h2', 'rsc-sign-in')) === 'تسجيل الدخول');
    el.removeAttribute('lang');
    await wait('English again', () => text($(el, 'h1')) === 'Remote support console');
    assert.strictEqual(el.dir, 'ltr');
  });

  it('asks for a token and says clearly when the relay refuses it', async () => {
    const el = await mount();
    assert.strictEqual(text($(el, '[role=status]')), 'Signed out');
    await accessible(el);

    $<HTMLInputElement>(el, 'input', 'rsc-sign-in')!.focus();
    await sendKeys({ type: 'not-a-token' });
    await sendKeys({ press: 'Enter' });
    await wait('the refusal', () => text($(el, '#error', 'rsc-sign-in')).includes('did not accept this token'));
    assert.strictEqual(el.state.connection, 'signed-out');
    assert.strictEqual($(el, 'input', 'rsc-sign-in')!.getAttribute('aria-invalid'), 'true');
    assert.isNull(sessionStorage.getItem('remote-support-console:token'));
    await accessible(el);
  });

  it('runs a whole session: code, chat both ways, a request the customer allows, the audit log, the end', async function () {
    this.timeout(30_000);
    const el = await mount();
    await signIn(el);
    assert.include(text($(el, 'header')), 'Signed in as Alex Demo (Demo Support)');
    assert.include(text($(el, '[role=status]')), 'Connected');
    await accessible(el);

    await realClick(button(el, 'Create session'));
    await wait('the code', () => !!$(el, '.code', 'rsc-session-panel'));
    const shown = text($(el, '.code', 'rsc-session-panel'));
    assert.match(shown, /^\d{3} \d{3}$/);
    // Digit groups stay in reading order in right-to-left languages too.
    assert.strictEqual($(el, '.code', 'rsc-session-panel')!.dir, 'ltr');
    const code = shown.replace(' ', '');
    assert.match(text($(el, '[role=timer]', 'rsc-session-panel')), /valid for (10:00|9:\d\d)/);
    await accessible(el);

    // The customer joins with the code.
    const customer: Socket = connectCustomer();
    await ok(customer, 'session:join', { code });
    await wait('the customer', () => text($(el, '.presence', 'rsc-session-panel')).includes('The customer is connected'));
    assert.include(text($(el, '[part=notice]')), 'The customer joined');

    // Chat: the technician writes (Enter sends), the customer answers with markup that must stay text.
    const toCustomer = nextEvent<ChatMessage>(customer, 'chat:message');
    $(el, 'textarea', 'rsc-composer')!.focus();
    await sendKeys({ type: 'Hello, I am Alex' });
    await sendKeys({ press: 'Enter' });
    assert.strictEqual((await toCustomer).text, 'Hello, I am Alex');
    await ok(customer, 'chat:send', { clientId: 'c1', text: '<img src=x onerror="window.__pwned=1">hi' });
    await wait('the reply', () => text($(el, '[role=log]', 'rsc-chat-log')).includes('<img src=x'));
    assert.isNull(el.shadowRoot!.querySelector('rsc-chat-log')!.shadowRoot!.querySelector('img'));
    assert.include(text($(el, '[role=log]', 'rsc-chat-log')), 'Sent');

    // Request screen viewing: the countdown shows, then the grant as the relay confirms it.
    const prompt = nextEvent<{ prompt: Prompt | null }>(customer, 'consent:prompt', (p) => p.prompt !== null);
    await realClick(fnRow(el, 'Screen viewing').querySelector('button')!);
    await wait('pending', () => /Waiting for the customer's answer \((1:00|0:\d\d) left\)/.test(text(fnRow(el, 'Screen viewing'))));
    await accessible(el);
    await ok(customer, 'consent:decide', { promptId: (await prompt).prompt!.id, allow: true });
    await wait('granted', () => text(fnRow(el, 'Screen viewing').querySelector('.status')) === 'Granted');
    assert.strictEqual(fnRow(el, 'Screen viewing').querySelector('button')!.ariaDisabled, 'true');
    assert.strictEqual(button(el, 'Request system information', 'rsc-function-list').ariaDisabled, 'true');
    const audit = text($(el, '[role=log]', 'rsc-audit-log'));
    assert.include(audit, 'You asked for: Screen viewing.');
    assert.include(audit, 'The customer allowed: Screen viewing.');

    // The customer stops sharing: a notice says so.
    await ok(customer, 'consent:revoke-all');
    await wait('the notice', () => text($(el, '[part=notice]')).includes('The customer stopped sharing'));
    assert.strictEqual(text(fnRow(el, 'Screen viewing').querySelector('.status')), 'Revoked');

    el.theme = 'dark';
    await el.updateComplete;
    await accessible(el);

    // End (confirmed): the customer hears it, the console says why it ended.
    const ended = nextEvent(customer, 'session:ended');
    await realClick(button(el, 'End session', 'rsc-session-panel'));
    await realClick(button(el, 'Yes, end it', 'rsc-session-panel'));
    assert.deepEqual(await ended, { by: 'technician', reason: 'technician-ended' });
    await wait('the end', () => text($(el, 'rsc-session-panel')?.shadowRoot?.querySelector('section')).includes('You ended the session.'));
    assert.isNull(sessionStorage.getItem('remote-support-console:session'));
    await accessible(el);

    await realClick(button(el, 'New session', 'rsc-session-panel'));
    await wait('the lobby', () => !!$(el, '#new-title'));
  });

  it('says how long to wait when the relay refuses a new session for the hour, in the console’s language', async function () {
    this.timeout(20_000);
    const relay = await startRelay({ sessionsPerTechnicianPerHour: 1 });
    const el = await mount(relay.url);
    assert.isTrue(await el.signIn(relay.devToken));
    assert.isTrue(await el.createSession());
    assert.isTrue(await el.end());
    await el.updateComplete;
    await realClick(button(el, 'New session', 'rsc-session-panel'));
    await wait('the lobby', () => !!$(el, '#new-title'));

    await realClick(button(el, 'Create session'));
    await wait('the refusal', () => el.state.error?.code === 'rate-limited');
    // The relay's retryAfter is what is left of the hour: just under 60 minutes, said as the hour.
    assert.isAbove(el.state.error!.retryAfter!, 59 * 60_000);
    const line = () => text($(el, 'p.error[role=alert]'));
    await wait('the wait in words', () => line() === 'Too many requests. Try again in 1 hour.');
    await accessible(el);
    el.setAttribute('lang', 'pl');
    await wait('the wait in Polish', () => line() === 'Zbyt wiele żądań. Spróbuj ponownie za 1 godzinę.');
  });

  it('holds Request back after the customer said no, saying until when, then lets the technician ask again', async function () {
    this.timeout(20_000);
    const relay = await startRelay({ consentCooldownMs: 1500 });
    const el = await mount(relay.url);
    await signIn(el, relay.devToken);
    await realClick(button(el, 'Create session'));
    await wait('the code', () => !!el.state.code);
    const customer = connectCustomer(relay);
    await ok(customer, 'session:join', { code: el.state.code!.code });
    await wait('active', () => el.state.session?.state === 'active');

    const prompt = nextEvent<{ prompt: Prompt | null }>(customer, 'consent:prompt', (p) => p.prompt !== null);
    await realClick(fnRow(el, 'Screen viewing').querySelector('button')!);
    await ok(customer, 'consent:decide', { promptId: (await prompt).prompt!.id, allow: false });
    await wait('denied', () => text(fnRow(el, 'Screen viewing').querySelector('.status')) === 'Denied');

    await realClick(fnRow(el, 'Screen viewing').querySelector('button')!);
    const line = () => text(fnRow(el, 'Screen viewing').querySelector('.error'));
    await wait('the cooldown', () => line().startsWith('The customer recently said no to Screen viewing. You can ask again at '));
    assert.strictEqual(fnRow(el, 'Screen viewing').querySelector('button')!.ariaDisabled, 'true');
    await accessible(el);
    await waitUntil(() => line() === 'You can ask for Screen viewing again now.', 'timed out waiting for the end of the cooldown', { timeout: 5000 });
    assert.strictEqual(fnRow(el, 'Screen viewing').querySelector('button')!.ariaDisabled, 'false');
  });

  it('signs in again and re-attaches to the session after a reload', async function () {
    this.timeout(20_000);
    const first = await mount();
    await signIn(first);
    await realClick(button(first, 'Create session'));
    await wait('the code', () => !!first.state.code);
    const code = first.state.code!.code;
    const customer = connectCustomer();
    await ok(customer, 'session:join', { code });
    await wait('active', () => first.state.session?.state === 'active');
    await ok(customer, 'chat:send', { clientId: 'before-reload', text: 'Are you still there?' });
    await wait('the message', () => first.state.messages.length === 1);
    fixtureCleanup();

    // A new page in the same tab: the stored token signs in, the stored session id re-attaches.
    const again = await mount();
    await wait('re-attached', () => again.state.session?.state === 'active' && !again.state.pending);
    assert.include(text($(again, '[role=log]', 'rsc-chat-log')), 'Are you still there?');
    await wait('the audit', () => text($(again, '[role=log]', 'rsc-audit-log')).includes('You are back in the session.'));
    await accessible(again);
  });

  it('shows the support queue and takes a customer from it', async function () {
    this.timeout(20_000);
    const relay = await startRelay();
    const el = await mount(relay.url);
    await signIn(el, relay.devToken);
    assert.include(text($(el, 'section', 'rsc-queue-list')), 'Nobody is waiting.');

    const customer = connectCustomer(relay);
    await ok(customer, 'queue:join', { name: 'Ada <b>Lovelace</b>', description: 'Printer offline' });
    await wait('the queue', () => text($(el, 'ol', 'rsc-queue-list')).includes('Ada <b>Lovelace</b>'));
    assert.include(text($(el, 'ol', 'rsc-queue-list')), 'Place in the queue: 1');
    assert.isNull(el.shadowRoot!.querySelector('rsc-queue-list')!.shadowRoot!.querySelector('b'));
    // What the customer typed draws inside its box (combining marks stacked above a letter cover nothing else).
    clipsInk(el.shadowRoot!.querySelector('rsc-queue-list')!.shadowRoot!.querySelector('li .who'));
    await accessible(el);

    const active = nextEvent<{ state: string }>(customer, 'session:update', (s) => s.state === 'active');
    await realClick(button(el, 'Pick', 'rsc-queue-list'));
    await active;
    await wait('the session', () => text($(el, 'h2', 'rsc-session-panel')) === 'Session with \u2068Ada <b>Lovelace</b>\u2069'); // the name isolated (console-names.test.ts)
    assert.include(text($(el, 'rsc-session-panel')?.shadowRoot?.querySelector('.description')), 'Printer offline');
    for (const box of ['h2', '.description']) clipsInk(el.shadowRoot!.querySelector('rsc-session-panel')!.shadowRoot!.querySelector(box));
    clipsInk(el.shadowRoot!.querySelector('.desk-name'));
    await accessible(el);
  });
});
