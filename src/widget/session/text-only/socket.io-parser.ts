/**
 * socket.io-parser for text packets only. The script-tag bundles use this module in place of the `socket.io-parser`
 * package (see `textOnlyParsers` in build/socket-client.ts): the relay's protocol is JSON, so the package's binary
 * attachments (packet types 5 and 6, Blob/ArrayBuffer detection and reconstruction) are dead weight there.
 *
 * Packets without binary data are encoded and decoded exactly as socket.io-parser 4 (protocol 5) does
 * (../sio-packets.ts), and the same malformed packets are refused. A binary packet, or anything that is not a string,
 * is refused too (the Manager then closes the connection, as on any malformed packet).
 */
import { Emitter } from '@socket.io/component-emitter';
import { decodePacket, encodePacket, type Packet } from '../sio-packets.js';

export { PacketType, type Packet } from '../sio-packets.js';
export const protocol = 5;

export class Encoder {
  encode(packet: Packet): string[] {
    return [encodePacket(packet)];
  }
}

export class Decoder extends Emitter<Record<never, never>, Record<never, never>, { decoded: (packet: Packet) => void }> {
  /** Decodes one packet and emits `decoded`; throws on a packet that is not valid. */
  add(text: unknown): void {
    this.emitReserved('decoded', decodePacket(text));
  }

  destroy(): void {}
}
