/**
 * The five functions in <remote-support-console>, in Chromium against the real relay. The customer is a socket in
 * this page that uses the shared modules as the widget does (a canvas `captureStream()` offered through the relay with
 * SignalledPeer, files with FileTransfers), so every signal and byte crosses the relay's gate:
 * - screen viewing: the live video arrives (frames counted) and closes on bye, `screen:state` stopped, revocation and
 *   the end of the session;
 * - pointing: control events only while remote control is granted AND the customer shares this tab, throttled;
 * - files: receive (Accept, SHA-256, a save link, the name as text), send (progress), too large, cancel both ways;
 * - system information as a text-only table; restart: waiting, then "Reconnected after restart".
 */
import { fixture, html } from '@open-wc/testing';
import { waitUntil } from './wait.js';
import { executeServerCommand, sendMouse } from '@web/test-runner-commands';
import type { Socket } from 'socket.io-client';
import type { FileOffer, FunctionId, Prompt } from '../../src/protocol/index.js';
import { RemoteSupportConsole, type RscScreenView } from '../../src/console/index.js';
import { sha256Hex } from '../../src/ui/file-transfer.js';
import { SignalledPeer, type ScreenSignal } from '../../src/ui/rtc-signal.js';
import { FileTransfers, type TransferView } from '../../src/ui/transfers.js';
import { assert, expect } from './chai.js';
import { afterEach, beforeEach, describe, it } from './mocha.js';
import { call, connectCustomer, devToken, nextEvent, ok, relayUrl, startRelay, type TestRelay } from './support.js';

RemoteSupportConsole.define();

const text = (node: Node | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const wait = (what: string, predicate: () => boolean, timeout = 8000) => waitUntil(predicate, `timed out waiting for ${what}`, { timeout, interval: 20 });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The shadow root of the console, or of one of its parts (`host` names the part's tag). */
function root(el: RemoteSupportConsole, host?: string): ShadowRoot {
  const r = host ? el.shadowRoot?.querySelector(host)?.shadowRoot : el.shadowRoot;
  if (!r) throw new Error(`no shadow root${host ? ` for ${host}` : ''}`);
  return r;
}

function button(el: RemoteSupportConsole, label: string | RegExp, host?: string): HTMLButtonElement {
  const found = [...root(el, host).querySelectorAll('button')].find((b) => (typeof label === 'string' ? text(b) === label : label.test(text(b))));
  if (!found) throw new Error(`no button ${String(label)}${host ? ` in ${host}` : ''}`);
  return found;
}

async function realClick(target: Element): Promise<void> {
  target.scrollIntoView({ block: 'center' });
  const r = target.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2)] });
}

const FN_NAMES: Record<FunctionId, string> = {
  'desktop-view': 'Screen viewing',
  'remote-control': 'Remote control',
  'file-transfer': 'File transfer',
  'system-info': 'System information',
  reboot: 'Restart and reconnect',
};

interface Setup {
  el: RemoteSupportConsole;
  customer: Socket;
}

/** A console signed in with a session the customer (a socket) joined. */
async function start(relay?: TestRelay): Promise<Setup> {
  const el = await fixture<RemoteSupportConsole>(html`<remote-support-console server=${relay?.url ?? relayUrl}></remote-support-console>`);
  assert.isTrue(await el.signIn(relay?.devToken ?? devToken));
  assert.isTrue(await el.createSession());
  const customer = connectCustomer(relay);
  await ok(customer, 'session:join', { code: el.state.code!.code });
  await wait('the customer', () => el.state.session?.state === 'active');
  return { el, customer };
}

/** The technician clicks Request for `fn`; the customer allows it. */
async function grant({ el, customer }: Setup, fn: FunctionId): Promise<void> {
  const prompt = nextEvent<{ prompt: Prompt | null }>(customer, 'consent:prompt', (p) => p.prompt?.fn === fn);
  const row = [...root(el, 'rsc-function-list').querySelectorAll('li')].find((li) => text(li.querySelector('.name')) === FN_NAMES[fn])!;
  await realClick(row.querySelector('button')!);
  await ok(customer, 'consent:decide', { promptId: (await prompt).prompt!.id, allow: true });
  await wait(`${fn} granted`, () => el.state.session?.consent.grants[fn].status === 'granted');
}

// ── the customer's screen ────────────────────────────────────────────────────────────────────────────────────

// The console keeps its token and session in sessionStorage: each test starts without.
beforeEach(() => sessionStorage.clear());

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

/** A moving 320×180 picture as a MediaStream (what getDisplayMedia would give). */
function fakeScreen(): MediaStream {
  const canvas = document.createElement('canvas');
  canvas.width = 320;
  canvas.height = 180;
  const ctx = canvas.getContext('2d')!;
  let n = 0;
  const timer = setInterval(() => {
    ctx.fillStyle = `hsl(${(n += 15) % 360} 80% 50%)`;
    ctx.fillRect(0, 0, 320, 180);
  }, 30);
  const stream = canvas.captureStream(30);
  stops.push(() => {
    clearInterval(timer);
    for (const track of stream.getTracks()) track.stop();
  });
  return stream;
}

/** The customer's side of sharing, as the widget does it: screen:state, then an offer of the stream. */
async function share(customer: Socket, surface: 'this-tab' | 'window' = 'window'): Promise<SignalledPeer> {
  await ok(customer, 'screen:state', { state: 'sharing', surface });
  const peer = new SignalledPeer({ iceServers: [], send: (signal) => void call(customer, 'screen:signal', signal) });
  const onSignal = (signal: ScreenSignal) => void peer.receive(signal);
  customer.on('screen:signal', onSignal);
  stops.push(() => {
    customer.off('screen:signal', onSignal);
    peer.close();
  });
  await peer.offer(fakeScreen());
  return peer;
}

function screenView(el: RemoteSupportConsole): RscScreenView {
  return el.shadowRoot!.querySelector('rsc-screen-view')!;
}

function video(el: RemoteSupportConsole): HTMLVideoElement {
  return root(el, 'rsc-screen-view').querySelector('video')!;
}

/** Waits until the console's video is live and at least `count` more frames arrived. */
async function framesArrive(el: RemoteSupportConsole, count = 5): Promise<void> {
  await wait('live video', () => el.state.video === 'live' && !!video(el).srcObject);
  const start = screenView(el).framesArrived;
  await wait(`${count} frames`, () => screenView(el).framesArrived >= start + count);
}

async function videoClosed(el: RemoteSupportConsole, sharing = false): Promise<void> {
  await wait('the video closed', () => el.state.video === 'idle' && !video(el).srcObject);
  const status = text(root(el, 'rsc-screen-view').querySelector('[role=status]'));
  if (sharing) assert.include(status, 'Waiting for the video');
  else assert.include(status, 'not sharing');
}

describe('<remote-support-console> screen viewing', () => {
  it('shows the live video with what is shared, and closes it on bye, on screen:state stopped and on revocation', async function () {
    this.timeout(40_000);
    const s = await start();
    await grant(s, 'desktop-view');
    const { el, customer } = s;
    assert.include(text(root(el, 'rsc-screen-view').querySelector('[role=status]')), 'The customer is not sharing their screen.');

    // 1. Live, then the customer's side says bye.
    const peer = await share(customer, 'window');
    await framesArrive(el);
    const v = video(el);
    assert.isTrue(v.muted);
    assert.isTrue(v.autoplay);
    assert.isTrue(v.hasAttribute('playsinline'));
    assert.strictEqual(v.getAttribute('aria-label'), "Live video of the customer's screen");
    assert.strictEqual(text(root(el, 'rsc-screen-view').querySelector('figcaption')), 'Sharing: a window');
    assert.strictEqual(text(root(el, 'rsc-screen-view').querySelector('[role=status]')), 'Live.');
    assert.include(text(root(el, 'rsc-chat-log')), 'The customer started sharing a window.');
    await expect(el).to.be.accessible();
    // (The customer still shares: a new offer will come.)
    peer.close(true);
    await videoClosed(el, true);

    // 2. A new offer is a new connection; then the customer's browser stops (screen:state stopped).
    await share(customer, 'this-tab');
    await framesArrive(el);
    assert.strictEqual(text(root(el, 'rsc-screen-view').querySelector('figcaption')), 'Sharing: the tab with this chat');
    await ok(customer, 'screen:state', { state: 'stopped' });
    await videoClosed(el);

    // 3. Live again, then the customer revokes screen viewing: closed without any word from the customer's side.
    await share(customer, 'window');
    await framesArrive(el);
    await ok(customer, 'consent:revoke', { fn: 'desktop-view' });
    await videoClosed(el);
    assert.include(text(el.shadowRoot!.querySelector('[part=notice]')), 'The customer revoked: Screen viewing.');
    el.theme = 'dark';
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('closes the video when the customer drops while sharing', async function () {
    this.timeout(20_000);
    const s = await start();
    await grant(s, 'desktop-view');
    await share(s.customer, 'window');
    await framesArrive(s.el);
    s.customer.disconnect();
    await videoClosed(s.el);
    assert.isFalse(s.el.state.session?.customerPresent);
  });

  it('closes the video when the session ends, and tells why the browser ended sharing', async function () {
    this.timeout(30_000);
    const s = await start();
    await grant(s, 'desktop-view');
    await share(s.customer, 'window');
    await framesArrive(s.el);
    await ok(s.customer, 'session:end');
    await wait('the video closed', () => s.el.state.video === 'idle');
    assert.isNull(video(s.el)?.srcObject ?? null);

    const t = await start();
    await grant(t, 'desktop-view');
    await ok(t.customer, 'consent:revoke', { fn: 'desktop-view', reason: 'picker-cancelled' });
    await wait('the notice', () => text(t.el.shadowRoot!.querySelector('[part=notice]')).includes("closed the browser's sharing dialog"));
    await wait('the chat line', () => text(root(t.el, 'rsc-chat-log')).includes("The customer closed the browser's sharing dialog without choosing anything."));
  });
});

describe('<remote-support-console> pointing', () => {
  it('sends pointer positions only while remote control is granted and the customer shares this tab, at most 20 a second', async function () {
    this.timeout(40_000);
    const s = await start();
    const { el, customer } = s;
    await grant(s, 'desktop-view');
    await grant(s, 'remote-control');
    const events: { at: number; event: { type: string; x?: number; y?: number } }[] = [];
    customer.on('control:event', (event: { type: string }) => events.push({ at: performance.now(), event }));

    // Sharing a window: no pointing.
    await share(customer, 'window');
    await framesArrive(el);
    assert.include(text(root(el, 'rsc-screen-view')), 'only while the customer shares the tab with this chat');
    const box = () => video(el).getBoundingClientRect();
    video(el).scrollIntoView({ block: 'center' });
    const sweep = async (steps: number) => {
      const r = box();
      for (let i = 0; i < steps; i++) {
        await sendMouse({ type: 'move', position: [Math.round(r.left + r.width * (0.2 + (0.6 * i) / steps)), Math.round(r.top + r.height / 2)] });
      }
    };
    await sweep(10);
    await sleep(200);
    assert.lengthOf(events, 0);

    // This tab: the pointer goes to the customer, in frame coordinates.
    await ok(customer, 'screen:state', { state: 'sharing', surface: 'this-tab' });
    await wait('pointing on', () => text(root(el, 'rsc-screen-view')).includes('Pointing is on'));
    const r = box();
    await sendMouse({ type: 'move', position: [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)] });
    await wait('a pointer event', () => events.length > 0);
    const first = events[0]!.event;
    assert.strictEqual(first.type, 'pointer');
    assert.approximately(first.x!, 0.5, 0.02);
    assert.approximately(first.y!, 0.5, 0.02);

    // A burst of moves: at most one event per 50 ms (counted, since the relay's delivery adds jitter to the gaps),
    // and the last position arrives.
    events.length = 0;
    const began = performance.now();
    await sweep(40);
    const took = performance.now() - began;
    await sleep(200);
    assert.isAbove(events.length, 1);
    assert.isAtMost(events.length, Math.floor(took / 50) + 2, `${events.length} events in ${Math.round(took)} ms`);
    assert.approximately(events.at(-1)!.event.x!, 0.2 + (0.6 * 39) / 40, 0.02);

    // Leaving the video hides the customer's pointer.
    await sendMouse({ type: 'move', position: [Math.round(r.left + r.width / 2), Math.round(r.bottom + 40)] });
    await wait('pointer-hide', () => events.at(-1)?.event.type === 'pointer-hide');

    // Revoked: nothing more is sent.
    await ok(customer, 'consent:revoke', { fn: 'remote-control' });
    await wait('revoked', () => el.state.session?.consent.grants['remote-control'].status === 'revoked');
    events.length = 0;
    await sweep(10);
    await sleep(200);
    assert.lengthOf(events, 0);
    const refused = (await ok<{ entries: { type: string }[] }>(customer, 'audit:fetch')).entries.filter((e) => e.type === 'use-refused');
    assert.lengthOf(refused, 0);
  });
});

// ── files ────────────────────────────────────────────────────────────────────────────────────────────────────

function bytes(size: number, seed = 7): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i * seed + (i >> 8)) & 0xff;
  return out;
}

function base64(data: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The customer's side of file transfer, with the shared module (as the widget), optionally slow to acknowledge. */
function customerFiles(customer: Socket, options: { ackDelayMs?: number; accept?: boolean } = {}) {
  let list: readonly TransferView[] = [];
  const files = new FileTransfers({
    role: 'customer',
    request: async (event, payload) => {
      const res = await call(customer, event, payload, 35_000);
      return res.ok ? { ok: true } : { ok: false, code: res.error.code };
    },
    onChange: (l) => (list = l),
  });
  customer.on('file:offer', (offer: FileOffer) => {
    files.offered(offer);
    if (options.accept) void files.accept(offer.transferId);
  });
  customer.on('file:accept', ({ transferId }: { transferId: string }) => files.accepted(transferId));
  customer.on('file:done', ({ transferId }: { transferId: string }) => files.done(transferId));
  customer.on('file:cancel', (info: Parameters<FileTransfers['cancelled']>[0]) => files.cancelled(info));
  customer.on('file:chunk', (payload: { transferId: string; index: number; data: string }, ack: (a: { ok: boolean }) => void) => {
    if (options.ackDelayMs) setTimeout(() => files.chunk(payload, ack), options.ackDelayMs);
    else files.chunk(payload, ack);
  });
  return { files, get list() { return list; } };
}

function transferItem(el: RemoteSupportConsole, name: string): HTMLLIElement | undefined {
  return [...root(el, 'rsc-file-panel').querySelectorAll('li')].find((li) => text(li.querySelector('.file-name')) === name);
}

/** The technician picks files with the real file chooser (Playwright sets them, the page sees a trusted change). */
async function pick(files: { name: string; data: Uint8Array; type?: string }[]): Promise<void> {
  await executeServerCommand('files:choose', { files: files.map((f) => ({ name: f.name, type: f.type ?? 'application/octet-stream', base64: base64(f.data) })) });
}

describe('<remote-support-console> files', () => {
  it("shows a customer's file name plain, its real extension apart, and warns before Accept of a script", async function () {
    this.timeout(20_000);
    const s = await start();
    const { el, customer } = s;
    await grant(s, 'file-transfer');
    const side = customerFiles(customer);
    assert.deepInclude(await call(customer, 'file:offer', { transferId: 'rlo', name: 'photo\u202egnp.js', size: 5, type: '', sha256: 'a'.repeat(64) }), { ok: false });
    await side.files.send(new Blob(['alert(1)']), 'photo\u202egnp.js');
    await wait('the offer', () => !!transferItem(el, 'photo_gnp.js'));
    const item = transferItem(el, 'photo_gnp.js')!;
    assert.strictEqual(item.querySelector('.file-name')!.tagName, 'BDI');
    assert.strictEqual(text(item.querySelector('.file-ext')), '.js');
    const warning = item.querySelector('.file-risky')!;
    assert.include(text(warning), 'This .js file can run programs on your computer.');
    assert.strictEqual(button(el, 'Accept', 'rsc-file-panel').getAttribute('aria-describedby'), warning.id);
    await expect(el).to.be.accessible();
  });

  it('receives a file only after Accept, checks its SHA-256 and offers it to save; the name stays text', async function () {
    this.timeout(30_000);
    const s = await start();
    const { el, customer } = s;
    await grant(s, 'file-transfer');
    const side = customerFiles(customer);
    const data = bytes(150_000);
    const name = 'report <img src=x onerror="window.__pwned=1">.bin';
    await side.files.send(new Blob([data as BlobPart]), name);
    await wait('the offer', () => !!transferItem(el, name));
    const item = transferItem(el, name)!;
    assert.isNull(item.querySelector('img'));
    assert.include(text(item), 'The customer offers this file. Nothing is received until you accept.');
    assert.include(text(item), 'From the customer');
    await expect(el).to.be.accessible();
    assert.strictEqual(side.list[0]!.status, 'offered');

    await realClick(button(el, 'Accept', 'rsc-file-panel'));
    await wait('done', () => text(transferItem(el, name)).includes('Received, SHA-256 checked.'), 15_000);
    const link = transferItem(el, name)!.querySelector<HTMLAnchorElement>('a[download]')!;
    assert.strictEqual(link.getAttribute('download'), name);
    assert.match(link.href, /^blob:/);
    assert.strictEqual(link.getAttribute('aria-label'), `Save ${name}`);
    const saved = new Uint8Array(await (await fetch(link.href)).arrayBuffer());
    assert.strictEqual(await sha256Hex(saved), await sha256Hex(data));
    await wait('the customer hears it arrived', () => side.list[0]?.status === 'done');
    assert.isUndefined((window as { __pwned?: number }).__pwned);
    await wait('the chat line', () => text(root(el, 'rsc-chat-log')).includes('File transferred, SHA-256 checked'));
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('refuses a file whose SHA-256 does not match what was offered', async function () {
    this.timeout(20_000);
    const s = await start();
    await grant(s, 'file-transfer');
    const data = bytes(1000);
    const transferId = 't-mismatch';
    await ok(s.customer, 'file:offer', { transferId, name: 'x.bin', size: data.length, type: '', sha256: '0'.repeat(64) });
    await wait('the offer', () => !!transferItem(s.el, 'x.bin'));
    const cancel = nextEvent<{ reason: string }>(s.customer, 'file:cancel');
    const accepted = nextEvent(s.customer, 'file:accept');
    await realClick(button(s.el, 'Accept', 'rsc-file-panel'));
    await accepted;
    await ok(s.customer, 'file:chunk', { transferId, index: 0, data: base64(data) });
    assert.strictEqual((await cancel).reason, 'hash-mismatch');
    await wait('the failure', () => text(transferItem(s.el, 'x.bin')).includes('the SHA-256 did not match'));
    assert.isNull(transferItem(s.el, 'x.bin')!.querySelector('a'));
  });

  it('sends a file with progress until the customer checked it', async function () {
    this.timeout(30_000);
    const s = await start();
    const { el, customer } = s;
    assert.isTrue(button(el, 'Send a file…', 'rsc-file-panel').disabled);
    await grant(s, 'file-transfer');
    assert.isFalse(button(el, 'Send a file…', 'rsc-file-panel').disabled);
    const side = customerFiles(customer, { ackDelayMs: 150, accept: true });
    const data = bytes(6 * 64 * 1024 + 10, 13);
    await pick([{ name: 'driver.zip', data, type: 'application/zip' }]);
    await wait('sending', () => !!transferItem(el, 'driver.zip')?.querySelector('progress'));
    const progress = transferItem(el, 'driver.zip')!.querySelector('progress')!;
    assert.strictEqual(progress.getAttribute('aria-label'), 'Progress of driver.zip');
    await wait('some progress', () => progress.value > 0 && progress.value < data.length);
    await expect(el).to.be.accessible();
    await wait('delivered', () => text(transferItem(el, 'driver.zip')).includes('Delivered'), 20_000);
    assert.isNull(transferItem(el, 'driver.zip')!.querySelector('progress'));
    const received = side.list.find((t) => t.name === 'driver.zip')!;
    assert.strictEqual(received.status, 'done');
    assert.strictEqual(await sha256Hex(new Uint8Array(await (await fetch(received.url!)).arrayBuffer())), await sha256Hex(data));
  });

  it('says a file is too large before sending anything', async function () {
    this.timeout(20_000);
    const relay = await startRelay({ maxFileBytes: 1000 });
    const s = await start(relay);
    await grant(s, 'file-transfer');
    let offers = 0;
    s.customer.on('file:offer', () => offers++);
    assert.include(text(root(s.el, 'rsc-file-panel')), 'Up to 1,000 bytes per file.');
    await pick([{ name: 'big.bin', data: bytes(1001) }]);
    await wait('the refusal', () => text(transferItem(s.el, 'big.bin')).includes('This file is larger than 1,000 bytes'));
    await sleep(200);
    assert.strictEqual(offers, 0);
  });

  it('cancels both ways: the technician stops a file it sends, the customer stops one the console receives', async function () {
    this.timeout(30_000);
    const s = await start();
    const { el, customer } = s;
    await grant(s, 'file-transfer');

    // The technician cancels while sending.
    const side = customerFiles(customer, { ackDelayMs: 300, accept: true });
    const cancelled = nextEvent<{ transferId: string; by: string; reason: string }>(customer, 'file:cancel');
    await pick([{ name: 'slow.bin', data: bytes(20 * 64 * 1024) }]);
    await wait('sending', () => !!transferItem(el, 'slow.bin')?.querySelector('progress'));
    await realClick(button(el, 'Cancel', 'rsc-file-panel'));
    assert.deepInclude(await cancelled, { by: 'technician', reason: 'cancelled' });
    await wait('cancelled here', () => text(transferItem(el, 'slow.bin')).includes('You cancelled it.'));
    await wait('cancelled there', () => side.list.find((t) => t.name === 'slow.bin')?.status === 'cancelled');

    // The customer cancels while the console receives.
    const id = await side.files.send(new Blob([bytes(30 * 64 * 1024) as BlobPart]), 'theirs.bin');
    await wait('the offer', () => !!transferItem(el, 'theirs.bin'));
    await realClick(transferItem(el, 'theirs.bin')!.querySelector('button')!);
    await wait('receiving', () => (transferItem(el, 'theirs.bin')?.querySelector('progress')?.value ?? 0) > 0);
    await side.files.cancel(id);
    await wait('cancelled by the customer', () => text(transferItem(el, 'theirs.bin')).includes('The customer cancelled it.'));
    assert.isNull(transferItem(el, 'theirs.bin')!.querySelector('a'));

    // Declining an offer tells the customer.
    const declined = nextEvent<{ reason: string }>(customer, 'file:cancel');
    await side.files.send(new Blob([bytes(10) as BlobPart]), 'unwanted.bin');
    await wait('the offer', () => !!transferItem(el, 'unwanted.bin'));
    await realClick(button(el, 'Decline', 'rsc-file-panel'));
    assert.strictEqual((await declined).reason, 'declined');
    await wait('declined', () => text(transferItem(el, 'unwanted.bin')).includes('You declined it.'));
  });
});

// ── system information, restart ──────────────────────────────────────────────────────────────────────────────

describe('<remote-support-console> system information and restart', () => {
  it('shows the customer’s system information as a table of text', async function () {
    this.timeout(20_000);
    const s = await start();
    const { el, customer } = s;
    await grant(s, 'system-info');
    const request = nextEvent(customer, 'sysinfo:request');
    await realClick(button(el, 'Request system information', 'rsc-function-list'));
    await request;
    const evil = '<img src=x onerror="window.__pwned=2">';
    await ok(customer, 'sysinfo:report', {
      items: [
        { key: 'timeZone', value: 'Europe/Oslo' },
        { key: 'userAgent', value: evil },
        { key: 'screen', value: '1920×1080' },
      ],
    });
    await wait('the table', () => !!el.shadowRoot!.querySelector('rsc-sysinfo')?.shadowRoot?.querySelector('table'));
    const table = root(el, 'rsc-sysinfo').querySelector('table')!;
    assert.include(text(table.querySelector('caption')), "As the customer's browser reported it at");
    const rows = [...table.querySelectorAll('tbody tr')].map((tr) => [text(tr.querySelector('th')), tr.querySelector('td')!.textContent]);
    assert.deepEqual(rows, [
      ['User agent', evil],
      ['Time zone', 'Europe/Oslo'],
      ['Screen size', '1920×1080'],
    ]);
    assert.isNull(table.querySelector('img'));
    assert.isUndefined((window as { __pwned?: number }).__pwned);
    await wait('the chat line', () => text(root(el, 'rsc-chat-log')).includes('The customer sent their system information.'));
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('waits for the restart with the deadline, then says the customer reconnected after it', async function () {
    this.timeout(20_000);
    const s = await start();
    const { el, customer } = s;
    await grant(s, 'reboot');
    const request = nextEvent<{ token: string; expiresAt: number }>(customer, 'reboot:request');
    await realClick(button(el, "Restart the customer's computer", 'rsc-function-list'));
    const { token, expiresAt } = await request;
    const until = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' }).format(expiresAt);
    await wait('waiting', () =>
      text(root(el, 'rsc-function-list')).includes(`Waiting for the customer's computer to restart — reconnect possible until ${until}.`),
    );

    // The computer restarts: the connection goes, a new page rejoins with the token.
    customer.disconnect();
    await wait('the drop', () => el.state.session?.customerPresent === false);
    const again = connectCustomer();
    await ok(again, 'session:rejoin', { token });
    await wait('the notice', () => text(el.shadowRoot!.querySelector('[part=notice]')).startsWith('Reconnected after restart'));
    assert.match(text(root(el, 'rsc-function-list')), /Reconnected after restart \(.+\)\./);
    await wait('the chat line', () => text(root(el, 'rsc-chat-log')).includes('Reconnected after restart: the customer is back.'));
    assert.isTrue(el.state.session?.customerPresent);
    await expect(el).to.be.accessible();
  });
});
