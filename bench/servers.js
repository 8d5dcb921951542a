// Child process for the benchmark: runs either the real relay or a bare socket.io forwarder (the baseline) and
// reports its URL over IPC. Answers {type:'cpu'} with its CPU time so far (µs, user + system), and {type:'heap'} with
// its memory after a full garbage collection (started with --expose-gc; bench/relay-scale.js does); {type:'snapshot'}
// writes a heap snapshot and answers with its file name.
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
    sessionsPerTechnicianPerHour: 1e9,
    // A join's attempt counts while its code is looked up: 1,000 joins at once from one address would pass the limit.
    failedJoinsPerAddress: 1e9,
    maxConnectionsPerAddress: 1e6,
    ...extra,
  });
  const url = await relay.listen(0);
  // Processes sharing Redis share a token secret; a token from it works on each of them.
  const token = relay.devToken ?? (await issueTechnicianToken(relay.options.tokenSecret, { id: 'bench', name: 'Bench', org: 'Bench' }));
  return { url, token };
}

/**
 * The baseline: pairs sockets by a room name and forwards chat, acknowledging it; nothing else. What it sends has the
 * relay's shape (PROTOCOL `chat:send`): the other side gets the message with an id, sequence number, sender and time,
 * and the acknowledgement carries it, so both setups pay socket.io the same for the same protocol, and the ratio
 * measures what the relay does besides (validation, limits, membership, storage, metrics).
 */
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
  let seq = 0;
  customers.on('connection', (socket) => {
    let room = '';
    socket.on('pair', (name, ack) => {
      room = name;
      void socket.join(room);
      ack({ ok: true });
    });
    socket.on('chat:send', (payload, ack) => {
      seq++;
      const message = { id: `bare.${seq.toString(36)}`, seq, clientId: payload.clientId, from: 'customer', text: payload.text, at: Date.now() };
      technicians.to(room).emit('chat:message', message);
      ack({ ok: true, message, duplicate: false });
    });
  });
  await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${http.address().port}` };
}

const info = kind === 'relay' ? await startRelay() : await startBare();
process.on('message', async (msg) => {
  if (msg?.type === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send({ type: 'cpu', micros: user + system });
  } else if (msg?.type === 'heap') {
    if (typeof global.gc !== 'function') return process.send({ type: 'heap', error: 'started without --expose-gc' });
    // Twice, a tick apart: what a closed socket's last callbacks held is collectable only after they ran.
    global.gc();
    await new Promise((resolve) => setImmediate(resolve));
    global.gc();
    // Open TCP connections too: the bench waits for the sockets it closed to be gone from here.
    const sockets = process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
    process.send({ type: 'heap', sockets, ...process.memoryUsage() });
  } else if (msg?.type === 'snapshot') {
    const { writeHeapSnapshot } = await import('node:v8');
    process.send({ type: 'snapshot', file: writeHeapSnapshot(msg.file) });
  }
});
process.send({ type: 'ready', ...info });
process.on('SIGINT', () => process.exit(0));
// The bench process is gone (killed, crashed): nobody reads this server any more.
process.on('disconnect', () => process.exit(0));
