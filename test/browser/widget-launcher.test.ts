/**
 * The launcher before the box (issue 12): `<remote-support-widget>` draws only its launcher, does no work at load
 * (nothing of the box rendered, no Intl formatter, no storage read while the page loads), prefetches the box's chunk
 * on hover or focus, loads it at once for a `?rsw-code=` link, the `open` attribute or a session to resume, and shows
 * a message with Retry when the chunk cannot be loaded. Over a stand-in session (no relay needed).
 */
import { aTimeout, fixture, html } from '@open-wc/testing';
import { waitUntil } from './wait.js';
import { emulateMedia, sendKeys, sendMouse } from '@web/test-runner-commands';
import { boxSource, setBoxSource, type BoxSource } from '../../src/widget/launcher/box-loader.js';
import { RemoteSupportWidget } from '../../src/widget/index.js';
import { setSessionFactory } from '../../src/widget/session-controller.js';
import { resumeKey } from '../../src/widget/session/resume-store.js';
import { assert } from './chai.js';
import { FakeSession } from './fake-session.js';
import { after, afterEach, before, describe, it } from './mocha.js';
import { realClick, text } from './widget-helpers.js';

RemoteSupportWidget.define();

const SERVER = 'https://support.example.com';
/** The first import of the box's modules through the test server can take a while on a busy machine. */
const LOADING = { timeout: 10_000 };
const original = boxSource()!;
let imports = 0;

/** While true, importing the box's chunk fails as it does offline. */
let offline = false;

/** The real box source, counting the imports of the box's chunk, failing them while `offline`. */
function counting(): BoxSource {
  return {
    ...original,
    box: (attempt) => {
      imports++;
      return offline ? Promise.reject(new TypeError('Failed to fetch dynamically imported module')) : original.box(attempt);
    },
  };
}

/** Mounts a widget without loading its box (the fixtures of the other tests load it). */
async function mount(attrs = ''): Promise<RemoteSupportWidget> {
  const wrapper = await fixture<HTMLDivElement>(
    html`<div .innerHTML=${`<remote-support-widget server="${SERVER}" vendor="Acme" ${attrs}></remote-support-widget>`}></div>`,
  );
  return wrapper.querySelector('remote-support-widget')!;
}

const box = (el: Element) => el.shadowRoot!.querySelector('rsw-box');
const launcher = (el: Element) => el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="launcher"]');
/** One idle period of the browser, after which the launcher has looked for a session to resume. */
const idle = () => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 1000 })).then(() => aTimeout(50));

describe('<remote-support-widget> before its box is loaded', () => {
  before(() => setSessionFactory((options) => new FakeSession(options)));
  after(() => setSessionFactory());
  afterEach(() => {
    offline = false;
    setBoxSource(original);
    sessionStorage.clear();
    localStorage.clear();
    history.replaceState(null, '', location.pathname);
  });

  // First in this file: nothing of the box has been imported in this page yet.
  it('does no work at load: only the launcher, no Intl formatter built, no storage read, no box', async () => {
    setBoxSource(counting());
    imports = 0;
    const made: string[] = [];
    const spies = (['ListFormat', 'DateTimeFormat', 'NumberFormat', 'PluralRules', 'RelativeTimeFormat'] as const).map((name) => {
      const Real = Intl[name];
      const spy = new Proxy(Real, {
        construct(target, args) {
          made.push(name);
          return Reflect.construct(target, args) as object;
        },
      });
      Object.defineProperty(Intl, name, { value: spy, configurable: true, writable: true });
      return () => Object.defineProperty(Intl, name, { value: Real, configurable: true, writable: true });
    });
    const reads: string[] = [];
    const getItem = Storage.prototype.getItem;
    Storage.prototype.getItem = function (this: Storage, key: string) {
      reads.push(key);
      return getItem.call(this, key);
    };
    try {
      const el = await mount();
      assert.deepEqual(reads, [], 'no storage read while the element connects');
      assert.strictEqual(text(launcher(el)), 'Remote support');
      assert.isNull(box(el), 'no box');
      // The chat icon is drawn by CSS: the first SVG element of a page costs it the browser's SVG stylesheet.
      assert.isNull(el.shadowRoot!.querySelector('svg'), 'no SVG element');
      const icon = launcher(el)!.querySelector('.icon')!.getBoundingClientRect();
      assert.deepEqual([Math.round(icon.width), Math.round(icon.height)], [15, 15], 'the icon has its size');
      await idle();
      assert.isNull(box(el), 'still no box: no session to resume');
      assert.strictEqual(imports, 0, "the box's chunk was not even fetched");
      assert.isUndefined(customElements.get('rsw-box'), "nothing of the box's code ran");
      assert.deepEqual(made, [], 'no Intl formatter built');
      assert.include(reads, resumeKey(SERVER), 'the resume key is read once the page is idle');
    } finally {
      Storage.prototype.getItem = getItem;
      for (const restore of spies) restore();
    }
  });

  it("prefetches the box's chunk on focus (and hover) of the launcher, and opens it on a click", async () => {
    setBoxSource(counting());
    imports = 0;
    const el = await mount();
    launcher(el)!.focus();
    await waitUntil(() => imports === 1, 'focus fetches the chunk', LOADING);
    assert.isNull(box(el), 'prefetching renders nothing');
    el.dispatchEvent(new PointerEvent('pointerenter'));
    assert.strictEqual(imports, 1, 'once');
    await realClick(launcher(el)!);
    await waitUntil(() => box(el), 'the click loads the box', LOADING);
    await el.updateComplete;
    assert.isTrue(el.open);
    assert.isTrue(el.hasAttribute('open'));
  });

  it('prefetches the box for a launcher focused in the task that drew it', async () => {
    setBoxSource(counting());
    imports = 0;
    // The pointer away from where the launcher appears (hovering it would prefetch too).
    await sendMouse({ type: 'move', position: [0, 0] });
    const el = document.createElement('remote-support-widget');
    el.setAttribute('server', SERVER);
    document.body.append(el);
    try {
      launcher(el)!.focus();
      await waitUntil(() => imports === 1, 'the chunk is fetched once the triggers start', LOADING);
      assert.isNull(box(el), 'prefetching renders nothing');
    } finally {
      el.remove();
    }
  });

  it('loads the box at once for a ?rsw-code= link, with the code filled in', async () => {
    history.replaceState(null, '', `${location.pathname}?rsw-code=123456`);
    const el = await mount();
    await waitUntil(() => box(el), 'the box loads', LOADING);
    await el.updateComplete;
    assert.isTrue(el.open);
    assert.strictEqual(box(el)!.shadowRoot!.querySelector<HTMLInputElement>('#code')!.value, '123456');
  });

  it('prefetches the box for a launcher drawn under a resting pointer', async () => {
    setBoxSource(counting());
    imports = 0;
    const el = document.createElement('remote-support-widget');
    el.setAttribute('server', SERVER);
    el.style.visibility = 'hidden';
    document.body.append(el);
    const at = launcher(el)!.getBoundingClientRect();
    el.remove();
    await sendMouse({ type: 'move', position: [Math.round(at.x + at.width / 2), Math.round(at.y + at.height / 2)] });
    el.style.visibility = '';
    document.body.append(el);
    try {
      await waitUntil(() => imports === 1, 'the chunk is fetched', LOADING);
      assert.isNull(box(el), 'prefetching renders nothing');
    } finally {
      el.remove();
      await sendMouse({ type: 'move', position: [0, 0] });
    }
  });

  it('starts no task of its own when it connects on a page without a ?rsw-code= link', async () => {
    const timers: unknown[] = [];
    const real = window.setTimeout;
    window.setTimeout = ((...args: Parameters<typeof setTimeout>) => (timers.push(args[0]), real(...args))) as typeof setTimeout;
    const el = document.createElement('remote-support-widget');
    el.setAttribute('server', SERVER);
    try {
      document.body.append(el);
    } finally {
      window.setTimeout = real;
      el.remove();
    }
    assert.strictEqual(timers.length, 0);
  });

  it("draws the launcher in the script's task and looks at a ?rsw-code= link in a task after it", async () => {
    setBoxSource(counting());
    imports = 0;
    history.replaceState(null, '', `${location.pathname}?rsw-code=123456`);
    const el = document.createElement('remote-support-widget');
    el.setAttribute('server', SERVER);
    document.body.append(el);
    try {
      assert.strictEqual(text(launcher(el)), 'Remote support', 'the launcher is drawn at once');
      assert.strictEqual(imports, 0, 'the link is looked at in a later task');
      await waitUntil(() => box(el), 'then the box loads for the link', LOADING);
    } finally {
      el.remove();
    }
  });

  it('loads the box at once for the open attribute', async () => {
    const el = await mount('open');
    await waitUntil(() => box(el), 'the box loads', LOADING);
  });

  it("lets the page style the box's documented parts through the element once the box is loaded", async () => {
    const style = document.createElement('style');
    style.textContent = 'remote-support-widget::part(launcher), remote-support-widget::part(panel) { outline-color: rgb(1, 2, 3) }';
    document.head.append(style);
    try {
      const el = await mount('open');
      await waitUntil(() => box(el), 'the box loads', LOADING);
      await el.updateComplete;
      const inner = box(el)!.shadowRoot!;
      for (const part of ['launcher', 'panel']) {
        assert.strictEqual(getComputedStyle(inner.querySelector(`[part~="${part}"]`)!).outlineColor, 'rgb(1, 2, 3)', part);
      }
    } finally {
      style.remove();
    }
  });

  it("has the documented --rsw-* defaults in both themes, and a page's own values on the element win, before and after the box", async () => {
    const colour = (e: Element, prop: 'color' | 'backgroundColor') => getComputedStyle(e)[prop];
    // The launcher's own colours (launcher.styles.ts) and one only the box uses (box.styles.ts), in the box's header.
    const check = async (el: RemoteSupportWidget, accent: string, muted: string, mode: string) => {
      assert.strictEqual(colour(launcher(el)!, 'backgroundColor'), accent, `the launcher's accent, ${mode}`);
      el.open = true;
      await waitUntil(() => box(el), 'the box loads', LOADING);
      await el.updateComplete;
      const inner = box(el)!.shadowRoot!;
      assert.strictEqual(colour(inner.querySelector('.status')!, 'color'), muted, `the box's muted text, ${mode}`);
      assert.strictEqual(colour(inner.querySelector('[part~="launcher"]')!, 'backgroundColor'), accent, `the box's launcher, ${mode}`);
    };
    await check(await mount(), 'rgb(11, 87, 208)', 'rgb(89, 89, 89)', 'light');
    await check(await mount('theme="dark"'), 'rgb(168, 199, 250)', 'rgb(184, 184, 184)', 'theme="dark"');
    const style = document.createElement('style');
    style.textContent = 'remote-support-widget { --rsw-accent: rgb(1, 2, 3); --rsw-muted: rgb(4, 5, 6) }';
    document.head.append(style);
    try {
      await check(await mount(), 'rgb(1, 2, 3)', 'rgb(4, 5, 6)', 'light, overridden');
      await check(await mount('theme="dark"'), 'rgb(1, 2, 3)', 'rgb(4, 5, 6)', 'theme="dark", overridden');
      await emulateMedia({ colorScheme: 'dark' });
      await check(await mount(), 'rgb(1, 2, 3)', 'rgb(4, 5, 6)', 'system dark, overridden');
      style.remove();
      await check(await mount(), 'rgb(168, 199, 250)', 'rgb(184, 184, 184)', 'system dark');
      await check(await mount('theme="light"'), 'rgb(11, 87, 208)', 'rgb(89, 89, 89)', 'system dark, theme="light"');
    } finally {
      style.remove();
      await emulateMedia({ colorScheme: 'light' });
    }
  });

  it('reads the resume key and the reboot key in idle periods of their own (each first read opens its storage)', async () => {
    // A read's task is over once the microtasks queued in it have run: the second read must come after that. (Counting
    // timer tasks in between cannot tell: two idle periods may follow each other before a timer's turn.)
    const reads: { key: string; earlierTaskOver: boolean; taskOver: boolean }[] = [];
    const getItem = Storage.prototype.getItem;
    Storage.prototype.getItem = function (this: Storage, key: string) {
      const read = { key, earlierTaskOver: reads.every((r) => r.taskOver), taskOver: false };
      reads.push(read);
      queueMicrotask(() => (read.taskOver = true));
      return getItem.call(this, key);
    };
    try {
      const el = await mount();
      await waitUntil(() => reads.length === 2, 'both keys are read once the page is idle', LOADING);
      assert.deepEqual(
        reads.map((r) => r.key),
        [resumeKey(SERVER), 'rsw:reboot'],
      );
      assert.isTrue(reads[1]!.earlierTaskOver, 'the reboot key is read in a later task than the resume key');
      assert.isNull(box(el), 'no session: no box');
    } finally {
      Storage.prototype.getItem = getItem;
    }
  });

  it('loads the box once the page is idle when the page has a reboot token', async () => {
    localStorage.setItem('rsw:reboot', JSON.stringify({ server: SERVER, token: 't', expiresAt: Date.now() + 60_000 }));
    const el = await mount();
    await waitUntil(() => box(el), 'the box loads', LOADING);
    assert.isFalse(el.open, 'the box stays closed until the customer opens it');
  });

  it('loads the box once the page is idle when this tab has a session to resume, and it resumes', async () => {
    sessionStorage.setItem(resumeKey(SERVER), JSON.stringify({ token: 't', expiresAt: Date.now() + 60_000 }));
    const el = await mount();
    await waitUntil(() => box(el), 'the box loads', LOADING);
    await el.updateComplete;
    assert.deepEqual(FakeSession.last!.called('tryResume'), [['tryResume']]);
    assert.isFalse(el.open, 'the box stays closed until the customer opens it');
  });

  it('shows what happened and Retry when the chunk cannot be loaded, and Retry loads it', async () => {
    setBoxSource(counting());
    offline = true;
    const el = await mount();
    launcher(el)!.focus();
    await sendKeys({ press: 'Enter' });
    const alert = () => el.shadowRoot!.querySelector('[role=alert]');
    await waitUntil(alert, 'the failure shows', LOADING);
    assert.include(text(alert()), 'could not be loaded');
    assert.isNull(box(el));
    const retry = alert()!.querySelector('button')!;
    assert.strictEqual(text(retry), 'Try again');
    offline = false;
    const before = imports;
    await realClick(retry);
    await waitUntil(() => box(el), 'Retry loads the box', LOADING);
    await el.updateComplete;
    assert.strictEqual(imports, before + 1, 'Retry imports the chunk again');
    assert.isTrue(el.open);
    assert.isNull(alert());
  });

  it('load() rejects when the chunk cannot be loaded, and a later load() tries again', async () => {
    setBoxSource(counting());
    offline = true;
    const el = await mount();
    let failed = false;
    await el.load().catch(() => (failed = true));
    assert.isTrue(failed);
    offline = false;
    await el.load();
    assert.exists(box(el));
  });

  it('speaks the page language before the box is loaded (launcher text and direction)', async () => {
    const wrapper = await fixture<HTMLDivElement>(
      html`<div lang="ar"><remote-support-widget server=${SERVER}></remote-support-widget></div>`,
    );
    const el = wrapper.querySelector('remote-support-widget')!;
    await waitUntil(() => text(launcher(el)) !== 'Remote support', 'the Arabic text loads', LOADING);
    assert.strictEqual(el.dir, 'rtl');
    assert.isNull(box(el));
  });
});
