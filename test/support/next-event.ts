/** Waiting for one socket.io event, shared by the relay tests and the consumer apps' technician. */
import type { Socket } from 'socket.io-client';

/** The next `event` on `socket` (matching `filter`); rejects after `ms`. */
export function next<T = unknown>(socket: Socket, event: string, filter: (payload: T) => boolean = () => true, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, handler);
      reject(new Error(`no ${event} within ${ms} ms`));
    }, ms);
    const handler = (payload: T) => {
      if (!filter(payload)) return;
      clearTimeout(timer);
      socket.off(event, handler);
      resolve(payload);
    };
    socket.on(event, handler);
  });
}
