/**
 * The technician's end of screen viewing: answers the customer's WebRTC offer and holds the incoming video. Plain
 * TypeScript over the shared signalled peer (src/ui/rtc-signal.ts); the socket comes in from outside as `send`.
 *
 * The customer is the offerer. Every `offer` starts a new connection (the old one is closed without a `bye`): the
 * widget makes a fresh offer whenever it starts sharing again or the technician comes back. Candidates belong to the
 * connection of the last offer (signals arrive in order); candidates without one are dropped.
 */
import type { IceServer } from '../../protocol/events.js';
import { SignalledPeer, type ScreenSignal } from '../../ui/rtc-signal.js';

export type { ScreenSignal } from '../../ui/rtc-signal.js';

/**
 * `idle`: no connection (none yet, or closed). `connecting`: an offer is being answered, no video yet (or the
 * connection is re-establishing itself). `live`: connected with a video track. `failed`: it could not connect or broke.
 */
export type ViewerStatus = 'idle' | 'connecting' | 'live' | 'failed';

export interface ScreenViewerOptions {
  /** The relay's ICE servers (`rtc.iceServers`), read at each offer. */
  iceServers(): readonly IceServer[];
  /** The relay's ICE transport policy (`rtc.iceTransportPolicy`; `relay` = TURN only). Default `all`. */
  iceTransportPolicy?(): RTCIceTransportPolicy;
  /** Sends a signal to the customer (`screen:signal`). */
  send(signal: ScreenSignal): void;
  /** Called whenever the status or the stream changes. */
  onChange?(status: ViewerStatus, stream: MediaStream | undefined): void;
  /** Another RTCPeerConnection implementation (tests). */
  Peer?: typeof RTCPeerConnection;
  /** Makes the stream a track goes into when the offer names none (default `new MediaStream()`; tests). */
  createStream?(): MediaStream;
}

export class ScreenViewer {
  readonly #options: ScreenViewerOptions;
  #peer: SignalledPeer | undefined;
  #stream: MediaStream | undefined;
  #status: ViewerStatus = 'idle';
  /** The stream last reported to `onChange`. */
  #reported: MediaStream | undefined;

  constructor(options: ScreenViewerOptions) {
    this.#options = options;
  }

  get status(): ViewerStatus {
    return this.#status;
  }

  /** The customer's screen once its track arrived (until the connection closes). */
  get stream(): MediaStream | undefined {
    return this.#stream;
  }

  /** Whether a connection exists (connecting, live, or failed and not closed yet). */
  get open(): boolean {
    return !!this.#peer;
  }

  /** Handles a `screen:signal` from the customer. Never throws on what the network sends. */
  async signal(signal: ScreenSignal): Promise<void> {
    if (signal.kind === 'offer') return this.#answer(signal);
    if (signal.kind === 'bye') return this.close();
    // Candidates of the current connection; an answer never comes (the console does not offer).
    if (signal.kind === 'candidate' && this.#peer) await this.#peer.receive(signal);
  }

  /** Closes the connection and stops the video (revoked, stopped, bye, session over). Sends nothing. */
  close(): void {
    const peer = this.#peer;
    this.#peer = undefined;
    peer?.close();
    for (const track of this.#stream?.getTracks() ?? []) track.stop();
    this.#stream = undefined;
    this.#set('idle');
  }

  /** Closes the connection and tells the customer (`bye`), when there is one. */
  hangUp(): void {
    const open = !!this.#peer;
    this.close();
    if (open) this.#options.send({ kind: 'bye', data: '' });
  }

  async #answer(offer: ScreenSignal): Promise<void> {
    // Something that is not an offer leaves the current connection alone; a new offer is a new connection.
    if (!looksLikeOffer(offer.data)) return;
    this.close();
    const peer: SignalledPeer = new SignalledPeer({
      iceServers: this.#options.iceServers().map((server) => ({ ...server })),
      iceTransportPolicy: this.#options.iceTransportPolicy?.() ?? 'all',
      send: (signal) => {
        if (this.#peer === peer) this.#options.send(signal);
      },
      onTrack: ({ track, streams }) => {
        if (this.#peer !== peer || track.kind !== 'video') return;
        const stream = streams[0] ?? this.#stream ?? (this.#options.createStream ?? (() => new MediaStream()))();
        if (!stream.getTracks().includes(track)) stream.addTrack(track);
        this.#stream = stream;
        this.#set(peer.pc.connectionState === 'connected' ? 'live' : 'connecting');
      },
      onState: (state) => {
        if (this.#peer !== peer) return;
        if (state === 'connected') this.#set(this.#stream ? 'live' : 'connecting');
        else if (state === 'failed') this.#set('failed');
        else if (state === 'disconnected') this.#set('connecting');
      },
      ...(this.#options.Peer ? { Peer: this.#options.Peer } : {}),
    });
    this.#peer = peer;
    this.#set('connecting');
    const answered = await peer.receive(offer);
    if (!answered && this.#peer === peer) {
      // The browser refused the offer.
      this.#peer = undefined;
      peer.close();
      this.#set('failed');
    }
  }

  #set(status: ViewerStatus): void {
    if (status === this.#status && this.#stream === this.#reported) return;
    this.#status = status;
    this.#reported = this.#stream;
    this.#options.onChange?.(status, this.#stream);
  }
}

function looksLikeOffer(data: string): boolean {
  try {
    const value = JSON.parse(data) as { type?: unknown; sdp?: unknown } | null;
    return value?.type === 'offer' && typeof value.sdp === 'string';
  } catch {
    return false;
  }
}

/** What `watchFrames` needs of a video element. */
export interface FrameSource {
  requestVideoFrameCallback?(callback: () => void): number;
  cancelVideoFrameCallback?(handle: number): void;
}

/**
 * Calls `onFrame` for every video frame the element presents (requestVideoFrameCallback), until the returned
 * function is called. Does nothing where the browser lacks the API.
 */
export function watchFrames(video: FrameSource, onFrame: () => void): () => void {
  if (typeof video.requestVideoFrameCallback !== 'function') return () => undefined;
  let handle = 0;
  let stopped = false;
  const next = () => {
    if (stopped) return;
    onFrame();
    handle = video.requestVideoFrameCallback!(next);
  };
  handle = video.requestVideoFrameCallback(next);
  return () => {
    stopped = true;
    video.cancelVideoFrameCallback?.(handle);
  };
}
