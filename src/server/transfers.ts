/**
 * File transfers: what the relay keeps in this process's memory while chunks flow. The session record holds each
 * transfer's metadata and state (see store.ts); per-chunk progress stays here, because every chunk of one transfer
 * passes through the sender's socket, which lives on one relay process.
 */
import type { TransferRecord } from './store.js';

/** Transfers offered and not yet finished in one session, at most. */
export const LIVE_TRANSFERS = 8;

export interface Progress {
  /** Index of the next chunk the relay accepts. */
  next: number;
  /** File bytes forwarded so far. */
  bytes: number;
  /** Chunks forwarded whose receiver acknowledgement is outstanding. */
  inFlight: number;
}

/** Per-process chunk progress, by session and transfer. */
export class TransferProgress {
  readonly #sessions = new Map<string, Map<string, Progress>>();

  /** The progress of a transfer, created at zero on its first chunk. */
  of(sessionId: string, transferId: string): Progress {
    let transfers = this.#sessions.get(sessionId);
    if (!transfers) this.#sessions.set(sessionId, (transfers = new Map<string, Progress>()));
    let progress = transfers.get(transferId);
    if (!progress) transfers.set(transferId, (progress = { next: 0, bytes: 0, inFlight: 0 }));
    return progress;
  }

  peek(sessionId: string, transferId: string): Progress | undefined {
    return this.#sessions.get(sessionId)?.get(transferId);
  }

  forget(sessionId: string, transferId?: string): void {
    if (transferId === undefined) {
      this.#sessions.delete(sessionId);
      return;
    }
    const transfers = this.#sessions.get(sessionId);
    transfers?.delete(transferId);
    if (transfers?.size === 0) this.#sessions.delete(sessionId);
  }
}

/** Bytes of data encoded as standard base64 (the schema has checked it is). */
export function base64Bytes(data: string): number {
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return (data.length / 4) * 3 - padding;
}

/** The audit log's description of a transfer: name, size and hash, never the contents. */
export function describeTransfer(t: Pick<TransferRecord, 'name' | 'size' | 'sha256'>): string {
  return `${t.name} (${t.size} bytes, sha256 ${t.sha256})`;
}
