/**
 * createRelay(): the HTTP server, the socket.io server with its two namespaces, and the wiring: handshake checks
 * (handshake.ts), the Outbox over rooms (outbox.ts), the session concerns (session/), the routing tables (routes.ts)
 * and the per-socket pipeline (pipeline.ts); then the graceful shutdown.
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { Server, type Socket } from 'socket.io';
import { CUSTOMER_NAMESPACE, TECHNICIAN_NAMESPACE, type ConsentState } from '../protocol/index.js';
import { issueTechnicianToken } from './auth.js';
import { Sweeper } from './cluster.js';
import { connectionId, generateId, generateSecret } from './codes.js';
import { addressGroup } from './addresses.js';
import { checkHandshakes, clientAddress, refuse } from './handshake.js';
import { memoryLimiters, redisLimiters, socketLimits, type Limiters } from './limits.js';
import { relayHttpServer, schemeOf } from './http.js';
import { createLogger } from './logger.js';
import { metricsHandler, RelayMetrics } from './metrics.js';
import { MemoryStore } from './memory-store.js';
import { TextOnlyDecoder } from './packet-decoder.js';
import { Encoder } from './socket-parser.js';
import { compileOrigins } from './origin.js';
import { REDIS_DEFAULTS, resolveOptions, type RelayOptions, type ResolvedOptions } from './options.js';
import { sessionOfRoom, socketOutbox, TECHNICIANS_ROOM } from './outbox.js';
import { pipeline, type ListeningCaller } from './pipeline.js';
import { connectRedis } from './redis-connection.js';
import { RedisStore } from './redis-store.js';
import type { RelayEventMap, RelayEvents } from './relay-events.js';
import { routeTables } from './routes.js';
import { createSessions, type Caller } from './session/index.js';
import { isShared, type RelayStore } from './store.js';
import { TechnicianGate } from './technician-gate.js';
import { transportGuard } from './transport-guard.js';
import { rtcForCaller } from './turn.js';
import { UseForwarding } from './use-forwarding.js';
import { withTranscript, type WebhookEvent } from './webhook.js';
import { createWebhookQueue } from './webhook-redis.js';

export interface Relay {
  /** The server the relay answers on: the one given as `server`, or its own. */
  readonly httpServer: HttpServer | HttpsServer;
  readonly io: Server;
  readonly options: Readonly<ResolvedOptions>;
  readonly store: RelayStore;
  readonly logger: Logger;
  /**
   * The relay's Prometheus registry (its own, not prom-client's global one): what `<path>/metrics` serves with
   * `metricsToken`; a vendor may also serve it itself (`await relay.metrics.metrics()`).
   */
  readonly metrics: Registry;
  /** In development mode (no `tokenSecret`): a technician token signed with the random secret. */
  readonly devToken?: string;
  /**
   * `consent` for every grant change, `session-ended` for every end, as they happen on this relay process (with a
   * shared store, listen on every process). A vendor's native agent acts only while the grant it needs is live.
   */
  readonly events: RelayEvents;
  /** The grants of a session as the relay enforces them now, or undefined for an unknown session. */
  grants(sessionId: string): Promise<ConsentState | undefined>;
  /**
   * The vendor's native agent declares itself for a live session (`{name}`, e.g. "Acme Assist 4.2"), or `undefined`
   * when it is gone. The customer then sees remote control worded as full control of the computer, else as the
   * technician pointing on the shared screen (PROTOCOL §19). Resolves to false when the session is not live.
   */
  declareAgent(sessionId: string, agent: { name: string } | undefined): Promise<boolean>;
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
  /** How often `revokedTokensFile` is checked for changes, ms. Default 2 s. */
  revokedTokensPollMs?: number;
}

/** How long a graceful shutdown waits for the last messages to reach clients before it closes their connections. */
const SHUTDOWN_FLUSH_MS = 2000;

export async function createRelay(options: CreateRelayOptions = {}): Promise<Relay> {
  const opts = resolveOptions(options, () => generateSecret(32));
  const logger = createLogger(options.logger);
  /** This process, as named in connection ids and heartbeats. */
  const node = generateId();
  const redis = opts.redis ? await connectRedis({ ...opts.redis, logger }) : undefined;
  const ownStore = !options.store;
  const store =
    options.store ??
    (redis ? new RedisStore(redis.client, { keyPrefix: opts.redis?.keyPrefix, retainEndedMs: opts.retainEndedMs, resumeGraceMs: opts.resumeGraceMs, available: () => redis.available() }) : new MemoryStore({ maxMessages: opts.chatHistoryLimit }));
  const limiters: Limiters = redis && opts.redis ? redisLimiters(opts, redis.client, opts.redis.keyPrefix, () => redis.available()) : memoryLimiters(opts);
  const originAllowed = compileOrigins(opts.allowedOrigins);
  const startedAt = Date.now();
  let closing = false;
  /** Shutting down, but still serving for `drainMs` while `/healthz` tells the load balancer to stop sending. */
  let draining = false;

  const prefix = opts.path;
  // Read lazily at scrape time: the namespaces and the Redis connection exist by then.
  const metrics = new RelayMetrics(
    {
      liveSessions: () => store.countLive(),
      queueLength: async () => (await store.queue()).length,
      sockets: () => ({ customer: customers.sockets.size, technician: technicians.sockets.size }),
      ...(redis ? { redisUp: () => redis.available() } : {}),
    },
    opts.metricsToken !== undefined,
  );
  const httpServer = relayHttpServer(
    {
      prefix,
      health: (_req, res) =>
        void health().then(({ status, body }) => {
          res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
          res.end(JSON.stringify(body));
        }),
      ...(options.fallback ? { fallback: options.fallback } : {}),
      ...(opts.metricsToken ? { metrics: metricsHandler(metrics, opts.metricsToken, (err) => logger.error({ err }, 'metrics scrape failed')) } : {}),
    },
    options.server,
  );

  const guard = transportGuard(opts, logger);
  const io = new Server(httpServer, {
    maxHttpBufferSize: opts.maxPayloadBytes,
    // Text packets only, each held to its event's size before it is parsed (packet-decoder.ts).
    parser: { Encoder, Decoder: TextOnlyDecoder },
    allowRequest: guard.allowRequest,
    cors: { origin: (origin, cb) => cb(null, origin === undefined || originAllowed(origin)) },
    serveClient: false,
    path: `${prefix}/socket.io`,
    // On the vendor's server, upgrades for other paths are the vendor's (its own WebSockets, a dev server's reload).
    ...(options.server ? { destroyUpgrade: false } : {}),
    // Rooms and broadcasts over a Redis stream: a session's two sockets may be on different processes.
    ...(redis ? { adapter: redis.adapter } : {}),
  });
  guard.attach(io);
  // On a vendor's server the vendor's own pages share the connections: the relay counts only its handshakes there.
  if (!options.server && !opts.trustProxy) guard.capTcp(httpServer);
  // The protocol has no use for the default namespace: nobody may connect to it.
  io.of('/').use((_socket, next) => next(refuse('not-found')));
  const customers = io.of(CUSTOMER_NAMESPACE);
  const technicians = io.of(TECHNICIAN_NAMESPACE);
  const gate = new TechnicianGate(opts, logger, technicians, options.revokedTokensPollMs);

  const uses = redis && isShared(store) ? new UseForwarding(store, redis, logger) : undefined;
  // A technician's file chunk reaches a customer here only while the session's file transfer is live.
  if (redis && uses) redis.guardAcked(CUSTOMER_NAMESPACE, (event, rooms) => uses.admit(event, rooms.map(sessionOfRoom).find((id) => id !== undefined)));
  const outbox = socketOutbox(customers, technicians, redis && uses ? { redis, uses } : undefined);
  const events: RelayEvents = new EventEmitter<RelayEventMap>();
  const webhook =
    opts.webhookUrl && opts.webhookSecret
      ? createWebhookQueue(
          { url: opts.webhookUrl, secret: opts.webhookSecret, logger, outcome: (o) => metrics.webhook(o), ...(options.webhookRetryDelaysMs ? { retryDelaysMs: options.webhookRetryDelaysMs } : {}) },
          redis && opts.redis ? { client: redis.client, keyPrefix: opts.redis.keyPrefix } : undefined,
          logger,
        )
      : undefined;
  /** A listener that throws is logged; it never breaks the relay. */
  function emit(send: () => void): void {
    try {
      send();
    } catch (err) {
      logger.error({ err }, 'relay.events listener failed');
    }
  }
  const sessions = createSessions(opts, store, limiters, outbox, logger, {
    consent(e) {
      emit(() => events.emit('consent', e));
      const { sessionId, at, ...data } = e;
      webhook?.send({ id: generateId(), type: 'consent.changed', at, sessionId, data });
    },
    ended(e) {
      emit(() => events.emit('session-ended', e));
      const { sessionId, at, ...data } = e;
      const event: WebhookEvent = { id: generateId(), type: 'session.ended', at, sessionId, data };
      webhook?.send(opts.webhookIncludeTranscript ? withTranscript(store, event) : event);
    },
    rated(e) {
      emit(() => events.emit('rated', e));
      const { sessionId, at, ...data } = e;
      webhook?.send({ id: generateId(), type: 'session.rated', at, sessionId, data });
    },
    messageLeft(e) {
      emit(() => events.emit('message-left', e));
      const { at, ...data } = e;
      webhook?.send({ id: generateId(), type: 'message.left', at, data });
    },
    handedOff(e) {
      emit(() => events.emit('handed-off', e));
      const { sessionId, at, ...data } = e;
      webhook?.send({ id: generateId(), type: 'session.handed-off', at, sessionId, data });
    },
  }, metrics);
  const sweeper = isShared(store)
    ? new Sweeper(store, sessions.presence, node, opts.redis ?? REDIS_DEFAULTS, logger, () => {
        for (const socket of [...customers.sockets.values(), ...technicians.sockets.values()]) socket.disconnect(true);
      })
    : undefined;

  async function health() {
    /** null while the store does not answer (`store: "unavailable"`): no count is known then. */
    let liveSessions: number | null = null;
    let storeState = store.shared ? 'shared' : 'memory';
    try {
      liveSessions = await store.countLive();
    } catch {
      storeState = 'unavailable';
    }
    const healthy = !closing && !draining && storeState !== 'unavailable';
    const body = {
      status: closing ? 'shutting-down' : draining ? 'draining' : healthy ? 'ok' : 'unavailable',
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      liveSessions,
      sockets: { customers: customers.sockets.size, technicians: technicians.sockets.size },
      store: storeState,
    };
    return { status: healthy ? 200 : 503, body };
  }

  checkHandshakes(customers, technicians, { opts, logger, originAllowed, closing: () => closing, admit: (socket, token) => gate.admit(socket, token) });

  const routes = routeTables(sessions, outbox, store, logger);
  const listen = pipeline(logger, redis && (() => redis.flushed()), uses, rtcForCaller(opts));
  listen.adopt(customers);
  listen.adopt(technicians);

  /**
   * A socket's caller. Every field it will ever hold is there from the start, in one order for both roles: a field
   * added later (the session it joins, an event's receipt time) would go to storage of its own, on every socket.
   */
  const callerOf = (socket: Socket, role: Caller['role'], technician: Caller['technician']): ListeningCaller => ({
    role,
    socketId: socket.id,
    conn: connectionId(node),
    sessionId: undefined,
    address: addressGroup(clientAddress(socket, opts.trustProxy), opts.ipv6PrefixLength),
    limits: socketLimits(opts),
    technician,
    receivedAt: 0,
    routes: role === 'customer' ? routes.customer : routes.technician,
    busy: false,
    waiting: undefined,
  });
  /** The same listener for every socket (socket.io calls it with the socket as `this`). */
  function dropped(this: Socket): void {
    const caller = listen.callerOf(this);
    if (caller) void sessions.presence.dropped(caller);
  }

  customers.on('connection', (socket) => {
    listen(socket, callerOf(socket, 'customer', undefined));
    socket.on('disconnect', dropped);
  });

  technicians.on('connection', (socket) => {
    void socket.join(TECHNICIANS_ROOM);
    listen(socket, callerOf(socket, 'technician', (socket.data as { technician: Caller['technician'] }).technician));
    socket.on('disconnect', dropped);
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
    if (redis) {
      logger.warn(
        'each relay process has its own random token secret: set one so that technicians can move between processes, and so that the support ' +
          "queue's limit per client address (queueJoinsPerHour) counts over all processes: now each process counts its own",
      );
    }
  }
  sweeper?.start();

  let closed: Promise<void> | undefined;
  return {
    httpServer,
    io,
    options: opts,
    store,
    logger,
    metrics: metrics.registry,
    events,
    ...(devToken ? { devToken } : {}),
    grants: (sessionId) => sessions.consent.grants(sessionId),
    declareAgent(sessionId, agent) {
      const name = agent?.name.trim();
      // eslint-disable-next-line no-control-regex
      if (name !== undefined && (name.length === 0 || name.length > 80 || /[\u0000-\u001f\u007f-\u009f]/.test(name))) {
        return Promise.reject(new TypeError('agent.name must be 1 to 80 characters without control characters'));
      }
      return sessions.feedback.declareAgent(sessionId, name);
    },
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
        // Nothing to drain when it never listened (a port in use at start-up): it stops at once.
        if (opts.drainMs > 0 && httpServer.listening) {
          draining = true;
          logger.info({ drainMs: opts.drainMs }, 'draining: /healthz answers 503 until the port closes');
          await new Promise((resolve) => setTimeout(resolve, opts.drainMs));
        }
        closing = true;
        if (!store.shared) {
          const ended = await sessions.lifecycle.endAll('relay-shutdown').catch((err: unknown) => {
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
        await sessions.presence.drained();
        await redis?.flushed();
        sessions.close();
        gate.close();
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
        listen.close();
        logger.info('relay closed');
      })();
      return closed;
    },
  };
}
