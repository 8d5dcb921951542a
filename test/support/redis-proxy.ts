/**
 * A TCP proxy in front of a Redis server that can break a connection right after a given command went through, to
 * test what the relay does when Redis did something whose answer it never heard:
 *
 * - `lose-replies`: the command reaches Redis, but nothing Redis says on that connection comes back any more; the
 *   connection is cut after `cutAfterMs` (by then the relay's command has timed out);
 * - `cut`: the command reaches Redis, and the connection is cut before the reply comes back;
 * - `hold`: the command reaches Redis, and nothing comes back until the connection closes (the test kills the
 *   relay process meanwhile).
 *
 * The command is recognised by a marker in the bytes the client sends (e.g. a unique word in a chat message).
 *
 * `delayReplies(ms)` makes the proxy a slow link instead: everything Redis says comes back `ms` later, in order.
 */
import { createServer, connect, type Socket } from 'node:net';

export type Fault = 'lose-replies' | 'cut' | 'hold';

export interface RedisProxy {
  /** redis://… of the proxy. */
  url: string;
  /** Arms a fault for the next command containing `marker`; resolves once that command has reached Redis. */
  faultOn(marker: string, fault: Fault, cutAfterMs?: number): Promise<void>;
  /** From now on, holds everything Redis says on each connection back for `ms` (in order). */
  delayReplies(ms: number): void;
  /** Connections currently open through the proxy. */
  connections(): number;
  close(): Promise<void>;
}

interface Armed {
  marker: Buffer;
  fault: Fault;
  cutAfterMs: number;
  fired: () => void;
}

export async function startRedisProxy(redisUrl: string): Promise<RedisProxy> {
  const target = new URL(redisUrl);
  const open = new Set<Socket>();
  let armed: Armed | undefined;
  let replyDelayMs = 0;

  const server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    let replies = true;
    /** The end of the last chunk, so that a marker split over two chunks is still seen. */
    let tail = Buffer.alloc(0);
    open.add(client);
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      const fault = armed;
      const seen = Buffer.concat([tail, chunk]);
      tail = seen.subarray(Math.max(0, seen.length - 256));
      if (!fault || !seen.includes(fault.marker)) return;
      armed = undefined;
      replies = false;
      // Give Redis the moment it needs to run the command before the connection goes.
      if (fault.fault !== 'hold') setTimeout(cut, fault.fault === 'cut' ? 50 : fault.cutAfterMs);
      fault.fired();
    });
    upstream.on('data', (chunk: Buffer) => {
      if (replyDelayMs === 0) {
        if (replies) client.write(chunk);
        return;
      }
      // Timers of the same delay fire in the order they were set.
      setTimeout(() => {
        if (replies && !client.destroyed) client.write(chunk);
      }, replyDelayMs);
    });
    client.on('close', () => {
      open.delete(client);
      upstream.destroy();
    });
    upstream.on('close', () => client.destroy());
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };

  return {
    url: `redis://127.0.0.1:${port}`,
    faultOn(marker, fault, cutAfterMs = 4000) {
      return new Promise((resolve) => {
        armed = { marker: Buffer.from(marker), fault, cutAfterMs, fired: resolve };
      });
    },
    delayReplies(ms) {
      replyDelayMs = ms;
    },
    connections: () => open.size,
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
