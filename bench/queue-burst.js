// npm run bench:queue: what a burst of customers joining the support queue costs (docs/PROTOCOL.md `queue:update`).
// --technicians technician sockets are connected; then --customers customers join the queue at once. Reports the
// `queue:update` events and their payload bytes (JSON) all technicians received, the `queue:position` events the
// customers received, the relay's CPU time from the first join until the technicians saw the whole queue, and that
// time. --rounds runs give the median and the spread (min–max). One relay, in-memory store, in a child process.
//
//   node bench/queue-burst.js [--customers 500] [--technicians 20] [--rounds 3]
import { parseArgs } from 'node:util';
import { io } from 'socket.io-client';
import { cpuOf, startServer } from './server-process.js';
import { spread } from './stats.js';

const { values } = parseArgs({
  options: { customers: { type: 'string', default: '500' }, technicians: { type: 'string', default: '20' }, rounds: { type: 'string', default: '3' } },
});
const CUSTOMERS = Number(values.customers);
const TECHNICIANS = Number(values.technicians);
const ROUNDS = Number(values.rounds);
const ORIGIN = 'http://localhost:5173';

const connected = (socket) => new Promise((resolve, reject) => { socket.once('connect', resolve); socket.once('connect_error', reject); });

async function round() {
  // All customers come from one address: the queue limit per address is lifted for the burst.
  const relay = await startServer('relay', { queueJoinsPerHour: 1e9 });
  const sockets = [];
  try {
    let updates = 0;
    let updateBytes = 0;
    let positions = 0;
    let whole;
    const sawAll = new Promise((resolve) => (whole = resolve));
    let techniciansWithAll = 0;
    for (let i = 0; i < TECHNICIANS; i++) {
      const tech = io(`${relay.url}/technician`, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: relay.token } });
      sockets.push(tech);
      tech.on('queue:update', (payload) => {
        updates++;
        updateBytes += JSON.stringify(payload).length;
        if (payload.entries.length === CUSTOMERS && ++techniciansWithAll === TECHNICIANS) whole();
      });
      await connected(tech);
    }
    const customers = [];
    for (let i = 0; i < CUSTOMERS; i++) {
      const customer = io(`${relay.url}/customer`, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { origin: ORIGIN } });
      customer.on('queue:position', () => positions++);
      customers.push(customer);
      sockets.push(customer);
    }
    await Promise.all(customers.map(connected));
    const cpuBefore = await cpuOf(relay.child);
    const started = performance.now();
    const acks = await Promise.all(customers.map((c, i) => c.timeout(60_000).emitWithAck('queue:join', { name: `Customer ${i + 1}`, description: 'Printer offline' })));
    if (acks.some((a) => !a.ok)) throw new Error(`a join failed: ${JSON.stringify(acks.find((a) => !a.ok))}`);
    await sawAll;
    const ms = performance.now() - started;
    const cpuMs = ((await cpuOf(relay.child)) - cpuBefore) / 1000;
    // Whatever is still on its way after the technicians saw the whole queue belongs to the burst too.
    await new Promise((resolve) => setTimeout(resolve, 500));
    return { updates, updateBytes, positions, ms, cpuMs };
  } finally {
    for (const s of sockets) s.disconnect();
    relay.child.kill('SIGINT');
  }
}

const results = [];
for (let i = 0; i < ROUNDS; i++) results.push(await round());
const figure = (key, unit, digits = 0) => `${spread(results.map((r) => r[key]), digits)} ${unit}`;
console.log(`${CUSTOMERS} customers join the queue at once, ${TECHNICIANS} technicians connected; median (min–max) of ${ROUNDS} rounds:`);
console.log(`  queue:update to technicians: ${figure('updates', 'events')}, ${figure('updateBytes', 'bytes of JSON')}`);
console.log(`  queue:position to customers: ${figure('positions', 'events')}`);
console.log(`  relay CPU until every technician saw the whole queue: ${figure('cpuMs', 'ms')}, wall time ${figure('ms', 'ms')}`);
process.exit(0);
