/**
 * A WebSocket stand-in for the widget's own socket.io client (src/widget/session/ws-socket.ts): what it sent, and
 * frames, errors and closes from the server on demand.
 */
export class FakeWebSocket {
  static made: FakeWebSocket[] = [];
  readonly sent: string[] = [];
  closed = false;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;

  constructor(readonly url: string) {
    FakeWebSocket.made.push(this);
  }

  send(data: string): void {
    if (this.closed) throw new Error('send after close');
    this.sent.push(data);
  }

  close(): void {
    this.closed = true;
  }

  /** A frame from the server. */
  receive(data: unknown): void {
    this.onmessage?.({ data });
  }

  /** The server's open packet. */
  handshake(pingInterval = 1_000, pingTimeout = 500): void {
    this.receive(`0${JSON.stringify({ sid: 'engine-sid', upgrades: [], pingInterval, pingTimeout, maxPayload: 524_288 })}`);
  }

  /** The WebSocket failed (refused, or broken): an error, then the close. */
  fail(): void {
    this.onerror?.({ type: 'error' });
    this.onclose?.({ type: 'close', code: 1006 });
  }

  /** The server closed the WebSocket. */
  drop(): void {
    this.onclose?.({ type: 'close', code: 1000 });
  }
}
