/**
 * Refusing a payload costs little whatever it holds: the shape check, the schema's first issue only, the packet
 * decoder's limits and refusals; and the address groups limits count by.
 */
import { EventEmitter } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { IncomingMessage } from 'node:http';
import { pino } from 'pino';
import type { Server } from 'socket.io';
import { Encoder, PacketType, type Packet } from 'socket.io-parser';
import { describe, expect, it } from 'vitest';
import { checkShape, DEFAULT_PACKET_LIMIT, OversizedPayload, packetLimit, parsePayload, SHAPE_LIMITS } from '../../src/protocol/index.js';
import { addressGroup, clientAddress, ConnectionCounter } from '../../src/server/addresses.js';
import { TextOnlyDecoder } from '../../src/server/packet-decoder.js';
import { transportGuard } from '../../src/server/transport-guard.js';

/** CPU ms of `run`: the least of five runs after a warm-up (a garbage collection may land in any one of them). */
function cpuMs(run: () => unknown): number {
  run();
  let least = Infinity;
  for (let i = 0; i < 5; i++) {
    const before = process.cpuUsage();
    run();
    const used = process.cpuUsage(before);
    least = Math.min(least, (used.user + used.system) / 1000);
  }
  return least;
}

const deep = (n: number): unknown => {
  let value: unknown = [];
  for (let i = 0; i < n; i++) value = [value];
  return value;
};

describe('parsePayload on hostile input held in memory', () => {
  const cases: Array<[string, Parameters<typeof parsePayload>[0], unknown]> = [
    ['sysinfo:report with 261,000 numbers', 'sysinfo:report', { items: new Array<number>(261_000).fill(1) }],
    ['sysinfo:report with 261,000 bad items', 'sysinfo:report', { items: Array.from({ length: 261_000 }, () => ({ key: 'x', value: '' })) }],
    ['session:create with 1,000,000 functions', 'session:create', { functions: new Array<string>(1_000_000).fill('teleport') }],
    ['sysinfo:report nested 100,000 deep', 'sysinfo:report', { items: deep(100_000) }],
    // An object has as many keys as its packet holds: at most about 5,000 in the largest packet after file chunks.
    ['queue:join with 5,000 keys', 'queue:join', Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, i]))],
    ['chat:send with a text of 10 million characters', 'chat:send', { clientId: 'c', text: 'x'.repeat(10_000_000) }],
    ['file:offer with every field wrong', 'file:offer', { transferId: '', name: '', size: -1, type: 1, sha256: 'z' }],
  ];
  it.each(cases)('refuses %s in under 5 ms, reporting one issue', (label, name, input) => {
    let result: ReturnType<typeof parsePayload> | undefined;
    const ms = cpuMs(() => (result = parsePayload(name, input)));
    console.log(`${label}: ${ms.toFixed(3)} ms`);
    expect(result?.ok).toBe(false);
    if (result && !result.ok) expect(result.issues).toHaveLength(1);
    expect(ms).toBeLessThan(5);
  });

  it('says too-large for an over-size packet and for an over-long chat text, bad-payload for the rest', () => {
    expect(parsePayload('sysinfo:report', new OversizedPayload(500_000, 40_000))).toMatchObject({ ok: false, code: 'too-large' });
    expect(parsePayload('chat:send', { clientId: 'c', text: 'x'.repeat(10_001) })).toMatchObject({ ok: false, code: 'too-large' });
    expect(parsePayload('chat:send', { clientId: 'c c', text: 'x'.repeat(10_001) })).toMatchObject({ ok: false, code: 'bad-payload' });
  });
});

describe('checkShape', () => {
  it('names the first excess: items, keys, depth, string length', () => {
    expect(checkShape({ items: new Array(SHAPE_LIMITS.itemsPerArray + 1).fill(1) })).toMatchObject({ path: 'items', type: 'max_length' });
    expect(checkShape({ a: { ...Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`k${i}`, 1])) } })).toMatchObject({ path: 'a', type: 'max_keys' });
    expect(checkShape({ items: [[[[1]]]] })).toMatchObject({ path: 'items.0.0.0', type: 'max_depth' });
    expect(checkShape({ data: 'x'.repeat(SHAPE_LIMITS.stringChars + 1) })).toMatchObject({ path: 'data', type: 'max_length' });
    expect(checkShape({ items: [{ key: 'timeZone', value: 'UTC' }] })).toBeUndefined();
  });
});

describe('the relay packet decoder', () => {
  function decode(packet: unknown): Packet[] {
    const decoder = new TextOnlyDecoder();
    const out: Packet[] = [];
    decoder.on('decoded', (p: Packet) => out.push(p));
    decoder.add(packet);
    return out;
  }
  const encoded = (packet: Packet) => new Encoder().encode(packet)[0] as string;

  it('decodes text packets as socket.io-parser does', () => {
    const packet: Packet = { type: PacketType.EVENT, nsp: '/customer', id: 7, data: ['chat:send', { clientId: 'c', text: 'hé "quoted"' }] };
    expect(decode(encoded(packet))).toEqual([packet]);
  });

  it('refuses binary data and packets declaring attachments', () => {
    expect(() => decode(Buffer.from('2["x"]'))).toThrow(/binary/);
    expect(() => decode('51-/customer,1["chat:send",{"_placeholder":true,"num":0}]')).toThrow(/binary/);
    expect(() => decode('61-/customer,1[{"_placeholder":true,"num":0}]')).toThrow(/binary/);
  });

  it("hands an event over its limit on with an OversizedPayload and its ack id, without parsing it", () => {
    const text = `2/customer,12["sysinfo:report",{"items":[${'1,'.repeat(30_000)}1]}]`;
    const [packet] = decode(text);
    expect(packet).toMatchObject({ type: PacketType.EVENT, nsp: '/customer', id: 12 });
    expect(packet?.data).toEqual(['sysinfo:report', new OversizedPayload(text.length, packetLimit('sysinfo:report'))]);
    expect(decode(`2["${'u'.repeat(50)}",${' '.repeat(DEFAULT_PACKET_LIMIT)}1]`)[0]?.data).toMatchObject(['u'.repeat(50), { limit: DEFAULT_PACKET_LIMIT }]);
  });

  it('lets each event up to its own limit through, and refuses other over-size packets outright', () => {
    const chunk = `2/customer,3["file:chunk",{"transferId":"t","index":0,"data":"${'A'.repeat(256 * 1024)}"}]`;
    expect(decode(chunk)[0]?.data).toMatchObject(['file:chunk', { index: 0 }]);
    expect(() => decode(`3/customer,4[${' '.repeat(DEFAULT_PACKET_LIMIT)}{}]`)).toThrow(/over/);
    expect(decode(`0/technician,{"token":"${'t'.repeat(DEFAULT_PACKET_LIMIT)}"}`)).toEqual([{ type: PacketType.CONNECT, nsp: '/technician', data: {} }]);
    expect(() => decode(`2/customer,5[1,${' '.repeat(DEFAULT_PACKET_LIMIT)}]`)).toThrow(/over/);
  });
});

describe('address groups', () => {
  it('keep IPv4 addresses whole and group IPv6 addresses by prefix', () => {
    expect(addressGroup('192.0.2.7', 64)).toBe('192.0.2.7');
    expect(addressGroup('::ffff:192.0.2.7', 64)).toBe('192.0.2.7');
    expect(addressGroup('2001:db8:1:2:3:4:5:6', 64)).toBe('2001:db8:1:2::/64');
    expect(addressGroup('2001:0db8:0001:0002::ffff', 64)).toBe('2001:db8:1:2::/64');
    expect(addressGroup('[2001:db8:1:2::1]', 56)).toBe('2001:db8:1::/56');
    expect(addressGroup('2001:db8:1:2::1', 128)).toBe('2001:db8:1:2::1/128');
    expect(addressGroup('fe80::1%eth0', 64)).toBe('fe80::/64');
    expect(addressGroup('not an address', 64)).toBe('not an address');
  });

  it('answer an IPv4 address written the usual way as the same string, not a copy: each socket keeps its group', () => {
    setFlagsFromString('--expose_gc');
    const gc = runInNewContext('gc') as () => void;
    // Strings made at run time, as a connection's address is: a copy of each would take its own ~32 bytes.
    const addresses = Array.from({ length: 50_000 }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
    const groups: string[] = new Array<string>(addresses.length);
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < addresses.length; i++) groups[i] = addressGroup(addresses[i]!, 64);
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    expect(groups[1234]).toBe(addresses[1234]);
    expect(grown / addresses.length).toBeLessThan(8);
  });

  it('take the last X-Forwarded-For entry only behind a trusted proxy', () => {
    const headers = { 'x-forwarded-for': '10.0.0.1, 203.0.113.9' };
    expect(clientAddress(headers, '127.0.0.1', true)).toBe('203.0.113.9');
    expect(clientAddress(headers, '127.0.0.1', false)).toBe('127.0.0.1');
  });

  it('are counted up to the cap and freed as connections close', () => {
    const counter = new ConnectionCounter(2);
    counter.opened('a');
    counter.opened('a');
    expect(counter.admit('a')).toBe(false);
    expect(counter.admit('b')).toBe(true);
    counter.closed('a');
    expect(counter.admit('a')).toBe(true);
    expect(counter.count('a')).toBe(1);
  });
});

describe('the transport guard', () => {
  /** An engine.io connection as the guard sees it: an emitter (engine.io's Socket class), `this` in its listeners. */
  class FakeConnection extends EventEmitter {
    readonly request: IncomingMessage;
    readonly writeBuffer: Array<{ data?: unknown }> = [];
    readonly transport = { socket: { bufferedAmount: 0, terminate: () => (this.terminated = true) } };
    closed = false;
    terminated = false;

    constructor(address: string) {
      super();
      this.request = { headers: {}, socket: { remoteAddress: address } } as unknown as IncomingMessage;
    }

    close(): void {
      this.closed = true;
    }
  }
  const fakeConnection = (address: string) => new FakeConnection(address);
  function guarded(options: Partial<Parameters<typeof transportGuard>[0]> = {}) {
    const guard = transportGuard(
      { maxConnectionsPerAddress: 2, ipv6PrefixLength: 64, maxBufferedBytes: 1000, trustProxy: false, eventsPerSecond: 50, fileBytesPerSecond: 8 * 2 ** 20, ...options },
      pino({ level: 'silent' }),
    );
    const engine = new EventEmitter();
    guard.attach({ engine } as unknown as Server);
    return { guard, engine };
  }
  const allowed = (guard: ReturnType<typeof transportGuard>, address: string) =>
    new Promise<boolean>((resolve) => guard.allowRequest({ headers: {}, socket: { remoteAddress: address } } as unknown as IncomingMessage, (_e, ok) => resolve(ok)));

  it('cuts off a connection once more than maxBufferedBytes wait to go out, counting queued packets and the WebSocket', () => {
    const { engine } = guarded();
    const conn = fakeConnection('192.0.2.1');
    engine.emit('connection', conn);
    conn.writeBuffer.push({ data: 'x'.repeat(600) });
    conn.emit('packetCreate');
    expect(conn.closed).toBe(false);
    conn.transport.socket.bufferedAmount = 500;
    conn.emit('packetCreate');
    expect(conn.closed && conn.terminated).toBe(true);
  });

  it('cuts off a connection that sends more packets in a second than its budget, without a listener of its own', () => {
    const { engine } = guarded({ eventsPerSecond: 5, fileBytesPerSecond: 0 });
    const conn = fakeConnection('192.0.2.1');
    engine.emit('connection', conn);
    expect(conn.eventNames()).toEqual([]);
    let seen = 0;
    conn.on('packet', () => seen++);
    for (let i = 0; i < 10; i++) conn.emit('packet');
    // Listeners of the connection still get every packet; the guard took its count before them.
    expect(seen).toBe(10);
    expect(conn.closed).toBe(false);
    conn.emit('packet');
    expect(conn.closed && conn.terminated).toBe(true);
  });

  it('counts a handshake from admission, and frees its place when the connection closes', async () => {
    const { guard, engine } = guarded();
    expect(await allowed(guard, '2001:db8::1')).toBe(true);
    expect(await allowed(guard, '2001:db8::2')).toBe(true);
    expect(await allowed(guard, '2001:db8::3')).toBe(false);
    expect(await allowed(guard, '2001:db9::1')).toBe(true);
    const conn = fakeConnection('2001:db8::1');
    engine.emit('connection', conn);
    expect(guard.connections.count('2001:db8::/64')).toBe(3);
    conn.emit('close');
    expect(guard.connections.count('2001:db8::/64')).toBe(2);
  });
});
