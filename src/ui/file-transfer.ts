/**
 * The byte side of file transfer, for widget and console alike (plain TypeScript): SHA-256 of a whole file,
 * base64 chunks of 64 KiB sent in order with at most four waiting for their acknowledgement, and the receiving end
 * that takes chunks in order, never more bytes than announced, and checks the SHA-256 of the whole.
 */

import { FILE_CHUNK_BYTES, FILE_CHUNKS_IN_FLIGHT } from '../protocol/constants.js';

export { FILE_CHUNK_BYTES };
/** Chunks sent and not yet acknowledged, at most (the relay acknowledges only after the receiver did). */
export const MAX_CHUNKS_IN_FLIGHT = FILE_CHUNKS_IN_FLIGHT;

type Bytes = Blob | ArrayBuffer | Uint8Array;

/** The SHA-256 digest of `data`, lowercase hex (what `file:offer` and `file:done` carry). */
export async function sha256Hex(data: Bytes): Promise<string> {
  const buffer = data instanceof Blob ? await data.arrayBuffer() : data;
  const digest = await crypto.subtle.digest('SHA-256', buffer as BufferSource);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode takes its arguments on the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The bytes of base64 `text`, or undefined when it is not base64. */
export function base64ToBytes(text: string): Uint8Array | undefined {
  try {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return undefined;
  }
}

/** Random id for a transfer (`t-` and 24 hex digits; the protocol allows `[\w.:-]{1,64}`). */
export function newTransferId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return `t-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Sends chunk `index` (base64 `data`); resolves to whether the other side acknowledged it. */
export type SendChunk = (index: number, data: string) => Promise<boolean>;

/**
 * Sends a file in order, chunk by chunk, with at most `window` chunks waiting for their acknowledgement (so a slow
 * receiver slows the sender down). `run()` resolves to true once every chunk was acknowledged, false when one was
 * refused or the transfer was cancelled (no chunk is sent after `cancel()`).
 */
export class FileSender {
  readonly #file: Blob;
  readonly #send: SendChunk;
  readonly #progress: (bytes: number) => void;
  readonly #window: number;
  #cancelled = false;
  #acked = 0;

  constructor(file: Blob, send: SendChunk, progress: (bytes: number) => void = () => undefined, window = MAX_CHUNKS_IN_FLIGHT) {
    this.#file = file;
    this.#send = send;
    this.#progress = progress;
    this.#window = Math.max(1, window);
  }

  /** Bytes the other side acknowledged so far. */
  get acked(): number {
    return this.#acked;
  }

  cancel(): void {
    this.#cancelled = true;
  }

  async run(): Promise<boolean> {
    const size = this.#file.size;
    const waiting = new Set<Promise<void>>();
    let refused = false;
    for (let index = 0, start = 0; start < size; index++, start += FILE_CHUNK_BYTES) {
      while (waiting.size >= this.#window) await Promise.race(waiting);
      if (refused || this.#cancelled) break;
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await this.#file.slice(start, start + FILE_CHUNK_BYTES).arrayBuffer());
      } catch {
        // The file cannot be read any more (moved, deleted, permission gone).
        refused = true;
        break;
      }
      if (this.#cancelled) break;
      const sent: Promise<void> = this.#send(index, bytesToBase64(bytes)).then(
        (ok) => {
          waiting.delete(sent);
          if (!ok) refused = true;
          else if (!this.#cancelled) this.#progress((this.#acked += bytes.length));
        },
        () => {
          waiting.delete(sent);
          refused = true;
        },
      );
      waiting.add(sent);
    }
    await Promise.all(waiting);
    return !refused && !this.#cancelled;
  }
}

/**
 * The receiving end of one transfer: chunks must come in order (index 0, 1, …) and never add up to more than the
 * announced size. Once every byte is there, `verify()` gives the file when its SHA-256 equals the announced one.
 */
export class FileReceiver {
  readonly size: number;
  readonly sha256: string;
  #parts: Uint8Array[] = [];
  #received = 0;

  constructor(size: number, sha256: string) {
    this.size = size;
    this.sha256 = sha256;
  }

  get received(): number {
    return this.#received;
  }

  get complete(): boolean {
    return this.#received === this.size;
  }

  /** Takes chunk `index`; false (and nothing kept) when it is out of order, not base64, empty, or too much. */
  add(index: number, data: string): boolean {
    if (index !== this.#parts.length) return false;
    const bytes = base64ToBytes(data);
    if (!bytes?.length || this.#received + bytes.length > this.size) return false;
    this.#parts.push(bytes);
    this.#received += bytes.length;
    return true;
  }

  /** The whole file (as `application/octet-stream`, so nothing ever renders it) if complete and the hash matches. */
  async verify(): Promise<Blob | undefined> {
    if (!this.complete) return undefined;
    const blob = new Blob(this.#parts as BlobPart[], { type: 'application/octet-stream' });
    return (await sha256Hex(blob)) === this.sha256 ? blob : undefined;
  }

  /** Lets go of what was received. */
  discard(): void {
    this.#parts = [];
  }
}
