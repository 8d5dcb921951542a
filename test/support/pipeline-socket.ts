/**
 * One fake socket.io socket listened to by a relay pipeline (src/server/pipeline.ts), for unit tests: what the
 * pipeline reads of a socket (its id, data, `connected`, `disconnect`, and the catch-all listeners socket.io calls
 * with the socket as `this`), and its caller. `emit` delivers an event as socket.io would and resolves with its answer.
 */
import type { Socket } from 'socket.io';
import type { SocketLimits } from '../../src/server/limits.js';
import type { ListeningCaller, pipeline } from '../../src/server/pipeline.js';
import type { Routes } from '../../src/server/routes.js';

type Listener = (this: Socket, event: string, ...args: unknown[]) => void;

export function pipelineSocket(listen: ReturnType<typeof pipeline>, routes: Routes, limits: SocketLimits, id = 'socket-1') {
  const fake: { id: string; connected: boolean; data: object; disconnect: () => void; _anyListeners?: readonly Listener[] } = {
    id,
    connected: true,
    data: {},
    disconnect: () => undefined,
  };
  const socket = fake as unknown as Socket;
  const caller: ListeningCaller = {
    role: 'customer',
    socketId: id,
    conn: 'n.c',
    address: '127.0.0.1',
    limits,
    routes,
    busy: false,
    waiting: undefined,
  };
  listen(socket, caller);
  const emit = (event: string, payload: unknown): Promise<unknown> =>
    new Promise((resolve) => fake._anyListeners![0]!.call(socket, event, payload, resolve));
  return { socket, caller, emit };
}
