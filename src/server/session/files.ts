/**
 * File transfer, both directions: offer, accept, chunks with backpressure, done, cancel; and the relay's own cancels.
 */
import { FILE_CHUNKS_IN_FLIGHT, type FileCancelReason, type Payload } from '../../protocol/index.js';
import { fail, later, ok, type Failure, type Later, type Result } from '../results.js';
import { allSent, type TransferRecord } from '../store.js';
import { base64Bytes, describeTransfer, LIVE_TRANSFERS, TransferProgress, transferOf } from '../transfers.js';
import { other, type Caller, type SessionContext } from './context.js';
import type { Consent } from './consent.js';

export class Files {
  readonly #ctx: SessionContext;
  readonly #consent: Consent;
  readonly progress = new TransferProgress();

  constructor(ctx: SessionContext, consent: Consent) {
    this.#ctx = ctx;
    this.#consent = consent;
  }

  async offerFile(caller: Caller, offer: Payload<'file:offer'>): Promise<Result> {
    const pass = await this.#consent.gateRecord(caller, 'file-transfer', 'file:offer');
    if (!pass.ok) return pass;
    if (offer.size > this.#ctx.opts.maxFileBytes) return fail('too-large', { detail: `the largest file is ${this.#ctx.opts.maxFileBytes} bytes` });
    const id = pass.record.id;
    const transfer: TransferRecord = { from: caller.role, name: offer.name, size: offer.size, type: offer.type, sha256: offer.sha256, state: 'offered', offeredAt: Date.now() };
    let problem: Failure | undefined;
    const record = await this.#ctx.store.updateSession(id, (s) => {
      const transfers = s.transfers ?? {};
      problem =
        s.state !== 'active'
          ? fail('session-ended')
          : transferOf(transfers, offer.transferId)
            ? fail('invalid-state', { detail: 'this transfer id is in use' })
            : Object.keys(transfers).length >= LIVE_TRANSFERS
              ? fail('rate-limited', { detail: `at most ${LIVE_TRANSFERS} transfers at once` })
              : undefined;
      return problem ? undefined : { ...s, transfers: { ...transfers, [offer.transferId]: transfer } };
    });
    if (!record) return fail('session-ended');
    if (problem) return problem;
    await this.#ctx.audit(id, { actor: caller.role, type: 'file-offered', detail: describeTransfer(transfer) });
    const { state: _state, offeredAt: _at, ...shown } = transfer;
    const announced = { transferId: offer.transferId, ...shown };
    if (caller.role === 'customer') this.#ctx.out.toSession(id, 'technician', 'file:offer', announced);
    else if (!(await this.#ctx.out.forwardUse(caller, id, 'file:offer', announced))) {
      await this.relayCancel(id, 'revoked', offer.transferId);
      return this.#consent.tooLate(caller, id, 'file-transfer', 'file:offer');
    }
    return ok({});
  }

  /** The receiver accepts an offered file; the sender may send chunks from now on. */
  async acceptFile(caller: Caller, transferId: string): Promise<Result> {
    const pass = await this.#consent.gateRecord(caller, 'file-transfer', 'file:accept');
    if (!pass.ok) return pass;
    const changed = await this.#changeTransfer(pass.record.id, transferId, (t) =>
      t.from === caller.role
        ? fail('invalid-state', { detail: 'only the receiver accepts a file' })
        : t.state !== 'offered'
          ? fail('invalid-state', { detail: 'already accepted' })
          : { ...t, state: 'accepted' },
    );
    if (!changed.ok) return changed;
    await this.#ctx.audit(pass.record.id, { actor: caller.role, type: 'file-accepted', detail: describeTransfer(changed.transfer) });
    this.#ctx.out.toSession(pass.record.id, changed.transfer.from, 'file:accept', { transferId });
    return ok({});
  }

  /**
   * One chunk from the sender: checked (gate, accepted transfer, sender, next index, size), forwarded to the receiver
   * with an acknowledgement, and acknowledged to the sender only once the receiver acknowledged it (backpressure).
   */
  async chunk(caller: Caller, { transferId, index, data }: Payload<'file:chunk'>): Promise<Result | Later> {
    const pass = await this.#consent.gateRecord(caller, 'file-transfer', 'file:chunk');
    if (!pass.ok) return pass;
    const id = pass.record.id;
    const t = transferOf(pass.record.transfers, transferId);
    if (!t) return fail('not-found', { detail: 'no such transfer' });
    if (t.from !== caller.role) return fail('invalid-state', { detail: 'only the sender sends chunks' });
    if (t.state === 'offered') return fail('invalid-state', { detail: 'the receiver has not accepted the file yet' });
    if (allSent(t)) return fail('too-large', { detail: `more than the ${t.size} bytes offered` });
    const progress = this.progress.of(id, transferId);
    if (index !== progress.next) return fail('invalid-state', { detail: `chunk ${progress.next} expected` });
    const bytes = base64Bytes(data);
    if (progress.bytes + bytes > t.size) return fail('too-large', { detail: `more than the ${t.size} bytes offered` });
    if (progress.inFlight >= FILE_CHUNKS_IN_FLIGHT) return fail('rate-limited', { detail: `at most ${FILE_CHUNKS_IN_FLIGHT} chunks unacknowledged` });
    // The last chunk: the record says every byte is on its way before it goes (one write per transfer), so that the
    // receiver's `file:done` is taken only then, whichever relay process it comes to.
    if (progress.bytes + bytes === t.size) {
      const sent = await this.#changeTransfer(id, transferId, (r) => (r.state === 'accepted' && !allSent(r) ? { ...r, sent: true } : fail('invalid-state', { detail: 'the transfer is not under way' })));
      if (!sent.ok) return sent;
      // Stopped while the record was written (a cancel, a drop, the grant taken back): the chunk goes nowhere.
      if (this.progress.peek(id, transferId) !== progress) return fail('unavailable', { detail: 'the transfer was stopped' });
    }
    progress.next += 1;
    progress.bytes += bytes;
    progress.inFlight += 1;
    const timeoutMs = this.#ctx.opts.fileAckTimeoutMs;
    const delivered = this.#ctx.out.toSessionWithAck(id, other(caller.role), 'file:chunk', { transferId, index, data }, timeoutMs);
    // A transfer the relay stops meanwhile (the receiver dropped, either side cancelled, the grant went) fails the
    // chunks still waiting for the receiver at once; the stop has already told both sides.
    const stopped = progress.stopped.then(() => 'stopped' as const);
    return later(
      Promise.race([delivered, stopped]).then(
        async (acks) => {
          if (acks === 'stopped') return fail('unavailable', { detail: 'the transfer was stopped' });
          progress.inFlight -= 1;
          if (acks.length > 0 && acks.every((a) => (a as { ok?: unknown } | null)?.ok === true)) {
            this.#ctx.metrics.fileBytes.inc({ sender: caller.role }, bytes);
            return ok({});
          }
          await this.relayCancel(id, 'failed', transferId);
          return fail('unavailable', { detail: acks.length === 0 ? 'the receiver is not connected' : 'the receiver refused the chunk' });
        },
        async () => {
          progress.inFlight -= 1;
          await this.relayCancel(id, 'timeout', transferId);
          return fail('unavailable', { detail: `the receiver did not acknowledge within ${timeoutMs} ms` });
        },
      ),
    );
  }

  /** The receiver has every byte and its SHA-256 matches: the transfer is done. */
  async fileDone(caller: Caller, transferId: string, sha256: string): Promise<Result> {
    const member = await this.#ctx.activeMember(caller);
    if (!member.ok) return member;
    const id = member.record.id;
    let mismatch = false;
    const changed = await this.#changeTransfer(id, transferId, (t) => {
      const progress = this.progress.peek(id, transferId);
      mismatch = false;
      if (t.from === caller.role) return fail('invalid-state', { detail: 'only the receiver confirms a file' });
      // Every byte went out (`sent`), or there were none to send. A transfer whose chunks went through a relay of a
      // version from before `sent` (a rolling restart) is not known to be complete: refused (docs/DEPLOYMENT.md).
      const complete = allSent(t) || (t.state === 'accepted' && t.size === 0);
      if (!complete || (progress && progress.bytes !== t.size)) return fail('invalid-state', { detail: 'not all bytes were sent' });
      mismatch = t.sha256 !== sha256;
      return mismatch ? fail('invalid-state', { detail: 'the SHA-256 differs from the offer' }) : null;
    });
    if (!changed.ok) {
      if (mismatch) await this.relayCancel(id, 'hash-mismatch', transferId);
      return changed;
    }
    this.progress.forget(id, transferId);
    await this.#ctx.audit(id, { actor: caller.role, type: 'file-transferred', detail: describeTransfer(changed.transfer) });
    this.#ctx.out.toSession(id, changed.transfer.from, 'file:done', { transferId });
    return ok({});
  }

  /** Either side stops a transfer (declining an offer, cancelling, a failed check). Never gated: stopping is always possible. */
  async cancelFile(caller: Caller, transferId: string, reason: FileCancelReason = 'cancelled'): Promise<Result> {
    const member = await this.#ctx.activeMember(caller);
    if (!member.ok) return member;
    const id = member.record.id;
    const changed = await this.#changeTransfer(id, transferId, () => null);
    if (!changed.ok) return changed;
    this.progress.forget(id, transferId);
    await this.#ctx.audit(id, { actor: caller.role, type: 'file-cancelled', detail: `${describeTransfer(changed.transfer)}: ${reason}` });
    this.#ctx.out.toSession(id, other(caller.role), 'file:cancel', { transferId, by: caller.role, reason });
    return ok({});
  }

  /**
   * Atomically changes one transfer: `change` answers its next state, `null` to finish it (it leaves the record), or
   * a failure that leaves everything as it is. Resolves to the transfer as it was.
   */
  async #changeTransfer(
    sessionId: string,
    transferId: string,
    change: (t: TransferRecord) => TransferRecord | null | Failure,
  ): Promise<{ ok: true; transfer: TransferRecord } | Failure> {
    let outcome: { ok: true; transfer: TransferRecord } | Failure = fail('session-ended');
    await this.#ctx.store.updateSession(sessionId, (s) => {
      const t = transferOf(s.transfers, transferId);
      if (!t || s.state !== 'active') {
        outcome = fail(s.state === 'ended' ? 'session-ended' : 'not-found', { detail: 'no such transfer' });
        return undefined;
      }
      const next = change(t);
      if (next && 'ok' in next) {
        outcome = next;
        return undefined;
      }
      outcome = { ok: true, transfer: t };
      const { [transferId]: _old, ...others } = s.transfers!;
      return { ...s, transfers: next ? { ...others, [transferId]: next } : others };
    });
    return outcome;
  }

  /** The relay stops transfers (one, or all of the session) and tells both sides why. */
  async relayCancel(sessionId: string, reason: FileCancelReason, only?: string): Promise<void> {
    let stopped: [string, TransferRecord][] = [];
    await this.#ctx.store.updateSession(sessionId, (s) => {
      stopped = Object.entries(s.transfers ?? {}).filter(([transferId]) => only === undefined || transferId === only);
      if (stopped.length === 0) return undefined;
      const kept = Object.fromEntries(Object.entries(s.transfers ?? {}).filter(([transferId]) => only !== undefined && transferId !== only));
      const { transfers: _all, ...rest } = s;
      return Object.keys(kept).length > 0 ? { ...rest, transfers: kept } : rest;
    });
    for (const [transferId, t] of stopped) {
      this.progress.forget(sessionId, transferId);
      await this.#ctx.audit(sessionId, { actor: 'relay', type: 'file-cancelled', detail: `${describeTransfer(t)}: ${reason}` });
      this.#ctx.out.toSession(sessionId, 'both', 'file:cancel', { transferId, by: 'relay', reason });
    }
  }
}
