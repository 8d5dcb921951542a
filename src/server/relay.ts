/**
 * createRelay(): the HTTP server, the socket.io server with its two namespaces, and the wiring from validated
 * socket events to the session service.
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { Server, type Namespace, type Socket } from 'socket.io';
import {
  CUSTOMER_NAMESPACE,
  GATED_EVENTS,
  TECHNICIAN_NAMESPACE,
  parsePayload,
  relayError,
  type ConsentState,
  type GatedEvent,
  type Payload,
  type RtcConfig,
  type SchemaName,
} from '../protocol/index.js';
import { issueTechnicianToken, verifyTechnicianToken } from './auth.js';
import { Sweeper } from './cluster.js';
import { connectionId, generateId, generateSecret } from './codes.js';
import { memoryLimiters, redisLimiters, socketLimits, type Limiters } from './limits.js';
import { relayHttpServer, schemeOf } from './http.js';
import { createLogger } from './logger.js';
import { MemoryStore } from './memory-store.js';
import { compileOrigins } from './origin.js';
import { REDIS_DEFAULTS, resolveOptions, type RelayOptions, type ResolvedOptions } from './options.js';
import { connectRedis } from './redis-connection.js';
import { RedisStore } from './redis-store.js';
import type { RelayEventMap, RelayEvents } from './relay-events.js';
import { fail, Later, type Result } from './results.js';
import { SessionService, type Caller, type Outbox, type Target } from './sessions.js';
import { isShared, StoreUnavailableError, type RelayStore } from './store.js';
import { participantRtc } from './turn.js';
import { WebhookSender } from './webhook.js';

export interface Relay {
  /** The server the relay answers on: the one given as `server`, or its own. */
  readonly httpServer: HttpServer | HttpsServer;
  readonly io: Server;
  readonly options: Readonly<ResolvedOptions>;
  readonly store: RelayStore;
  readonly logger: Logger;
  /** In development mode (no `tokenSecret`): a technician token signed with the random secret. */
  readonly devToken?: string;
  /**
   * `consent` for every grant change, `session-ended` for every end, as they happen on this relay process (with a
   * shared store, listen on every process). A vendor's native agent acts only while the grant it needs is live.
   */
  readonly events: RelayEvents;
  /** The grants of a session as the relay enforces them now, or undefined for an unknown session. */
  grants(sessionId: string): Promise<ConsentState | undefined>;
  /** Starts listening; resolves to the base URL, without `path` (port 0 picks a free port). */
  listen(port?: number, host?: string): Promise<string>;
  /**
   * Graceful shutdown: participants are told, sessions that cannot outlive this process are ended, then all closes.
   * A server given as `server` stays open: it is the vendor's to close.
   */
  close(): Promise<void>;
}

export interface CreateRelayOptions extends RelayOptions {
  /**
   * An existing Node http or https server (e.g. an Express app's `app.listen()`, Fastify's `fastify.server`) to attach
   * to: the relay answers its own paths (`<path>/socket.io/`, `<path>/healthz`) and leaves every other request to the
   * server's handlers. Default: a server of its own (see `listen`).
   */
  server?: HttpServer | HttpsServer;
  /** Answers HTTP requests the relay does not handle itself on a server of its own (e.g. the demo's static files). Default: 404. */
  fallback?: (req: IncomingMessage, res: ServerResponse) => void;
  /** Waits before each retry of a failed webhook delivery, ms. Default 1 s, 5 s, 30 s. */
  webhookRetryDelaysMs?: readonly number[];
}

const room = (sessionId: string) => `s:${sessionId}`;
/** How long a graceful shutdown waits for the last messages to reach clients before it closes their connections. */
const SHUTDOWN_FLUSH_MS = 2000;
const TECHNICIANS_ROOM = 'technicians';
/** How long to wait for the other relay processes to count their technicians. */
const FETCH_TIMEOUT_MS = 2000;

type AnySocket = Socket;
/** Handles one validated event for one caller. */
type Route = (caller: Caller, input: unknown) => Promise<Result<object> | Later>;
type Routes = ReadonlyMap<string, Route>;

export async function createRelay(options: CreateRelayOptions = {}): Promise<Relay> {
  const opts = resolveOptions(options, () => generateSecret(32));
  const logger = createLogger(options.logger);
  /** This process, as named in connection ids and heartbeats. */
  const node = generateId();
  const redis = opts.redis ? await connectRedis({ ...opts.redis, logger }) : undefined;
  const ownStore = !options.store;
  const store =
    options.store ??
    (redis ? new RedisStore(redis.client, { keyPrefix: opts.redis?.keyPrefix, retainEndedMs: opts.retainEndedMs, resumeGraceMs: opts.resumeGraceMs }) : new MemoryStore());
  const limiters: Limiters = redis && opts.redis ? redisLimiters(opts, redis.client, opts.redis.keyPrefix) : memoryLimiters(opts);
  const originAllowed = compileOrigins(opts.allowedOrigins);
  const startedAt = Date.now();
  let closing = false;

  const prefix = opts.path;
  const httpServer = relayHttpServer(
    {
      prefix,
      health: (_req, res) =>
        void health().then(({ status, body }) => {
          res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
          res.end(JSON.stringify(body));
        }),
      ...(options.fallback ? { fallback: options.fallback } : {}),
    },
    options.server,
  );

  const io = new Server(httpServer, {
    maxHttpBufferSize: opts.maxPayloadBytes,
    cors: { origin: (origin, cb) => cb(null, origin === undefined || originAllowed(origin)) },
    serveClient: false,
    path: `${prefix}/socket.io`,
    // On the vendor's server, upgrades for other paths are the vendor's (its own WebSockets, a dev server's reload).
    ...(options.server ? { destroyUpgrade: false } : {}),
    // Rooms and broadcasts over a Redis stream: a session's two sockets may be on different processes.
    ...(redis ? { adapter: redis.adapter } : {}),
  });
  const customers = io.of(CUSTOMER_NAMESPACE);
  const technicians = io.of(TECHNICIAN_NAMESPACE);

  const outbox: Outbox = {
    enter(caller, sessionId) {
      const socket = (caller.role === 'customer' ? customers : technicians).sockets.get(caller.socketId);
      if (socket) enter(socket, caller, sessionId);
    },
    toSession(sessionId, target: Target, event, payload, exceptSocketId) {
      const namespaces: Namespace[] = target === 'both' ? [customers, technicians] : [target === 'customer' ? customers : technicians];
      for (const ns of namespaces) {
        const op = exceptSocketId ? ns.to(room(sessionId)).except(exceptSocketId) : ns.to(room(sessionId));
        op.emit(event, payload);
      }
    },
    toSessionWithAck(sessionId, target, event, payload, timeoutMs) {
      return (target === 'customer' ? customers : technicians).to(room(sessionId)).timeout(timeoutMs).emitWithAck(event, payload);
    },
    toTechnicians(event, payload) {
      technicians.to(TECHNICIANS_ROOM).emit(event, payload);
    },
    supersede(sessionId, role, keepSocketId) {
      if (role === 'technician') {
        // An older console tab stops hearing the session; it stays connected for the queue.
        technicians.in(room(sessionId)).except(keepSocketId).socketsLeave(room(sessionId));
        return;
      }
      customers.in(room(sessionId)).except(keepSocketId).disconnectSockets(true);
    },
    async techniciansOnline() {
      try {
        // Over every relay process (the adapter asks the others through Redis).
        return (await technicians.in(TECHNICIANS_ROOM).timeout(FETCH_TIMEOUT_MS).fetchSockets()).length;
      } catch (err) {
        throw new StoreUnavailableError(`counting technicians: ${(err as Error).message}`, { cause: err });
      }
    },
  };
  const events: RelayEvents = new EventEmitter<RelayEventMap>();
  const webhook =
    opts.webhookUrl && opts.webhookSecret
      ? new WebhookSender({
          url: opts.webhookUrl,
          secret: opts.webhookSecret,
          logger,
          ...(options.webhookRetryDelaysMs ? { retryDelaysMs: options.webhookRetryDelaysMs } : {}),
        })
      : undefined;
  /** A listener that throws is logged; it never breaks the relay. */
  function emit(send: () => void): void {
    try {
      send();
    } catch (err) {
      logger.error({ err }, 'relay.events listener failed');
    }
  }
  const service = new SessionService(opts, store, limiters, outbox, logger, {
    consent(e) {
      emit(() => events.emit('consent', e));
      const { sessionId, at, ...data } = e;
      webhook?.send({ id: generateId(), type: 'consent.changed', at, sessionId, data });
    },
    ended(e) {
      emit(() => events.emit('session-ended', e));
      const { sessionId, at, ...data } = e;
      webhook?.send({ id: generateId(), type: 'session.ended', at, sessionId, data });
    },
  });
  const sweeper = isShared(store)
    ? new Sweeper(store, service, node, opts.redis ?? REDIS_DEFAULTS, logger, () => {
        for (const socket of [...customers.sockets.values(), ...technicians.sockets.values()]) socket.disconnect(true);
      })
    : undefined;

  async function health() {
    let liveSessions = -1;
    let storeState = store.shared ? 'shared' : 'memory';
    try {
      liveSessions = await store.countLive();
    } catch {
      storeState = 'unavailable';
    }
    const healthy = !closing && storeState !== 'unavailable';
    const body = {
      status: closing ? 'shutting-down' : healthy ? 'ok' : 'unavailable',
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      liveSessions,
      sockets: { customers: customers.sockets.size, technicians: technicians.sockets.size },
      store: storeState,
    };
    return { status: healthy ? 200 : 503, body };
  }

  function clientAddress(socket: AnySocket): string {
    if (opts.trustProxy) {
      // The proxy appends the address it saw to whatever the client sent, so only the last entry is trustworthy; an
      // earlier one is the client's own claim (and would let it pick a fresh address for every failed code).
      const forwarded = socket.handshake.headers['x-forwarded-for'];
      const last = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded)?.split(',').pop()?.trim();
      if (last) return last;
    }
    return socket.handshake.address;
  }

  function refuse(code: 'forbidden-origin' | 'unauthorized' | 'unavailable'): Error {
    const err = new Error(code) as Error & { data: unknown };
    err.data = relayError(code);
    return err;
  }

  /**
   * The page's origin. Browsers send no Origin header on a same-origin GET (the first long-polling request of a page
   * served by the relay itself); they mark it `Sec-Fetch-Site: same-origin` instead, so the origin is then this
   * relay's own, as the Host header names it.
   */
  function originOf(socket: AnySocket): string | undefined {
    const { headers, secure } = socket.handshake;
    if (headers.origin !== undefined) return headers.origin;
    if (headers['sec-fetch-site'] !== 'same-origin' || !headers.host) return undefined;
    const forwarded = opts.trustProxy ? String(headers['x-forwarded-proto'] ?? '').split(',')[0]?.trim() : '';
    return `${forwarded || (secure ? 'https' : 'http')}://${headers.host}`;
  }

  customers.use((socket, next) => {
    if (closing) return next(refuse('unavailable'));
    const origin = originOf(socket);
    if (!originAllowed(origin)) {
      logger.warn({ origin: origin ?? null, address: clientAddress(socket) }, 'customer connection from a foreign origin refused');
      return next(refuse('forbidden-origin'));
    }
    next();
  });

  technicians.use((socket, next) => {
    if (closing) return next(refuse('unavailable'));
    const origin = socket.handshake.headers.origin;
    if (origin !== undefined && !originAllowed(origin)) return next(refuse('forbidden-origin'));
    const auth = socket.handshake.auth as { token?: unknown } | undefined;
    void verifyTechnicianToken(opts.tokenSecret, auth?.token).then((technician) => {
      if (!technician) {
        logger.warn({ address: clientAddress(socket) }, 'technician token refused');
        return next(refuse('unauthorized'));
      }
      (socket.data as { technician?: typeof technician }).technician = technician;
      next();
    });
  });

  /** Validates the payload of event `name`, then runs `handler` with it. */
  function route<E extends SchemaName>(name: E, handler: (caller: Caller, payload: Payload<E>) => Promise<Result<object> | Later>): [string, Route] {
    return [
      name,
      async (caller, input) => {
        const parsed = parsePayload(name, input);
        if (parsed.ok) return handler(caller, parsed.value);
        logger.debug({ event: name, socket: caller.socketId, code: parsed.code }, 'payload refused');
        return fail(parsed.code, { detail: parsed.issues.join('; ').slice(0, 500) });
      },
    ];
  }

  /** A use of a function: passes the consent gate, then goes to the other side as it came. */
  function gated<E extends GatedEvent>(name: E, to: 'customer' | 'technician'): [string, Route] {
    return route(name, async (caller, payload) => {
      const pass = await service.gate(caller, GATED_EVENTS[name], name);
      if (!pass.ok) return pass;
      outbox.toSession(pass.sessionId, to, name, payload);
      return { ok: true };
    });
  }

  const common = [
    route('chat:send', (caller, { clientId, text }) => service.send(caller, clientId, text)),
    route('chat:typing', (caller, { typing }) => service.typing(caller, typing)),
    route('chat:history', (caller, { afterSeq }) => service.history(caller, afterSeq)),
    route('session:end', (caller) => service.endBy(caller)),
    route('audit:fetch', (caller) => service.auditLog(caller)),
  ];

  /** File transfer, both directions. */
  const files = [
    route('file:offer', (caller, offer) => service.offerFile(caller, offer)),
    route('file:accept', (caller, { transferId }) => service.acceptFile(caller, transferId)),
    route('file:chunk', (caller, chunk) => service.chunk(caller, chunk)),
    route('file:done', (caller, { transferId, sha256 }) => service.fileDone(caller, transferId, sha256)),
    route('file:cancel', (caller, { transferId, reason }) => service.cancelFile(caller, transferId, reason)),
  ];

  /** Every event a customer may send. Built once; each socket only holds one listener that looks events up here. */
  const customerRoutes: Routes = new Map([
    ...common,
    route('session:join', (caller, { code }) => service.join(caller, code)),
    route('queue:join', (caller, { name, description }) => service.enqueue(caller, name, description)),
    route('queue:leave', async (caller) => {
      const member = await store.getSession(caller.sessionId ?? '');
      if (member?.state !== 'queued') return fail('invalid-state');
      return service.endBy(caller);
    }),
    route('session:resume', (caller, { token, lastSeq }) => service.resume(caller, token, lastSeq)),
    route('consent:decide', (caller, { promptId, allow }) => service.decide(caller, promptId, allow)),
    route('consent:revoke', (caller, { fn, reason }) => service.revoke(caller, fn, reason)),
    route('consent:revoke-all', (caller) => service.revokeAll(caller)),
    route('session:rejoin', (caller, { token }) => service.rejoin(caller, token)),
    gated('screen:signal', 'technician'),
    route('screen:state', (caller, info) => service.screenState(caller, info)),
    ...files,
    route('sysinfo:report', (caller, { items }) => service.sysinfoAnswer(caller, items)),
    route('sysinfo:decline', (caller) => service.sysinfoAnswer(caller, undefined)),
  ]);

  const technicianRoutes: Routes = new Map([
    ...common,
    route('session:create', (caller, { functions }) => service.create(caller, functions)),
    route('session:attach', (caller, { sessionId }) => service.attach(caller, sessionId)),
    route('queue:list', (caller) => service.queueList(caller)),
    route('queue:pick', (caller, { sessionId }) => service.pick(caller, sessionId)),
    route('consent:request', (caller, { fn }) => service.request(caller, fn)),
    route('sysinfo:request', (caller) => service.sysinfoRequest(caller)),
    route('reboot:request', (caller) => service.rebootRequest(caller)),
    gated('screen:signal', 'customer'),
    gated('control:event', 'customer'),
    ...files,
  ]);

  /** Puts the socket in its session's room when it takes a session (join/queue/resume/create/pick/attach). */
  function enter(socket: AnySocket, caller: Caller, sessionId: string): void {
    if (caller.sessionId && caller.sessionId !== sessionId) void socket.leave(room(caller.sessionId));
    caller.sessionId = sessionId;
    void socket.join(room(sessionId));
  }

  const chains = new WeakMap<AnySocket, Promise<void>>();

  /** A result that carries `rtc` (join, create, attach, resume…) gets this participant's own TURN credentials in it. */
  function withRtc(caller: Caller, result: Result<object>): Result<object> {
    if (!result.ok || !('rtc' in result)) return result;
    const participant = `${caller.role}-${caller.sessionId ?? caller.conn}`;
    const rtc = participantRtc(result.rtc as RtcConfig, opts, participant);
    return { ...result, rtc } as Result<object>;
  }

  /**
   * Rate limits: a file chunk takes its bytes from the socket's file-data budget (`fileBytesPerSecond`), so that a
   * 25 MB file is not throttled by the per-event limit; every other event takes one of `eventsPerSecond`.
   */
  function takeBudget(caller: Caller, event: string, payload: unknown): number {
    const data = (payload as { data?: unknown } | null | undefined)?.data;
    if (event === 'file:chunk' && typeof data === 'string' && data.length > 0) {
      return caller.limits.fileBytes.take(Date.now(), Math.ceil((data.length * 3) / 4));
    }
    return caller.limits.events.take();
  }

  /**
   * One listener per socket: every event is rate-limited, looked up (unknown ones are `bad-payload`), validated and
   * handled, one at a time and in the order the socket sent them.
   */
  function listen(socket: AnySocket, caller: Caller, routes: Routes): void {
    socket.onAny((event: string, ...args: unknown[]) => {
      const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (r: unknown) => void) : undefined;
      const respond = (r: unknown) => ack?.(r);
      const task = async () => {
        try {
          const wait = takeBudget(caller, event, args[0]);
          if (wait > 0) return respond(fail('rate-limited', { retryAfter: wait }));
          const run = routes.get(event);
          if (!run) return respond(fail('bad-payload', { detail: `unknown event "${String(event).slice(0, 100)}"` }));
          if (args.length > 1) return respond(fail('bad-payload', { detail: 'one payload argument expected' }));
          // An event without a payload (`emit('session:end', ack)`) is taken as `{}`.
          const result = await run(caller, args.length === 0 ? {} : args[0]);
          // A later answer (a file chunk waiting for the receiver) does not hold up this socket's next events.
          if (result instanceof Later) {
            result.result.then(respond, (err: unknown) => {
              logger.error({ err, event, socket: socket.id }, 'handler failed');
              respond(fail('internal'));
            });
          } else {
            // The broadcasts this event caused go out before its acknowledgement (through Redis, they take a moment).
            await redis?.flushed();
            respond(withRtc(caller, result));
          }
        } catch (err) {
          if (err instanceof StoreUnavailableError) {
            logger.warn({ event, socket: socket.id, err: err.message }, 'store unavailable');
            return respond(fail('unavailable'));
          }
          logger.error({ err, event, socket: socket.id }, 'handler failed');
          respond(fail('internal'));
        }
      };
      chains.set(socket, (chains.get(socket) ?? Promise.resolve()).then(task));
    });
  }

  customers.on('connection', (socket) => {
    const caller: Caller = { role: 'customer', socketId: socket.id, conn: connectionId(node), address: clientAddress(socket), limits: socketLimits(opts) };
    listen(socket, caller, customerRoutes);
    socket.on('disconnect', () => void service.dropped(caller));
  });

  technicians.on('connection', (socket) => {
    const technician = (socket.data as { technician: Caller['technician'] }).technician;
    const caller: Caller = {
      role: 'technician',
      socketId: socket.id,
      conn: connectionId(node),
      address: clientAddress(socket),
      limits: socketLimits(opts),
      ...(technician ? { technician } : {}),
    };
    void socket.join(TECHNICIANS_ROOM);
    listen(socket, caller, technicianRoutes);
    socket.on('disconnect', () => void service.dropped(caller));
  });

  /** Disconnects every client after what was sent to it has gone out; waits for that at most `ms`. */
  async function disconnectAll(ms: number): Promise<void> {
    const sockets = [...customers.sockets.values(), ...technicians.sockets.values()];
    const closed = sockets.map(
      (socket) =>
        new Promise<void>((resolve) => {
          if (socket.conn.readyState === 'closed') return resolve();
          socket.conn.once('close', () => resolve());
        }),
    );
    for (const socket of sockets) socket.disconnect(true);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
      timer.unref();
    });
    await Promise.race([Promise.all(closed), timeout]);
    clearTimeout(timer);
  }

  const devToken = opts.devMode
    ? await issueTechnicianToken(opts.tokenSecret, { id: 'dev-technician', name: 'Alex Demo', org: 'Demo Support' }, '30d')
    : undefined;
  if (opts.devMode) {
    logger.warn('DEVELOPMENT MODE: no token secret configured; a random one signs a development technician token. Not for production.');
    if (redis) logger.warn('each relay process has its own random token secret: set one so that technicians can move between processes');
  }
  sweeper?.start();

  let closed: Promise<void> | undefined;
  return {
    httpServer,
    io,
    options: opts,
    store,
    logger,
    events,
    ...(devToken ? { devToken } : {}),
    grants: (sessionId) => service.grants(sessionId),
    listen(port = 0, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          const address = httpServer.address() as AddressInfo;
          const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          const url = `${schemeOf(httpServer)}://${shownHost}:${address.port}`;
          logger.info({ url }, 'relay listening');
          resolve(url);
        });
      });
    },
    close() {
      closed ??= (async () => {
        closing = true;
        if (!store.shared) {
          const ended = await service.endAll('relay-shutdown').catch((err: unknown) => {
            logger.error({ err }, 'ending sessions for shutdown failed');
            return 0;
          });
          if (ended > 0) logger.info({ ended }, 'sessions ended for shutdown');
        }
        // Only this process's sockets: with a shared store the other processes carry on.
        customers.local.emit('relay:shutdown', { resumable: store.shared });
        technicians.local.emit('relay:shutdown', { resumable: store.shared });
        await sweeper?.stop();
        // io.close() drops every connection at once and discards what is still buffered for it (the messages just
        // sent); disconnecting from the server side first lets each connection send what it has, then close.
        // With a shared store the sessions live on: each participant is recorded as dropped (the other side is told
        // and the grace period starts) until it resumes on another process.
        await disconnectAll(SHUTDOWN_FLUSH_MS);
        await service.drained();
        await redis?.flushed();
        service.close();
        await webhook?.close(SHUTDOWN_FLUSH_MS);
        // io.close() also closes the HTTP server, unless it forgets it first: a server given as `server` is the vendor's.
        if (options.server) (io as unknown as { httpServer?: unknown }).httpServer = undefined;
        const ioClosed = new Promise<void>((resolve) => {
          void io.close(() => resolve());
        });
        // Its own server waits for idle keep-alive connections (a browser's long-polling leftovers) unless they are cut.
        if (!options.server) httpServer.closeAllConnections();
        await ioClosed;
        if (ownStore) await store.close();
        // After io.close() (which closed the adapter): the connections go last, also while a read is pending.
        redis?.close();
        logger.info('relay closed');
      })();
      return closed;
    },
  };
}
