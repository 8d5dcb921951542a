/**
 * The relay's HTTP side: a server of its own, or the vendor's existing http/https server (an Express or Fastify app's),
 * with the relay's own routes (`<path>/healthz`, `<path>/metrics` when served) answered before the vendor's handlers see the request.
 */
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { Server as HttpsServer } from 'node:https';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface RelayRoutes {
  /** Where the relay is mounted: '' (the root) or '/support'. */
  prefix: string;
  /** GET `<prefix>/healthz`. */
  health: Handler;
  /** `<prefix>/metrics`, when the relay serves its metrics. */
  metrics?: Handler | undefined;
  /** Requests for anything else, on a server the relay made itself. Default: 404. */
  fallback?: Handler;
}

function notFound(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: 'not-found' }));
}

/**
 * The server the relay answers on: `server` when given (its own request handlers keep everything but the relay's
 * routes), else a new one that answers the relay's routes and hands the rest to `fallback`.
 */
export function relayHttpServer(routes: RelayRoutes, server?: HttpServer | HttpsServer): HttpServer | HttpsServer {
  const paths = new Map<string, Handler>([[`${routes.prefix}/healthz`, routes.health]]);
  if (routes.metrics) paths.set(`${routes.prefix}/metrics`, routes.metrics);
  const own = (req: IncomingMessage) => paths.get((req.url ?? '/').split('?')[0]!);
  if (!server) {
    const rest = routes.fallback ?? notFound;
    return createServer((req, res) => (own(req) ?? rest)(req, res));
  }
  // As socket.io does for its own path: the handlers already there run for every request that is not the relay's.
  const handlers = server.listeners('request') as Handler[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const handler = own(req);
    if (handler) return handler(req, res);
    for (const handler of handlers) handler.call(server, req, res);
  });
  return server;
}

/** `http` or `https`, as the server speaks. */
export function schemeOf(server: HttpServer | HttpsServer): 'http' | 'https' {
  return server instanceof HttpsServer ? 'https' : 'http';
}
