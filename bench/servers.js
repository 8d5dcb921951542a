// Child process for the benchmark: runs either the real relay or a bare socket.io forwarder (the baseline) and
// reports its URL over IPC. Answers {type:'cpu'} with its CPU time so far (µs, user + system).
//
//   node bench/servers.js bare | relay [JSON relay options, e.g. {"redis":…,"tokenSecret":…}]
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const kind = process.argv[2];
const extra = JSON.parse(process.argv[3] ?? '{}');

async function startRelay() {
  const { createRelay, issueTechnicianToken } = await import('../dist/server/index.js');
  const relay = await createRelay({
    logger: 'silent',
    // The benchmark measures relaying, not the abuse limits (all its sockets come from one address).
    messagesPerMinute: 1e9,
    eventsPerSecond: 1e9,
    maxSessions: 1e6,
    maxConnectionsPerAddress: 1e6,
    ...extra,
  });
  const url = await relay.listen(0);
  // Processes sharing Redis share a token secret; a token from it works on each of them.
  const token = relay.devToken ?? (await issueTechnicianToken(relay.options.tokenSecret, { id: 'bench', name: 'Bench', org: 'Bench' }));
  return { url, token };
}

/** The baseline: pairs sockets by a room name and forwards chat as it came, acknowledging it; nothing else. */
async function startBare() {
  const http = createServer();
  const io = new Server(http, { serveClient: false });
  const customers = io.of('/customer');
  const technicians = io.of('/technician');
  technicians.on('connection', (socket) => {
    socket.on('pair', (room, ack) => {
      void socket.join(room);
      ack({ ok: true });
    });
  });
  customers.on('connection', (socket) => {
    let room = '';
    socket.on('pair', (name, ack) => {
      room = name;
      void socket.join(room);
      ack({ ok: true });
    });
    socket.on('chat:send', (payload, ack) => {
      technicians.to(room).emit('chat:message', { clientId: payload.clientId, text: payload.text });
      ack({ ok: true });
    });
  });
  await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${http.address().port}` };
}

const info = kind === 'relay' ? await startRelay() : await startBare();
process.on('message', (msg) => {
  if (msg?.type === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send({ type: 'cpu', micros: user + system });
  }
});
process.send({ type: 'ready', ...info });
process.on('SIGINT', () => process.exit(0));
