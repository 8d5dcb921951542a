/**
 * Limits that make refusing a payload cheap whatever it holds. Two steps run before any schema:
 * 1. the size of the raw packet, per event (`packetLimit`), checked by the relay's packet decoder before the JSON is
 *    parsed: an over-size event arrives as an `OversizedPayload` and is answered `too-large`;
 * 2. the shape of the parsed payload (`checkShape`): nesting depth, keys per object, items per array and characters
 *    per string, each checked before anything inside is looked at, and the walk stops at the first excess.
 * Only then does the schema run, and it stops at its first issue.
 */
import { SYSINFO_KEYS } from './constants.js';
import { LIMITS } from './limits.js';

/**
 * Packet characters per text character: JSON escapes quotes, backslashes, newlines and tabs in two characters (other
 * control characters take six, and no valid text is made of them). The rest of a packet stays under `ENVELOPE`.
 */
const ESCAPED = 2;
const ENVELOPE = 1024;

/**
 * Characters of one raw socket.io packet (namespace, ack id, event name and JSON payload) per client → relay event.
 * Far below the transport's `maxPayloadBytes` (512 KiB) except for file chunks.
 */
export const PACKET_LIMITS: Readonly<Record<string, number>> = {
  'chat:send': LIMITS.messageLength * ESCAPED + ENVELOPE,
  'file:chunk': LIMITS.chunk + ENVELOPE,
  'screen:signal': LIMITS.signal * ESCAPED + ENVELOPE,
  'sysinfo:report': SYSINFO_KEYS.length * (LIMITS.sysinfoValue * ESCAPED + 64) + ENVELOPE,
};

/**
 * Every other packet: events of ids, names, flags and numbers (the largest, `file:offer` and `queue:join`, stay under
 * 2.2 K characters), acknowledgements, and the namespace handshake.
 */
export const DEFAULT_PACKET_LIMIT = 4 * 1024;

/** The most characters a raw packet of event `name` may have. */
export function packetLimit(name: string | undefined): number {
  return Math.max(DEFAULT_PACKET_LIMIT, (name !== undefined && Object.hasOwn(PACKET_LIMITS, name) ? PACKET_LIMITS[name] : 0) ?? 0);
}

/** Stands in for the payload of an event whose raw packet was over its limit; it is never parsed. */
export class OversizedPayload {
  constructor(
    readonly chars: number,
    readonly limit: number,
  ) {}
}

/** Ceilings on the shape of any payload, far above what a valid one has (deepest: `sysinfo:report` items, 3). */
export const SHAPE_LIMITS = {
  depth: 4,
  keysPerObject: 8,
  itemsPerArray: SYSINFO_KEYS.length,
  /** The longest string any field accepts (a file chunk). */
  stringChars: LIMITS.chunk,
} as const;

/** How a payload exceeds `SHAPE_LIMITS`: where, and which limit. */
export interface ShapeIssue {
  path: string;
  type: 'max_length' | 'max_depth' | 'max_keys';
  message: string;
}

/**
 * The first way `input` exceeds `SHAPE_LIMITS`, or undefined. Each array's length and each string's length is checked
 * before its contents, and the walk stops at the first excess, so the cost is bounded by the limits, not by the input
 * (an object's keys are counted as they are listed: the packet limits bound how many a parsed payload can have).
 */
export function checkShape(input: unknown): ShapeIssue | undefined {
  const excess = firstExcess(input, 0);
  return excess && { path: excess.keys.length > 0 ? excess.keys.join('.') : '(payload)', type: excess.type, message: excess.message };
}

/** An excess found `keys` deep (the keys are put in on the way back up: a payload within the limits builds no path). */
interface Excess extends Omit<ShapeIssue, 'path'> {
  keys: string[];
}

function firstExcess(input: unknown, depth: number): Excess | undefined {
  if (typeof input === 'string') {
    if (input.length <= SHAPE_LIMITS.stringChars) return undefined;
    return { keys: [], type: 'max_length', message: `Invalid length: Expected <=${SHAPE_LIMITS.stringChars} characters` };
  }
  if (typeof input !== 'object' || input === null) return undefined;
  if (depth >= SHAPE_LIMITS.depth) return { keys: [], type: 'max_depth', message: `Nested too deeply: Expected at most ${SHAPE_LIMITS.depth} levels` };
  if (Array.isArray(input)) {
    if (input.length > SHAPE_LIMITS.itemsPerArray) return { keys: [], type: 'max_length', message: `Invalid length: Expected <=${SHAPE_LIMITS.itemsPerArray} items` };
    for (let i = 0; i < input.length; i++) {
      const excess = firstExcess(input[i], depth + 1);
      if (excess) {
        excess.keys.unshift(String(i));
        return excess;
      }
    }
    return undefined;
  }
  let keys = 0;
  for (const key in input) {
    if (Object.hasOwn(input, key) && ++keys > SHAPE_LIMITS.keysPerObject) {
      return { keys: [], type: 'max_keys', message: `Too many keys: Expected at most ${SHAPE_LIMITS.keysPerObject}` };
    }
  }
  for (const key in input) {
    if (!Object.hasOwn(input, key)) continue;
    const excess = firstExcess((input as Record<string, unknown>)[key], depth + 1);
    if (excess) {
      excess.keys.unshift(key.slice(0, 64));
      return excess;
    }
  }
  return undefined;
}
