// npm run bench: chat latency customer → technician through the relay, side by side with a bare socket.io
// forwarder (the baseline) in the same run. Each server runs in its own process; the clients run here.
//
//   node bench/relay-latency.js [--pairs 1000] [--seconds 10] [--rate 1]
//
// --rate is messages per customer per second during the latency phase. A second phase measures throughput:
// every customer keeps one message in flight for --seconds.
import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { io } from 'socket.io-client';

const { values } = parseArgs({
  options: { pairs: { type: 'string', default: '1000' }, seconds: { type: 'string', default: '10' }, rate: { type: 'string', default: '1' } },
});
const PAIRS = Number(values.pairs);
const SECONDS = Number(values.seconds);
const RATE = Number(values.rate);
const ORIGIN = 'http://localhost:5173';

function startServer(kind) {
  const child = fork(new URL('./servers.js', import.meta.url), [kind], { execArgv: ['--expose-gc', ...(process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.BENCH_PROF] : [])], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
    child.once('message', (msg) => resolve({ child, ...msg }));
  });
}

function heap(child) {
  return new Promise((resolve) => {
    child.once('message', (msg) => resolve(msg.heapUsed));
    child.send({ type: 'heap' });
  });
}

function connect(url, opts) {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, ...opts });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function inBatches(n, size, make) {
  const out = [];
  for (let i = 0; i < n; i += size) out.push(...(await Promise.all(Array.from({ length: Math.min(size, n - i) }, (_, j) => make(i + j)))));
  return out;
}

async function pairUp(kind, server) {
  return inBatches(PAIRS, 50, async (i) => {
    const tech = await connect(`${server.url}/technician`, { auth: { token: server.token } });
    const cust = await connect(`${server.url}/customer`, { extraHeaders: { origin: ORIGIN } });
    if (kind === 'relay') {
      const created = await tech.emitWithAck('session:create', {});
      const joined = await cust.emitWithAck('session:join', { code: created.code });
      if (!joined.ok) throw new Error(`join failed: ${JSON.stringify(joined.error)}`);
    } else {
      await tech.emitWithAck('pair', `p${i}`);
      await cust.emitWithAck('pair', `p${i}`);
    }
    return { tech, cust };
  });
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function measure(kind) {
  const server = await startServer(kind);
  const heapBefore = await heap(server.child);
  const pairs = await pairUp(kind, server);
  const heapAfter = await heap(server.child);
  let seq = 0;
  const latencies = [];
  let delivered = 0;
  for (const { tech } of pairs) {
    tech.on('chat:message', (m) => {
      delivered++;
      const sentAt = Number(m.text.split(' ')[0]);
      if (sentAt > 0) latencies.push(performance.now() - sentAt);
    });
  }
  const send = (cust) => cust.emitWithAck('chat:send', { clientId: `m${++seq}`, text: `${performance.now()} hello from the bench` });

  // Phase 1: steady offered load, latency.
  const interval = 1000 / RATE;
  const end = performance.now() + SECONDS * 1000;
  await Promise.all(
    pairs.map(async ({ cust }, i) => {
      await new Promise((r) => setTimeout(r, (i / pairs.length) * interval)); // spread the senders evenly
      while (performance.now() < end) {
        const started = performance.now();
        await send(cust);
        const wait = interval - (performance.now() - started);
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
    }),
  );
  await new Promise((r) => setTimeout(r, 500));
  latencies.sort((a, b) => a - b);
  const latency = { n: latencies.length, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };

  // Phase 2: throughput, one message in flight per customer.
  const before = delivered;
  const tEnd = performance.now() + Math.min(SECONDS, 5) * 1000;
  const tStart = performance.now();
  await Promise.all(pairs.map(async ({ cust }) => { while (performance.now() < tEnd) await send(cust); }));
  const throughput = (delivered - before) / ((performance.now() - tStart) / 1000);

  for (const { tech, cust } of pairs) { tech.disconnect(); cust.disconnect(); }
  server.child.kill('SIGINT');
  return { latency, throughput, heapPerSocket: (heapAfter - heapBefore) / (pairs.length * 2) };
}

const fmt = (n, d = 2) => n.toFixed(d);
console.log(`relay benchmark: ${PAIRS} paired sessions, ${RATE} msg/s per customer for ${SECONDS} s, then closed-loop throughput`);
const bare = await measure('bare');
const relay = await measure('relay');
const rows = [
  ['', 'bare socket.io', 'relay', 'relay / bare'],
  ['latency p50 (ms)', fmt(bare.latency.p50), fmt(relay.latency.p50), fmt(relay.latency.p50 / bare.latency.p50)],
  ['latency p99 (ms)', fmt(bare.latency.p99), fmt(relay.latency.p99), fmt(relay.latency.p99 / bare.latency.p99)],
  ['messages measured', String(bare.latency.n), String(relay.latency.n), ''],
  ['throughput (msg/s)', fmt(bare.throughput, 0), fmt(relay.throughput, 0), fmt(relay.throughput / bare.throughput)],
  ['heap per socket (KB)', fmt(bare.heapPerSocket / 1024, 1), fmt(relay.heapPerSocket / 1024, 1), ''],
];
for (const row of rows) console.log(row[0].padEnd(22) + row.slice(1).map((c) => c.padStart(16)).join(''));
console.log(`relay p99 latency ratio: ${fmt(relay.latency.p99 / bare.latency.p99)} (target ≤ 1.20)`);
process.exit(0);
