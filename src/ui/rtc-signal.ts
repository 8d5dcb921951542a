/**
 * One WebRTC peer connection whose signalling travels as `screen:signal` payloads through the relay, for both ends of
 * screen viewing: the widget offers (it has the screen), the console answers (it shows the video). Plain TypeScript.
 *
 * Signals are `{kind, data}` where `data` is always a JSON string: the session description of an `offer` / `answer`,
 * one ICE candidate, or `''` for `bye` (this side closed the connection). Candidates that arrive before the remote
 * description are kept and added after it. Anything malformed from the network is ignored, never thrown.
 */

export type SignalKind = 'offer' | 'answer' | 'candidate' | 'bye';

/** The payload of `screen:signal`, both directions. */
export interface ScreenSignal {
  kind: SignalKind;
  data: string;
}

export interface SignalledPeerOptions {
  /** The relay's ICE servers (`rtc.iceServers` of the join / create / attach result); empty = host candidates only. */
  iceServers: RTCIceServer[];
  /** `relay` = TURN only (`rtc.iceTransportPolicy`). Default `all`. */
  iceTransportPolicy?: RTCIceTransportPolicy;
  /** Sends one signal to the other side (emit `screen:signal`). */
  send(signal: ScreenSignal): void;
  /** The answering side gets the remote video here. */
  onTrack?(event: RTCTrackEvent): void;
  /** The connection's state changed (`connected`, `failed`, `closed`…). */
  onState?(state: RTCPeerConnectionState): void;
  /** The other side said `bye` (this connection is closed by then). */
  onBye?(): void;
  /** Another RTCPeerConnection implementation (tests). */
  Peer?: typeof RTCPeerConnection;
}

function parse<T>(data: string): T | undefined {
  try {
    const value = JSON.parse(data) as unknown;
    return typeof value === 'object' && value !== null ? (value as T) : undefined;
  } catch {
    return undefined;
  }
}

export class SignalledPeer {
  readonly pc: RTCPeerConnection;
  readonly #options: SignalledPeerOptions;
  /** Remote candidates that came before the remote description. */
  #early: RTCIceCandidateInit[] = [];
  #closed = false;

  constructor(options: SignalledPeerOptions) {
    this.#options = options;
    const Peer = options.Peer ?? RTCPeerConnection;
    this.pc = new Peer({ iceServers: options.iceServers, iceTransportPolicy: options.iceTransportPolicy });
    this.pc.addEventListener('icecandidate', (e) => {
      // `null` marks the end of this side's candidates; nothing to send for it.
      if (e.candidate && !this.#closed) options.send({ kind: 'candidate', data: JSON.stringify(e.candidate) });
    });
    this.pc.addEventListener('connectionstatechange', () => options.onState?.(this.pc.connectionState));
    this.pc.addEventListener('track', (e) => options.onTrack?.(e));
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * The offering side: sends every track of `stream` (if given), then the offer. `between` (e.g. a wait for the next
   * task) runs after the tracks are added and before the offer is made, so that the two need not share a task.
   */
  async offer(stream?: MediaStream, between?: () => Promise<void>): Promise<void> {
    if (stream) for (const track of stream.getTracks()) this.pc.addTrack(track, stream);
    await between?.();
    if (this.#closed) return;
    const offer = await this.pc.createOffer();
    if (this.#closed) return;
    await this.pc.setLocalDescription(offer);
    this.#send('offer', this.pc.localDescription ?? offer);
  }

  /**
   * Handles one signal from the other side: an offer is answered, an answer completes the offer, a candidate is
   * added (or kept until the remote description is there), `bye` closes. Resolves to false when the signal was
   * malformed or did not fit (e.g. an answer without an offer); it never throws.
   */
  async receive(signal: ScreenSignal): Promise<boolean> {
    if (this.#closed) return false;
    try {
      switch (signal.kind) {
        case 'bye':
          this.close();
          this.#options.onBye?.();
          return true;
        case 'candidate': {
          const candidate = parse<RTCIceCandidateInit>(signal.data);
          if (!candidate) return false;
          if (this.pc.remoteDescription) await this.pc.addIceCandidate(candidate);
          else this.#early.push(candidate);
          return true;
        }
        case 'offer':
        case 'answer': {
          const description = parse<RTCSessionDescriptionInit>(signal.data);
          if (description?.type !== signal.kind || typeof description.sdp !== 'string') return false;
          await this.pc.setRemoteDescription({ type: description.type, sdp: description.sdp });
          for (const candidate of this.#early.splice(0)) await this.pc.addIceCandidate(candidate);
          if (signal.kind === 'offer' && !this.#closed) {
            const answer = await this.pc.createAnswer();
            await this.pc.setLocalDescription(answer);
            this.#send('answer', this.pc.localDescription ?? answer);
          }
          return true;
        }
        default:
          return false;
      }
    } catch {
      return false;
    }
  }

  /** Closes the connection; `bye` tells the other side (only while this side was still open). */
  close(bye = false): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#early = [];
    this.pc.close();
    if (bye) this.#options.send({ kind: 'bye', data: '' });
  }

  #send(kind: 'offer' | 'answer', description: RTCSessionDescriptionInit): void {
    if (!this.#closed) this.#options.send({ kind, data: JSON.stringify({ type: description.type, sdp: description.sdp }) });
  }
}
