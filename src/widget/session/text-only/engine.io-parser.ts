/**
 * engine.io-parser for text packets only. The script-tag bundles use this module in place of the `engine.io-parser`
 * package (see `textOnlyParsers` in build/socket-client.ts): the relay sends text only, so the package's binary
 * handling (Blob and ArrayBuffer encoding, base64 decoding) is dead weight there.
 *
 * Packets and long-polling payloads are encoded and decoded exactly as engine.io-parser 5 (protocol 4) does for text:
 * a packet is its type's digit followed by its data; a payload joins packets with the record separator (U+001E). A
 * binary WebSocket frame is passed on as message data, as the package does; a base64 packet (`b…`, which the server
 * sends only to clients without binary support) is a parser error.
 */
export type PacketType = 'open' | 'close' | 'ping' | 'pong' | 'message' | 'upgrade' | 'noop' | 'error';

export interface Packet {
  type: PacketType;
  data?: unknown;
}

export const protocol = 4;

/** Packet types by their digit. */
const TYPES: readonly PacketType[] = ['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'];
const SEPARATOR = '\x1e';
const ERROR_PACKET: Packet = { type: 'error', data: 'parser error' };

export function encodePacket<T>(packet: Packet, _supportsBinary: boolean, callback: (encoded: string) => T): T {
  return callback(TYPES.indexOf(packet.type) + ((packet.data as string | undefined) || ''));
}

export function decodePacket(encoded: unknown): Packet {
  if (typeof encoded !== 'string') return { type: 'message', data: encoded };
  const type = /^[0-6]/.test(encoded) ? TYPES[Number(encoded[0])] : undefined;
  if (!type) return ERROR_PACKET;
  return encoded.length > 1 ? { type, data: encoded.slice(1) } : { type };
}

export function encodePayload(packets: Packet[], callback: (encoded: string) => void): void {
  if (packets.length) callback(packets.map((packet) => encodePacket(packet, false, String)).join(SEPARATOR));
}

/** The packets of a long-polling response, up to the first that is not valid. */
export function decodePayload(payload: string): Packet[] {
  const packets: Packet[] = [];
  for (const encoded of payload.split(SEPARATOR)) {
    const packet = decodePacket(encoded);
    packets.push(packet);
    if (packet.type === 'error') break;
  }
  return packets;
}

/**
 * For engine.io-client's WebTransport transport, which the bundles leave out (build/socket-client.ts): never called.
 */
export function createPacketEncoderStream(): never {
  throw new Error('WebTransport is not supported');
}
export const createPacketDecoderStream = createPacketEncoderStream;
