/**
 * What loads after the box (issue 12): the parts of the box off the English path (the end screen with its rating
 * form, the functions' views, the transcript, the background notifications, the queue's screens, the errors' words) come from chunks of their own when first needed; one that cannot be
 * loaded says so with Retry, as the launcher does for the box, in the page's language; and a box of another build
 * than the launcher's is refused, never mixed in. Over a stand-in session (no relay needed).
 */
import { fixture, html } from '@open-wc/testing';
import { waitUntil } from './wait.js';
import { RemoteSupportWidget } from '../../src/widget/index.js';
import { boxSource, setBoxSource, type BoxModule } from '../../src/widget/launcher/box-loader.js';
import { FAILURE_TEXTS } from '../../src/widget/launcher/texts.js';
import type { LazyPart } from '../../src/widget/lazy-part.js';
import { errorTextPart } from '../../src/widget/screens/error-line.js';
import { attentionPart, endedPart, functionViewsPart, queuePart } from '../../src/widget/screens/lazy.js';
import { setSessionFactory } from '../../src/widget/session-controller.js';
import type { WidgetState } from '../../src/widget/session/types.js';
import { assert } from './chai.js';
import { FakeSession, grants } from './fake-session.js';
import { after, afterEach, before, describe, it } from './mocha.js';
import { $, pageHidden, realClick, root, settle, text } from './widget-helpers.js';

RemoteSupportWidget.define();

const SERVER = 'https://support.example.com';
const LOADING = { timeout: 10_000 };
const TECH = { name: 'Alex Demo', org: 'Demo Support' };
const original = boxSource()!;
const offline = () => Promise.reject(new TypeError('Failed to fetch dynamically imported module'));

/** Makes `part`'s imports fail as they do offline until the returned function is called; counts the attempts. */
function failing<M>(part: LazyPart<M>): { attempts: () => number; restore: () => void } {
  const load = part.load;
  let attempts = 0;
  part.load = () => {
    attempts++;
    return offline();
  };
  return { attempts: () => attempts, restore: () => (part.load = load) };
}

async function mount(lang = 'en'): Promise<RemoteSupportWidget> {
  const wrapper = await fixture<HTMLDivElement>(
    html`<div lang=${lang}><remote-support-widget server=${SERVER} vendor="Acme"></remote-support-widget></div>`,
  );
  return wrapper.querySelector('remote-support-widget')!;
}

async function inSession(state: Partial<WidgetState>): Promise<{ el: RemoteSupportWidget; session: FakeSession }> {
  const el = await mount();
  await el.load();
  el.show();
  const session = FakeSession.last!;
  session.set({ phase: 'connected', sessionId: 's1', technician: TECH, technicianPresent: true, ...state });
  await settle(el);
  return { el, session };
}

const alert = (el: Element) => root(el).querySelector('[role=alert].part-failed');

describe('the parts of the box loaded on demand', () => {
  before(() => setSessionFactory((options) => new FakeSession(options)));
  after(() => setSessionFactory());
  afterEach(() => {
    setBoxSource(original);
    sessionStorage.clear();
    localStorage.clear();
  });

  it('the end screen that cannot be loaded shows its heading, what happened and Retry; Retry loads it', async () => {
    const parts = failing(endedPart);
    const { el, session } = await inSession({});
    session.set({ phase: 'ended', ended: { by: 'technician', reason: 'technician-ended' } });
    await settle(el);
    await waitUntil(() => alert(el), 'the failure shows', LOADING);
    assert.strictEqual(text($(el, '#ended')), 'The session is finished', 'the heading is never blank');
    assert.include(text(alert(el)), 'Remote support could not be loaded. Check your connection, then try again.');
    assert.isNull(root(el).querySelector('rsw-rating-form'));
    const retry = alert(el)!.querySelector('button')!;
    assert.strictEqual(text(retry), 'Try again');

    // Still offline: Retry tries again and says so again.
    await realClick(retry);
    await settle(el);
    assert.strictEqual(parts.attempts(), 2);
    assert.exists(alert(el));

    parts.restore();
    await realClick(alert(el)!.querySelector('button')!);
    await waitUntil(() => root(el).querySelector('rsw-rating-form'), 'Retry loads the end screen', LOADING);
    await settle(el);
    assert.isNull(alert(el));
    assert.include(text($(el, '.screen')), 'The technician ended the session.');
    assert.isDefined(customElements.get('rsw-rating-form'), 'the rating form is defined with its chunk');
    el.remove();
  });

  it("a function's view that cannot be loaded shows what happened and Retry in the chat; Retry loads it", async () => {
    const parts = failing(functionViewsPart);
    const file = { id: 't-1', direction: 'in', name: 'driver.zip', size: 3000, type: 'application/zip', status: 'incoming', bytes: 0 } as const;
    const { el } = await inSession({ grants: grants({ 'file-transfer': 'granted' }), transfers: [file] });
    await waitUntil(() => alert(el), 'the failure shows', LOADING);
    assert.isNull($(el, '.transfers'));
    assert.exists(root(el).querySelector('rsw-composer'), 'the chat goes on');
    parts.restore();
    await realClick(alert(el)!.querySelector('button')!);
    await waitUntil(() => $(el, '.transfers'), 'Retry loads the files view', LOADING);
    assert.include(text($(el, '.transfers')), 'driver.zip');
    assert.isNull(alert(el));
    el.remove();
  });

  it('the error line whose words cannot be loaded says the support service cannot be reached; the next error tries again', async () => {
    const words = failing(errorTextPart);
    const el = await mount();
    await el.load();
    el.show();
    await settle(el);
    assert.strictEqual(words.attempts(), 0, 'not loaded for the code screen');
    const line = () => text($(el, '#error'));
    const session = FakeSession.last!;
    session.set({ phase: 'idle', error: { code: 'invalid-code', at: Date.now() } });
    await waitUntil(() => line() !== '', 'the error line says something', LOADING);
    assert.strictEqual(line(), 'The support service cannot be reached. Check your internet connection and try again.');
    assert.strictEqual(words.attempts(), 1);
    // Redrawn (the clock ticks), the same error does not try again.
    await settle(el);
    assert.strictEqual(words.attempts(), 1);
    words.restore();
    session.set({ error: { code: 'invalid-code', at: Date.now() } });
    await waitUntil(() => line().startsWith('This code is not valid.'), 'the next error loads the words', LOADING);
    el.remove();
  });

  it("the queue's screens that cannot be loaded show what happened and Retry; Retry loads them", async () => {
    const parts = failing(queuePart);
    const wrapper = await fixture<HTMLDivElement>(html`<div><remote-support-widget server=${SERVER} queue></remote-support-widget></div>`);
    const el = wrapper.querySelector('remote-support-widget')!;
    await el.load();
    el.show();
    await settle(el);
    assert.strictEqual(parts.attempts(), 0, 'not loaded for the code screen');
    const ask = [...root(el).querySelectorAll('button')].find((b) => text(b) === 'Ask for help')!;
    await realClick(ask);
    await waitUntil(() => alert(el), 'the failure shows', LOADING);
    assert.isNull(root(el).querySelector('#name'));
    parts.restore();
    await realClick(alert(el)!.querySelector('button')!);
    await waitUntil(() => root(el).querySelector('#name'), 'Retry loads the screen', LOADING);
    assert.isNull(alert(el));
    el.remove();
  });

  it('the background notifications load only when the customer looks away; a message meanwhile counts once loaded; a failure leaves the chat going', async () => {
    const load = attentionPart.load;
    let attempts = 0;
    let release: (() => void) | undefined;
    attentionPart.load = () => {
      attempts++;
      return release ? offline() : new Promise<void>((resolve) => (release = resolve)).then(() => load());
    };
    release = () => undefined; // the first tries fail
    document.title = 'Help centre';
    try {
      const { el, session } = await inSession({});
      const message = (n: number) => ({ id: `m${n}`, seq: n, clientId: `c${n}`, from: 'technician', text: `Message ${n}`, at: Date.now() }) as const;
      assert.exists($(el, '.notify'), 'the toggle shows from the start of the chat (it stays in the box)');
      session.set({}, { type: 'message', message: message(1) });
      await settle(el);
      assert.strictEqual(attempts, 0, 'not on the way to the chat, nor for a message the customer sees');
      el.hide();
      await settle(el);
      assert.strictEqual(attempts, 1, 'minimising the box loads them');
      el.show();
      await settle(el);
      assert.isNull(alert(el), 'a decoration, not a screen: no failure message');
      assert.exists(root(el).querySelector('rsw-composer'), 'the chat goes on');
      assert.exists($(el, '.notify'), 'with its toggle');

      release = undefined; // the next try waits for release()
      pageHidden(true);
      assert.strictEqual(attempts, 2, 'the page getting hidden tries again');
      // (settle() would wait for the held part.)
      session.set({}, { type: 'message', message: message(2) });
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.strictEqual(document.title, 'Help centre', 'not loaded yet');
      release!();
      await waitUntil(() => document.title === '(1) Help centre', 'the message that came meanwhile counts', LOADING);
      pageHidden(false);
      assert.strictEqual(document.title, 'Help centre');
      el.remove();
    } finally {
      attentionPart.load = load;
      pageHidden(false);
      delete (document as { hidden?: boolean }).hidden;
    }
  });
});

describe("the launcher's failure, in the page's language", () => {
  afterEach(() => setBoxSource(original));

  for (const lang of ['pl', 'ar', 'de'] as const) {
    it(`says the box could not be loaded, with Retry, in ${lang} (without any other file)`, async () => {
      let localeFiles = 0;
      setBoxSource({ ...original, box: offline, locale: () => (localeFiles++, offline()) });
      const el = await mount(lang);
      el.show();
      const failed = () => el.shadowRoot!.querySelector('[role=alert]');
      await waitUntil(failed, 'the failure shows', LOADING);
      assert.strictEqual(text(failed()!.querySelector('p')), FAILURE_TEXTS[lang]['launcher.failed']);
      assert.strictEqual(text(failed()!.querySelector('button')), FAILURE_TEXTS[lang]['launcher.retry']);
      assert.isAtLeast(localeFiles, 1, 'the locale file could not be loaded either');
      el.remove();
    });
  }
});

describe('a box of another build', () => {
  afterEach(() => setBoxSource(original));

  it('is refused: the launcher says it could not be loaded, with Retry, and defines nothing of it', async () => {
    let defined = 0;
    let stale = true;
    setBoxSource({
      ...original,
      build: 'build-of-the-launcher',
      box: async (attempt) => {
        const real = await original.box(attempt);
        const module: BoxModule = {
          build: stale ? 'build-of-an-old-cached-file' : 'build-of-the-launcher',
          defineBox: (...args) => (defined++, real.defineBox(...args)),
        };
        return module;
      },
    });
    const el = await mount();
    el.show();
    const failed = () => el.shadowRoot!.querySelector('[role=alert]');
    await waitUntil(failed, 'the failure shows', LOADING);
    assert.include(text(failed()), 'could not be loaded');
    assert.strictEqual(defined, 0, 'the box of the other build is not used');
    assert.isNull(el.shadowRoot!.querySelector('rsw-box'));
    let rejected: unknown;
    await el.load().catch((e: unknown) => (rejected = e));
    assert.match(String(rejected), /another build/);

    // The cache has the right file now: Retry loads it.
    stale = false;
    await realClick(failed()!.querySelector('button')!);
    await waitUntil(() => el.shadowRoot!.querySelector('rsw-box'), 'Retry loads the box of the same build', LOADING);
    assert.strictEqual(defined, 1);
    assert.isNull(failed());
    el.remove();
  });
});
