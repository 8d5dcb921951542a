/**
 * Helpers for the widget's function tests against the real relay: the technician's side of screen viewing and file
 * transfer played in the test page with the same shared modules the console uses (src/ui/rtc-signal.ts,
 * src/ui/transfers.ts), a watch on getDisplayMedia, and files picked or dropped for real (scripts/wtr/files-plugin.mjs).
 */
import { executeServerCommand } from '@web/test-runner-commands';
import type { ScreenSignal } from '../../src/ui/rtc-signal.js';
import { SignalledPeer } from '../../src/ui/rtc-signal.js';
import { bytesToBase64 } from '../../src/ui/file-transfer.js';
import { FileTransfers, type TransferView } from '../../src/ui/transfers.js';
import { afterEach } from './mocha.js';
import type { TechnicianClient } from './support.js';

// ── screen ─────────────────────────────────────────────────────────────────────────────────────────────────────

export interface DisplayMediaCall {
  /** Whether the page had the user's activation when getDisplayMedia was called (it needs it). */
  activated: boolean;
  options: DisplayMediaStreamOptions | undefined;
  /** The captured stream, once the browser answered. */
  stream?: MediaStream;
}

const media = navigator.mediaDevices;
const realGetDisplayMedia = media.getDisplayMedia.bind(media);

afterEach(() => {
  media.getDisplayMedia = realGetDisplayMedia;
});

/**
 * Watches getDisplayMedia (restored after the test). `answer` replaces the browser's answer, e.g. a rejection as
 * from a cancelled picker; by default the real one is used (the launcher's flag picks this tab).
 */
export function watchDisplayMedia(answer?: (options?: DisplayMediaStreamOptions) => Promise<MediaStream>): DisplayMediaCall[] {
  const calls: DisplayMediaCall[] = [];
  media.getDisplayMedia = (options?: DisplayMediaStreamOptions) => {
    const call: DisplayMediaCall = { activated: navigator.userActivation.isActive, options };
    calls.push(call);
    const result = answer ? answer(options) : realGetDisplayMedia(options);
    return result.then((stream) => (call.stream = stream));
  };
  return calls;
}

/** A stream that is not this tab (a canvas): the widget can only say `unknown`. */
export function canvasStream(): MediaStream {
  const canvas = document.createElement('canvas');
  canvas.width = 64;
  canvas.height = 48;
  const context = canvas.getContext('2d')!;
  context.fillRect(0, 0, 64, 48);
  return canvas.captureStream(5);
}

/** The technician's console side of screen viewing: answers every offer over a fresh connection. */
export class ScreenViewer {
  peer: SignalledPeer | undefined;
  readonly states: unknown[] = [];
  readonly signals: ScreenSignal[] = [];
  track: MediaStreamTrack | undefined;

  constructor(readonly tech: TechnicianClient) {
    tech.socket.on('screen:state', (state: unknown) => this.states.push(state));
    tech.socket.on('screen:signal', (signal: ScreenSignal) => {
      this.signals.push(signal);
      if (signal.kind === 'offer') {
        this.peer?.close();
        this.peer = new SignalledPeer({
          iceServers: [],
          send: (s) => void tech.use('screen:signal', s as unknown as Record<string, unknown>),
          onTrack: (e) => (this.track = e.track),
        });
      }
      void this.peer?.receive(signal);
    });
  }

  get connectionState(): RTCPeerConnectionState | undefined {
    return this.peer?.pc.connectionState;
  }
}

// ── files ──────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * The technician's side of file transfer, with the same module the console uses. `chunkDelayMs` holds each chunk
 * the technician sends or takes that long (a slow line), so a test can act while a transfer is under way.
 */
export function technicianFiles(tech: TechnicianClient, chunkDelayMs = 0): { files: FileTransfers; list: () => readonly TransferView[] } {
  let list: readonly TransferView[] = [];
  const files = new FileTransfers({
    role: 'technician',
    request: async (event, payload) => {
      if (event === 'file:chunk' && chunkDelayMs) await new Promise((resolve) => setTimeout(resolve, chunkDelayMs));
      const res = await tech.call(event, payload).catch(() => ({ ok: false as const, error: { code: 'unreachable' } }));
      return res.ok ? { ok: true } : { ok: false, code: res.error.code };
    },
    onChange: (l) => (list = l),
  });
  const s = tech.socket;
  s.on('file:offer', (offer: Parameters<FileTransfers['offered']>[0]) => files.offered(offer));
  s.on('file:accept', (info: { transferId: string }) => files.accepted(info.transferId));
  s.on('file:done', (info: { transferId: string }) => files.done(info.transferId));
  s.on('file:cancel', (info: Parameters<FileTransfers['cancelled']>[0]) => files.cancelled(info));
  s.on('file:chunk', (chunk: Parameters<FileTransfers['chunk']>[0], ack: Parameters<FileTransfers['chunk']>[1]) => {
    if (chunkDelayMs) setTimeout(() => files.chunk(chunk, ack), chunkDelayMs);
    else files.chunk(chunk, ack);
  });
  return { files, list: () => list };
}

/** Random bytes (crypto.getRandomValues takes 64 KiB at a time). */
export function randomBytes(size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i += 65_536) crypto.getRandomValues(bytes.subarray(i, i + 65_536));
  return bytes;
}

/** A file for the customer to pick or drop; its media type comes from the name's extension, as for real files. */
interface TestFile {
  name: string;
  bytes: Uint8Array;
}

const wire = (files: TestFile[]) => files.map((f) => ({ name: f.name, base64: bytesToBase64(f.bytes) }));

/** Picks `files` in the page's file input as the customer would in the file picker (trusted `change`). */
export async function chooseFiles(files: TestFile[]): Promise<void> {
  await executeServerCommand('files:choose', { files: wire(files) });
}

/** Drags `files` in from outside the browser and drops them at `x`, `y` (trusted drag events with real files). */
export async function dropFiles(files: TestFile[], x: number, y: number): Promise<void> {
  await executeServerCommand('files:drop', { files: wire(files), x: Math.round(x), y: Math.round(y) });
}
