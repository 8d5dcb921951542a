/**
 * Where a relay process's read of the socket.io adapter's stream starts (src/server/stream-read.ts): the adapter's
 * XREAD from `$` is sent from the id the relay took when it connected; every other XREAD goes as it is.
 */
import type { Redis } from 'ioredis';
import { describe, expect, it, vi } from 'vitest';
import { readFrom, startReadsAt } from '../../src/server/stream-read.js';

/** The adapter's read, as @socket.io/redis-streams-adapter 0.3 sends it through ioredis. */
const read = (offset: string) => ['BLOCK', 5000, 'COUNT', 100, 'STREAMS', 'rsw:socket.io', offset];

describe('the XREAD arguments of the adapter', () => {
  it('start at the given id instead of `$`', () => {
    expect(readFrom(read('$'), 'rsw:socket.io', '1700000000000-3')).toEqual(read('1700000000000-3'));
    expect(readFrom(read('$'), 'rsw:socket.io', '0-0')).toEqual(read('0-0'));
    expect(readFrom(['streams', 'rsw:socket.io', '$'], 'rsw:socket.io', '5-0')).toEqual(['streams', 'rsw:socket.io', '5-0']);
  });

  it('are left as they are once the adapter reads from a real id, and for any other read', () => {
    expect(readFrom(read('1700000000000-4'), 'rsw:socket.io', '1700000000000-3')).toEqual(read('1700000000000-4'));
    expect(readFrom(read('0-0'), 'rsw:socket.io', '1700000000000-3')).toEqual(read('0-0'));
    expect(readFrom(['BLOCK', 0, 'STREAMS', 'other', '$'], 'rsw:socket.io', '9-0')).toEqual(['BLOCK', 0, 'STREAMS', 'other', '$']);
    // Two streams in one read: not the adapter's, left alone.
    const two = ['STREAMS', 'rsw:socket.io', 'other', '$', '$'];
    expect(readFrom(two, 'rsw:socket.io', '9-0')).toEqual(two);
    expect(readFrom([], 'rsw:socket.io', '9-0')).toEqual([]);
  });
});

describe('a reading connection', () => {
  it('sends the same start for every read from `$`, and real ids as they are', async () => {
    const sent: unknown[][] = [];
    const reader = { xread: vi.fn((...args: unknown[]) => (sent.push(args), Promise.resolve(null))) };
    startReadsAt(reader as unknown as Redis, 'rsw:socket.io', () => '1700000000000-3');
    const xread = (reader as unknown as { xread: (...args: unknown[]) => Promise<unknown> }).xread;
    await xread(...read('$'));
    await xread(...read('$'));
    await xread(...read('1700000000001-0'));
    expect(sent).toEqual([read('1700000000000-3'), read('1700000000000-3'), read('1700000000001-0')]);
  });
});
