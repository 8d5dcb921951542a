/**
 * Pieces of the relay's chat path that were made cheaper without changing what they produce: the packet parser is
 * socket.io's own copy (not the debug build an ES import would give), and a Redis message's JSON is written straight
 * from its draft, and its stored form is built from the draft again (the script answers its seq only).
 */
import { createRequire } from 'node:module';
import * as esmParser from 'socket.io-parser';
import { describe, expect, it } from 'vitest';
import { messageTail, storedMessage } from '../../src/server/redis-store.js';
import { Decoder, Encoder, PacketType } from '../../src/server/socket-parser.js';

describe("the relay's socket.io parser", () => {
  it('is the copy socket.io itself loads, not the debug build an ES import gives', () => {
    const require = createRequire(import.meta.url);
    const socketIos = createRequire(require.resolve('socket.io'))('socket.io-parser') as typeof esmParser;
    expect(Encoder).toBe(socketIos.Encoder);
    expect(Decoder).toBe(socketIos.Decoder);
    expect(Encoder).not.toBe(esmParser.Encoder);
  });

  it('encodes and decodes as the ES build does', () => {
    const packet = { type: PacketType.EVENT, nsp: '/customer', id: 7, data: ['chat:send', { clientId: 'c1', text: 'Grüße "x" \\ \u2028' }] };
    const text = new Encoder().encode(packet);
    expect(text).toEqual(new esmParser.Encoder().encode(packet));
    const decoded: unknown[] = [];
    const decoder = new Decoder();
    decoder.on('decoded', (p: unknown) => decoded.push(p));
    decoder.add(text[0]);
    expect(decoded).toEqual([packet]);
  });
});

describe('messageTail', () => {
  it('is the JSON of {id, ...draft} without its opening brace', () => {
    const draft = { clientId: 'c-1', from: 'customer' as const, text: 'Grüße, "quoted" \\ back\nslash 🎉 \u2028', at: 1_700_000_000_000 };
    const tail = messageTail('abc.1', draft);
    expect(tail).toBe(JSON.stringify({ id: 'abc.1', ...draft }).slice(1));
    expect(JSON.parse(`{"seq":3,${tail}`)).toEqual({ seq: 3, id: 'abc.1', ...draft });
  });
});

describe('storedMessage', () => {
  it('is what JSON.parse gives back of the stored JSON: the same fields, in the same order', () => {
    const draft = { clientId: 'c-1', from: 'technician' as const, text: 'Grüße, "quoted" \\ back\nslash 🎉 \u2028 \ud800', at: 1_700_000_000_123 };
    const parsed: unknown = JSON.parse(`{"seq":42,${messageTail('abc.9', draft)}`);
    const built = storedMessage(42, 'abc.9', draft);
    expect(built).toEqual(parsed);
    // What the other side and the acknowledgement get is the same JSON either way.
    expect(JSON.stringify(built)).toBe(JSON.stringify(parsed));
  });
});
