/**
 * More test clients for the security tests: sockets with chosen handshake headers (Origin, X-Forwarded-For) and
 * transports, raw emits with any number of arguments, and a recorder of everything a socket receives.
 * Like support.ts, every socket made here is disconnected after each test.
 */
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach } from 'vitest';
import { ORIGIN } from './support.js';

const sockets: Socket[] = [];

afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});

export interface ClientOptions {
  /** The Origin header; `null` sends none. */
  origin?: string | null;
  /** An X-Forwarded-For header, as a proxy in front of the relay would add. */
  forwardedFor?: string;
  transport?: 'websocket' | 'polling';
}

/** A customer socket with exactly the handshake headers given. */
export function customerWith(url: string, { origin = ORIGIN, forwardedFor, transport = 'websocket' }: ClientOptions = {}): Socket {
  const headers: Record<string, string> = {};
  if (origin !== null) headers.origin = origin;
  if (forwardedFor !== undefined) headers['x-forwarded-for'] = forwardedFor;
  const socket = connect(`${url}/customer`, { transports: [transport], forceNew: true, reconnection: false, extraHeaders: headers });
  sockets.push(socket);
  return socket;
}

/** A technician socket with any `auth` (or none) and optionally an Origin header. */
export function technicianWith(url: string, auth: Record<string, unknown> | undefined, { origin }: { origin?: string } = {}): Socket {
  const socket = connect(`${url}/technician`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    ...(auth ? { auth } : {}),
    ...(origin ? { extraHeaders: { origin } } : {}),
  });
  sockets.push(socket);
  return socket;
}

export interface Refusal {
  message: string;
  data?: { code?: string; message?: string };
}

/** Resolves to how the handshake went: `'connected'` or the relay's refusal. */
export function handshake(socket: Socket): Promise<'connected' | Refusal> {
  return new Promise((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (err: Error & { data?: Refusal['data'] }) => resolve({ message: err.message, data: err.data }));
  });
}

/** Emits `event` with exactly `args` and an acknowledgement; resolves to the ack. */
export async function emitRaw(socket: Socket, event: string, ...args: unknown[]): Promise<unknown> {
  if (!socket.connected) {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
  }
  return socket.timeout(5000).emitWithAck(event, ...args);
}

/** The acknowledgement of one event, or `none` when the relay gives none within `ms` (a refusal over budget). */
export async function answer(socket: Socket, event: string, payload: unknown, ms = 1500): Promise<unknown> {
  if (!socket.connected) await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  try {
    return await socket.timeout(ms).emitWithAck(event, payload) as unknown;
  } catch (err) {
    if (!socket.connected) throw err;
    return 'none';
  }
}

/** Records every event `socket` receives, with its payload. */
export function recordAll(socket: Socket): Array<[string, unknown]> {
  const seen: Array<[string, unknown]> = [];
  socket.onAny((event: string, payload: unknown) => seen.push([event, payload]));
  return seen;
}

/** Resolves with the reason once `socket` is disconnected. */
export function disconnected(socket: Socket, ms = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still connected after ${ms} ms`)), ms);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}
