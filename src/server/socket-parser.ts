/**
 * socket.io-parser as socket.io itself loads it: its CommonJS build, the one copy in the process. Imported as an ES
 * module under Node, the package hands out its debug build instead (`exports` condition `node`), a second copy whose
 * encoder and decoder call `debug` for every packet they encode or decode, which a relay pays for every chat message
 * and acknowledgement though nothing is logged.
 */
import { createRequire } from 'node:module';

type SocketIoParser = typeof import('socket.io-parser');

const parser = createRequire(import.meta.url)('socket.io-parser') as SocketIoParser;

export const { Encoder, Decoder, PacketType } = parser;
export type { Packet } from 'socket.io-parser';
