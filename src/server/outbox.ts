/**
 * The Outbox over socket.io: how the session concerns reach participants, through one room per session in each
 * namespace (and, with Redis, across relay processes).
 */
import type { Namespace, Socket } from 'socket.io';
import { CUSTOMER_NAMESPACE, TECHNICIAN_NAMESPACE } from '../protocol/index.js';
import type { Technician } from './auth.js';
import type { RedisConnection } from './redis-connection.js';
import type { Caller, Outbox, Target } from './session/index.js';
import { StoreUnavailableError } from './store.js';
import type { UseForwarding } from './use-forwarding.js';

const room = (sessionId: string) => `s:${sessionId}`;
/** The session whose room `name` is, if it is one. */
export const sessionOfRoom = (name: string): string | undefined => (name.startsWith('s:') ? name.slice(2) : undefined);
/** Every technician socket, for the queue. */
export const TECHNICIANS_ROOM = 'technicians';
/** How long to wait for the other relay processes to count their technicians. */
const FETCH_TIMEOUT_MS = 2000;

/** Puts the socket in its session's room when it takes a session (join/queue/resume/create/pick/attach). */
function enter(socket: Socket, caller: Caller, sessionId: string): void {
  if (caller.sessionId && caller.sessionId !== sessionId) void socket.leave(room(caller.sessionId));
  caller.sessionId = sessionId;
  void socket.join(room(sessionId));
}

function emitTo(ns: Namespace, to: string, event: string, payload: unknown, exceptSocketId: string | undefined): void {
  (exceptSocketId ? ns.to(to).except(exceptSocketId) : ns.to(to)).emit(event, payload);
}

/**
 * With Redis (`shared`), a chat message's broadcast is written by the store's script (`streamEntry`), and a
 * technician's use goes to the customer through use-forwarding.ts.
 */
export function socketOutbox(customers: Namespace, technicians: Namespace, shared?: { redis: RedisConnection; uses: UseForwarding }): Outbox {
  const outbox: Outbox = {
    enter(caller, sessionId) {
      const socket = (caller.role === 'customer' ? customers : technicians).sockets.get(caller.socketId);
      if (socket) enter(socket, caller, sessionId);
    },
    toSession(sessionId, target: Target, event, payload, exceptSocketId) {
      const to = room(sessionId);
      if (target !== 'technician') emitTo(customers, to, event, payload, exceptSocketId);
      if (target !== 'customer') emitTo(technicians, to, event, payload, exceptSocketId);
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
    streamEntry(sessionId, target, event) {
      return shared?.redis.entry(target === 'customer' ? CUSTOMER_NAMESPACE : TECHNICIAN_NAMESPACE, room(sessionId), event, 'others');
    },
    toSessionHere(sessionId, target, event, payload) {
      (target === 'customer' ? customers : technicians).local.to(room(sessionId)).emit(event, payload);
    },
    async forwardUse(caller, sessionId, event, payload) {
      if (shared) return shared.uses.forward(caller, sessionId, payload, shared.redis.entry(CUSTOMER_NAMESPACE, room(sessionId), event, 'all'));
      outbox.toSession(sessionId, 'customer', event, payload);
      return true;
    },
    async techniciansOnline() {
      return (await technicianSockets()).length;
    },
    async onlineTechnicians() {
      const byKey = new Map<string, Technician>();
      for (const t of (await technicianSockets()).map(technicianOf)) if (t) byKey.set(JSON.stringify([t.org, t.id]), t);
      return [...byKey.values()];
    },
    async toTechnician(technician, event, payload) {
      for (const socket of await technicianSockets()) {
        const t = technicianOf(socket);
        if (t?.id === technician.id && t.org === technician.org) socket.emit(event, payload);
      }
    },
    leave(caller) {
      const socket = (caller.role === 'customer' ? customers : technicians).sockets.get(caller.socketId);
      if (caller.sessionId) void socket?.leave(room(caller.sessionId));
      // Not `delete`: that would turn every caller that left a session into a slower, larger dictionary object.
      caller.sessionId = undefined;
    },
  };
  /** Every technician socket, over every relay process (the adapter asks the others through Redis). */
  async function technicianSockets() {
    try {
      return await technicians.in(TECHNICIANS_ROOM).timeout(FETCH_TIMEOUT_MS).fetchSockets();
    } catch (err) {
      throw new StoreUnavailableError(`listing technicians: ${(err as Error).message}`, { cause: err });
    }
  }
  return outbox;
}

/** The technician a socket's token named (handshake.ts keeps it in `socket.data`). */
function technicianOf(socket: { data: unknown }): Technician | undefined {
  return (socket.data as { technician?: Technician } | undefined)?.technician;
}
