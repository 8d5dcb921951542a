/**
 * Screen viewing on the customer's side: asks the browser for the screen (its picker is a second, visible consent),
 * tells whether the customer picked this very tab (Capture Handle), sends the video to the technician's console
 * over a WebRTC peer connection (this side offers), and stops every track the moment the grant ends.
 *
 * - `start()` must run synchronously inside the customer's click (getDisplayMedia needs the user activation): the
 *   Allow click on the desktop-view prompt, or the "Share my screen" button after a reload.
 * - Nothing is announced or sent before the relay confirmed the grant; a capture whose grant never comes is stopped.
 * - The browser's own "Stop sharing", a cancelled picker or a failed capture give the grant back with the reason
 *   (`browser-stopped`, `picker-cancelled`, `capture-failed`), so the technician is told.
 */
import type { GrantStatus } from '../../protocol/consent.js';
import { nextTask } from '../../ui/after-frame.js';
import type { ScreenSignal, SignalledPeer } from '../../ui/rtc-signal.js';

export type ScreenSurface = 'this-tab' | 'browser' | 'window' | 'monitor' | 'unknown';
export type ScreenStopReason = 'picker-cancelled' | 'browser-stopped' | 'capture-failed';

/** What the widget shows: `starting` while the browser's picker is open (or the grant not yet confirmed). */
export interface ScreenView {
  state: 'starting' | 'sharing';
  surface?: ScreenSurface;
}

export interface ScreenShareHost {
  /** The relay's ICE servers. */
  iceServers(): RTCIceServer[];
  /** The relay's ICE transport policy (`relay` = TURN only; undefined = `all`). */
  iceTransportPolicy?(): RTCIceTransportPolicy | undefined;
  /** The desktop-view grant as the relay last confirmed it. */
  grant(): GrantStatus;
  /** Emits a (gated) screen event; refusals need no handling here. */
  emit(event: 'screen:signal', payload: ScreenSignal): void;
  emit(event: 'screen:state', payload: { state: 'sharing'; surface: ScreenSurface } | { state: 'stopped' }): void;
  /** Gives the desktop-view grant back (`consent:revoke` with the reason). */
  giveBack(reason: ScreenStopReason): void;
  /** The view changed (undefined = not sharing). */
  change(view: ScreenView | undefined): void;
}

/** What the widget asks the browser for: the current tab first, the video only. */
export const DISPLAY_MEDIA_OPTIONS = {
  video: true,
  audio: false,
  preferCurrentTab: true,
  selfBrowserSurface: 'include',
  surfaceSwitching: 'exclude',
} as DisplayMediaStreamOptions;

/** `navigator.mediaDevices` with the Capture Handle API, which TypeScript's DOM types lack. */
export interface DisplayMedia {
  getDisplayMedia(options: DisplayMediaStreamOptions): Promise<MediaStream>;
  setCaptureHandleConfig?(config: { handle: string; permittedOrigins: string[] }): void;
}

type PeerModule = { SignalledPeer: typeof SignalledPeer };

function randomHandle(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `rsw-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** This tab when the captured track carries our own capture handle; else what the browser says it is. */
export function surfaceOf(track: MediaStreamTrack, handle: string): ScreenSurface {
  const captured = (track as { getCaptureHandle?(): { handle?: string } | null }).getCaptureHandle?.();
  if (captured?.handle === handle) return 'this-tab';
  const surface = track.getSettings().displaySurface;
  return surface === 'browser' || surface === 'window' || surface === 'monitor' ? surface : 'unknown';
}

export class ScreenShare {
  readonly #host: ScreenShareHost;
  readonly #media: DisplayMedia | undefined;
  readonly #load: () => Promise<PeerModule>;
  #view: ScreenView | undefined;
  #stream: MediaStream | undefined;
  #surface: ScreenSurface = 'unknown';
  #announced = false;
  #peer: SignalledPeer | undefined;
  /** A grant to give back once the relay has confirmed it (the picker can answer before the relay does). */
  #reason: ScreenStopReason | undefined;
  /** Counts captures, so that a late answer of a stopped one is dropped. */
  #attempt = 0;

  constructor(
    host: ScreenShareHost,
    media: DisplayMedia | undefined = globalThis.navigator?.mediaDevices,
    load: () => Promise<PeerModule> = () => import('../../ui/rtc-signal.js'),
  ) {
    this.#host = host;
    this.#media = media;
    this.#load = load;
  }

  get view(): ScreenView | undefined {
    return this.#view;
  }

  /** Asks the browser for the screen. Call it synchronously from the customer's click. */
  start(): void {
    if (this.#view) return;
    const attempt = ++this.#attempt;
    this.#reason = undefined;
    const handle = randomHandle();
    let capture: Promise<MediaStream>;
    try {
      // Only a top-level page may set it; elsewhere the surface type is all there is to go by.
      this.#media?.setCaptureHandleConfig?.({ handle, permittedOrigins: ['*'] });
    } catch {
      // ignored
    }
    try {
      capture = this.#media!.getDisplayMedia(DISPLAY_MEDIA_OPTIONS);
    } catch (err) {
      capture = Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    this.#set({ state: 'starting' });
    // The peer connection's chunk, asked for in a task of its own (not the click's) and loaded while the picker is open.
    void nextTask()
      .then(() => this.#load())
      .catch(() => undefined);
    capture.then(
      (stream) => this.#captured(attempt, stream, handle),
      (err: unknown) => {
        if (attempt !== this.#attempt) return;
        this.#set(undefined);
        this.#giveBack((err as { name?: unknown } | null)?.name === 'NotAllowedError' ? 'picker-cancelled' : 'capture-failed');
      },
    );
  }

  /** Call after every change of the desktop-view grant: goes on, waits, or stops. */
  grantChanged(): void {
    const grant = this.#host.grant();
    const reason = this.#reason;
    if (reason) {
      if (grant !== 'pending') this.#reason = undefined;
      if (grant === 'granted') this.#host.giveBack(reason);
      return;
    }
    if (!this.#view) return;
    if (grant === 'granted') {
      if (this.#stream && !this.#announced) this.#announce(true);
    } else if (grant !== 'pending') {
      this.stop(false);
    }
  }

  /** A signal from the technician's console. */
  signal(signal: ScreenSignal): void {
    void this.#peer?.receive(signal);
  }

  /**
   * Tells the relay again what is shared, and offers a fresh connection: the technician came back (their console
   * reloaded or re-attached), or (`keepIfUp`) this widget resumed after a drop, when the connection may still be up.
   */
  reannounce(keepIfUp = false): void {
    if (this.#announced) this.#announce(false, !(keepIfUp && this.#peer?.pc.connectionState === 'connected'));
  }

  /** Stops every track and the connection; `tell` says so to the relay (only while the grant is still live). */
  stop(tell: boolean): void {
    this.#attempt++;
    this.#reason = undefined;
    const live = tell && this.#host.grant() === 'granted';
    const announced = this.#announced;
    this.#peer?.close(live);
    this.#peer = undefined;
    for (const track of this.#stream?.getTracks() ?? []) track.stop();
    this.#stream = undefined;
    this.#announced = false;
    if (live && announced) this.#host.emit('screen:state', { state: 'stopped' });
    this.#set(undefined);
  }

  #captured(attempt: number, stream: MediaStream, handle: string): void {
    const track = stream.getVideoTracks()[0];
    if (attempt !== this.#attempt || !track) {
      for (const t of stream.getTracks()) t.stop();
      if (attempt === this.#attempt) {
        this.#set(undefined);
        this.#giveBack('capture-failed');
      }
      return;
    }
    this.#stream = stream;
    this.#surface = surfaceOf(track, handle);
    track.addEventListener(
      'ended',
      () => {
        if (this.#stream !== stream) return;
        // The browser's own "Stop sharing": the customer ended it, so the grant goes back.
        this.stop(true);
        this.#giveBack('browser-stopped');
      },
      { once: true },
    );
    this.grantChanged();
  }

  #giveBack(reason: ScreenStopReason): void {
    this.#reason = reason;
    this.grantChanged();
  }

  /** Tells the relay what is shared and (`offer`) offers it over a fresh peer connection. */
  #announce(first: boolean, offer = true): void {
    const stream = this.#stream;
    if (!stream) return;
    this.#announced = true;
    if (first) this.#set({ state: 'sharing', surface: this.#surface });
    this.#host.emit('screen:state', { state: 'sharing', surface: this.#surface });
    if (!offer) return;
    this.#peer?.close();
    this.#peer = undefined;
    // Each heavy step in a task of its own (at a phone's speed, the grant's message, the peer connection's creation,
    // adding the track and making the offer were one task of 230-800 ms): the peer connection after the task that
    // brought the grant (or evaluated the chunk), the track and the offer after the one that created it.
    void this.#load().then(async ({ SignalledPeer }) => {
      await nextTask();
      if (this.#stream !== stream || this.#peer) return;
      const peer = new SignalledPeer({ iceServers: this.#host.iceServers(), iceTransportPolicy: this.#host.iceTransportPolicy?.(), send: (s) => this.#host.emit('screen:signal', s) });
      this.#peer = peer;
      await nextTask();
      if (this.#peer === peer) await peer.offer(stream, nextTask).catch(() => undefined);
    });
  }

  #set(view: ScreenView | undefined): void {
    this.#view = view;
    this.#host.change(view);
  }
}
