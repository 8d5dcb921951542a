/**
 * <remote-support-console> in Chromium against a real relay of its own: the desk (several sessions at once, a list
 * with unread messages and live grants, switching), the messages customers left, and handing a session to a
 * colleague; axe-clean in each of these states.
 */
import { fixture, html } from '@open-wc/testing';
import { waitUntil } from './wait.js';
import type { Prompt } from '../../src/protocol/index.js';
import { RemoteSupportConsole } from '../../src/console/index.js';
import { assert } from './chai.js';
import { accessible, button, realClick, text } from './console-helpers.js';
import { beforeEach, describe, it } from './mocha.js';
import { connectCustomer, newClientId, nextEvent, ok, startRelay, TechnicianClient, type TestRelay } from './support.js';

RemoteSupportConsole.define();

const $ = <T extends HTMLElement = HTMLElement>(el: RemoteSupportConsole, selector: string): T | null => el.shadowRoot?.querySelector<T>(selector) ?? null;
const $$ = (el: RemoteSupportConsole, selector: string): HTMLElement[] => [...(el.shadowRoot?.querySelectorAll<HTMLElement>(selector) ?? [])];
const wait = (what: string, predicate: () => boolean) => waitUntil(predicate, `timed out waiting for ${what}`, { timeout: 5000 });

async function signedIn(relay: TestRelay): Promise<RemoteSupportConsole> {
  const el = await fixture<RemoteSupportConsole>(html`<remote-support-console server=${relay.url}></remote-support-console>`);
  await el.signIn(relay.devToken);
  await wait('connected', () => el.state.connection === 'connected');
  await el.updateComplete;
  return el;
}

/** Creates a session in the console on show and joins it with a bare customer socket. */
async function serve(el: RemoteSupportConsole, relay: TestRelay) {
  await realClick(button(el, 'Create session'));
  await wait('the code', () => !!el.state.code);
  const customer = connectCustomer(relay);
  await ok(customer, 'session:join', { code: el.state.code!.code });
  await wait('the customer', () => el.state.session?.state === 'active');
  return customer;
}

const entries = (el: RemoteSupportConsole) => $$(el, '.desk-list li');

describe('the console desk', () => {
  beforeEach(() => {
    sessionStorage.clear();
  });

  it('shows the code in the list in the same order as the session panel, also right to left', async () => {
    const relay = await startRelay();
    const el = await signedIn(relay);
    await realClick(button(el, 'Create session'));
    await wait('the code', () => !!el.state.code);
    el.setAttribute('lang', 'ar');
    await wait('Arabic, right to left', () => el.dir === 'rtl' && text(entries(el)[0]).includes('الرمز'));
    const code = el.state.code!.code;
    const [first, second] = [code.slice(0, 3), code.slice(3)];
    /** Left edge of each digit group where `root` shows them: the code is read left to right wherever it is. */
    const groupLefts = (root: Element): [number, number] => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent!.indexOf(`${first} ${second}`);
        if (at < 0) continue;
        const left = (start: number) => {
          const range = document.createRange();
          range.setStart(node, start);
          range.setEnd(node, start + 3);
          return range.getBoundingClientRect().left;
        };
        return [left(at), left(at + 4)];
      }
      throw new Error(`no "${first} ${second}" in ${text(root)}`);
    };
    const panel = el.shadowRoot!.querySelector('rsc-session-panel')!;
    await panel.updateComplete;
    const [panelFirst, panelSecond] = groupLefts(panel.shadowRoot!.querySelector('.code')!);
    assert.isBelow(panelFirst, panelSecond, 'the session panel shows the code left to right');
    const [listFirst, listSecond] = groupLefts(entries(el)[0]!);
    assert.isBelow(listFirst, listSecond, `the list shows ${code} left to right too, not as "${second} ${first}"`);
  });

  it('lists the messages customers left, newest first, as plain text with local times, and adds new ones', async () => {
    const relay = await startRelay();
    await ok(connectCustomer(relay), 'message:leave', { name: 'Ada', contact: { kind: 'email', value: 'ada@example.com' }, text: 'Printer <b>broken</b>' });
    const el = await signedIn(relay);
    await wait('the left message', () => $$(el, '.inbox-list li').length === 1);
    const first = $$(el, '.inbox-list li')[0]!;
    assert.strictEqual(text(first.querySelector('h3')), 'Ada');
    assert.strictEqual(text(first.querySelector('.inbox-text')), 'Printer <b>broken</b>');
    assert.isNull(first.querySelector('b'), 'text from the network is never HTML');
    assert.include(text(first), 'E-mail: ada@example.com');
    const time = first.querySelector('time')!;
    assert.match(time.getAttribute('datetime')!, /^\d{4}-\d\d-\d\dT/);
    assert.notMatch(text(time), /Z$/);

    await ok(connectCustomer(relay), 'message:leave', { name: 'Grace', contact: { kind: 'phone', value: '+48 600 700 800' }, text: 'Call me' });
    await wait('the new message on top', () => text($$(el, '.inbox-list h3')[0]) === 'Grace');
    assert.include(text($$(el, '.inbox-list li')[0]), 'Phone: +48 600 700 800');
    await accessible(el);
  });

  it('holds two sessions, counts the unread messages of the one not on show, and switches without losing anything', async () => {
    const relay = await startRelay();
    const el = await signedIn(relay);
    assert.strictEqual(entries(el).length, 1);
    assert.include(text(entries(el)[0]), 'No session');
    const first = await serve(el, relay);
    const prompt = nextEvent<{ prompt: Prompt | null }>(first, 'consent:prompt', (p) => p.prompt !== null);
    await el.shadowRoot!.querySelector('rsc-function-list')!.updateComplete;
    const row = [...el.shadowRoot!.querySelector('rsc-function-list')!.shadowRoot!.querySelectorAll('li')].find((li) => text(li.querySelector('.name')) === 'File transfer')!;
    await realClick([...row.querySelectorAll('button')].find((b) => text(b) === 'Request')!);
    await ok(first, 'consent:decide', { promptId: (await prompt).prompt!.id, allow: true });
    await wait('the grant in the list', () => text(entries(el)[0]).includes('Granted: File transfer'));

    await realClick(button(el, 'Another session'));
    await wait('a second console, on show', () => entries(el).length === 2 && el.state.connection === 'connected' && !el.state.session);
    assert.strictEqual(entries(el)[1]!.querySelector('[aria-current]') !== null, true);
    // The first session is still live: signing out is not possible from the empty console either.
    assert.isTrue(button(el, 'Sign out').disabled);
    const second = await serve(el, relay);

    await ok(first, 'chat:send', { clientId: newClientId(), text: 'Are you there?' });
    await wait('the unread count', () => text(entries(el)[0]).includes('Unread: 1'));
    await accessible(el);

    await realClick(entries(el)[0]!.querySelector('.desk-entry')!);
    await wait('the first session on show', () => el.state.session?.consent.grants['file-transfer'].status === 'granted');
    assert.notInclude(text(entries(el)[0]), 'Unread');
    await wait('its chat', () => el.state.messages.some((m) => m.text === 'Are you there?'));
    // The second customer's session went on meanwhile and is still live.
    await ok(second, 'chat:send', { clientId: newClientId(), text: 'Me too' });
    await wait('unread in the second', () => text(entries(el)[1]).includes('Unread: 1'));
    // A console with a live session has no Close.
    assert.isUndefined($$(el, '.desk-list button').find((b) => text(b) === 'Close'));
  });

  it('hands the session to a colleague online: the customer is told, the console is free again', async () => {
    const relay = await startRelay();
    const sam = await TechnicianClient.connect({ relay, identity: { id: 'sam', name: 'Sam Field', org: 'Demo Support' } });
    const el = await signedIn(relay);
    const customer = await serve(el, relay);

    await realClick(button(el, 'Find colleagues online'));
    // Sam's console may still be on its way to the relay's list of technicians online: the technician looks again.
    // (Asking once more while an answer is on its way is harmless: the list shows the last answer.)
    let lookedAt = Date.now();
    await wait('Sam in the list', () => {
      if (text($(el, '#handoff-colleague')?.querySelector('option')) === 'Sam Field') return true;
      if (Date.now() - lookedAt < 500) return false;
      lookedAt = Date.now();
      $$(el, '.handoff button').find((b) => text(b) === 'Look again' || text(b) === 'Find colleagues online')?.click();
      return false;
    });
    await accessible(el);
    const told = nextEvent<{ reason: string }>(customer, 'participant:update', (p) => p.reason === 'handed-off');
    const handed = nextEvent<{ from: { name: string } }>(sam.socket, 'session:handed');
    await realClick(button(el, 'Hand off'));
    await wait('the notice', () => text($(el, '[part=notice] p')).startsWith('You handed the session to Sam Field.'));
    assert.isUndefined(el.state.session);
    assert.deepEqual((await handed).from, { name: 'Alex Demo' });
    assert.strictEqual((await told).reason, 'handed-off');
    await accessible(el);
  });
});
