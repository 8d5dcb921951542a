/**
 * One socket write per turn of the event loop for a Redis client's commands.
 *
 * ioredis writes each command to its socket as it is sent: one system call in the relay, and one wake-up, read and
 * reply write in Redis, per command. Chat messages of different sockets that arrive together (in one poll of the
 * event loop) each send their script at once, so each pays all of that. Here the client's socket is corked at the
 * first command of a turn and uncorked once the turn's I/O callbacks have run (`setImmediate`): the commands of that
 * turn go out in one write, Redis reads them at once and answers them in one write. A command alone in its turn goes
 * out after the same turn, not later (no wait for an answer, unlike ioredis's auto-pipelining, which holds new
 * commands back while one is under way). The order of commands is the order they were sent, as before.
 */
import type { Redis } from 'ioredis';

/** Makes `client` write the commands sent in one turn of the event loop in one socket write. */
export function writePerTurn(client: Redis): void {
  const send = client.sendCommand.bind(client);
  /** The socket corked in this turn, if one is. */
  let corked: Redis['stream'] | undefined;
  const uncork = () => {
    const socket = corked;
    corked = undefined;
    socket?.uncork();
  };
  client.sendCommand = (command, stream) => {
    // A pipeline (`stream` given) writes its commands itself, in one write already.
    const socket = client.stream as Redis['stream'] | undefined;
    if (!stream && !corked && client.status === 'ready' && socket?.writable) {
      socket.cork();
      corked = socket;
      setImmediate(uncork);
    }
    return send(command, stream);
  };
}
