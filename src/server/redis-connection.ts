/**
 * The relay's connection to Redis: one ioredis client for the store, the rate limits and the socket.io adapter's
 * writes, plus the adapter's own blocking-read and subscriber connections, which it makes with `duplicate()`.
 *
 * - The main client fails fast while Redis is away (no offline queue, no resending, a command timeout): callers answer
 *   `unavailable` at once instead of hanging, and socket.io broadcasts still reach this process's own sockets.
 * - The main client writes each command at once, without ioredis's auto-pipelining: that one builds a pipeline per
 *   event-loop turn (mostly of one command at chat rates) and holds new commands back while one is under way, so a
 *   chat message waited for the round trip of the one before it (benchmark: more CPU per message, later answers).
 *   Instead, the commands sent in one turn of the event loop go out in one socket write (redis-batching.ts).
 * - The adapter's duplicates do queue while Redis is away, so that its read loop waits for Redis instead of spinning;
 *   ioredis reconnects all of them by itself. They are tracked so that close() can end them even while a blocking
 *   read is pending (the adapter alone would wait for the read to return, or for ever while Redis is down).
 * - The adapter delivers a broadcast to this process's own sockets only after it has written it to the stream.
 *   `flushed()` waits for the broadcasts started so far, so that an acknowledgement can go after the broadcasts its
 *   event caused, as with one process (docs/PROTOCOL.md §2.3).
 * - The adapter's read of the stream starts at the stream's last entry when the relay connected, not at the moment
 *   its first read reaches Redis (stream-read.ts): an entry written between two empty reads, or while the reading
 *   connection reconnects, before this process has read any entry, would be lost otherwise.
 * - Entries this process wrote itself are dropped from the stream read before they are decoded.
 * - The relay's scripts write broadcasts into the same stream (stream-entries.ts): `entry()` describes one, `marker()`
 *   an entry that only marks a point of the stream, and `readPast(id)` waits until this process's read of the stream
 *   has delivered everything up to that point.
 * - Errors are logged once per outage, and the return once.
 */
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import type { StreamMarker } from './store.js';
import { broadcastEntry, compareStreamIds, NO_ADAPTER_UID, type Readers, type StreamEntry } from './stream-entries.js';
import { writePerTurn } from './redis-batching.js';
import { lastEntryId, startReadsAt } from './stream-read.js';

type AdapterFactory = ReturnType<typeof createAdapter>;

export interface RedisConnection {
  readonly client: Redis;
  /** The socket.io adapter factory (rooms and broadcasts over a Redis stream under `keyPrefix`). */
  readonly adapter: AdapterFactory;
  /** Resolves once every broadcast started so far has reached this process's sockets. */
  flushed(): Promise<void>;
  /** A broadcast of `event` to the sockets of namespace `nsp` in `room`, for a script to write (stream-entries.ts). */
  entry(nsp: string, room: string, event: string, readers: Readers): StreamEntry;
  /** A marker of this process (in namespace `nsp`), for a script to write. */
  marker(nsp: string): StreamMarker;
  /**
   * Resolves to true once this process's read of the stream has delivered every entry up to stream id `id`, or to
   * false after `timeoutMs` (the read is stuck, e.g. Redis is away).
   */
  readPast(id: string, timeoutMs: number): Promise<boolean>;
  /** Whether Redis answers the main client now (connected, no error since it last became ready, its last ping answered). */
  available(): boolean;
  /**
   * Holds back each broadcast with acknowledgements that another process sends to sockets of namespace `nsp` here (a
   * technician's file chunk: those travel by Redis pub/sub, not the stream) until `admit` says whether it may be
   * delivered; one refused is answered as reaching no socket here. Held broadcasts keep their order.
   */
  guardAcked(nsp: string, admit: (event: string, rooms: string[]) => Promise<boolean>): void;
  /** Closes every connection; safe while Redis is down and while the adapter's read is pending. */
  close(): void;
}

export interface ConnectOptions {
  url: string;
  keyPrefix: string;
  logger: Logger;
  /** How long to wait for Redis at start-up before giving up, ms. */
  connectTimeoutMs?: number;
}

/** A command that gets no answer within this time fails (and the store reports itself unavailable). */
const COMMAND_TIMEOUT_MS = 3000;
/**
 * How often the main client pings Redis: a Redis that stops answering without closing the connection (a stall, a
 * network that drops packets) shows as unavailable once a ping times out, and as available again at the next answer
 * (an error reply counts as an answer).
 */
const PROBE_MS = 1000;
/** The stream's approximate length cap (the adapter's default). */
const STREAM_MAX_LEN = 10_000;
/** The cluster adapter's message types this module looks at (socket.io-adapter `MessageType`). */
const BROADCAST = 3;
const BROADCAST_CLIENT_COUNT = 11;
/** The `type` of a marker entry: no socket.io message type, dropped before decoding. */
const MARKER_TYPE = '0';

/** The URL without its password, for logs and errors. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'an invalid URL';
  }
}

export async function connectRedis({ url, keyPrefix, logger, connectTimeoutMs = 10_000 }: ConnectOptions): Promise<RedisConnection> {
  const shown = redactUrl(url);
  const options: RedisOptions = {
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    commandTimeout: COMMAND_TIMEOUT_MS,
    enableAutoPipelining: false,
    connectionName: 'remote-support-relay',
  };
  const client = new Redis(url, options);
  writePerTurn(client);
  let down = false;
  let closed = false;
  const markDown = (err: Error) => {
    if (down || closed) return;
    down = true;
    logger.warn({ redis: shown, err: err.message }, 'redis unavailable');
  };
  const markUp = () => {
    if (!down || client.status !== 'ready') return;
    down = false;
    logger.info({ redis: shown }, 'redis available again');
  };
  client.on('error', markDown);
  client.on('ready', markUp);
  let probing = false;
  const probe = setInterval(() => {
    if (probing || closed || client.status !== 'ready') return;
    probing = true;
    client
      .ping()
      // An error reply (a user not allowed to PING, a refusal) is an answer too: only a timeout or a lost connection
      // makes Redis down.
      .then(markUp, (err: Error) => (err.name === 'ReplyError' ? markUp() : markDown(err)))
      .finally(() => (probing = false));
  }, PROBE_MS);
  probe.unref();

  const streamName = `${keyPrefix}socket.io`;
  /** Where the adapter's read of the stream starts (the stream's last id, taken once connected). */
  let readStart = '$';
  const duplicates: Redis[] = [];
  const duplicate = client.duplicate.bind(client);
  client.duplicate = (override?: Partial<RedisOptions>) => {
    const copy = duplicate({
      ...override,
      enableOfflineQueue: true,
      autoResendUnfulfilledCommands: true,
      maxRetriesPerRequest: null,
      commandTimeout: undefined,
      enableAutoPipelining: false,
    });
    // The adapter subscribes without waiting for the answer: one still on its way when the relay closes (just after
    // it started) fails with "Connection is closed", which is no error then, not an unhandled rejection.
    const subscribe = copy.subscribe.bind(copy) as (...channels: string[]) => Promise<unknown>;
    copy.subscribe = ((...channels: string[]) => {
      const answer = subscribe(...channels);
      answer.catch(() => undefined);
      return answer;
    }) as typeof copy.subscribe;
    // Only the adapter's reading connection reads the stream.
    startReadsAt(copy, streamName, () => readStart);
    duplicates.push(copy);
    return copy;
  };
  const close = () => {
    closed = true;
    clearInterval(probe);
    for (const c of [client, ...duplicates]) c.disconnect();
  };

  try {
    await ready(client, connectTimeoutMs);
  } catch (err) {
    close();
    throw new Error(`cannot reach Redis at ${shown}: ${(err as Error).message}`, { cause: err });
  }
  try {
    readStart = await lastEntryId(client, streamName);
  } catch (err) {
    close();
    throw new Error(`cannot read the stream ${streamName} at ${shown}: ${(err as Error).message}`, { cause: err });
  }
  down = false;
  logger.info({ redis: shown }, 'redis connected');

  const factory = createAdapter(client, {
    streamName,
    maxLen: STREAM_MAX_LEN,
    channelPrefix: `${keyPrefix}socket.io`,
    sessionKeyPrefix: `${keyPrefix}sio:session:`,
  });
  /** Settles once every broadcast started so far has settled (one link per broadcast, whatever is in flight). */
  let allBroadcasts = Promise.resolve();
  /** The adapter's uid in each namespace. */
  const uids = new Map<string, string>();
  /** The id of the last stream entry this process's read has delivered (or starts after), and who waits for a later one. */
  let readOffset = readStart;
  const waiting = new Set<{ id: string; done: (caughtUp: boolean) => void }>();
  const advance = (offset: string) => {
    readOffset = offset;
    for (const w of waiting) if (compareStreamIds(w.id, offset) <= 0) w.done(true);
  };
  const guards = new Map<string, (event: string, rooms: string[]) => Promise<boolean>>();
  /** Broadcasts held back by a guard, in the order they came. */
  let held = Promise.resolve();
  const guard = (instance: object, nsp: string) => {
    const cluster = instance as unknown as {
      onMessage(message: AckedBroadcast, offset?: string): void;
      publishResponse(requesterUid: string, response: { type: number; data: { requestId: string; clientCount: number } }): void;
    };
    const onMessage = cluster.onMessage.bind(instance);
    cluster.onMessage = (message, offset) => {
      const admit = guards.get(nsp);
      const requestId = message.type === BROADCAST ? message.data?.requestId : undefined;
      if (!admit || requestId === undefined) return onMessage(message, offset);
      const event = message.data?.packet?.data?.[0];
      // Asked now (Redis answers in order), delivered in order.
      const verdict = admit(typeof event === 'string' ? event : '', message.data?.opts?.rooms ?? []).catch(() => false);
      held = held
        .then(() => verdict)
        .then((admitted) => {
          if (admitted) onMessage(message, offset);
          else cluster.publishResponse(message.uid, { type: BROADCAST_CLIENT_COUNT, data: { requestId, clientCount: 0 } });
        })
        .catch((err: unknown) => logger.error({ err }, 'delivering a held broadcast failed'));
    };
  };
  // socket.io calls the factory with `new`: a function, not an arrow.
  const adapter = function track(nsp: { name: string }) {
    const instance = factory(nsp);
    // Every process reads every entry of the stream, its own too, which the adapter decodes and then ignores: skip
    // those before the decoding (the adapter's own check, `message.uid === this.uid`, on the raw entry), and markers.
    const raw = instance as unknown as { uid: string; onRawMessage?: (message: { uid?: string; type?: string }, offset: string) => void };
    uids.set(nsp.name, raw.uid);
    const onRawMessage = raw.onRawMessage?.bind(instance);
    if (onRawMessage) {
      raw.onRawMessage = (message, offset) => {
        if (message.uid !== raw.uid && message.type !== MARKER_TYPE) onRawMessage(message, offset);
        advance(offset);
      };
    }
    guard(instance, nsp.name);
    const broadcast = instance.broadcast.bind(instance);
    instance.broadcast = (packet, opts) => {
      const done = broadcast(packet, opts);
      // One to this process's sockets only (a chat message whose stream entry a script wrote) is delivered already.
      if (opts.flags?.local) return done;
      const settled = done.then(
        () => undefined,
        () => undefined,
      );
      allBroadcasts = allBroadcasts.then(() => settled);
      return done;
    };
    return instance;
  } as unknown as AdapterFactory;
  const flushed = () => allBroadcasts;
  const uidOf = (nsp: string) => uids.get(nsp) ?? NO_ADAPTER_UID;
  const entry = (nsp: string, room: string, event: string, readers: Readers) =>
    broadcastEntry(streamName, STREAM_MAX_LEN, readers === 'all' ? NO_ADAPTER_UID : uidOf(nsp), nsp, room, event);
  const marker = (nsp: string): StreamMarker => ({ stream: streamName, maxLen: STREAM_MAX_LEN, uid: uidOf(nsp), nsp, type: MARKER_TYPE });
  const readPast = (id: string, timeoutMs: number) =>
    new Promise<boolean>((resolve) => {
      if (compareStreamIds(id, readOffset) <= 0) return resolve(true);
      const w = {
        id,
        done: (caughtUp: boolean) => {
          clearTimeout(timer);
          waiting.delete(w);
          resolve(caughtUp);
        },
      };
      const timer = setTimeout(() => w.done(false), timeoutMs);
      timer.unref();
      waiting.add(w);
    });
  const available = () => !down && client.status === 'ready';
  const guardAcked = (nsp: string, admit: (event: string, rooms: string[]) => Promise<boolean>) => void guards.set(nsp, admit);
  return { client, adapter, flushed, entry, marker, readPast, available, guardAcked, close };
}

/** A cluster message as the adapter decoded it, as far as a guard reads it. */
interface AckedBroadcast {
  uid: string;
  type: number;
  data?: { requestId?: string; packet?: { data?: unknown[] }; opts?: { rooms?: string[] } };
}

function ready(client: Redis, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    let lastError: Error | undefined;
    const onError = (err: Error) => (lastError = err);
    const done = (err?: Error) => {
      clearTimeout(timer);
      client.off('ready', onReady);
      client.off('error', onError);
      if (err) reject(err);
      else resolve();
    };
    const onReady = () => done();
    const timer = setTimeout(() => done(lastError ?? new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    client.on('ready', onReady);
    client.on('error', onError);
  });
}
