/**
 * The relay's socket.io packet decoder: socket.io-parser's, behind two checks made on the raw text before any JSON is
 * parsed.
 * - Binary packets are refused: the protocol is JSON only, so a packet that is not text, or that declares binary
 *   attachments (types 5 and 6), closes the connection before any attachment is buffered.
 * - Each packet is held to its event's size (`packetLimit`, far below the transport's `maxPayloadBytes` except for
 *   file chunks). An over-size event with a readable name is handed on with an `OversizedPayload` in place of its
 *   payload, so its acknowledgement says `too-large`. An over-size namespace handshake goes on without its auth
 *   payload (a technician is then refused `unauthorized`); any other over-size packet closes the connection.
 */
import { DEFAULT_PACKET_LIMIT, OversizedPayload, packetLimit } from '../protocol/index.js';
import { Decoder, PacketType, type Packet } from './socket-parser.js';

/** `0[/namespace,]` at the start of a namespace handshake. */
const CONNECT_HEAD = /^0(\/[^,]{0,100})?,?/;
/** `2[/namespace,][ack id]["event name"` at the start of an event packet. */
const EVENT_HEAD = /^2(?:(\/[^,]{0,100}),)?(\d{0,15})\[("(?:[^"\\]|\\.){0,200}")/;

export class RefusedPacketError extends Error {
  override name = 'RefusedPacketError';
}

export class TextOnlyDecoder extends Decoder {
  override add(packet: unknown): void {
    if (typeof packet !== 'string') throw new RefusedPacketError('binary data is not accepted');
    const type = packet.charAt(0);
    if (type === String(PacketType.BINARY_EVENT) || type === String(PacketType.BINARY_ACK)) throw new RefusedPacketError('binary attachments are not accepted');
    if (packet.length > DEFAULT_PACKET_LIMIT) {
      if (type === String(PacketType.CONNECT)) {
        this.emitReserved('decoded', { type: PacketType.CONNECT, nsp: CONNECT_HEAD.exec(packet.slice(0, 200))?.[1] ?? '/', data: {} } satisfies Packet);
        return;
      }
      const head = type === String(PacketType.EVENT) ? EVENT_HEAD.exec(packet.slice(0, 400)) : null;
      const name = head ? eventName(head[3]) : undefined;
      const limit = packetLimit(name);
      if (packet.length > limit) {
        if (!head || name === undefined) throw new RefusedPacketError(`packet of ${packet.length} characters, over ${limit}`);
        const oversized: Packet = { type: PacketType.EVENT, nsp: head[1] ?? '/', data: [name, new OversizedPayload(packet.length, limit)] };
        if (head[2]) oversized.id = Number(head[2]);
        this.emitReserved('decoded', oversized);
        return;
      }
    }
    super.add(packet);
  }
}

function eventName(literal: string | undefined): string | undefined {
  try {
    const name: unknown = JSON.parse(literal ?? '');
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}
