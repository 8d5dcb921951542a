/**
 * socket.io-parser for text packets only. The script-tag bundles use this module in place of the `socket.io-parser`
 * package (see `textOnlyParsers` in build/socket-client.ts): the relay's protocol is JSON, so the package's binary
 * attachments (packet types 5 and 6, Blob/ArrayBuffer detection and reconstruction) are dead weight there.
 *
 * Packets without binary data are encoded and decoded exactly as socket.io-parser 4 (protocol 5) does:
 * `<type>[<namespace>,][<ack id>][<JSON payload>]`, and the same malformed packets are refused. A binary packet, or
 * anything that is not a string, is refused too (the Manager then closes the connection, as on any malformed packet).
 */
import { Emitter } from '@socket.io/component-emitter';

export const protocol = 5;

export const PacketType = {
  CONNECT: 0,
  DISCONNECT: 1,
  EVENT: 2,
  ACK: 3,
  CONNECT_ERROR: 4,
  BINARY_EVENT: 5,
  BINARY_ACK: 6,
} as const;

export interface Packet {
  type: number;
  nsp: string;
  id?: number;
  data?: unknown;
}

/** Event names with a meaning of their own in socket.io, which a received event may not have. */
const RESERVED_EVENTS = ['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener'];

/** Type (text packets only), namespace, ack id and payload. */
const PACKET = /^([0-4])(?:(\/[^,]*),?)?(\d*)([\s\S]*)$/;

const isObject = (value: unknown) => Object.prototype.toString.call(value) === '[object Object]';

export class Encoder {
  encode(packet: Packet): string[] {
    let text = `${packet.type}`;
    if (packet.nsp && packet.nsp !== '/') text += `${packet.nsp},`;
    if (packet.id != null) text += packet.id;
    if (packet.data != null) text += JSON.stringify(packet.data);
    return [text];
  }
}

export class Decoder extends Emitter<Record<never, never>, Record<never, never>, { decoded: (packet: Packet) => void }> {
  /** Decodes one packet and emits `decoded`; throws on a packet that is not valid. */
  add(text: unknown): void {
    const [, type, nsp = '/', id, json] = (typeof text === 'string' && PACKET.exec(text)) || [];
    if (!type) throw new Error('not a text packet');
    const packet: Packet = { type: Number(type), nsp };
    if (id) packet.id = Number(id);
    if (json) {
      packet.data = parse(json);
      if (!isPayloadValid(packet.type, packet.data)) throw new Error('invalid payload');
    }
    this.emitReserved('decoded', packet);
  }

  destroy(): void {}
}

function parse(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return false;
  }
}

function isPayloadValid(type: number, payload: unknown): boolean {
  switch (type) {
    case PacketType.CONNECT:
      return isObject(payload);
    case PacketType.CONNECT_ERROR:
      return typeof payload === 'string' || isObject(payload);
    case PacketType.EVENT:
      return (
        Array.isArray(payload) &&
        (typeof payload[0] === 'number' || (typeof payload[0] === 'string' && !RESERVED_EVENTS.includes(payload[0])))
      );
    case PacketType.ACK:
      return Array.isArray(payload);
    default:
      // DISCONNECT carries no payload.
      return false;
  }
}
