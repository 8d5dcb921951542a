/**
 * One socket write per turn of the event loop for a Redis client's commands (src/server/redis-batching.ts), against a
 * stand-in Redis that answers every command `+OK` and records what each of its reads brought.
 */
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { writePerTurn } from '../../src/server/redis-batching.js';

/** A stand-in Redis: answers each command (RESP array) `+OK`, in order. */
async function standIn(): Promise<{ server: Server; port: number; received: () => string }> {
  let received = '';
  const server = createServer((socket: Socket) => {
    let pending = '';
    socket.on('data', (data) => {
      received += data.toString('latin1');
      pending += data.toString('latin1');
      // A command is `*<n>\r\n` then n bulk strings; the stand-in only counts them (its commands carry no `*`).
      const commands = pending.split('*').length - 1;
      const complete = pending.endsWith('\r\n') ? commands : commands - 1;
      if (complete > 0) socket.write('+OK\r\n'.repeat(complete));
      pending = complete === commands ? '' : pending.slice(pending.lastIndexOf('*'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, received: () => received };
}

const opened: Array<{ client: Redis; server: Server }> = [];
afterEach(() => {
  for (const { client, server } of opened.splice(0)) {
    client.disconnect();
    server.close();
  }
});

/** A client of a stand-in, ready, with every socket write it makes counted (one `_write`/`_writev` call each). */
async function client(batched: boolean) {
  const { server, port, received } = await standIn();
  const redis = new Redis({ port, host: '127.0.0.1', enableReadyCheck: false, enableAutoPipelining: false, lazyConnect: true });
  opened.push({ client: redis, server });
  if (batched) writePerTurn(redis);
  await redis.connect();
  const socket = redis.stream as unknown as { _write: (...a: unknown[]) => unknown; _writev?: (...a: unknown[]) => unknown };
  const writes: number[] = [];
  const write = socket._write.bind(socket);
  socket._write = (...args) => (writes.push(1), write(...args));
  const writev = socket._writev?.bind(socket);
  if (writev) socket._writev = (...args) => (writes.push((args[0] as unknown[]).length), writev(...args));
  return { redis, writes, received };
}

describe('a Redis client writing once per turn', () => {
  it('sends the commands of one turn in one write, and each gets its own answer', async () => {
    const { redis, writes } = await client(true);
    const answers = await Promise.all([redis.set('a', '1'), redis.set('b', '2'), redis.set('c', '3')]);
    expect(answers).toEqual(['OK', 'OK', 'OK']);
    expect(writes).toEqual([3]);
  });

  it('without it, writes each command by itself', async () => {
    const { redis, writes } = await client(false);
    await Promise.all([redis.set('a', '1'), redis.set('b', '2'), redis.set('c', '3')]);
    expect(writes.length).toBeGreaterThan(1);
  });

  it('sends a command alone in its turn without waiting for anything else, and later turns in writes of their own', async () => {
    const { redis, writes } = await client(true);
    expect(await redis.set('a', '1')).toBe('OK');
    expect(await redis.set('b', '2')).toBe('OK');
    const [first] = await Promise.all([redis.set('c', '3'), redis.set('d', '4')]);
    expect(first).toBe('OK');
    expect(writes).toEqual([1, 1, 2]);
  });

  it('keeps the commands of a turn in the order they were sent', async () => {
    const { redis, received } = await client(true);
    await Promise.all(['x', 'y', 'z'].map((key) => redis.set(key, key)));
    const keys = [...received().matchAll(/\$3\r\nset\r\n\$1\r\n(\w)\r\n/gi)].map((m) => m[1]);
    expect(keys).toEqual(['x', 'y', 'z']);
  });
});
