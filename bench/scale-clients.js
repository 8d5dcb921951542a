// Client process of `npm run bench:scale` (bench/relay-scale.js): holds its share of the paired sessions, and measures
// new pairs joining. It is driven over IPC:
//
//   {type:'open', count, batch}  pairs `count` more technicians with customers, `batch` at a time → {type:'opened'}
//   {type:'probe', count, rate, concurrency}
//                                new pairs at `rate` a second (open loop), each closed once paired → {type:'probed'}
//   {type:'close'}               disconnects every pair it holds → {type:'closed'}
//
//   node bench/scale-clients.js bare|relay URL [TOKEN]
//
// The pairing is the real flow: on the relay the technician creates a session and the customer joins with its code
// (PROTOCOL `session:create`, `session:join`); on the bare socket.io forwarder both sides ask to be paired in a room.
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';

const [kind, url, token] = process.argv.slice(2);
const ORIGIN = 'http://localhost:5173';
const ACK_MS = 30_000;

function connect(path, opts) {
  const socket = io(`${url}${path}`, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: ACK_MS, ...opts });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** One new pair; resolves to its sockets and its timings (ms): connecting both sides, creating and joining. */
async function pair(i) {
  const t0 = performance.now();
  const tech = await connect('/technician', kind === 'relay' ? { auth: { token } } : {});
  const t1 = performance.now();
  let code = `p${process.pid}.${i}`;
  if (kind === 'relay') {
    const created = await tech.timeout(ACK_MS).emitWithAck('session:create', {});
    if (!created.ok) throw new Error(`session:create failed: ${JSON.stringify(created.error)}`);
    code = created.code;
  } else {
    await tech.timeout(ACK_MS).emitWithAck('pair', code);
  }
  const t2 = performance.now();
  let cust;
  try {
    cust = await connect('/customer', { extraHeaders: { origin: ORIGIN } });
  } catch (err) {
    tech.close();
    throw err;
  }
  const t3 = performance.now();
  const joined = kind === 'relay' ? await cust.timeout(ACK_MS).emitWithAck('session:join', { code }) : await cust.timeout(ACK_MS).emitWithAck('pair', code);
  const t4 = performance.now();
  if (!joined.ok) {
    tech.close();
    cust.close();
    throw new Error(`join failed: ${JSON.stringify(joined.error)}`);
  }
  return { tech, cust, total: t4 - t0, connect: t1 - t0 + (t3 - t2), acks: t2 - t1 + (t4 - t3) };
}

const held = [];
let serial = 0;

async function open(count, batch) {
  const started = performance.now();
  for (let i = 0; i < count; i += batch) {
    const made = await Promise.all(Array.from({ length: Math.min(batch, count - i) }, () => pair(serial++)));
    for (const { tech, cust } of made) held.push(tech, cust);
  }
  return { type: 'opened', held: held.length / 2, ms: performance.now() - started };
}

/** Open loop: a new pair every 1000 / rate ms, at most `concurrency` under way (a slot with none free is counted as late). */
async function probe(count, rate, concurrency) {
  const timings = [];
  const failures = [];
  let running = 0;
  let late = 0;
  const all = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    while (running >= concurrency) {
      late++;
      await new Promise((r) => setTimeout(r, 5));
    }
    running++;
    all.push(
      pair(serial++)
        .then(({ tech, cust, ...t }) => {
          timings.push(t);
          tech.close();
          cust.close();
        })
        .catch((err) => failures.push(String(err?.message ?? err)))
        .finally(() => running--),
    );
  }
  await Promise.all(all);
  return { type: 'probed', timings, failures, late };
}

process.on('message', async (msg) => {
  try {
    if (msg.type === 'open') process.send(await open(msg.count, msg.batch));
    else if (msg.type === 'probe') process.send(await probe(msg.count, msg.rate, msg.concurrency));
    else if (msg.type === 'close') {
      for (const socket of held.splice(0)) socket.close();
      process.send({ type: 'closed' });
    }
  } catch (err) {
    process.send({ type: 'error', message: String(err?.stack ?? err) });
  }
});
process.on('disconnect', () => process.exit(0));
process.send({ type: 'ready' });
