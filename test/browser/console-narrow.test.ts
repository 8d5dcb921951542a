/**
 * The console on a phone-sized screen (360 × 740) in German, whose words are long: nothing overlaps, shrinks or runs
 * out of its panel in New session's checkboxes, the Permissions rows, the system-information table, the audit log
 * and the chat; and the audit log's file entries and refused uses are in German (the size in words, the reason as a
 * sentence), not in the relay's English notation and codes, and so are the widget's yes/no values in the table.
 */
import { fixture, html } from '@open-wc/testing';
import { waitUntil } from './wait.js';
import { setViewport } from '@web/test-runner-commands';
import type { FunctionId, Prompt } from '../../src/protocol/index.js';
import { RemoteSupportConsole } from '../../src/console/index.js';
import { assert } from './chai.js';
import { accessible } from './console-helpers.js';
import { afterEach, beforeEach, describe, it } from './mocha.js';
import { connectCustomer, devToken, nextEvent, ok, relayUrl } from './support.js';

RemoteSupportConsole.define();

const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const root = (el: RemoteSupportConsole, host: string) => el.shadowRoot!.querySelector(host)!.shadowRoot!;
const wait = (what: string, predicate: () => unknown) => waitUntil(predicate, `timed out waiting for ${what}`, { timeout: 5000 });

/** Elements whose content is wider than they are (it runs out sideways or needs a sideways scroll). */
function overflowing(nodes: Iterable<Element>): string[] {
  return [...nodes].filter((n) => n.scrollWidth > n.clientWidth + 1).map((n) => `${n.localName}.${n.className}: ${n.scrollWidth} > ${n.clientWidth} "${text(n).slice(0, 40)}"`);
}

function intersect(a: DOMRect, b: DOMRect): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

describe('<remote-support-console> on a narrow screen in German', () => {
  beforeEach(() => sessionStorage.clear());
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it('keeps names, buttons, tables and logs inside their panels, and says the file entries and refusals in German', async function () {
    this.timeout(30_000);
    await setViewport({ width: 360, height: 740 });
    const el = await fixture<RemoteSupportConsole>(html`<remote-support-console lang="de" server=${relayUrl}></remote-support-console>`);
    assert.isTrue(await el.signIn(devToken));
    await el.updateComplete;
    // The functions to offer: every checkbox keeps its size, also beside a label that wraps.
    const boxes = [...el.shadowRoot!.querySelectorAll('.check input')].map((box) => box.getBoundingClientRect().width);
    assert.deepEqual(boxes, boxes.map(() => boxes[0]), 'the checkboxes of New session');
    assert.isTrue(await el.createSession());
    const customer = connectCustomer();
    await ok(customer, 'session:join', { code: el.state.code!.code });
    await wait('the customer', () => el.state.session?.state === 'active');

    // A use the relay refuses (nothing granted yet): the audit log says why, not the event's name and code.
    el.shadowRoot!.querySelector('rsc-function-list')!.dispatchEvent(new CustomEvent('use', { detail: { event: 'sysinfo:request' } }));
    await wait('the refusal', () => el.state.audit.some((e) => e.type === 'use-refused'));

    const functions = root(el, 'rsc-function-list');
    for (const fn of ['desktop-view', 'file-transfer', 'system-info'] as FunctionId[]) {
      const asked = nextEvent<{ prompt: Prompt | null }>(customer, 'consent:prompt', (p) => p.prompt?.fn === fn);
      el.shadowRoot!.querySelector('rsc-function-list')!.dispatchEvent(new CustomEvent('request', { detail: { fn } }));
      await ok(customer, 'consent:decide', { promptId: (await asked).prompt!.id, allow: true });
      await wait(`${fn} granted`, () => el.state.session?.consent.grants[fn].status === 'granted');
    }
    const sysinfo = nextEvent(customer, 'sysinfo:request');
    el.shadowRoot!.querySelector('rsc-function-list')!.dispatchEvent(new CustomEvent('use', { detail: { event: 'sysinfo:request' } }));
    await sysinfo;
    await ok(customer, 'sysinfo:report', {
      items: [
        { key: 'userAgent', value: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36' },
        { key: 'deviceMemory', value: '16 GB' },
        { key: 'mobile', value: 'no' },
        { key: 'cookies', value: 'enabled' },
        { key: 'pageUrl', value: 'https://help.example.com/drucker/einrichtung/netzwerkdrucker-installieren' },
      ],
    });
    await wait('the table', () => el.shadowRoot!.querySelector('rsc-sysinfo')?.shadowRoot?.querySelector('table'));
    const name = 'Druckertreiber-Installationsprogramm-fuer-Netzwerkdrucker-2026.txt';
    await ok(customer, 'file:offer', { transferId: 'narrow1', name, size: 5000, type: 'text/plain', sha256: 'c'.repeat(64) });
    await ok(customer, 'consent:revoke', { fn: 'file-transfer' });
    await wait('the relay stopped the file', () => el.state.audit.some((e) => e.type === 'file-cancelled'));
    await el.updateComplete;
    for (const part of el.shadowRoot!.querySelectorAll('*')) if ('updateComplete' in part) await (part as RemoteSupportConsole).updateComplete;

    const clashes = [...functions.querySelectorAll('li.row:not(.use)')].flatMap((row) => {
      const what = row.querySelector('.what')!.getBoundingClientRect();
      const button = row.querySelector('button')!.getBoundingClientRect();
      return intersect(what, button) ? [`${text(row.querySelector('.name'))} lies under its button`] : [];
    });
    assert.deepEqual(clashes, [], 'Permissions rows');
    assert.deepEqual(overflowing(functions.querySelectorAll('li.row, .what, .name')), [], 'Permissions rows');
    assert.deepEqual(overflowing(root(el, 'rsc-sysinfo').querySelectorAll('.scroll, table')), [], 'system information');
    // Each value has the panel's width to itself (under its label), not a sliver beside it.
    const table = root(el, 'rsc-sysinfo').querySelector('table')!.getBoundingClientRect();
    for (const td of root(el, 'rsc-sysinfo').querySelectorAll('tbody td')) assert.isAbove(td.getBoundingClientRect().width, table.width * 0.9, text(td));
    // The widget's yes/no and on/off tokens in German, other values as sent.
    const values = [...root(el, 'rsc-sysinfo').querySelectorAll('tbody td')].map(text);
    assert.includeMembers(values, ['16 GB', 'Nein', 'Aktiviert']);
    assert.deepEqual(overflowing(root(el, 'rsc-audit-log').querySelectorAll('.log, li')), [], 'audit log');
    assert.deepEqual(overflowing(root(el, 'rsc-chat-log').querySelectorAll('.log, .system')), [], 'chat');

    const line = [...root(el, 'rsc-audit-log').querySelectorAll('li.file-cancelled .text')].map(text)[0] ?? '';
    assert.include(line, `\u2068${name}\u2069 (4,9 kB, \u2066SHA-256 ${'c'.repeat(64)}\u2069)`);
    assert.isTrue(line.endsWith('Abgebrochen: Der Kunde hat die Dateiübertragung widerrufen.'), line);
    assert.notMatch(line, /\bbytes\b|\bsha256\b|\brevoked\b/, line);
    assert.include(text(el.shadowRoot!.querySelector('rsc-chat-log')!.shadowRoot!.querySelector('.log')), line);
    const refused = text(root(el, 'rsc-audit-log').querySelector('li.use-refused .text'));
    assert.strictEqual(refused, 'Vom Relay abgewiesen: Der Kunde hat Folgendes nicht erlaubt: Systeminformationen.');
    await accessible(el);
  });
});
