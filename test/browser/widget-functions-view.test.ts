/**
 * What the customer sees of the five functions, over a stand-in session (fake-session.ts): "Share my screen" and
 * what is shared, the file list (offers, progress, cancel, save, the size error), the system information before it
 * is sent, the restart notice and the technician's pointer; only the customer's own clicks act; axe in light and dark.
 * The same against the real relay: widget-functions.test.ts.
 */
import { waitUntil } from './wait.js';
import { RemoteSupportWidget } from '../../src/widget/index.js';
import { setSessionFactory } from '../../src/widget/session-controller.js';
import type { TransferView, WidgetState } from '../../src/widget/session/types.js';
import { assert } from './chai.js';
import { baseState, FakeSession, grants } from './fake-session.js';
import { after, before, describe, it } from './mocha.js';
import { sharedRelay } from './support.js';
import { $, accessibleInBothThemes, deepActive, inner, isButton, mountWidget, press, realClick, root, settle, tabTo, text } from './widget-helpers.js';

RemoteSupportWidget.define();

async function mount(state: Partial<WidgetState> = {}): Promise<{ el: RemoteSupportWidget; session: FakeSession }> {
  const el = await mountWidget(sharedRelay, 'open');
  const session = FakeSession.last!;
  await show(el, session, { phase: 'connected', sessionId: 's1', technician: { name: 'Alex Demo', org: 'Demo Support' }, technicianPresent: true, ...state });
  return { el, session };
}

async function show(el: RemoteSupportWidget, session: FakeSession, state: Partial<WidgetState>): Promise<void> {
  session.set(state);
  await settle(el);
}

const indicator = (el: Element) => $(el, '[part=indicator]');
const screenNote = (el: Element) => text(inner(el, 'rsw-grants-bar', 'li small'));

function transfer(extra: Partial<TransferView>): TransferView {
  return { id: 't-1', direction: 'in', name: 'driver.zip', size: 3 * 1024 * 1024, type: 'application/zip', status: 'incoming', bytes: 0, ...extra };
}

describe('<remote-support-widget> functions view', () => {
  before(() => setSessionFactory((options) => new FakeSession(options)));
  after(() => setSessionFactory());

  it('offers "Share my screen" while viewing is allowed and nothing is shared, for a real click only', async () => {
    const { el, session } = await mount({ grants: grants({ 'desktop-view': 'granted' }) });
    assert.include(text(indicator(el)), 'Screen viewing is allowed, but your screen is not shared');
    assert.strictEqual(screenNote(el), 'not shared');
    const share = $<HTMLButtonElement>(el, '[part=indicator] .share')!;
    share.click();
    assert.deepEqual(session.called('shareScreen'), [], 'a synthetic click shares nothing');
    await realClick(share);
    assert.deepEqual(session.called('shareScreen'), [['shareScreen']]);
    await accessibleInBothThemes(el);

    await show(el, session, { screen: { state: 'starting' } });
    assert.strictEqual(screenNote(el), 'choosing what to share…');
    assert.include(text(indicator(el)), 'Your screen is being viewed');
    assert.isNull($(el, '[part=indicator] .share'));
    for (const [surface, words] of [
      ['this-tab', 'sharing this tab'],
      ['browser', 'sharing a browser tab'],
      ['window', 'sharing a window'],
      ['monitor', 'sharing your whole screen'],
    ] as const) {
      await show(el, session, { screen: { state: 'sharing', surface } });
      assert.strictEqual(screenNote(el), words);
    }
  });

  it('draws the technician pointer over the page without taking any input, only when the session says so', async () => {
    const { el, session } = await mount({
      grants: grants({ 'desktop-view': 'granted', 'remote-control': 'granted' }),
      screen: { state: 'sharing', surface: 'this-tab' },
    });
    assert.isNull($(el, '.pointer'));
    await show(el, session, { pointer: { x: 0.25, y: 0.5 } });
    const pointer = $(el, '[part=pointer]')!;
    assert.strictEqual(pointer.getAttribute('aria-hidden'), 'true');
    assert.strictEqual(getComputedStyle(pointer).pointerEvents, 'none');
    assert.strictEqual(getComputedStyle(pointer).position, 'fixed');
    assert.strictEqual(text(pointer), 'Alex Demo');
    await waitUntil(() => Math.abs(pointer.getBoundingClientRect().x - innerWidth / 4) < 2, 'the pointer moves to a quarter of the width');
    assert.approximately(pointer.getBoundingClientRect().y, innerHeight / 2, 2);
    // Clicks go to the page under it: it is never hit.
    const [x, y] = [innerWidth / 4 + 6, innerHeight / 2 + 6];
    assert.isFalse(root(el).elementsFromPoint(x, y).some((n) => pointer === n || pointer.contains(n)), 'the pointer is never hit');
    const under = document.elementFromPoint(x, y);
    assert.isFalse(!!under && (under === el || el.contains(under)), 'the page gets the click');
    await show(el, session, { pointer: undefined });
    assert.isNull($(el, '.pointer'));
  });

  it('shows an offered file with Accept and Decline, and the session is told which', async () => {
    const { el, session } = await mount({ grants: grants({ 'file-transfer': 'granted' }), transfers: [transfer({})] });
    const list = $(el, '.transfers')!;
    assert.strictEqual(list.getAttribute('aria-label'), 'Files');
    assert.include(text(list), 'driver.zip');
    assert.include(text(list), '3 MB');
    assert.include(text(list), 'Nothing is saved unless you accept.');
    // The views' styles came with their chunk (screens/lazy.ts): the extension's badge has its border.
    assert.strictEqual(getComputedStyle($(el, '.file-ext')!).borderTopStyle, 'solid');
    const [decline, accept] = [...list.querySelectorAll('button')];
    assert.strictEqual(accept!.getAttribute('aria-label'), 'Accept driver.zip');
    assert.strictEqual(decline!.getAttribute('aria-label'), 'Decline driver.zip');
    assert.isNull(list.querySelector('progress'), 'nothing moves before Accept');
    await accessibleInBothThemes(el);
    await realClick(accept!);
    await realClick(decline!);
    assert.deepEqual(
      session.calls.filter((c) => /File$/.test(c[0])),
      [
        ['acceptFile', 't-1'],
        ['declineFile', 't-1'],
      ],
    );
  });

  it('opens the box for a file offered while it is closed, and keeps received files to save after the end', async () => {
    const { el, session } = await mount({ grants: grants({ 'file-transfer': 'granted' }) });
    el.hide();
    await el.updateComplete;
    await show(el, session, { transfers: [transfer({})] });
    assert.isTrue(el.open, 'an offer waits for the customer: the box opens');
    const url = URL.createObjectURL(new Blob(['x']));
    await show(el, session, { phase: 'ended', ended: { by: 'technician', reason: 'technician-ended' }, transfers: [transfer({ status: 'done', url })] });
    assert.strictEqual($<HTMLAnchorElement>(el, '.transfers a.save')?.href, url);
    await accessibleInBothThemes(el);
  });

  it('shows progress with an accessible name and Cancel, then the verified file to save', async () => {
    const { el, session } = await mount({
      grants: grants({ 'file-transfer': 'granted' }),
      transfers: [transfer({ status: 'receiving', bytes: 1024 * 1024 }), transfer({ id: 't-2', direction: 'out', name: 'log.txt', size: 2048, status: 'sending', bytes: 1024 })],
    });
    const bars = [...root(el).querySelectorAll('progress')];
    assert.deepEqual(
      bars.map((b) => [b.getAttribute('aria-label'), b.value, b.max]),
      [
        ['Receiving driver.zip', 1024 * 1024, 3 * 1024 * 1024],
        ['Sending log.txt', 1024, 2048],
      ],
    );
    await accessibleInBothThemes(el);
    await realClick($(el, '.transfers li:nth-child(2) button')!);
    assert.deepEqual(session.called('cancelFile'), [['cancelFile', 't-2']]);

    const url = URL.createObjectURL(new Blob(['x']));
    await show(el, session, { transfers: [transfer({ status: 'done', bytes: 3 * 1024 * 1024, url }), transfer({ id: 't-2', direction: 'out', name: 'log.txt', status: 'cancelled', by: 'customer', reason: 'cancelled' })] });
    const save = $<HTMLAnchorElement>(el, '.transfers a.save')!;
    assert.strictEqual(save.href, url);
    assert.strictEqual(save.getAttribute('download'), 'driver.zip');
    assert.strictEqual(save.getAttribute('aria-label'), 'Save driver.zip');
    assert.include(text($(el, '.transfers')), 'Received and checked.');
    assert.include(text($(el, '.transfers')), 'You cancelled this transfer.');
    assert.isNull($(el, '.transfers button'), 'nothing left to cancel');
    await accessibleInBothThemes(el);
  });

  it('says why a file was refused or stopped, and never renders a file name as HTML', async () => {
    const { el, session } = await mount({ grants: grants({ 'file-transfer': 'granted' }) });
    const name = '<img src=x onerror="window.__pwned=1">.png';
    await show(el, session, {
      transfers: [
        transfer({ id: 'a', direction: 'out', name: 'movie.mp4', status: 'failed', reason: 'too-large', limit: 25 * 1024 * 1024 }),
        transfer({ id: 'b', status: 'cancelled', reason: 'revoked', by: 'relay' }),
        transfer({ id: 'c', status: 'failed', reason: 'hash-mismatch', name }),
        transfer({ id: 'd', direction: 'out', status: 'declined', by: 'technician', reason: 'declined' }),
        transfer({ id: 'e', direction: 'out', name: 'eleven.txt', status: 'failed', reason: 'too-many' }),
      ],
    });
    const words = text($(el, '.transfers'));
    assert.include(words, 'Not sent: too many files are waiting or on their way. Send it again once one has finished.');
    assert.include(words, 'This file is larger than 25 MB.');
    assert.include(words, 'Stopped: file transfer is no longer allowed.');
    assert.include(words, 'The file did not arrive intact and was not kept.');
    assert.include(words, 'The technician declined this file.');
    assert.include(words, name);
    assert.isNull(root(el).querySelector('.transfers img'));
    assert.isUndefined((window as { __pwned?: number }).__pwned);
  });

  it('has an attach button only while file transfer is allowed, and passes the picked files on', async () => {
    const { el, session } = await mount();
    const attach = () => inner(el, 'rsw-composer', 'button.attach');
    assert.isNull(attach());
    await show(el, session, { grants: grants({ 'file-transfer': 'granted' }) });
    assert.strictEqual(attach()!.getAttribute('aria-label'), 'Attach files');
    const box = attach()!.getBoundingClientRect();
    assert.isAtLeast(Math.min(box.width, box.height), 24);
    // A page script setting the input's files and firing `change` sends nothing.
    const input = inner<HTMLInputElement>(el, 'rsw-composer', 'input[type=file]')!;
    const dt = new DataTransfer();
    dt.items.add(new File(['secret'], 'planted.txt'));
    input.files = dt.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    // Nor a made-up drop on the panel.
    const drop = new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt });
    $(el, '[part=panel]')!.dispatchEvent(drop);
    assert.deepEqual(session.called('sendFiles'), []);
    await accessibleInBothThemes(el);
  });

  it('shows the system information exactly, takes focus, and Send / Don\'t send answer only for real clicks', async () => {
    const { el, session } = await mount({ grants: grants({ 'system-info': 'granted' }) });
    el.hide();
    await el.updateComplete;
    await show(el, session, {
      sysinfo: [
        { key: 'timeZone', value: 'Europe/Warsaw' },
        { key: 'pageUrl', value: 'https://help.example.com/<b>printer</b>' },
      ],
    });
    assert.isTrue(el.open, 'the box opens for it');
    const card = $(el, '#sysinfo')!;
    await waitUntil(() => deepActive() === card, 'it takes focus');
    assert.include(text(card.querySelector('#sysinfo-q')), 'Alex Demo asks for information about your system.');
    assert.deepEqual(
      [...card.querySelectorAll('tr')].map((r) => [text(r.querySelector('th')), text(r.querySelector('td'))]),
      [
        ['Time zone', 'Europe/Warsaw'],
        ['This page', 'https://help.example.com/<b>printer</b>'],
      ],
    );
    assert.isNull(card.querySelector('td b'));
    await accessibleInBothThemes(el);
    const [dont, send] = [...card.querySelectorAll('button')];
    send!.click();
    assert.deepEqual(session.called('answerSysinfo'), []);
    await realClick(dont!);
    await realClick(send!);
    assert.deepEqual(session.called('answerSysinfo'), [
      ['answerSysinfo', false],
      ['answerSysinfo', true],
    ]);
  });

  it('works from the keyboard alone: Share my screen, Accept, Send', async () => {
    const { el, session } = await mount({
      grants: grants({ 'desktop-view': 'granted', 'file-transfer': 'granted', 'system-info': 'granted' }),
      transfers: [transfer({})],
      sysinfo: [{ key: 'timeZone', value: 'Europe/Warsaw' }],
    });
    await waitUntil(() => deepActive() === $(el, '#sysinfo'), 'the system information has focus');
    await tabTo(isButton('Send'), 'Send');
    await press('Enter');
    await tabTo(isButton('Accept driver.zip'), 'Accept');
    await press('Enter');
    await tabTo(isButton('Attach files'), 'the attach button');
    await tabTo(isButton('Share my screen'), 'Share my screen', { backwards: true, max: 40 });
    await press('Enter');
    assert.deepEqual(
      session.calls.filter((c) => ['answerSysinfo', 'acceptFile', 'shareScreen'].includes(c[0])),
      [['answerSysinfo', true], ['acceptFile', 't-1'], ['shareScreen']],
    );
  });

  it('shows the restart notice while the reboot token is valid', async () => {
    const { el, session } = await mount({ reboot: { expiresAt: Date.now() + 60_000 } });
    assert.include(text($(el, '.notice.info')), 'Restart your computer when your technician asks.');
    await accessibleInBothThemes(el);
    await show(el, session, { reboot: { expiresAt: Date.now() - 1 } });
    assert.isNull($(el, '.notice.info'));
    await show(el, session, baseState());
  });
});
