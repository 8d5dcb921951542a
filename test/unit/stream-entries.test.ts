/**
 * The relay's own entries in the socket.io Redis streams adapter's stream (src/server/stream-entries.ts): a script
 * puts the payload between `head` and `tail`, and the result must be the adapter's broadcast entry, which every other
 * process decodes and delivers to the sockets in the room.
 */
import { describe, expect, it } from 'vitest';
import { broadcastEntry, compareStreamIds, entryArgs, NO_ADAPTER_UID, packedEntry } from '../../src/server/stream-entries.js';

describe('a broadcast entry written by a script', () => {
  it('is the adapter’s broadcast of the event to the room, with the payload the script made', () => {
    const entry = broadcastEntry('rsw:socket.io', 10_000, 'abc123', '/technician', 's:S1', 'chat:message');
    const payload = { id: 'm.1', seq: 7, clientId: 'c-1', from: 'customer', text: 'Hi "there" ]}', at: 1 };
    const data = entry.head + JSON.stringify(payload) + entry.tail;
    // What socket.io-adapter's ClusterAdapter publishes for `nsp.to(room).emit(event, payload)`.
    expect(JSON.parse(data)).toEqual({ packet: { type: 2, data: ['chat:message', payload] }, opts: { rooms: ['s:S1'], except: [], flags: {} } });
    expect(data.startsWith('{')).toBe(true);
    expect(entryArgs(entry)).toEqual([10_000, 'abc123', '/technician', entry.head, entry.tail]);
    expect(NO_ADAPTER_UID).not.toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('a packed entry (one script argument)', () => {
  it('is the entry’s arguments joined by newlines, each part found again between them', () => {
    const entry = broadcastEntry('rsw:socket.io', 10_000, 'abc123', '/technician', 's:S1\nx', 'chat:message');
    expect(packedEntry(entry).split('\n')).toEqual(entryArgs(entry).map(String));
  });

  it('refuses a part with a newline rather than have it split wrongly', () => {
    const entry = broadcastEntry('rsw:socket.io', 10_000, 'abc\n123', '/technician', 's:S1', 'chat:message');
    expect(() => packedEntry(entry)).toThrow(/newline/);
  });
});

describe('stream ids', () => {
  it('compare by time, then by sequence, as Redis orders them', () => {
    expect(compareStreamIds('1700000000000-0', '1700000000000-0')).toBe(0);
    expect(compareStreamIds('1700000000000-2', '1700000000000-10')).toBeLessThan(0);
    expect(compareStreamIds('1700000000001-0', '1700000000000-99')).toBeGreaterThan(0);
    expect(compareStreamIds('999-5', '1000-0')).toBeLessThan(0);
    expect(compareStreamIds('0-0', '1-0')).toBeLessThan(0);
  });
});
