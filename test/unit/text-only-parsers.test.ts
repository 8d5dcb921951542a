/**
 * The script-tag bundles' text-only packet parsers (src/widget/session/text-only/) against the socket.io-parser and
 * engine.io-parser packages they replace: the same text on the wire, the same packets out of it, the same packets
 * refused. Only binary data is left out.
 */
import * as engineIo from 'engine.io-parser';
import * as socketIo from 'socket.io-parser';
import { describe, expect, it } from 'vitest';
import * as textEngineIo from '../../src/widget/session/text-only/engine.io-parser.js';
import * as textSocketIo from '../../src/widget/session/text-only/socket.io-parser.js';

type SocketIoPacket = textSocketIo.Packet;
type EngineIoPacket = textEngineIo.Packet;

const MESSAGE = { clientId: 'c-0123', text: 'Grüße, "quoted" \\ back\nslash 🎉 <b>&amp;</b>\u2028', at: 1_700_000_000_000 };

const SOCKET_IO_PACKETS: SocketIoPacket[] = [
  { type: 0, nsp: '/customer' },
  { type: 0, nsp: '/customer', data: { token: 'abc' } },
  { type: 0, nsp: '/', data: { sid: 'xyz', pid: 'p' } },
  { type: 1, nsp: '/customer' },
  { type: 1, nsp: '/' },
  { type: 2, nsp: '/customer', data: ['chat:message', MESSAGE] },
  { type: 2, nsp: '/customer', data: ['chat:send', MESSAGE], id: 0 },
  { type: 2, nsp: '/customer', data: ['session:join', { code: '123456' }], id: 12345 },
  { type: 2, nsp: '/', data: ['queue:leave', {}], id: 7 },
  { type: 2, nsp: '/customer', data: [42, null, true, 1.5e-7, [], [[{}]]] },
  { type: 3, nsp: '/customer', data: [{ ok: true, message: MESSAGE }], id: 3 },
  { type: 3, nsp: '/customer', data: [{ ok: false, error: { code: 'rate-limited', message: 'x', retryAfter: 500 } }], id: 9 },
  { type: 3, nsp: '/', data: [], id: 1 },
  { type: 4, nsp: '/customer', data: { message: 'forbidden', data: { code: 'forbidden-origin', message: 'no' } } },
  { type: 4, nsp: '/customer', data: 'Invalid namespace' },
];

/** Text no socket.io server sends; both parsers refuse it. */
const MALFORMED = [
  '7',
  'x',
  '/customer,',
  '2/customer,{',
  '2/customer,["connect"]',
  '2/customer,["disconnect",1]',
  '2["newListener"]',
  '2{"a":1}',
  '2[null]',
  '2/customer,12"text"',
  '3/customer,1{"ok":true}',
  '0/customer,"text"',
  '0/customer,[]',
  '1/customer,{}',
  '1/customer,null',
  '4/customer,[]',
  '4/customer,true',
  '2/customer,false',
];

function decodeWith(parser: typeof socketIo | typeof textSocketIo, text: unknown): unknown {
  const decoder = new parser.Decoder();
  const packets: unknown[] = [];
  decoder.on('decoded', (packet: unknown) => packets.push(packet));
  try {
    decoder.add(text);
  } catch {
    return 'refused';
  }
  return packets;
}

describe('the text-only socket.io-parser', () => {
  it('has the protocol version and packet types of socket.io-parser', () => {
    expect(textSocketIo.protocol).toBe(socketIo.protocol);
    for (const [name, value] of Object.entries(textSocketIo.PacketType)) {
      expect(socketIo.PacketType[name as keyof typeof socketIo.PacketType]).toBe(value);
    }
  });

  it('encodes every packet as socket.io-parser does', () => {
    for (const packet of SOCKET_IO_PACKETS) {
      expect(new textSocketIo.Encoder().encode(packet)).toEqual(new socketIo.Encoder().encode(packet as socketIo.Packet));
    }
  });

  it('decodes what socket.io-parser encodes into the same packets', () => {
    for (const packet of SOCKET_IO_PACKETS) {
      const [text] = new socketIo.Encoder().encode(packet) as string[];
      expect(decodeWith(textSocketIo, text)).toEqual(decodeWith(socketIo, text));
      expect(decodeWith(textSocketIo, text)).toEqual([packet]);
    }
  });

  it('refuses what socket.io-parser refuses', () => {
    for (const text of MALFORMED) {
      expect(decodeWith(socketIo, text), text).toBe('refused');
      expect(decodeWith(textSocketIo, text), text).toBe('refused');
    }
  });

  it('agrees with socket.io-parser on random text', () => {
    // Deterministic pseudo-random strings from packet-like pieces (no whitespace: socket.io-parser reads a space as
    // the digit 0; no binary packet types).
    const pieces = ['0', '1', '2', '3', '4', '7', '12', '/', '/customer', ',', '[', ']', '{', '}', '"', 'a', ':', '1e3', 'null', '"x"', '-'];
    let seed = 1;
    const random = (n: number) => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % n;
    for (let n = 0; n < 20_000; n++) {
      let text = '';
      for (let length = 1 + random(8); length > 0; length--) text += pieces[random(pieces.length)];
      expect(decodeWith(textSocketIo, text), text).toEqual(decodeWith(socketIo, text));
    }
  });

  it('refuses binary packets and anything that is not text', () => {
    for (const text of ['51-/customer,["file",{"_placeholder":true,"num":0}]', '61-/customer,3[{"_placeholder":true,"num":0}]']) {
      expect(decodeWith(textSocketIo, text)).toBe('refused');
    }
    for (const data of [new ArrayBuffer(4), new Uint8Array(4), undefined, null, 42]) {
      expect(decodeWith(textSocketIo, data)).toBe('refused');
    }
  });
});

const ENGINE_IO_PACKETS: EngineIoPacket[] = [
  { type: 'open', data: '{"sid":"abc","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}' },
  { type: 'close' },
  { type: 'ping' },
  { type: 'ping', data: 'probe' },
  { type: 'pong' },
  { type: 'pong', data: 'probe' },
  { type: 'message', data: '2/customer,["chat:message",{"text":"Grüße 🎉\\u001e"}]' },
  { type: 'message', data: '' },
  { type: 'upgrade' },
  { type: 'noop' },
];

function engineIoEncode(parser: typeof engineIo | typeof textEngineIo, packet: EngineIoPacket): unknown {
  let out: unknown;
  parser.encodePacket(packet, true, (encoded: unknown) => (out = encoded));
  return out;
}

function engineIoEncodePayload(parser: typeof engineIo | typeof textEngineIo, packets: EngineIoPacket[]): unknown {
  let out: unknown = 'no callback';
  parser.encodePayload(packets, (encoded: unknown) => (out = encoded));
  return out;
}

describe('the text-only engine.io-parser', () => {
  it('has the protocol version of engine.io-parser', () => {
    expect(textEngineIo.protocol).toBe(engineIo.protocol);
  });

  it('encodes and decodes every text packet as engine.io-parser does', () => {
    for (const packet of ENGINE_IO_PACKETS) {
      const text = engineIoEncode(engineIo, packet);
      expect(engineIoEncode(textEngineIo, packet)).toBe(text);
      expect(textEngineIo.decodePacket(text)).toEqual(engineIo.decodePacket(text as string));
    }
    for (const text of ['', '7', 'x', '9probe', ' 4']) {
      expect(textEngineIo.decodePacket(text)).toEqual(engineIo.decodePacket(text));
    }
  });

  it('encodes and decodes long-polling payloads as engine.io-parser does', () => {
    for (const packets of [ENGINE_IO_PACKETS, ENGINE_IO_PACKETS.slice(0, 1), []]) {
      const text = engineIoEncodePayload(engineIo, packets);
      expect(engineIoEncodePayload(textEngineIo, packets)).toBe(text);
      if (typeof text === 'string') expect(textEngineIo.decodePayload(text)).toEqual(engineIo.decodePayload(text));
    }
    // Decoding stops at the first packet that is not valid.
    const broken = '4hello\x1e7oops\x1e4never';
    expect(textEngineIo.decodePayload(broken)).toEqual(engineIo.decodePayload(broken));
    expect(textEngineIo.decodePayload(broken)).toHaveLength(2);
  });

  it('passes binary WebSocket frames on as messages and refuses base64 packets', () => {
    const frame = new ArrayBuffer(3);
    expect(textEngineIo.decodePacket(frame)).toEqual({ type: 'message', data: frame });
    expect(textEngineIo.decodePacket('bAQID')).toEqual({ type: 'error', data: 'parser error' });
  });
});
