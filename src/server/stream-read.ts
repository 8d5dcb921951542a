/**
 * Where this process's read of the socket.io adapter's stream starts.
 *
 * @socket.io/redis-streams-adapter (0.3) reads the stream in a loop of `XREAD BLOCK <ms> COUNT <n> STREAMS <stream>
 * <offset>` (ioredis `xread`, flat arguments) on a connection of its own, with `offset` the id of the last entry it
 * read, or `$` until it has read one. `$` means "entries newer than the moment this command reaches Redis": an entry
 * written while no read is under way — between a read that ended empty and the next, or while the connection is being
 * made or made again — would never reach this process.
 *
 * So the relay takes the stream's last id once, when it connects, and the reading connection sends that id instead of
 * `$`. It never changes: the adapter sends real ids from its first entry on, and sends `$` only while it has read
 * nothing, so each of its reads (a read sent again after a reconnect too) starts at the same point, and no entry is
 * skipped or delivered twice.
 */
import type { Redis } from 'ioredis';

/** The id of the stream's last entry, or `0-0` when it has none (or does not exist yet). */
export async function lastEntryId(client: Redis, stream: string): Promise<string> {
  const [last] = await client.xrevrange(stream, '+', '-', 'COUNT', 1);
  return last?.[0] ?? '0-0';
}

/** XREAD arguments with `$` as the id of `stream` (the only stream read) replaced by `start`; others as they are. */
export function readFrom(args: readonly unknown[], stream: string, start: string): unknown[] {
  const [keyword, key, id] = args.slice(-3);
  const fromNow = args.length >= 3 && typeof keyword === 'string' && keyword.toUpperCase() === 'STREAMS' && key === stream && id === '$';
  return fromNow ? [...args.slice(0, -1), start] : [...args];
}

/** Makes every XREAD of `stream` on `reader` that would start at `$` start at `start()` (read at each call). */
export function startReadsAt(reader: Redis, stream: string, start: () => string): void {
  const xread = reader.xread.bind(reader) as (...args: unknown[]) => Promise<unknown>;
  reader.xread = ((...args: unknown[]) => xread(...readFrom(args, stream, start()))) as typeof reader.xread;
}
