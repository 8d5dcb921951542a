/**
 * How a vendor page loads <remote-support-widget> (SPEC §5): with one classic script tag (the script-tag build,
 * served from the current source by scripts/wtr/widget-script-plugin.mjs), possibly after the element is already in
 * the page, and possibly twice. This file imports no widget module up front: nothing is defined until the test loads
 * the script. Against the real relay.
 */
import { waitUntil } from './wait.js';
import { assert } from './chai.js';
import { describe, it } from './mocha.js';
import { relayUrl, TechnicianClient } from './support.js';
import { $, enterCode, logText, press, settle, text, type, waitForPhase } from './widget-helpers.js';
import type { RemoteSupportWidget } from '../../src/widget/index.js';

const TAGS = ['remote-support-widget', 'rsw-box', 'rsw-chat-log', 'rsw-composer', 'rsw-consent-prompt', 'rsw-grants-bar'];

/** Adds `<script src="/__widget-script.js">` (a classic script, as on a vendor page) and waits for it to run. */
function loadScript(): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/__widget-script.js';
    script.onload = () => resolve();
    script.onerror = () => reject(new Error('the widget script did not load'));
    document.head.append(script);
  });
}

/** Errors thrown while `action` runs (a classic script's errors go to window `error`, not to the caller). */
async function errorsDuring(action: () => Promise<unknown>): Promise<string[]> {
  const errors: string[] = [];
  const onError = (e: ErrorEvent) => errors.push(e.message);
  window.addEventListener('error', onError);
  try {
    await action();
  } finally {
    window.removeEventListener('error', onError);
  }
  return errors;
}

/** Connects `el` to a new session and exchanges a message both ways. */
async function proveItWorks(el: RemoteSupportWidget): Promise<void> {
  const tech = await TechnicianClient.connect();
  const { code } = await tech.createSession();
  if (!el.open) {
    el.show();
    await settle(el);
  }
  await enterCode(el, code);
  await tech.waitForCustomer();
  await waitForPhase(el, 'connected');
  await tech.send('Hello from the technician');
  await waitUntil(() => logText(el).includes('Hello from the technician'), 'the message shows');
  await type('Hello back');
  await press('Enter');
  await tech.waitForMessage('Hello back');
  await el.disconnect();
  await tech.waitForEnd();
}

describe('loading <remote-support-widget> with a script tag', () => {
  it('upgrades an element that was in the page before the script, with its attributes, properties and language', async function () {
    this.timeout(20_000);
    for (const tag of TAGS) assert.isUndefined(customElements.get(tag), `${tag} is not defined before the script`);
    const host = document.createElement('div');
    host.lang = 'pl';
    host.innerHTML = `<remote-support-widget server="${relayUrl}" open></remote-support-widget>`;
    document.body.append(host);
    try {
      const el = host.firstElementChild as RemoteSupportWidget;
      // A page script may set a property before the element is upgraded.
      (el as { vendor: string }).vendor = 'Early Vendor';
      assert.isNull(el.shadowRoot, 'not upgraded yet');

      assert.deepEqual(await errorsDuring(loadScript), []);
      assert.isDefined(customElements.get('remote-support-widget'), 'the launcher is defined by the script');
      assert.exists(el.shadowRoot, 'upgraded');
      // `open`: the box's chunk loads at once, and defines the box's elements.
      await settle(el);
      for (const tag of TAGS) assert.isDefined(customElements.get(tag), `${tag} is defined once the box is loaded`);
      assert.isTrue(el.open);
      // It speaks its page's language, loaded from locales/pl.js next to the script, and follows it.
      await waitUntil(() => text($(el, 'h2')) === 'Zdalna pomoc', 'the Polish texts load');
      assert.include(text($(el, '.notice')), 'Kontynuuj tylko wtedy, gdy kontakt z firmą Early Vendor nastąpił z Twojej inicjatywy.');
      host.lang = 'de';
      await waitUntil(() => text($(el, 'h2')) === 'Fernhilfe', 'the texts switch to German');
      host.lang = 'en';
      await waitUntil(() => text($(el, 'h2')) === 'Remote support', 'and back to English');
      assert.include(text($(el, '.notice')), 'Only continue if you contacted Early Vendor yourself.');

      await proveItWorks(el);
    } finally {
      host.remove();
    }
  });

  it('loading the script again (and the module too) is harmless: no error, one definition, everything works', async function () {
    this.timeout(20_000);
    if (!customElements.get('remote-support-widget')) await loadScript();
    if (!customElements.get('rsw-box')) {
      const loader = document.createElement('remote-support-widget');
      await loader.load();
    }
    const first = TAGS.map((tag) => customElements.get(tag));
    const host = document.createElement('div');
    host.innerHTML = `<remote-support-widget server="${relayUrl}" vendor="Demo Support"></remote-support-widget>`;
    document.body.append(host);
    try {
      const before = host.firstElementChild as RemoteSupportWidget;
      const errors = await errorsDuring(async () => {
        await loadScript();
        await loadScript();
        // The module build for bundlers, on top: registers nothing new either.
        await import('../../src/widget/script-tag.js');
      });
      assert.deepEqual(errors, []);
      assert.deepEqual(
        TAGS.map((tag) => customElements.get(tag)),
        first,
        'the first definitions stay',
      );
      const firstClass = first[0]!;
      assert.instanceOf(before, firstClass);
      const after = document.createElement('remote-support-widget');
      assert.instanceOf(after, firstClass);
      after.setAttribute('server', relayUrl);
      after.setAttribute('open', '');
      host.append(after);
      await settle(after);
      // Only one copy of the elements renders (the first load's), and it works.
      before.remove();
      await proveItWorks(after);
    } finally {
      host.remove();
    }
  });
});
