/**
 * Screen viewing and the technician's pointer through the REAL relay, with Chromium picking this tab by itself
 * (`--auto-accept-this-tab-capture`, web-test-runner.config.js): getDisplayMedia is called from the Allow click,
 * this tab is recognised, the video reaches a peer connection playing the console, and every way of stopping stops
 * every track. The pointer shows only while control is live and this very tab is shared.
 */
import { waitUntil } from './wait.js';
import { RemoteSupportWidget } from '../../src/widget/index.js';
import { assert } from './chai.js';
import { describe, it } from './mocha.js';
import { TechnicianClient } from './support.js';
import { canvasStream, ScreenViewer, watchDisplayMedia } from './widget-functions-helpers.js';
import {
  $,
  allow,
  connectedWidget,
  grantsBarButton,
  inner,
  liveGrants,
  logText,
  mountWidget,
  promptButtons,
  realClick,
  settle,
  text,
  waitForPhase,
  waitForPrompt,
} from './widget-helpers.js';

RemoteSupportWidget.define();

const indicator = (el: Element) => $(el, '[part=indicator]');
const screenNote = (el: Element) => text(inner(el, 'rsw-grants-bar', 'li small'));
const ended = (stream: MediaStream | undefined) => !!stream && stream.getTracks().every((t) => t.readyState === 'ended');

/** A connected widget sharing this tab with a technician who watches it. */
async function sharing() {
  const tech = await TechnicianClient.connect();
  const viewer = new ScreenViewer(tech);
  const el = await connectedWidget(tech);
  const calls = watchDisplayMedia();
  await allow(el, tech, 'desktop-view', 'Screen viewing');
  await waitUntil(() => screenNote(el) === 'sharing this tab', 'this tab is shared');
  await waitUntil(() => calls[0]?.stream, 'the capture');
  return { tech, viewer, el, stream: calls[0]!.stream! };
}

describe('<remote-support-widget> screen viewing through the real relay', () => {
  it('asks the browser from the Allow click, recognises this tab, and the technician gets live video', async function () {
    this.timeout(20_000);
    const tech = await TechnicianClient.connect();
    const viewer = new ScreenViewer(tech);
    const el = await connectedWidget(tech);
    const calls = watchDisplayMedia();
    await tech.request('desktop-view');
    await waitForPrompt(el);
    assert.lengthOf(calls, 0, 'nothing before the customer allows');
    await realClick(promptButtons(el).allow);
    assert.lengthOf(calls, 1);
    assert.isTrue(calls[0]!.activated, 'called inside the click (user activation)');
    assert.deepInclude(calls[0]!.options as object, { preferCurrentTab: true, selfBrowserSurface: 'include', surfaceSwitching: 'exclude', audio: false });

    await tech.waitForGrant('desktop-view');
    await waitUntil(() => viewer.states.length > 0, 'the technician hears what is shared');
    assert.deepEqual(viewer.states[0], { state: 'sharing', surface: 'this-tab' });
    await waitUntil(() => screenNote(el) === 'sharing this tab', 'the grants bar says what is shared');
    assert.include(text(indicator(el)), 'Your screen is being viewed');
    // The signalling is JSON strings, the customer offers; the console's answer and candidates come back.
    await waitUntil(() => viewer.connectionState === 'connected', 'the peer connection is up', { timeout: 10_000 });
    const offer = viewer.signals.find((s) => s.kind === 'offer')!;
    assert.strictEqual((JSON.parse(offer.data) as { type: string }).type, 'offer');
    assert.strictEqual(viewer.track?.kind, 'video');
    const stats = async () => {
      let frames = 0;
      (await viewer.peer!.pc.getStats()).forEach((r: { type: string; kind?: string; framesDecoded?: number }) => {
        if (r.type === 'inbound-rtp' && r.kind === 'video') frames = r.framesDecoded ?? 0;
      });
      return frames;
    };
    let frames = 0;
    await waitUntil(async () => (frames = await stats()) > 0, 'frames arrive', { timeout: 10_000 });
    assert.isAbove(frames, 0);
    const audit = await tech.auditLog();
    assert.isTrue(audit.some((e) => e.type === 'screen-started' && e.detail === 'this-tab'), 'the relay records what was shared');
  });

  it('stops every track on revocation (the grant\'s Stop), and says so while still allowed', async function () {
    this.timeout(20_000);
    const { tech, viewer, el, stream } = await sharing();
    await realClick(grantsBarButton(el, 'Stop: Screen viewing')!);
    await waitUntil(() => ended(stream), 'every track stops');
    await tech.waitForGrant('desktop-view', 'revoked');
    await waitUntil(() => viewer.states.some((s) => (s as { state: string }).state === 'stopped'), 'the technician is told it stopped');
    await waitUntil(() => !indicator(el), 'the indicator goes');
  });

  it('stops every track on Stop sharing, on Disconnect, and when the technician ends the session', async function () {
    this.timeout(30_000);
    for (const how of ['stop-sharing', 'disconnect', 'technician-ends'] as const) {
      const { tech, el, stream } = await sharing();
      if (how === 'stop-sharing') {
        await realClick(grantsBarButton(el, 'Stop sharing')!);
        await tech.waitForGrant('desktop-view', 'revoked');
      } else if (how === 'disconnect') {
        await el.disconnect();
        await tech.waitForEnd();
      } else {
        await tech.end();
        await waitForPhase(el, 'ended');
      }
      await waitUntil(() => ended(stream), `every track stops (${how})`);
      await waitUntil(() => !indicator(el), `the indicator goes (${how})`);
      el.remove();
      // The next widget starts afresh rather than resuming this session.
      sessionStorage.clear();
    }
  });

  it("the browser's own Stop button ends the grant with the reason, and the technician is told", async function () {
    this.timeout(20_000);
    const { tech, viewer, el, stream } = await sharing();
    // What Chromium does when the customer presses its "Stop sharing" bar: the track ends.
    const track = stream.getVideoTracks()[0]!;
    track.stop();
    track.dispatchEvent(new Event('ended'));
    await tech.waitForGrant('desktop-view', 'revoked');
    assert.deepInclude(viewer.states, { state: 'stopped' });
    await waitUntil(() => !liveGrants(el).includes('Screen viewing'), 'the grant goes');
    const audit = await tech.auditLog();
    assert.isTrue(
      audit.some((e) => e.type === 'consent-changed' && e.fn === 'desktop-view' && e.to === 'revoked' && e.detail === 'browser-stopped'),
      'audited with the reason',
    );
  });

  it('a cancelled picker gives the grant back (picker-cancelled); nothing is sent', async function () {
    this.timeout(20_000);
    const tech = await TechnicianClient.connect();
    const viewer = new ScreenViewer(tech);
    const el = await connectedWidget(tech);
    watchDisplayMedia(() => Promise.reject(new DOMException('Permission denied by user', 'NotAllowedError')));
    await tech.request('desktop-view');
    await waitForPrompt(el);
    await realClick(promptButtons(el).allow);
    await tech.waitForGrant('desktop-view', 'revoked');
    await waitUntil(() => logText(el).includes('Stopped: Screen viewing.'), 'the customer sees it stopped');
    assert.isFalse(!!indicator(el));
    assert.deepEqual(viewer.signals, []);
    const audit = await tech.auditLog();
    assert.isTrue(audit.some((e) => e.type === 'consent-changed' && e.fn === 'desktop-view' && e.detail === 'picker-cancelled'));
  });

  it('after a reload with the grant still live, "Share my screen" starts it again from a real click', async function () {
    this.timeout(20_000);
    const { tech, viewer, el } = await sharing();
    el.remove();
    const again = await mountWidget(undefined, 'open');
    await waitForPhase(again, 'connected');
    await waitUntil(() => indicator(again), 'the indicator shows');
    assert.include(text(indicator(again)), 'your screen is not shared');
    assert.strictEqual(screenNote(again), 'not shared');
    const calls = watchDisplayMedia();
    const before = viewer.signals.filter((s) => s.kind === 'offer').length;
    await realClick($(again, '[part=indicator] .share')!);
    assert.isTrue(calls[0]?.activated);
    await waitUntil(() => screenNote(again) === 'sharing this tab', 'shared again');
    await waitUntil(() => viewer.signals.filter((s) => s.kind === 'offer').length > before, 'a new offer');
    await waitUntil(() => viewer.connectionState === 'connected', 'connected again', { timeout: 10_000 });
    assert.strictEqual(tech.consent?.grants['desktop-view'].status, 'granted');
  });
});

describe('<remote-support-widget> the technician pointer through the real relay', () => {
  const pointer = (el: Element) => $(el, '.pointer');

  it('shows while control is live and this tab is shared, follows, hides, and is gone after revoke', async function () {
    this.timeout(20_000);
    const { tech, el } = await sharing();
    assert.isFalse((await tech.use('control:event', { type: 'pointer', x: 0.5, y: 0.5 })).ok, 'no control yet');
    await allow(el, tech, 'remote-control', 'Pointing on your screen');
    assert.isTrue((await tech.use('control:event', { type: 'pointer', x: 0.25, y: 0.5 })).ok);
    await waitUntil(() => pointer(el), 'the pointer shows');
    assert.strictEqual(pointer(el)!.getAttribute('aria-hidden'), 'true');
    assert.strictEqual(getComputedStyle(pointer(el)!).pointerEvents, 'none');
    assert.include(text(pointer(el)), 'Alex Demo');
    await waitUntil(() => Math.abs(pointer(el)!.getBoundingClientRect().x - innerWidth / 4) < 2, 'it is where the technician points');

    await tech.use('control:event', { type: 'pointer-hide' });
    await waitUntil(() => !pointer(el), 'pointer-hide hides it');
    await tech.use('control:event', { type: 'pointer', x: 0.1, y: 0.1 });
    await waitUntil(() => pointer(el), 'back');
    await realClick(grantsBarButton(el, 'Stop: Pointing on your screen')!);
    await tech.waitForGrant('remote-control', 'revoked');
    await waitUntil(() => !pointer(el), 'gone after revoke');
    assert.isFalse((await tech.use('control:event', { type: 'pointer', x: 0.5, y: 0.5 })).ok);
    await settle(el);
    assert.isFalse(!!pointer(el));
  });

  it('never shows when what is shared is not this tab', async function () {
    this.timeout(20_000);
    const tech = await TechnicianClient.connect();
    const el = await connectedWidget(tech);
    watchDisplayMedia(() => Promise.resolve(canvasStream()));
    await allow(el, tech, 'desktop-view', 'Screen viewing');
    await waitUntil(() => screenNote(el) === 'sharing', 'something else is shared');
    await allow(el, tech, 'remote-control', 'Pointing on your screen');
    assert.isTrue((await tech.use('control:event', { type: 'pointer', x: 0.5, y: 0.5 })).ok);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await settle(el);
    assert.isFalse(!!pointer(el));
  });
});
