/**
 * The benchmarks' server processes (bench/servers.js, a relay or the bare forwarder, forked with IPC): started, and
 * asked for their CPU time.
 */
import { fork } from 'node:child_process';

/**
 * Forks `node bench/servers.js <kind> [options]` and resolves with `{ child, url, token }` once it listens; rejects if it
 * fails or exits first. `children`, when given, gets the child at once (so that none is left behind on a failure).
 */
export function startServer(kind, options, children = []) {
  const args = options ? [kind, JSON.stringify(options)] : [kind];
  const child = fork(new URL('./servers.js', import.meta.url), args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
    child.once('message', (msg) => resolve({ child, ...msg }));
  });
}

/** The server's CPU time so far, µs (user + system). */
export function cpuOf(child) {
  return new Promise((resolve) => {
    child.once('message', (msg) => resolve(msg.micros));
    child.send({ type: 'cpu' });
  });
}
