/**
 * File transfer without a network (src/ui/file-transfer.ts, src/ui/transfers.ts): hashing, base64, chunking with at
 * most four chunks in flight, the receiver's checks, and the whole flow between two FileTransfers wired through a
 * fake relay that forwards like the real one (offer → accept → chunks acknowledged by the receiver → done).
 */
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  base64ToBytes,
  bytesToBase64,
  FILE_CHUNK_BYTES,
  FileReceiver,
  FileSender,
  MAX_CHUNKS_IN_FLIGHT,
  newTransferId,
  sha256Hex,
} from '../../src/ui/file-transfer.js';
import { FileTransfers, safeFileName, type TransferAnswer, type TransferEventName, type TransferView } from '../../src/ui/transfers.js';

const hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('hashing and base64', () => {
  it('gives the SHA-256 of a Blob, an ArrayBuffer and bytes in lowercase hex', async () => {
    const bytes = randomBytes(100_000);
    const expected = hex(bytes);
    expect(await sha256Hex(new Blob([bytes]))).toBe(expected);
    expect(await sha256Hex(new Uint8Array(bytes))).toBe(expected);
    expect(await sha256Hex(new Uint8Array(bytes).buffer)).toBe(expected);
    expect(await sha256Hex(new Blob([]))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('round-trips bytes through base64 the way Buffer encodes them, and refuses what is not base64', () => {
    const bytes = new Uint8Array(randomBytes(FILE_CHUNK_BYTES + 7));
    const text = bytesToBase64(bytes);
    expect(text).toBe(Buffer.from(bytes).toString('base64'));
    expect(base64ToBytes(text)).toEqual(bytes);
    expect(base64ToBytes('not base64!')).toBeUndefined();
  });

  it('makes transfer ids the protocol accepts', () => {
    const ids = new Set(Array.from({ length: 50 }, newTransferId));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^t-[0-9a-f]{24}$/);
  });
});

describe('FileSender', () => {
  it('sends 64 KiB chunks in order, never more than four waiting for their ack, and reports acked bytes', async () => {
    const bytes = new Uint8Array(randomBytes(FILE_CHUNK_BYTES * 9 + 100));
    const pending: Array<{ index: number; data: string; ack: (ok: boolean) => void }> = [];
    let most = 0;
    const progress: number[] = [];
    const sender = new FileSender(
      new Blob([bytes]),
      (index, data) =>
        new Promise<boolean>((ack) => {
          pending.push({ index, data, ack });
          most = Math.max(most, pending.filter((p) => p.ack !== null).length);
        }),
      (n) => progress.push(n),
    );
    const run = sender.run();
    const sent: Array<{ index: number; data: string }> = [];
    while (sent.length < 10) {
      await tick();
      expect(pending.length).toBeLessThanOrEqual(MAX_CHUNKS_IN_FLIGHT);
      // The receiver is slow: one ack at a time.
      const next = pending.shift();
      if (!next) continue;
      sent.push(next);
      next.ack(true);
    }
    expect(await run).toBe(true);
    expect(most).toBe(MAX_CHUNKS_IN_FLIGHT);
    expect(sent.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const joined = Buffer.concat(sent.map((s) => Buffer.from(s.data, 'base64')));
    expect(joined.equals(Buffer.from(bytes))).toBe(true);
    expect(sent.slice(0, 9).every((s) => Buffer.from(s.data, 'base64').length === FILE_CHUNK_BYTES)).toBe(true);
    expect(progress.at(-1)).toBe(bytes.length);
    expect(sender.acked).toBe(bytes.length);
  });

  it('stops at a refused chunk and sends nothing after cancel()', async () => {
    const file = new Blob([new Uint8Array(FILE_CHUNK_BYTES * 20)]);
    const refused: number[] = [];
    const refusing = new FileSender(file, async (index) => {
      refused.push(index);
      return index !== 2;
    });
    expect(await refusing.run()).toBe(false);
    expect(Math.max(...refused)).toBeLessThan(2 + MAX_CHUNKS_IN_FLIGHT + 1);

    const seen: number[] = [];
    const cancelled = new FileSender(file, async (index) => {
      seen.push(index);
      if (index === 3) cancelled.cancel();
      return true;
    });
    expect(await cancelled.run()).toBe(false);
    expect(Math.max(...seen)).toBe(3);
  });

  it('sends no chunk for an empty file', async () => {
    let calls = 0;
    expect(
      await new FileSender(new Blob([]), async () => {
        calls++;
        return true;
      }).run(),
    ).toBe(true);
    expect(calls).toBe(0);
  });
});

describe('FileReceiver', () => {
  it('takes chunks in order up to the announced size and verifies the SHA-256', async () => {
    const bytes = new Uint8Array(randomBytes(150_000));
    const receiver = new FileReceiver(bytes.length, hex(bytes));
    const chunks = [bytes.subarray(0, FILE_CHUNK_BYTES), bytes.subarray(FILE_CHUNK_BYTES, 2 * FILE_CHUNK_BYTES), bytes.subarray(2 * FILE_CHUNK_BYTES)];
    expect(receiver.add(1, bytesToBase64(chunks[1]!))).toBe(false);
    expect(receiver.add(0, 'not base64!')).toBe(false);
    expect(receiver.add(0, bytesToBase64(chunks[0]!))).toBe(true);
    expect(receiver.add(0, bytesToBase64(chunks[0]!))).toBe(false);
    expect(await receiver.verify()).toBeUndefined();
    expect(receiver.add(1, bytesToBase64(chunks[1]!))).toBe(true);
    expect(receiver.add(2, bytesToBase64(chunks[2]!))).toBe(true);
    expect(receiver.complete).toBe(true);
    expect(receiver.add(3, bytesToBase64(new Uint8Array([1])))).toBe(false);
    const blob = await receiver.verify();
    expect(blob?.type).toBe('application/octet-stream');
    expect(Buffer.from(await blob!.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
  });

  it('refuses more bytes than announced and a file whose hash differs', async () => {
    const bytes = new Uint8Array(randomBytes(1000));
    expect(new FileReceiver(999, hex(bytes)).add(0, bytesToBase64(bytes))).toBe(false);
    const wrong = new FileReceiver(1000, hex(new Uint8Array(1000)));
    expect(wrong.add(0, bytesToBase64(bytes))).toBe(true);
    expect(await wrong.verify()).toBeUndefined();
  });
});

describe('safeFileName', () => {
  it('keeps ordinary names, replaces path separators and control characters, and shortens keeping the extension', () => {
    expect(safeFileName('report 2024.pdf')).toBe('report 2024.pdf');
    expect(safeFileName('..\\..\\evil/name\u0000.txt')).toBe('.._.._evil_name_.txt');
    expect(safeFileName('   ')).toBe('file');
    const long = safeFileName(`${'a'.repeat(300)}.log`);
    expect(long).toHaveLength(255);
    expect(long.endsWith('.log')).toBe(true);
  });
});

/**
 * Two FileTransfers (customer and technician) joined by a fake relay that does what the real one does with file
 * events: forwards offer / accept / done / cancel to the other side, and forwards each chunk with an ack, answering
 * the sender only after the receiver acknowledged.
 */
function pair(options: { maxBytes?: number; refuseChunk?: (index: number) => string | undefined; liveTransfers?: number } = {}) {
  let offers = 0;
  const log: Array<[TransferEventName, string, Record<string, unknown>]> = [];
  const lists: Record<'customer' | 'technician', readonly TransferView[]> = { customer: [], technician: [] };
  const sides = {} as Record<'customer' | 'technician', FileTransfers>;
  const make = (role: 'customer' | 'technician') => {
    const other = role === 'customer' ? 'technician' : 'customer';
    sides[role] = new FileTransfers({
      role,
      maxBytes: () => options.maxBytes,
      onChange: (list) => (lists[role] = list),
      request: async (event, payload): Promise<TransferAnswer> => {
        log.push([event, role, payload]);
        await tick();
        const to = sides[other];
        const transferId = payload.transferId as string;
        switch (event) {
          case 'file:offer':
            if (options.maxBytes !== undefined && (payload.size as number) > options.maxBytes) return { ok: false, code: 'too-large' };
            // The relay's cap on unfinished transfers in a session: `rate-limited`, without retryAfter.
            if (options.liveTransfers !== undefined && ++offers > options.liveTransfers) return { ok: false, code: 'rate-limited' };
            to.offered(payload as never);
            return { ok: true };
          case 'file:accept':
            to.accepted(transferId);
            return { ok: true };
          case 'file:chunk': {
            const refusal = options.refuseChunk?.(payload.index as number);
            if (refusal) return { ok: false, code: refusal };
            const ok = await new Promise<boolean>((resolve) => to.chunk(payload as never, (a) => resolve(a.ok)));
            return ok ? { ok: true } : { ok: false, code: 'invalid-state' };
          }
          case 'file:done':
            to.done(transferId);
            return { ok: true };
          case 'file:cancel':
            to.cancelled({ transferId, by: role, reason: (payload.reason as never) ?? 'cancelled' });
            return { ok: true };
        }
      },
    });
  };
  make('customer');
  make('technician');
  return { sides, lists, log };
}

describe('FileTransfers between two sides', () => {
  it('sends a file after the receiver accepts; both see progress; the receiver gets a verified object URL', async () => {
    const { sides, lists, log } = pair();
    const bytes = new Uint8Array(randomBytes(FILE_CHUNK_BYTES * 3 + 5));
    const id = await sides.customer.send(new File([bytes], 'photo.jpg', { type: 'image/jpeg' }));
    expect(lists.customer[0]).toMatchObject({ id, direction: 'out', status: 'offered', name: 'photo.jpg', size: bytes.length });
    expect(lists.technician[0]).toMatchObject({ id, direction: 'in', status: 'incoming', type: 'image/jpeg', bytes: 0 });
    expect(log.filter(([e]) => e === 'file:chunk')).toHaveLength(0);
    const offer = log.find(([e]) => e === 'file:offer')![2];
    expect(offer).toEqual({ transferId: id, name: 'photo.jpg', size: bytes.length, type: 'image/jpeg', sha256: hex(bytes) });

    await sides.technician.accept(id);
    await until(() => lists.customer[0]?.status === 'done', 'the sender sees done');
    const received = lists.technician[0]!;
    expect(received).toMatchObject({ status: 'done', bytes: bytes.length });
    const blob = await (await fetch(received.url!)).arrayBuffer();
    expect(Buffer.from(blob).equals(Buffer.from(bytes))).toBe(true);
    expect(log.filter(([e]) => e === 'file:chunk').map(([, , p]) => p.index)).toEqual([0, 1, 2, 3]);
    expect(log.find(([e]) => e === 'file:done')?.[2]).toEqual({ transferId: id, sha256: hex(bytes) });
    sides.technician.clear();
    expect(sides.technician.list).toEqual([]);
  });

  it('refuses a file over the limit before hashing or offering anything', async () => {
    const { sides, lists, log } = pair({ maxBytes: 1000 });
    await sides.customer.send(new File([new Uint8Array(1001)], 'big.iso'));
    expect(lists.customer[0]).toMatchObject({ status: 'failed', reason: 'too-large' });
    expect(log).toEqual([]);
  });

  it('says an offer refused for too many transfers at once is not sent (too-many), and does not offer it again', async () => {
    const { sides, lists, log } = pair({ liveTransfers: 1 });
    await sides.customer.send(new File(['one'], 'one.txt'));
    await sides.customer.send(new File(['two'], 'two.txt'));
    expect(lists.customer[0]).toMatchObject({ name: 'one.txt', status: 'offered' });
    expect(lists.customer[1]).toMatchObject({ name: 'two.txt', status: 'failed', reason: 'too-many' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(log.filter(([e]) => e === 'file:offer')).toHaveLength(2);
    expect(lists.technician).toHaveLength(1);
  });

  it('a declined offer stores nothing and tells the sender', async () => {
    const { sides, lists } = pair();
    const id = await sides.technician.send(new File(['hello'], 'notes.txt'));
    await sides.customer.decline(id);
    await until(() => lists.technician[0]?.status === 'declined', 'the sender sees it declined');
    expect(lists.customer[0]).toMatchObject({ status: 'declined', by: 'customer' });
    expect(lists.technician[0]).toMatchObject({ reason: 'declined', by: 'customer' });
  });

  it('either side can cancel mid-way, and the other side stops too', async () => {
    const { sides, lists, log } = pair();
    const id = await sides.customer.send(new Blob([new Uint8Array(FILE_CHUNK_BYTES * 40)]), 'big.bin');
    await sides.technician.accept(id);
    await until(() => (lists.technician[0]?.bytes ?? 0) > 0, 'some bytes arrive');
    await sides.technician.cancel(id);
    await until(() => lists.customer[0]?.status === 'cancelled', 'the sender stops');
    const chunks = log.filter(([e]) => e === 'file:chunk').length;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(log.filter(([e]) => e === 'file:chunk').length).toBeLessThanOrEqual(chunks + MAX_CHUNKS_IN_FLIGHT);
    expect(lists.customer[0]).toMatchObject({ by: 'technician', reason: 'cancelled' });
    expect(lists.technician[0]).toMatchObject({ status: 'cancelled', by: 'technician' });
    expect(lists.technician[0]?.url).toBeUndefined();
  });

  it('a refused chunk (grant revoked) ends the transfer; abort() ends whatever is left', async () => {
    const { sides, lists } = pair({ refuseChunk: (i) => (i >= 1 ? 'not-granted' : undefined) });
    const id = await sides.customer.send(new Blob([new Uint8Array(FILE_CHUNK_BYTES * 5)]), 'a.bin');
    await sides.technician.accept(id);
    await until(() => lists.customer[0]?.status === 'failed', 'the sender stops');
    expect(lists.customer[0]?.reason).toBe('not-granted');
    sides.technician.abort('revoked');
    expect(lists.technician[0]).toMatchObject({ status: 'cancelled', reason: 'revoked', by: 'relay' });
  });

  it('a chunk out of order or too large is refused and the receiver calls the transfer off', async () => {
    const { sides, lists, log } = pair();
    sides.customer.offered({ transferId: 't-x', name: 'x.bin', size: 10, type: '', sha256: '0'.repeat(64) });
    await sides.customer.accept('t-x');
    const acks: boolean[] = [];
    sides.customer.chunk({ transferId: 't-x', index: 1, data: bytesToBase64(new Uint8Array(5)) }, (a) => acks.push(a.ok));
    expect(acks).toEqual([false]);
    expect(lists.customer[0]).toMatchObject({ status: 'failed', reason: 'failed' });
    expect(log.at(-1)?.slice(0, 2)).toEqual(['file:cancel', 'customer']);
    // Nothing is acknowledged for a transfer that was never accepted.
    sides.customer.offered({ transferId: 't-y', name: 'y.bin', size: 5, type: '', sha256: '0'.repeat(64) });
    sides.customer.chunk({ transferId: 't-y', index: 0, data: bytesToBase64(new Uint8Array(5)) }, (a) => acks.push(a.ok));
    expect(acks).toEqual([false, false]);
    expect(lists.customer[1]?.status).toBe('incoming');
  });

  it('a file whose bytes do not match the offered hash is refused with hash-mismatch', async () => {
    const { sides, lists, log } = pair();
    sides.customer.offered({ transferId: 't-z', name: 'z.bin', size: 3, type: '', sha256: '0'.repeat(64) });
    await sides.customer.accept('t-z');
    sides.customer.chunk({ transferId: 't-z', index: 0, data: bytesToBase64(new Uint8Array([1, 2, 3])) }, () => undefined);
    await until(() => lists.customer[0]?.status === 'failed', 'the check fails');
    expect(lists.customer[0]?.reason).toBe('hash-mismatch');
    expect(log.at(-1)?.[2]).toEqual({ transferId: 't-z', reason: 'hash-mismatch' });
  });

  it('an empty file is complete as soon as it is accepted', async () => {
    const { sides, lists } = pair();
    const id = await sides.customer.send(new File([], 'empty.txt'));
    await sides.technician.accept(id);
    await until(() => lists.customer[0]?.status === 'done', 'done');
    expect(lists.technician[0]?.status).toBe('done');
  });
});
