/**
 * Entries of the socket.io Redis streams adapter's stream, written by the relay's own Redis scripts, so that a write
 * and its broadcast are one atomic step (a chat message and its delivery, a gated use and its forwarding).
 *
 * The format is the adapter's (@socket.io/redis-streams-adapter 0.3, `encode`): fields `uid` (the writing adapter),
 * `nsp`, `type` ('3', a broadcast) and `data`, the JSON of `{packet, opts}` where `packet` is the event packet socket.io
 * broadcasts (`{type: 2, data: [event, payload]}`) and `opts` its rooms. Every relay process reads the stream and
 * delivers the packet to its own sockets in those rooms, except the process whose adapter `uid` wrote it.
 *
 * A script builds `data` as `head .. payload .. tail` around a payload it made itself (the chat message with its
 * sequence number), so the relay never needs the payload before the script has run.
 */

/** One broadcast to write into the adapter's stream from a script. */
export interface StreamEntry {
  /** The adapter's stream key. */
  stream: string;
  /** The adapter's approximate stream length cap (`MAXLEN ~`). */
  maxLen: number;
  /** The writing adapter's uid: the process with that uid skips the entry (it delivers to its own sockets itself). */
  uid: string;
  nsp: string;
  /** `data` before the payload's JSON. */
  head: string;
  /** `data` after the payload's JSON. */
  tail: string;
}

/** Who reads an entry: every process, or every process but the writer (which delivers it locally itself). */
export type Readers = 'all' | 'others';

/** A uid no adapter has: every process, the writer's too, delivers an entry written with it. */
export const NO_ADAPTER_UID = 'relay-script';

/** The entry of `event` broadcast to the sockets of namespace `nsp` in `room`; the payload goes between head and tail. */
export function broadcastEntry(stream: string, maxLen: number, uid: string, nsp: string, room: string, event: string): StreamEntry {
  return {
    stream,
    maxLen,
    uid,
    nsp,
    head: `{"packet":{"type":2,"data":[${JSON.stringify(event)},`,
    tail: `]},"opts":{"rooms":[${JSON.stringify(room)}],"except":[],"flags":{}}}`,
  };
}

/** The script arguments of an entry, in the order the scripts take them (redis-scripts.ts `xadd`). */
export function entryArgs(entry: StreamEntry): [number, string, string, string, string] {
  return [entry.maxLen, entry.uid, entry.nsp, entry.head, entry.tail];
}

/**
 * The script arguments of an entry packed into one, its parts (as `entryArgs`) joined by newlines, for a script that
 * writes the entry only sometimes (redis-scripts.ts `xaddPacked`): each argument of a script costs Redis a string and
 * a table slot on every call, used or not. No part has a newline: head and tail are JSON (which escapes it), uid and
 * namespace are the adapter's; one that had would be refused here rather than split wrongly in Redis.
 */
export function packedEntry(entry: StreamEntry): string {
  const parts = entryArgs(entry).map(String);
  if (parts.some((part) => part.includes('\n'))) throw new Error('a stream entry part has a newline');
  return parts.join('\n');
}

/** Compares two stream ids (`ms-seq`): negative, zero or positive. */
export function compareStreamIds(a: string, b: string): number {
  const [am = '0', as = '0'] = a.split('-');
  const [bm = '0', bs = '0'] = b.split('-');
  return am.length !== bm.length ? am.length - bm.length : am !== bm ? (am < bm ? -1 : 1) : Number(as) - Number(bs);
}
