/**
 * The one part of socket.io-client the widget uses, as a module of its own for connection.ts to import on demand: a
 * dynamic import of the package itself would keep every export of it (its other transports too) in the script-tag
 * build, which inlines what it imports.
 */
export { io } from 'socket.io-client';

/**
 * Makes sure socket.io-client can open long-polling connections (polling.ts; in the script-tag build a chunk of its
 * own, which only this chunk imports).
 */
export function loadPolling(): Promise<unknown> {
  return import('./polling.js');
}
