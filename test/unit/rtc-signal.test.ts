/**
 * The signalled peer connection (src/ui/rtc-signal.ts) over a stand-in RTCPeerConnection (Node has none): JSON
 * strings in both directions, early candidates kept until the remote description, `bye`, malformed input ignored.
 */
import { describe, expect, it } from 'vitest';
import { SignalledPeer, type ScreenSignal } from '../../src/ui/rtc-signal.js';

class FakePeer extends EventTarget {
  static last: FakePeer;
  readonly config: RTCConfiguration;
  readonly calls: string[] = [];
  readonly candidates: RTCIceCandidateInit[] = [];
  readonly tracks: MediaStreamTrack[] = [];
  localDescription: RTCSessionDescriptionInit | null = null;
  remoteDescription: RTCSessionDescriptionInit | null = null;
  connectionState: RTCPeerConnectionState = 'new';
  constructor(config: RTCConfiguration) {
    super();
    this.config = config;
    FakePeer.last = this;
  }
  addTrack(track: MediaStreamTrack) {
    this.tracks.push(track);
  }
  async createOffer() {
    return { type: 'offer' as const, sdp: 'v=0 offer' };
  }
  async createAnswer() {
    return { type: 'answer' as const, sdp: 'v=0 answer' };
  }
  async setLocalDescription(d: RTCSessionDescriptionInit) {
    this.localDescription = d;
  }
  async setRemoteDescription(d: RTCSessionDescriptionInit) {
    this.calls.push(`remote:${d.type}`);
    this.remoteDescription = d;
  }
  async addIceCandidate(c: RTCIceCandidateInit) {
    this.calls.push('candidate');
    this.candidates.push(c);
  }
  close() {
    this.calls.push('close');
    this.connectionState = 'closed';
  }
  /** Fires `icecandidate` as the browser would. */
  gather(candidate: object | null) {
    this.dispatchEvent(Object.assign(new Event('icecandidate'), { candidate: candidate && { ...candidate, toJSON: () => candidate } }));
  }
}

function peer(extra: Partial<ConstructorParameters<typeof SignalledPeer>[0]> = {}) {
  const sent: ScreenSignal[] = [];
  const p = new SignalledPeer({
    iceServers: [{ urls: 'stun:stun.example.com' }],
    send: (s) => sent.push(s),
    Peer: FakePeer as unknown as typeof RTCPeerConnection,
    ...extra,
  });
  return { p, fake: FakePeer.last, sent };
}

describe('SignalledPeer', () => {
  it('uses TURN only when the relay says iceTransportPolicy relay', () => {
    const { fake } = peer({ iceServers: [{ urls: 'turn:t.example.com', username: '1:u', credential: 'c' }], iceTransportPolicy: 'relay' });
    expect(fake.config).toEqual({ iceServers: [{ urls: 'turn:t.example.com', username: '1:u', credential: 'c' }], iceTransportPolicy: 'relay' });
  });

  it('offers the stream with the relay ICE servers, sends candidates as JSON, and takes the answer', async () => {
    const { p, fake, sent } = peer();
    expect(fake.config).toEqual({ iceServers: [{ urls: 'stun:stun.example.com' }] });
    const track = { kind: 'video' } as MediaStreamTrack;
    await p.offer({ getTracks: () => [track] } as unknown as MediaStream);
    expect(fake.tracks).toEqual([track]);
    expect(sent).toEqual([{ kind: 'offer', data: JSON.stringify({ type: 'offer', sdp: 'v=0 offer' }) }]);
    fake.gather({ candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host', sdpMid: '0' });
    fake.gather(null);
    expect(sent.slice(1)).toEqual([{ kind: 'candidate', data: JSON.stringify({ candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host', sdpMid: '0' }) }]);

    // A candidate before the answer waits for it.
    expect(await p.receive({ kind: 'candidate', data: JSON.stringify({ candidate: 'c1', sdpMid: '0' }) })).toBe(true);
    expect(fake.candidates).toEqual([]);
    expect(await p.receive({ kind: 'answer', data: JSON.stringify({ type: 'answer', sdp: 'v=0 answer' }) })).toBe(true);
    expect(fake.calls).toEqual(['remote:answer', 'candidate']);
    expect(await p.receive({ kind: 'candidate', data: JSON.stringify({ candidate: 'c2', sdpMid: '0' }) })).toBe(true);
    expect(fake.candidates.map((c) => c.candidate)).toEqual(['c1', 'c2']);
  });

  it('makes the offer after `between` (the tracks before it), and none when closed meanwhile', async () => {
    const { p, fake, sent } = peer();
    const track = { kind: 'video' } as MediaStreamTrack;
    const order: string[] = [];
    fake.createOffer = async () => {
      order.push('offer');
      return { type: 'offer' as const, sdp: 'v=0 offer' };
    };
    await p.offer({ getTracks: () => [track] } as unknown as MediaStream, async () => void order.push(`between, ${fake.tracks.length} track`));
    expect(order).toEqual(['between, 1 track', 'offer']);
    expect(sent.map((s) => s.kind)).toEqual(['offer']);

    const closing = peer();
    await closing.p.offer({ getTracks: () => [track] } as unknown as MediaStream, async () => closing.p.close());
    expect(closing.fake.localDescription).toBeNull();
    expect(closing.sent).toEqual([]);
  });

  it('answers an offer (the console side)', async () => {
    const { p, sent } = peer();
    expect(await p.receive({ kind: 'offer', data: JSON.stringify({ type: 'offer', sdp: 'v=0 offer' }) })).toBe(true);
    expect(sent).toEqual([{ kind: 'answer', data: JSON.stringify({ type: 'answer', sdp: 'v=0 answer' }) }]);
  });

  it('ignores malformed or mismatched signals without throwing', async () => {
    const { p, fake, sent } = peer();
    for (const s of [
      { kind: 'answer', data: 'not json' },
      { kind: 'answer', data: JSON.stringify({ type: 'offer', sdp: 'x' }) },
      { kind: 'answer', data: JSON.stringify({ type: 'answer' }) },
      { kind: 'candidate', data: '42' },
      { kind: 'unknown', data: '{}' },
    ] as ScreenSignal[]) {
      expect(await p.receive(s)).toBe(false);
    }
    fake.setRemoteDescription = () => Promise.reject(new Error('InvalidStateError'));
    expect(await p.receive({ kind: 'answer', data: JSON.stringify({ type: 'answer', sdp: 'x' }) })).toBe(false);
    expect(sent).toEqual([]);
  });

  it('closes on bye (and tells the owner), and says bye itself only when asked', async () => {
    let byes = 0;
    const { p, fake, sent } = peer({ onBye: () => byes++ });
    expect(await p.receive({ kind: 'bye', data: '' })).toBe(true);
    expect(p.closed).toBe(true);
    expect(byes).toBe(1);
    expect(fake.calls).toEqual(['close']);
    expect(sent).toEqual([]);
    expect(await p.receive({ kind: 'answer', data: JSON.stringify({ type: 'answer', sdp: 'x' }) })).toBe(false);

    const other = peer();
    other.p.close(true);
    other.p.close(true);
    expect(other.sent).toEqual([{ kind: 'bye', data: '' }]);
  });
});
