/**
 * A language whose file cannot be loaded: the script tag says where its locale files are (`data-locales`), that
 * folder does not have them, the page asks for Polish. The widget shows English and warns once in the browser console
 * with the URL it tried; a second language that fails warns for itself; one that exists still loads afterwards.
 */
import { waitUntil } from './wait.js';
import { assert } from './chai.js';
import { describe, it } from './mocha.js';
import { $, settle, text } from './widget-helpers.js';
import type { RemoteSupportWidget } from '../../src/widget/index.js';

function loadScript(locales: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/__widget-script.js';
    script.dataset.locales = locales;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error('the widget script did not load'));
    document.head.append(script);
  });
}

describe('a language that fails to load', () => {
  it('falls back to English and warns once in the console, naming the URL it tried', async function () {
    this.timeout(20_000);
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
    const host = document.createElement('div');
    host.innerHTML = '<remote-support-widget open></remote-support-widget>';
    document.body.append(host);
    try {
      await loadScript('/no-such-folder/');
      const el = host.firstElementChild as RemoteSupportWidget;
      await settle(el);
      host.lang = 'pl';
      const tried = new URL('/no-such-folder/pl.js', location.href).href;
      await waitUntil(() => warnings.some((w) => w.includes(tried)), 'a warning names the URL');
      await settle(el);
      assert.equal(text($(el, 'h2')), 'Remote support', 'English stays');
      assert.lengthOf(warnings, 1);
      assert.match(warnings[0]!, /^remote-support: could not load the language pl from \S+\/no-such-folder\/pl\.js \(.+\); showing English\.$/);

      // Asking again (another element, the same language) does not warn again.
      host.lang = 'en';
      await settle(el);
      host.lang = 'pl';
      await settle(el);
      await new Promise((r) => setTimeout(r, 300));
      assert.lengthOf(warnings, 1);
      assert.equal(text($(el, 'h2')), 'Remote support');
    } finally {
      console.warn = warn;
      host.remove();
    }
  });
});
