/**
 * File transfers of one session, both directions, for widget and console alike (plain TypeScript, no DOM rendering):
 * the list the UI shows (`TransferView`s, replaced on every change) and the protocol steps behind it.
 *
 * Sending: size checked against the relay's limit first (nothing is sent over it) → SHA-256 → `file:offer` → the
 * other side's `file:accept` → chunks (file-transfer.ts) → the other side's `file:done`.
 * Receiving: `file:offer` shows as `incoming` and nothing is kept until `accept()` → `file:accept` → chunks, each
 * acknowledged → SHA-256 check → `file:done` and an object URL to save, or `file:cancel` `hash-mismatch`.
 * Either side may cancel at any time (`file:cancel`); the relay cancels transfers when the grant or session ends.
 */
import type { FileCancelReason, Role } from '../protocol/index.js';
import { FileReceiver, FileSender, newTransferId, sha256Hex } from './file-transfer.js';
import { neutralFileName } from './file-names.js';

export type TransferStatus =
  /** Sender: computing the SHA-256 and offering. */
  | 'preparing'
  /** Sender: offered, waiting for the other side to accept. */
  | 'offered'
  /** Receiver: offered to us, waiting for Accept or Decline. */
  | 'incoming'
  | 'sending'
  | 'receiving'
  /** Sender: every chunk acknowledged, waiting for the receiver's check. Receiver: checking the SHA-256. */
  | 'verifying'
  | 'done'
  | 'declined'
  | 'cancelled'
  | 'failed';

/**
 * Why a transfer did not finish: the cancel reasons, or the relay's refusal. `too-many`: the relay refused the offer
 * (`rate-limited`) because the session has as many unfinished transfers as it takes (8, offered or under way); a place
 * frees when one of them ends, not after a time, so the offer is not tried again by itself: the sender says so.
 */
export type TransferReason = FileCancelReason | 'too-large' | 'not-granted' | 'unreachable' | 'too-many';

/** The state a transfer ends in when it is called off for `reason`. */
export function cancelStatus(reason: FileCancelReason): 'declined' | 'failed' | 'cancelled' {
  return reason === 'declined' ? 'declined' : reason === 'hash-mismatch' || reason === 'failed' ? 'failed' : 'cancelled';
}

export interface TransferView {
  id: string;
  /** `out`: we send; `in`: the other side sends. */
  direction: 'out' | 'in';
  name: string;
  size: number;
  type: string;
  status: TransferStatus;
  /** Bytes acknowledged by the receiver (out) or received (in). */
  bytes: number;
  /** Why it did not finish. */
  reason?: TransferReason;
  /** Who cancelled it. */
  by?: Role | 'relay';
  /** The size limit it was over (`too-large`), when known. */
  limit?: number;
  /** The received file, to save (`<a download>`), once it arrived whole and verified. */
  url?: string;
}

/** The relay's answer to a file event: ok, or the error code (`unreachable` when there was no answer). */
export type TransferAnswer = { ok: true } | { ok: false; code: string };

export type TransferEventName = 'file:offer' | 'file:accept' | 'file:chunk' | 'file:done' | 'file:cancel';

export interface FileTransfersOptions {
  /** This side's role (who `cancel()` says cancelled). */
  role: Role;
  /** Emits a file event to the relay and resolves to its answer. */
  request(event: TransferEventName, payload: Record<string, unknown>): Promise<TransferAnswer>;
  /** Called with the new list after every change. */
  onChange(transfers: readonly TransferView[]): void;
  /** The relay's `limits.maxFileBytes`, when known: larger files are refused before anything is sent. */
  maxBytes?(): number | undefined;
}

/** An offer as the relay forwards it. */
export interface IncomingOffer {
  transferId: string;
  name: string;
  size: number;
  type: string;
  sha256: string;
}

const FINAL: readonly TransferStatus[] = ['done', 'declined', 'cancelled', 'failed'];
/** How long a sender whose chunk was refused waits for the `file:cancel` that explains it. */
const REFUSAL_GRACE_MS = 500;

/** A file name the protocol accepts and that shows what it is (see file-names.ts). */
export const safeFileName = neutralFileName;

interface Work {
  file?: Blob;
  sha256?: string;
  sender?: FileSender;
  receiver?: FileReceiver;
}

export class FileTransfers {
  readonly #options: FileTransfersOptions;
  #list: readonly TransferView[] = [];
  readonly #work = new Map<string, Work>();

  constructor(options: FileTransfersOptions) {
    this.#options = options;
  }

  get list(): readonly TransferView[] {
    return this.#list;
  }

  // ── sending ─────────────────────────────────────────────────────────────────────────────────────────────────

  /** Offers `file`; resolves to the transfer's id once offered (or refused: see its status). */
  async send(file: Blob, name = (file as Partial<File>).name ?? 'file'): Promise<string> {
    const id = newTransferId();
    const view: TransferView = { id, direction: 'out', name: safeFileName(name), size: file.size, type: file.type.slice(0, 255), status: 'preparing', bytes: 0 };
    const max = this.#options.maxBytes?.();
    if (max !== undefined && file.size > max) {
      this.#add({ ...view, status: 'failed', reason: 'too-large', limit: max });
      return id;
    }
    this.#add(view);
    this.#work.set(id, { file });
    let sha256: string;
    try {
      sha256 = await sha256Hex(file);
    } catch {
      // The file cannot be read (moved, deleted, too big for memory).
      if (this.#live(id)) this.#end(id, 'failed', { reason: 'failed' });
      return id;
    }
    if (!this.#live(id)) return id;
    this.#work.set(id, { file, sha256 });
    const res = await this.#options.request('file:offer', { transferId: id, name: view.name, size: view.size, type: view.type, sha256 });
    if (!res.ok) this.#end(id, 'failed', { reason: res.code === 'rate-limited' ? 'too-many' : reasonOf(res.code), ...(max === undefined ? {} : { limit: max }) });
    else if (this.#get(id)?.status === 'preparing') this.#update(id, { status: 'offered' });
    return id;
  }

  /** The other side accepted: send the chunks. */
  accepted(transferId: string): void {
    const view = this.#get(transferId);
    const work = this.#work.get(transferId);
    if (view?.direction !== 'out' || !work?.file || (view.status !== 'offered' && view.status !== 'preparing')) return;
    let refusal = '';
    const sender = new FileSender(
      work.file,
      async (index, data) => {
        const res = await this.#options.request('file:chunk', { transferId, index, data });
        if (!res.ok) refusal ||= res.code;
        return res.ok;
      },
      (bytes) => this.#update(transferId, { bytes }),
    );
    work.sender = sender;
    this.#update(transferId, { status: 'sending' });
    void sender.run().then(async (ok) => {
      if (ok) {
        if (this.#live(transferId)) this.#update(transferId, { status: 'verifying', bytes: view.size });
        return;
      }
      // A refused chunk: usually the other side or the relay called the transfer off, and its `file:cancel`, which
      // says why, is on its way. Without one, this side calls it off (the relay cancels revoked transfers itself).
      await new Promise((resolve) => setTimeout(resolve, REFUSAL_GRACE_MS));
      if (!this.#live(transferId)) return;
      if (refusal !== 'not-granted') void this.#options.request('file:cancel', { transferId, reason: 'failed' });
      this.#end(transferId, 'failed', { reason: reasonOf(refusal) });
    });
  }

  /** The receiver checked every byte. */
  done(transferId: string): void {
    const view = this.#get(transferId);
    if (view?.direction === 'out' && this.#live(transferId)) this.#end(transferId, 'done', { bytes: view.size });
  }

  // ── receiving ───────────────────────────────────────────────────────────────────────────────────────────────

  /** The other side offers a file: it shows, and nothing is received until `accept()`. */
  offered(offer: IncomingOffer): void {
    if (this.#get(offer.transferId)) return;
    this.#add({
      id: offer.transferId,
      direction: 'in',
      name: safeFileName(offer.name),
      size: offer.size,
      type: offer.type,
      status: 'incoming',
      bytes: 0,
    });
    this.#work.set(offer.transferId, { sha256: offer.sha256 });
  }

  async accept(transferId: string): Promise<void> {
    const view = this.#get(transferId);
    const work = this.#work.get(transferId);
    if (view?.status !== 'incoming' || !work?.sha256) return;
    // Ready before the relay hears the accept: the first chunk may come right after it.
    work.receiver = new FileReceiver(view.size, work.sha256);
    this.#update(transferId, { status: 'receiving' });
    const res = await this.#options.request('file:accept', { transferId });
    if (!res.ok) return this.#end(transferId, 'failed', { reason: reasonOf(res.code) });
    if (work.receiver.complete && this.#get(transferId)?.status === 'receiving') await this.#verify(transferId, work.receiver);
  }

  async decline(transferId: string): Promise<void> {
    if (this.#get(transferId)?.status !== 'incoming') return;
    this.#end(transferId, 'declined', { reason: 'declined', by: this.#options.role });
    await this.#options.request('file:cancel', { transferId, reason: 'declined' });
  }

  /** One chunk from the sender; acknowledged only when it fits (in order, not more than announced). */
  chunk(payload: { transferId: string; index: number; data: string }, ack: (answer: { ok: boolean }) => void): void {
    const { transferId } = payload;
    const receiver = this.#work.get(transferId)?.receiver;
    if (!receiver || this.#get(transferId)?.status !== 'receiving' || !receiver.add(payload.index, payload.data)) {
      ack({ ok: false });
      if (receiver && this.#live(transferId)) {
        this.#end(transferId, 'failed', { reason: 'failed' });
        void this.#options.request('file:cancel', { transferId, reason: 'failed' });
      }
      return;
    }
    ack({ ok: true });
    this.#update(transferId, { bytes: receiver.received });
    if (receiver.complete) void this.#verify(transferId, receiver);
  }

  // ── both ────────────────────────────────────────────────────────────────────────────────────────────────────

  /** This side calls a transfer off (also an offer not answered yet). */
  async cancel(transferId: string): Promise<void> {
    if (!this.#live(transferId)) return;
    if (this.#get(transferId)?.status === 'incoming') return this.decline(transferId);
    this.#end(transferId, 'cancelled', { reason: 'cancelled', by: this.#options.role });
    await this.#options.request('file:cancel', { transferId, reason: 'cancelled' });
  }

  /** The other side or the relay called a transfer off. */
  cancelled(info: { transferId: string; by: Role | 'relay'; reason: FileCancelReason }): void {
    if (!this.#live(info.transferId)) return;
    this.#end(info.transferId, cancelStatus(info.reason), { reason: info.reason, by: info.by });
  }

  /** Ends every transfer still going without telling anyone (the grant or the session ended; the relay knows). */
  abort(reason: 'revoked' | 'ended'): void {
    for (const view of this.#list) if (!FINAL.includes(view.status)) this.#end(view.id, 'cancelled', { reason, by: 'relay' });
  }

  /** Forgets every transfer and frees the received files. */
  clear(): void {
    this.abort('ended');
    for (const view of this.#list) if (view.url) URL.revokeObjectURL(view.url);
    this.#work.clear();
    this.#list = [];
    this.#options.onChange(this.#list);
  }

  // ── internals ───────────────────────────────────────────────────────────────────────────────────────────────

  async #verify(transferId: string, receiver: FileReceiver): Promise<void> {
    this.#update(transferId, { status: 'verifying' });
    const blob = await receiver.verify();
    receiver.discard();
    if (!this.#live(transferId)) return;
    if (!blob) {
      this.#end(transferId, 'failed', { reason: 'hash-mismatch' });
      await this.#options.request('file:cancel', { transferId, reason: 'hash-mismatch' });
      return;
    }
    this.#end(transferId, 'done', { url: URL.createObjectURL(blob) });
    await this.#options.request('file:done', { transferId, sha256: receiver.sha256 });
  }

  #get(id: string): TransferView | undefined {
    return this.#list.find((t) => t.id === id);
  }

  #live(id: string): boolean {
    const view = this.#get(id);
    return !!view && !FINAL.includes(view.status);
  }

  #add(view: TransferView): void {
    this.#list = [...this.#list, view];
    this.#options.onChange(this.#list);
  }

  #update(id: string, patch: Partial<TransferView>): void {
    this.#list = this.#list.map((t) => (t.id === id ? { ...t, ...patch } : t));
    this.#options.onChange(this.#list);
  }

  /** A final status: the work behind it stops and is let go. */
  #end(id: string, status: TransferStatus, patch: Partial<TransferView> = {}): void {
    const work = this.#work.get(id);
    work?.sender?.cancel();
    work?.receiver?.discard();
    this.#work.delete(id);
    this.#update(id, { ...patch, status });
  }
}

function reasonOf(code: string): TransferReason {
  return code === 'too-large' || code === 'not-granted' || code === 'unreachable' ? code : 'failed';
}
