/**
 * Who may connect: the handshake checks of both namespaces (the page's origin, the technician's token, a relay that
 * is shutting down; the token itself is judged by technician-gate.ts), and the client's address as the relay sees it.
 */
import type { Logger } from 'pino';
import type { Namespace, Socket } from 'socket.io';
import { relayError } from '../protocol/index.js';
import { clientAddress as addressOf } from './addresses.js';
import type { Technician, TokenRefusal } from './auth.js';
import type { ResolvedOptions } from './options.js';

/** The client's address as the relay sees it (the proxy's `X-Forwarded-For` entry with `trustProxy`). */
export function clientAddress(socket: Socket, trustProxy: boolean): string {
  return addressOf(socket.handshake.headers, socket.handshake.address, trustProxy);
}

export function refuse(code: 'forbidden-origin' | 'unauthorized' | 'unavailable' | 'not-found'): Error {
  const err = new Error(code) as Error & { data: unknown };
  err.data = relayError(code);
  return err;
}

/**
 * The page's origin. Browsers send no Origin header on a same-origin GET (the first long-polling request of a page
 * served by the relay itself); they mark it `Sec-Fetch-Site: same-origin` instead, so the origin is then this
 * relay's own, as the Host header names it.
 */
function originOf(socket: Socket, trustProxy: boolean): string | undefined {
  const { headers, secure } = socket.handshake;
  if (headers.origin !== undefined) return headers.origin;
  if (headers['sec-fetch-site'] !== 'same-origin' || !headers.host) return undefined;
  const forwarded = trustProxy ? String(headers['x-forwarded-proto'] ?? '').split(',')[0]?.trim() : '';
  return `${forwarded || (secure ? 'https' : 'http')}://${headers.host}`;
}

export interface HandshakeChecks {
  opts: Pick<ResolvedOptions, 'trustProxy'>;
  logger: Logger;
  originAllowed: (origin: string | undefined) => boolean;
  /** True once the relay is shutting down: new connections are refused. */
  closing: () => boolean;
  /** The technician a token names, or why it is refused (invalid, revoked; technician-gate.ts). */
  admit: (socket: Socket, token: unknown) => Promise<Technician | TokenRefusal>;
}

type Next = (err?: Error) => void;

/**
 * One socket per namespace on one connection. socket.io closes a connection that sends a second CONNECT for a
 * namespace it is connected to, but not one whose second CONNECT comes while the first is still being checked: a
 * single write of a thousand CONNECT frames would hold a thousand sockets, each with an event budget of its own,
 * until the connection closed. A connection is marked from its CONNECT until that socket has connected (socket.io
 * then knows it) or was refused; a CONNECT that finds the mark closes the connection. Answers the `next` to call
 * once the checks are done, or undefined when the connection was closed.
 */
function oneAtATime(nsp: Namespace, logger: Logger, trustProxy: boolean): (socket: Socket, next: Next) => Next | undefined {
  const connecting = new WeakSet<object>();
  nsp.on('connection', (socket: Socket) => connecting.delete(socket.conn));
  return (socket, next) => {
    const conn = socket.conn;
    if (connecting.has(conn)) {
      logger.warn({ namespace: nsp.name, address: clientAddress(socket, trustProxy) }, 'connection closed: a second handshake for a namespace it is connecting to');
      conn.close();
      next(refuse('unavailable'));
      return undefined;
    }
    connecting.add(conn);
    return (err) => {
      if (err) connecting.delete(conn);
      next(err);
    };
  };
}

/** Installs the handshake checks; a technician's socket carries the technician its token names (`socket.data`). */
export function checkHandshakes(customers: Namespace, technicians: Namespace, { opts, logger, originAllowed, closing, admit }: HandshakeChecks): void {
  const customerOnce = oneAtATime(customers, logger, opts.trustProxy);
  const technicianOnce = oneAtATime(technicians, logger, opts.trustProxy);

  customers.use((socket, first) => {
    const next = customerOnce(socket, first);
    if (!next) return;
    if (closing()) return next(refuse('unavailable'));
    const origin = originOf(socket, opts.trustProxy);
    if (!originAllowed(origin)) {
      logger.warn({ origin: origin ?? null, address: clientAddress(socket, opts.trustProxy) }, 'customer connection from a foreign origin refused');
      return next(refuse('forbidden-origin'));
    }
    next();
  });

  technicians.use((socket, first) => {
    const next = technicianOnce(socket, first);
    if (!next) return;
    if (closing()) return next(refuse('unavailable'));
    const origin = socket.handshake.headers.origin;
    if (origin !== undefined && !originAllowed(origin)) return next(refuse('forbidden-origin'));
    const auth = socket.handshake.auth as { token?: unknown } | undefined;
    void admit(socket, auth?.token).then((technician) => {
      if ('refused' in technician) {
        // The reason is for the operator (a claim the identity provider sets otherwise, its JWKS down); the client
        // gets `unauthorized` whatever it is.
        logger.warn({ address: clientAddress(socket, opts.trustProxy), reason: technician.refused }, 'technician token refused');
        return next(refuse('unauthorized'));
      }
      (socket.data as { technician?: typeof technician }).technician = technician;
      // Read once: the token is not kept for the socket's life (socket.io holds the handshake until it disconnects).
      if (auth) delete auth.token;
      next();
    });
  });
}
