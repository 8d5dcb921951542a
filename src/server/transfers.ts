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
  /** Settles once the relay forgets the transfer (finished, cancelled, a side dropped): outstanding acks fail at once. */
  stopped: Promise<void>;
  stop: () => void;
}

function freshProgress(): Progress {
  let stop = () => {};
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  return { next: 0, bytes: 0, inFlight: 0, stopped, stop };
}

/** Per-process chunk progress, by session and transfer. */
export class TransferProgress {
  readonly #sessions = new Map<string, Map<string, Progress>>();

  /** The progress of a transfer, created at zero on its first chunk. */
  of(sessionId: string, transferId: string): Progress {
    let transfers = this.#sessions.get(sessionId);
    if (!transfers) this.#sessions.set(sessionId, (transfers = new Map<string, Progress>()));
    let progress = transfers.get(transferId);
    if (!progress) transfers.set(transferId, (progress = freshProgress()));
    return progress;
  }

  peek(sessionId: string, transferId: string): Progress | undefined {
    return this.#sessions.get(sessionId)?.get(transferId);
  }

  /** Forgets one transfer or all of a session's; their chunks still waiting for the receiver are answered at once. */
  forget(sessionId: string, transferId?: string): void {
    const transfers = this.#sessions.get(sessionId);
    if (transferId === undefined) {
      for (const progress of transfers?.values() ?? []) progress.stop();
      this.#sessions.delete(sessionId);
      return;
    }
    transfers?.get(transferId)?.stop();
    transfers?.delete(transferId);
    if (transfers?.size === 0) this.#sessions.delete(sessionId);
  }
}

/**
 * The transfer `transferId` of a session record's transfers, if one has that id. Transfer ids are chosen by clients,
 * so only own properties count: `constructor`, `__proto__` or `toString` never reach `Object.prototype`.
 */
export function transferOf(transfers: Record<string, TransferRecord> | undefined, transferId: string): TransferRecord | undefined {
  return transfers && Object.hasOwn(transfers, transferId) ? transfers[transferId] : undefined;
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
