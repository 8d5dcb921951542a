/**
 * The console's screen viewer over a stand-in RTCPeerConnection (Node has none): it answers every offer with a new
 * connection (with the relay's ICE servers), reports the stream and its status, closes on `bye` and stops the
 * tracks, says `bye` itself only from hangUp, and leaves the current connection alone for data that is not an offer.
 * (Candidates and JSON handling are the shared SignalledPeer's: test/unit/rtc-signal.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { ScreenViewer, watchFrames, type ScreenSignal, type ViewerStatus } from '../../src/console/functions/screen-viewer.js';

class FakeTrack {
  stopped = false;
  constructor(readonly kind: 'video' | 'audio' = 'video') {}
  stop(): void {
    this.stopped = true;
  }
}

class FakeStream {
  readonly tracks: FakeTrack[] = [];
  getTracks(): FakeTrack[] {
    return this.tracks;
  }
  addTrack(track: FakeTrack): void {
    this.tracks.push(track);
  }
}

class FakePeer extends EventTarget {
  static all: FakePeer[] = [];
  static failRemote = false;
  readonly candidates: RTCIceCandidateInit[] = [];
  localDescription: RTCSessionDescriptionInit | null = null;
  remoteDescription: RTCSessionDescriptionInit | null = null;
  connectionState: RTCPeerConnectionState = 'new';
  closed = false;
  constructor(readonly config: RTCConfiguration) {
    super();
    FakePeer.all.push(this);
  }
  async setRemoteDescription(d: RTCSessionDescriptionInit) {
    if (FakePeer.failRemote) throw new Error('bad sdp');
    this.remoteDescription = d;
  }
  async createAnswer() {
    return { type: 'answer' as const, sdp: 'v=0 answer' };
  }
  async setLocalDescription(d: RTCSessionDescriptionInit) {
    this.localDescription = d;
  }
  async addIceCandidate(c: RTCIceCandidateInit) {
    this.candidates.push(c);
  }
  close() {
    this.closed = true;
    this.connectionState = 'closed';
  }
  /** The browser got the remote track. */
  track(track = new FakeTrack(), stream?: FakeStream): FakeTrack {
    this.dispatchEvent(Object.assign(new Event('track'), { track, streams: stream ? [stream] : [] }));
    return track;
  }
  state(state: RTCPeerConnectionState): void {
    this.connectionState = state;
    this.dispatchEvent(new Event('connectionstatechange'));
  }
}

function setup() {
  FakePeer.all = [];
  FakePeer.failRemote = false;
  const sent: ScreenSignal[] = [];
  const changes: [ViewerStatus, unknown][] = [];
  const viewer = new ScreenViewer({
    iceServers: () => [{ urls: 'stun:stun.example.org' }],
    send: (signal) => sent.push(signal),
    onChange: (status, stream) => changes.push([status, stream]),
    Peer: FakePeer as unknown as typeof RTCPeerConnection,
    createStream: () => new FakeStream() as unknown as MediaStream,
  });
  return { viewer, peers: FakePeer.all, sent, changes };
}

const offer = (sdp = 'v=0 offer'): ScreenSignal => ({ kind: 'offer', data: JSON.stringify({ type: 'offer', sdp }) });
const candidate = (n: number): ScreenSignal => ({ kind: 'candidate', data: JSON.stringify({ candidate: `candidate:${n}`, sdpMid: '0' }) });

describe('ScreenViewer', () => {
  it('answers an offer with the relay ICE servers and reports the live stream', async () => {
    const { viewer, peers, sent, changes } = setup();
    await viewer.signal(offer());
    expect(peers).toHaveLength(1);
    const peer = peers[0]!;
    expect(peer.config.iceServers).toEqual([{ urls: 'stun:stun.example.org' }]);
    expect(peer.remoteDescription).toEqual({ type: 'offer', sdp: 'v=0 offer' });
    expect(sent).toEqual([{ kind: 'answer', data: JSON.stringify({ type: 'answer', sdp: 'v=0 answer' }) }]);
    expect(viewer.status).toBe('connecting');

    const stream = new FakeStream();
    const track = peer.track(new FakeTrack(), stream);
    expect(viewer.stream as unknown).toBe(stream);
    expect(stream.tracks).toEqual([track]);
    peer.state('connected');
    expect(viewer.status).toBe('live');
    expect(changes.map(([s]) => s)).toEqual(['connecting', 'connecting', 'live']);
    expect(changes.at(-1)![1]).toBe(stream);
  });

  it('puts a track without a stream into a stream of its own, and ignores audio', async () => {
    const { viewer, peers } = setup();
    await viewer.signal(offer());
    peers[0]!.track(new FakeTrack('audio'));
    expect(viewer.stream).toBeUndefined();
    const track = peers[0]!.track();
    expect(viewer.stream?.getTracks() as unknown).toEqual([track]);
  });

  it('passes candidates to the current connection and drops those without one', async () => {
    const { viewer, peers } = setup();
    await viewer.signal(candidate(0));
    expect(peers).toHaveLength(0);
    await viewer.signal(offer());
    await viewer.signal(candidate(1));
    expect(peers[0]!.candidates.map((c) => c.candidate)).toEqual(['candidate:1']);
  });

  it('treats a new offer as a new connection: the old one is closed and its tracks stopped', async () => {
    const { viewer, peers, sent } = setup();
    await viewer.signal(offer('first'));
    const track = peers[0]!.track();
    await viewer.signal(offer('second'));
    expect(peers).toHaveLength(2);
    expect(peers[0]!.closed).toBe(true);
    expect(track.stopped).toBe(true);
    expect(viewer.stream).toBeUndefined();
    // Late events of the old connection change nothing.
    peers[0]!.track();
    peers[0]!.state('connected');
    expect(viewer.stream).toBeUndefined();
    expect(viewer.status).toBe('connecting');
    expect(sent.filter((s) => s.kind === 'answer')).toHaveLength(2);
    expect(sent.filter((s) => s.kind === 'bye')).toHaveLength(0);
  });

  it('closes on bye and reports idle; only hangUp tells the customer', async () => {
    const { viewer, peers, sent } = setup();
    await viewer.signal(offer());
    const track = peers[0]!.track();
    await viewer.signal({ kind: 'bye', data: '' });
    expect(peers[0]!.closed).toBe(true);
    expect(track.stopped).toBe(true);
    expect(viewer.status).toBe('idle');
    expect(viewer.open).toBe(false);
    expect(sent.some((s) => s.kind === 'bye')).toBe(false);

    viewer.hangUp();
    expect(sent.some((s) => s.kind === 'bye')).toBe(false);
    await viewer.signal(offer());
    viewer.hangUp();
    expect(sent.at(-1)).toEqual({ kind: 'bye', data: '' });
    expect(peers[1]!.closed).toBe(true);
  });

  it('reports a failed connection, one that drops and comes back, and an offer the browser refuses', async () => {
    const { viewer, peers } = setup();
    await viewer.signal(offer());
    peers[0]!.track();
    peers[0]!.state('connected');
    peers[0]!.state('disconnected');
    expect(viewer.status).toBe('connecting');
    peers[0]!.state('connected');
    expect(viewer.status).toBe('live');
    peers[0]!.state('failed');
    expect(viewer.status).toBe('failed');

    FakePeer.failRemote = true;
    await viewer.signal(offer());
    expect(viewer.status).toBe('failed');
    expect(viewer.open).toBe(false);
  });

  it('leaves the current connection alone for offers that are not offers', async () => {
    const { viewer, peers, sent } = setup();
    await viewer.signal(offer());
    for (const data of ['', '{', 'null', '"offer"', JSON.stringify({ type: 'answer', sdp: 'x' }), JSON.stringify({ type: 'offer' })]) {
      await viewer.signal({ kind: 'offer', data });
    }
    await viewer.signal({ kind: 'answer', data: JSON.stringify({ type: 'answer', sdp: 'x' }) });
    expect(peers).toHaveLength(1);
    expect(peers[0]!.closed).toBe(false);
    expect(sent.map((s) => s.kind)).toEqual(['answer']);
  });
});

describe('watchFrames', () => {
  it('counts presented frames until stopped, and does nothing without requestVideoFrameCallback', () => {
    const callbacks = new Map<number, () => void>();
    let next = 1;
    const video = {
      requestVideoFrameCallback(callback: () => void) {
        callbacks.set(next, callback);
        return next++;
      },
      cancelVideoFrameCallback(handle: number) {
        callbacks.delete(handle);
      },
    };
    let frames = 0;
    const stop = watchFrames(video, () => frames++);
    const present = () => {
      const [handle, callback] = [...callbacks.entries()].at(-1)!;
      callbacks.delete(handle);
      callback();
    };
    present();
    present();
    present();
    expect(frames).toBe(3);
    stop();
    expect(callbacks.size).toBe(0);
    expect(watchFrames({}, () => frames++)).toBeTypeOf('function');
  });
});
