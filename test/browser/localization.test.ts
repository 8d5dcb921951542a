/**
 * Languages in the browser: the widget and the console pick theirs from their own `lang`, else the page's, load it on
 * demand (the module build imports the generated locale modules, one literal `import()` each), switch at
 * run time when a `lang` attribute changes (the element's, an ancestor's, `<html lang>`), their parts included, and
 * set `dir` (Arabic: right to left, the launcher in the bottom-left corner). The script tag's own loading is in
 * widget-loading.test.ts, the console's languages in console.test.ts (a page holds one @lit/localize configuration:
 * widget and console each bring their own in their script-tag builds).
 */
import { aTimeout, fixture, html } from '@open-wc/testing';
import { waitUntil } from './wait.js';
import { RemoteSupportWidget } from '../../src/widget/index.js';
import { setSessionFactory } from '../../src/widget/session-controller.js';
import type { WidgetState } from '../../src/widget/session/types.js';
import { assert } from './chai.js';
import { FakeSession } from './fake-session.js';
import { after, afterEach, before, describe, it } from './mocha.js';
import { root as widgetRoot } from './widget-helpers.js';

RemoteSupportWidget.define();

const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const $ = (el: Element, selector: string) => widgetRoot(el).querySelector<HTMLElement>(selector);

/** Waits until the element's text in `selector` is `expected` (a language loads asynchronously). */
async function until(el: Element, selector: string, expected: string | RegExp): Promise<void> {
  const matches = () => {
    const actual = text($(el, selector));
    return typeof expected === 'string' ? actual === expected : expected.test(actual);
  };
  await waitUntil(matches, `${selector} shows ${String(expected)}, shows "${text($(el, selector))}"`, { timeout: 5_000 });
}

async function mount(outer: string): Promise<{ root: HTMLElement; el: RemoteSupportWidget; session: FakeSession }> {
  const root = await fixture<HTMLDivElement>(html`<div .innerHTML=${outer}></div>`);
  const el = root.querySelector('remote-support-widget')!;
  for (const widget of root.querySelectorAll('remote-support-widget')) await widget.load();
  await el.updateComplete;
  return { root, el, session: FakeSession.last! };
}

const connected: Partial<WidgetState> = {
  phase: 'connected',
  sessionId: 's1',
  technician: { name: 'Alex Demo', org: 'Demo Support' },
  technicianPresent: true,
};

describe('languages', () => {
  before(() => setSessionFactory((options) => new FakeSession(options)));
  after(() => setSessionFactory());
  afterEach(() => document.documentElement.removeAttribute('lang'));

  it("speaks the element's own language, and switches when its lang attribute changes", async () => {
    const { el } = await mount('<remote-support-widget server="https://support.example.com" lang="pl"></remote-support-widget>');
    await until(el, '[part=launcher]', 'Zdalna pomoc');
    assert.strictEqual(el.dir, 'ltr');
    el.setAttribute('lang', 'de-AT');
    await until(el, '[part=launcher]', 'Fernhilfe');
  });

  it("follows the page's language, <html lang> changes included, and its parts switch too", async () => {
    document.documentElement.lang = 'fr';
    const { el, session } = await mount('<remote-support-widget server="https://support.example.com" open></remote-support-widget>');
    session.set(connected);
    await until(el, 'header [role=status]', 'Connecté (connexion sécurisée)');
    const composer = () => widgetRoot(el).querySelector('rsw-composer')!.shadowRoot!;
    await waitUntil(() => composer().querySelector('textarea')?.placeholder === 'Écrivez un message…', 'the composer speaks French');
    document.documentElement.lang = 'es';
    await until(el, 'header [role=status]', 'Conectado (conexión segura)');
    await waitUntil(() => composer().querySelector('textarea')?.placeholder === 'Escribe un mensaje…', 'the composer speaks Spanish');
    assert.strictEqual(text(composer().querySelector('button')), 'Enviar');
  });

  it('takes the nearest lang above it, and marks its texts with their language', async () => {
    const { el } = await mount(
      '<section lang="en"><div lang="pl"><remote-support-widget server="https://support.example.com" open></remote-support-widget></div></section>',
    );
    await until(el, 'h2', 'Zdalna pomoc');
    assert.strictEqual($(el, '[part=panel]')!.lang, 'pl');
    assert.strictEqual($(el, '[part=launcher]')!.lang, 'pl');
  });

  it('keeps one language per page: two widgets asking for different ones settle on one, without taking turns', async () => {
    const { root } = await mount(
      '<remote-support-widget server="https://a.example" lang="pl"></remote-support-widget><remote-support-widget server="https://b.example" lang="de"></remote-support-widget>',
    );
    const [first, second] = [...root.querySelectorAll('remote-support-widget')];
    await until(second!, '[part=launcher]', 'Fernhilfe');
    await until(first!, '[part=launcher]', 'Fernhilfe');
    let switches = 0;
    const count = () => switches++;
    addEventListener('lit-localize-status', count);
    try {
      await aTimeout(300);
    } finally {
      removeEventListener('lit-localize-status', count);
    }
    assert.strictEqual(switches, 0);
  });

  it('stays in English for a language it does not have', async () => {
    const { el } = await mount('<remote-support-widget server="https://support.example.com" lang="ja"></remote-support-widget>');
    await until(el, '[part=launcher]', 'Remote support');
  });

  it('is right to left in Arabic: dir="rtl", the box in the mirrored corner, the chat icon mirrored', async () => {
    const { el } = await mount('<remote-support-widget server="https://support.example.com" lang="ar"></remote-support-widget>');
    await until(el, '[part=launcher]', 'الدعم عن بُعد');
    assert.strictEqual(el.dir, 'rtl');
    const launcher = () => $(el, '[part=launcher]')!.getBoundingClientRect();
    assert.strictEqual(Math.round(launcher().left), 20, 'bottom-left, --rsw-offset-x from the edge');
    assert.strictEqual(getComputedStyle($(el, '[part=launcher] .icon')!).transform, 'matrix(-1, 0, 0, 1, 0, 0)');
    el.position = 'bottom-left';
    await el.updateComplete;
    assert.strictEqual(Math.round(innerWidth - launcher().right), 20, 'position="bottom-left" mirrors to the right');
    el.position = 'bottom-right';
    el.setAttribute('lang', 'en');
    await until(el, '[part=launcher]', 'Remote support');
    assert.strictEqual(el.dir, 'ltr');
    assert.strictEqual(Math.round(innerWidth - launcher().right), 20, 'bottom-right again');
    assert.strictEqual(getComputedStyle($(el, '[part=launcher] .icon')!).transform, 'none');
  });

  it('lays the open box out from the right in Arabic, and leaves network text its own direction', async () => {
    const { el, session } = await mount('<remote-support-widget server="https://support.example.com" lang="ar" open></remote-support-widget>');
    session.set({
      ...connected,
      items: [{ kind: 'message', clientId: 't1', id: 'm1', seq: 1, from: 'technician', text: 'Hello, I am Alex', at: Date.now(), status: 'sent' }],
    });
    await until(el, 'header [role=status]', 'متصل (اتصال آمن)');
    const panel = $(el, '[part=panel]')!.getBoundingClientRect();
    const title = $(el, 'h2')!.getBoundingClientRect();
    const [minimise] = widgetRoot(el).querySelectorAll('header button');
    assert.isAtMost(minimise!.getBoundingClientRect().right, title.left, 'the header buttons are at the inline end, on the left');
    assert.isAbove(title.right, panel.right - 40, 'the title starts on the right');
    const log = widgetRoot(el).querySelector('rsw-chat-log')!.shadowRoot!;
    await waitUntil(() => log.querySelector('.text'), 'the message shows');
    assert.strictEqual(log.querySelector('.text')!.getAttribute('dir'), 'auto');
    assert.strictEqual(getComputedStyle(log.querySelector('.text')!).direction, 'ltr', 'an English message stays left to right');
  });
});
