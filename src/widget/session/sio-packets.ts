/**
 * socket.io's packets (socket.io-parser 4, protocol 5) as text: `<type>[<namespace>,][<ack id>][<JSON payload>]`.
 * The widget's WebSocket client (ws-socket.ts) and the script-tag bundles' text-only socket.io-parser
 * (text-only/socket.io-parser.ts) both encode and decode with these two functions. Packets with binary attachments
 * (types 5 and 6) are refused: the relay neither sends nor accepts binary data (docs/PROTOCOL.md §2.2).
 */

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

export function encodePacket(packet: Packet): string {
  let text = `${packet.type}`;
  if (packet.nsp && packet.nsp !== '/') text += `${packet.nsp},`;
  if (packet.id != null) text += packet.id;
  if (packet.data != null) text += JSON.stringify(packet.data);
  return text;
}

/** The packet `text` holds; throws on anything that is not a valid text packet. */
export function decodePacket(text: unknown): Packet {
  const [, type, nsp = '/', id, json] = (typeof text === 'string' && PACKET.exec(text)) || [];
  if (!type) throw new Error('not a text packet');
  const packet: Packet = { type: Number(type), nsp };
  if (id) packet.id = Number(id);
  if (json) {
    packet.data = parse(json);
    if (!isPayloadValid(packet.type, packet.data)) throw new Error('invalid payload');
  }
  return packet;
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
