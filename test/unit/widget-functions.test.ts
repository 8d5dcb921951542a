/**
 * The widget's function modules without a browser: screen sharing over a stand-in getDisplayMedia and peer
 * connection (src/widget/functions/screen-share.ts), the system-information collector (sysinfo.ts) and the reboot
 * token's store (session/resume-store.ts).
 */
import { describe, expect, it } from 'vitest';
import type { GrantStatus } from '../../src/protocol/consent.js';
import { parsePayload } from '../../src/protocol/schemas.js';
import type { ScreenSignal } from '../../src/ui/rtc-signal.js';
import { REBOOT_KEY, ResumeStore } from '../../src/widget/session/resume-store.js';
import {
  DISPLAY_MEDIA_OPTIONS,
  ScreenShare,
  type DisplayMedia,
  type ScreenShareHost,
  type ScreenView,
} from '../../src/widget/functions/screen-share.js';
import { collectSysinfo, SYSINFO_KEYS, type SysinfoSource } from '../../src/widget/functions/sysinfo.js';
import { MemoryStorage } from '../support/memory-storage.js';

const task = () => new Promise((resolve) => setTimeout(resolve, 0));
/** Lets the work after a change run out: screen sharing takes a few tasks (a peer connection, then its offer). */
const flush = async () => {
  for (let i = 0; i < 5; i++) await task();
};

class FakeTrack extends EventTarget {
  stopped = false;
  constructor(
    readonly surface: string,
    readonly handle?: string,
  ) {
    super();
  }
  stop() {
    this.stopped = true;
  }
  getSettings() {
    return { displaySurface: this.surface };
  }
  getCaptureHandle() {
    return this.handle === undefined ? null : { handle: this.handle };
  }
}

function fakeStream(track: FakeTrack): MediaStream {
  return { getVideoTracks: () => [track], getTracks: () => [track] } as unknown as MediaStream;
}

/** A stand-in `navigator.mediaDevices`: answers each getDisplayMedia as the test says. */
class FakeMedia implements DisplayMedia {
  handle = '';
  calls: DisplayMediaStreamOptions[] = [];
  answer: (handle: string) => Promise<MediaStream> = (handle) => Promise.resolve(fakeStream(new FakeTrack('browser', handle)));
  setCaptureHandleConfig(config: { handle: string; permittedOrigins: string[] }) {
    expect(config.permittedOrigins).toEqual(['*']);
    this.handle = config.handle;
  }
  getDisplayMedia(options: DisplayMediaStreamOptions) {
    this.calls.push(options);
    return this.answer(this.handle);
  }
}

class FakePeerModule {
  static peers: FakePeerModule['SignalledPeer'][] = [];
  /** What the peers did, in order, with a 'task' between the tasks they did it in (`tasks()`). */
  static steps: string[] = [];
  SignalledPeer = class {
    closed: boolean | 'bye' = false;
    received: ScreenSignal[] = [];
    offered: MediaStream | undefined;
    pc = { connectionState: 'new' };
    constructor(readonly options: { iceServers: RTCIceServer[]; send(s: ScreenSignal): void }) {
      FakePeerModule.peers.push(this as never);
      FakePeerModule.steps.push('peer created');
    }
    async offer(stream: MediaStream, between?: () => Promise<void>) {
      this.offered = stream;
      FakePeerModule.steps.push('track added');
      await between?.();
      FakePeerModule.steps.push('offer made');
      this.options.send({ kind: 'offer', data: '{"type":"offer","sdp":"x"}' });
    }
    async receive(s: ScreenSignal) {
      this.received.push(s);
      return true;
    }
    close(bye = false) {
      this.closed = bye ? 'bye' : true;
    }
  };
}

function setup(grant: GrantStatus = 'pending') {
  const host = {
    grantStatus: grant,
    emitted: [] as Array<[string, unknown]>,
    givenBack: [] as string[],
    views: [] as Array<ScreenView | undefined>,
  };
  const media = new FakeMedia();
  const module = new FakePeerModule();
  FakePeerModule.peers = [];
  FakePeerModule.steps = [];
  const hostApi: ScreenShareHost = {
    iceServers: () => [{ urls: 'stun:example.org' }],
    grant: () => host.grantStatus,
    emit: (event: string, payload: unknown) => void host.emitted.push([event, payload]),
    giveBack: (reason) => void host.givenBack.push(reason),
    change: (view) => void host.views.push(view),
  };
  const share = new ScreenShare(hostApi, media, () => Promise.resolve(module as never));
  const peers = () => FakePeerModule.peers as unknown as Array<InstanceType<FakePeerModule['SignalledPeer']>>;
  const grantNow = async (status: GrantStatus) => {
    host.grantStatus = status;
    share.grantChanged();
    await flush();
  };
  return { host, media, share, peers, grantNow };
}

describe('ScreenShare', () => {
  it('captures at once (in the click), but announces and offers only once the relay confirmed the grant', async () => {
    const { host, media, share, peers, grantNow } = setup('pending');
    share.start();
    expect(media.calls).toEqual([DISPLAY_MEDIA_OPTIONS]);
    expect(DISPLAY_MEDIA_OPTIONS).toMatchObject({ video: true, audio: false, preferCurrentTab: true, selfBrowserSurface: 'include', surfaceSwitching: 'exclude' });
    expect(share.view).toEqual({ state: 'starting' });
    await flush();
    expect(host.emitted).toEqual([]);
    await grantNow('granted');
    expect(share.view).toEqual({ state: 'sharing', surface: 'this-tab' });
    expect(host.emitted).toEqual([
      ['screen:state', { state: 'sharing', surface: 'this-tab' }],
      ['screen:signal', { kind: 'offer', data: '{"type":"offer","sdp":"x"}' }],
    ]);
    expect(peers()).toHaveLength(1);
    expect(peers()[0]!.options.iceServers).toEqual([{ urls: 'stun:example.org' }]);
    share.signal({ kind: 'answer', data: '{}' });
    expect(peers()[0]!.received).toEqual([{ kind: 'answer', data: '{}' }]);
  });

  it('creates the peer connection, adds the track and makes the offer each in a task of its own, none in the grant’s', async () => {
    const { host, share } = setup('pending');
    share.start();
    await flush();
    // Marks each task boundary from here on with a timer of its own, re-armed every task.
    let marking = true;
    const mark = () => {
      if (!marking) return;
      FakePeerModule.steps.push('task');
      setTimeout(mark, 0);
    };
    host.grantStatus = 'granted';
    share.grantChanged();
    FakePeerModule.steps.push('grant handled');
    setTimeout(mark, 0);
    await flush();
    marking = false;
    const steps = FakePeerModule.steps.filter((s, i, all) => s !== 'task' || all[i - 1] !== 'task');
    expect(steps.slice(0, 6)).toEqual(['grant handled', 'task', 'peer created', 'task', 'track added', 'task']);
    expect(steps[6]).toBe('offer made');
    expect(host.emitted.map(([e]) => e)).toEqual(['screen:state', 'screen:signal']);
  });

  it('asks for the peer connection’s chunk while the picker is open, in a task after the click’s', async () => {
    const media = new FakeMedia();
    media.answer = () => new Promise(() => undefined); // the picker stays open
    let loads = 0;
    const host: ScreenShareHost = {
      iceServers: () => [],
      grant: () => 'pending',
      emit: () => undefined,
      giveBack: () => undefined,
      change: () => undefined,
    };
    const share = new ScreenShare(host, media, () => {
      loads++;
      return Promise.resolve(new FakePeerModule() as never);
    });
    share.start();
    await Promise.resolve();
    expect(loads).toBe(0);
    await task();
    expect(loads).toBe(1);
  });

  it('makes no offer over a connection stopped between its creation and the offer', async () => {
    const { host, share, peers } = setup('granted');
    share.start();
    await task();
    await task();
    // The grant was live on capture: announced, the peer connection comes in the next task.
    for (let i = 0; i < 5 && peers().length === 0; i++) await task();
    expect(peers()).toHaveLength(1);
    share.stop(true);
    await flush();
    expect(peers()[0]!.offered).toBeUndefined();
    expect(host.emitted.map(([e]) => e)).toEqual(['screen:state', 'screen:state']);
  });

  it('tells this tab from another surface by the capture handle', async () => {
    const { media, share, grantNow } = setup('granted');
    media.answer = () => Promise.resolve(fakeStream(new FakeTrack('browser', 'someone-else')));
    share.start();
    await grantNow('granted');
    expect(share.view).toEqual({ state: 'sharing', surface: 'browser' });
    share.stop(false);
    media.answer = () => Promise.resolve(fakeStream(new FakeTrack('monitor')));
    share.start();
    await grantNow('granted');
    expect(share.view?.surface).toBe('monitor');
    share.stop(false);
    media.answer = () => Promise.resolve(fakeStream(new FakeTrack('')));
    share.start();
    await grantNow('granted');
    expect(share.view?.surface).toBe('unknown');
  });

  it('stops every track when the grant ends, without telling a relay that would refuse', async () => {
    const { host, media, share, peers, grantNow } = setup('granted');
    const track = new FakeTrack('browser');
    media.answer = () => Promise.resolve(fakeStream(track));
    share.start();
    await grantNow('granted');
    host.emitted = [];
    await grantNow('revoked');
    expect(track.stopped).toBe(true);
    expect(peers()[0]!.closed).toBe(true);
    expect(share.view).toBeUndefined();
    expect(host.emitted).toEqual([]);
    expect(host.givenBack).toEqual([]);
  });

  it('stop(true) while allowed says bye and stopped', async () => {
    const { host, share, peers, grantNow } = setup('granted');
    share.start();
    await grantNow('granted');
    host.emitted = [];
    share.stop(true);
    expect(peers()[0]!.closed).toBe('bye');
    expect(host.emitted).toEqual([['screen:state', { state: 'stopped' }]]);
  });

  it("the browser's own Stop gives the grant back as browser-stopped", async () => {
    const { host, media, share, grantNow } = setup('granted');
    const track = new FakeTrack('monitor');
    media.answer = () => Promise.resolve(fakeStream(track));
    share.start();
    await grantNow('granted');
    track.dispatchEvent(new Event('ended'));
    expect(host.emitted.at(-1)).toEqual(['screen:state', { state: 'stopped' }]);
    expect(host.givenBack).toEqual(['browser-stopped']);
    expect(share.view).toBeUndefined();
  });

  it('a cancelled picker gives the grant back as picker-cancelled, once the relay has confirmed the grant', async () => {
    const { host, media, share, grantNow } = setup('pending');
    media.answer = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    share.start();
    await flush();
    expect(share.view).toBeUndefined();
    expect(host.givenBack).toEqual([]);
    await grantNow('granted');
    expect(host.givenBack).toEqual(['picker-cancelled']);
    await grantNow('revoked');
    expect(host.givenBack).toEqual(['picker-cancelled']);
  });

  it('any other failure, or no getDisplayMedia at all, is capture-failed', async () => {
    const { host, media, share, grantNow } = setup('granted');
    media.answer = () => Promise.reject(new DOMException('no', 'NotReadableError'));
    share.start();
    await grantNow('granted');
    const bare = setup('granted');
    const none = new ScreenShare(
      { ...bare.host, iceServers: () => [], grant: () => 'granted', emit: () => undefined, giveBack: (r) => void host.givenBack.push(r), change: () => undefined },
      undefined,
    );
    none.start();
    await flush();
    expect(host.givenBack).toEqual(['capture-failed', 'capture-failed']);
  });

  it('a capture whose grant was refused, or that was stopped while the picker was open, is stopped on arrival', async () => {
    const { host, media, share, grantNow } = setup('pending');
    const track = new FakeTrack('browser');
    let resolve!: (s: MediaStream) => void;
    media.answer = () => new Promise((r) => (resolve = r));
    share.start();
    await grantNow('expired');
    expect(share.view).toBeUndefined();
    resolve(fakeStream(track));
    await flush();
    expect(track.stopped).toBe(true);
    expect(host.emitted).toEqual([]);
  });

  it('says again what it shares, over a fresh connection when the technician comes back or the old one is down', async () => {
    const { host, share, peers, grantNow } = setup('granted');
    share.start();
    await grantNow('granted');
    host.emitted = [];
    share.reannounce();
    await flush();
    expect(peers()).toHaveLength(2);
    expect(peers()[0]!.closed).toBe(true);
    expect(host.emitted.map(([e]) => e)).toEqual(['screen:state', 'screen:signal']);
    // Back after a drop with the connection still up: the state again, the same connection.
    peers()[1]!.pc.connectionState = 'connected';
    host.emitted = [];
    share.reannounce(true);
    await flush();
    expect(peers()).toHaveLength(2);
    expect(host.emitted).toEqual([['screen:state', { state: 'sharing', surface: 'this-tab' }]]);
  });
});

describe('collectSysinfo', () => {
  const source = (extra: Partial<SysinfoSource['navigator']> = {}): SysinfoSource => ({
    navigator: {
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0',
      platform: 'Linux x86_64',
      languages: ['pl-PL', 'en'],
      language: 'pl-PL',
      hardwareConcurrency: 8,
      cookieEnabled: true,
      deviceMemory: 8,
      connection: { effectiveType: '4g' },
      userAgentData: {
        brands: [
          { brand: 'Chromium', version: '156' },
          { brand: 'Not)A;Brand', version: '24' },
        ],
        mobile: false,
        platform: 'Linux',
        getHighEntropyValues: async () => ({
          platformVersion: '6.1.0',
          architecture: 'x86',
          bitness: '64',
          model: '',
          fullVersionList: [
            { brand: 'Chromium', version: '156.0.7000.1' },
            { brand: 'Not_A Brand', version: '99.0.0.0' },
          ],
        }),
      },
      ...extra,
    } as unknown as SysinfoSource['navigator'],
    screen: { width: 1920, height: 1080 },
    innerWidth: 1280,
    innerHeight: 720,
    devicePixelRatio: 1.25,
    location: { origin: 'https://help.example.com', pathname: '/support/printer' },
    localStorage: new MemoryStorage(),
  });

  it('collects only the protocol keys, in order, as the relay accepts them; the page URL without query or hash', async () => {
    const items = await collectSysinfo(source());
    const values = Object.fromEntries(items.map((i) => [i.key, i.value]));
    expect(values).toMatchObject({
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0',
      browser: 'Chromium 156.0.7000.1',
      platform: 'Linux',
      platformVersion: '6.1.0',
      architecture: 'x86 (64-bit)',
      mobile: 'no',
      languages: 'pl-PL, en',
      screen: '1920×1080',
      window: '1280×720',
      pixelRatio: '1.25',
      cpuCores: '8',
      deviceMemory: '8 GB',
      connection: '4g',
      cookies: 'enabled',
      storage: 'available',
      pageUrl: 'https://help.example.com/support/printer',
    });
    expect(values.deviceModel).toBeUndefined();
    expect(typeof values.timeZone).toBe('string');
    expect(items.map((i) => i.key)).toEqual(SYSINFO_KEYS.filter((k) => k in values));
    expect(parsePayload('sysinfo:report', { items })).toMatchObject({ ok: true });
  });

  it('falls back without client hints and says when storage is blocked', async () => {
    const blocked = {
      get length(): number {
        throw new Error('SecurityError');
      },
    } as Storage;
    const items = await collectSysinfo({ ...source({ userAgentData: undefined, deviceMemory: undefined, connection: undefined }), localStorage: blocked });
    const values = Object.fromEntries(items.map((i) => [i.key, i.value]));
    expect(values.platform).toBe('Linux x86_64');
    expect(values.browser).toBeUndefined();
    expect(values.mobile).toBeUndefined();
    expect(values.storage).toBe('unavailable');
    expect(parsePayload('sysinfo:report', { items })).toMatchObject({ ok: true });
  });
});

describe('the reboot token (ResumeStore)', () => {
  it('keeps one key for one relay, until it expires', () => {
    const storage = new MemoryStorage();
    const store = new ResumeStore('https://relay.example.com', null, storage);
    new ResumeStore('https://relay.example.com/', null, storage).saveReboot('reboot-token-1234567890', 2_000);
    expect([...storage.map.keys()]).toEqual([REBOOT_KEY]);
    expect(JSON.parse(storage.getItem(REBOOT_KEY)!)).toEqual({ server: 'https://relay.example.com', token: 'reboot-token-1234567890', expiresAt: 2_000 });
    expect(new ResumeStore('https://relay.example.com', null, storage).rebootToken(1_000)).toBe('reboot-token-1234567890');
    expect(new ResumeStore('https://other.example.com', null, storage).rebootToken(1_000)).toBeUndefined();
    new ResumeStore('https://other.example.com', null, storage).clearReboot();
    expect(storage.length).toBe(1);
    expect(store.rebootToken(2_000)).toBeUndefined();
    expect(storage.length).toBe(0);
  });

  it('clearReboot() removes it; garbage in storage counts as nothing and is removable', () => {
    const storage = new MemoryStorage();
    const store = new ResumeStore('https://relay.example.com', null, storage);
    const session = new ResumeStore('https://relay.example.com/', null, storage);
    session.saveReboot('t', Date.now() + 60_000);
    expect(store.rebootToken()).toBe('t');
    session.clearReboot();
    expect(storage.length).toBe(0);
    session.clearReboot();
    expect(storage.length).toBe(0);
    for (const garbage of ['{not json', 'null', '{"token":"t"}']) {
      storage.setItem(REBOOT_KEY, garbage);
      expect(store.rebootToken()).toBeUndefined();
      session.clearReboot();
      expect(storage.length).toBe(0);
    }
    expect(new ResumeStore('https://relay.example.com', null, null).rebootToken()).toBeUndefined();
  });
});
