// npm run bench: chat latency customer → technician through the relay, side by side with a bare socket.io
// forwarder (the baseline) in the same run, and then through two relay processes sharing Redis (technicians on
// one, customers on the other: every message crosses processes), beside the single relay. Each server runs in its
// own process; the clients run here.
//
//   node bench/relay-latency.js [--pairs 1000] [--seconds 10] [--rate 1] [--no-redis]
//
// --rate is messages per customer per second during the latency phase. A second phase measures throughput:
// every customer keeps one message in flight for --seconds. The two-process run uses REDIS_URL, or starts a
// throwaway redis-server from PATH (skipped, saying so, without one).
import { fork, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { io } from 'socket.io-client';

const { values } = parseArgs({
  options: {
    pairs: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '10' },
    rate: { type: 'string', default: '1' },
    'no-redis': { type: 'boolean', default: false },
  },
});
const PAIRS = Number(values.pairs);
const SECONDS = Number(values.seconds);
const RATE = Number(values.rate);
const ORIGIN = 'http://localhost:5173';

function startServer(kind, options) {
  const args = options ? [kind, JSON.stringify(options)] : [kind];
  const child = fork(new URL('./servers.js', import.meta.url), args, { execArgv: ['--expose-gc', ...(process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.BENCH_PROF] : [])], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
    child.once('message', (msg) => resolve({ child, ...msg }));
  });
}

/** REDIS_URL, or a throwaway redis-server on a free loopback port; undefined without either. */
async function startRedis() {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, stop: () => undefined };
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0) return undefined;
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  const dir = mkdtempSync(join(tmpdir(), 'rsw-bench-redis-'));
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  // Ready once it accepts connections (a few ms).
  for (let i = 0; i < 200; i++) {
    const up = await new Promise((resolve) => {
      const conn = createConnection(port, '127.0.0.1');
      conn.once('connect', () => {
        conn.destroy();
        resolve(true);
      });
      conn.once('error', () => resolve(false));
    });
    if (up) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () => {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
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

/**
 * The servers of one setup: `bare` and `relay` are one process; `cluster` is two relay processes on Redis, with the
 * technicians on the first and the customers on the second.
 */
async function setUp(kind, redisUrl) {
  if (kind !== 'cluster') {
    const server = await startServer(kind);
    return { techUrl: server.url, custUrl: server.url, token: server.token, children: [server.child], heapChild: server.child };
  }
  const options = { redis: { url: redisUrl, keyPrefix: `rsw-bench-${process.pid}:` }, tokenSecret: 'bench-secret-'.padEnd(40, 'x') };
  const [first, second] = await Promise.all([startServer('relay', options), startServer('relay', options)]);
  return { techUrl: first.url, custUrl: second.url, token: first.token, children: [first.child, second.child] };
}

async function pairUp(kind, setup) {
  return inBatches(PAIRS, 50, async (i) => {
    const tech = await connect(`${setup.techUrl}/technician`, { auth: { token: setup.token } });
    const cust = await connect(`${setup.custUrl}/customer`, { extraHeaders: { origin: ORIGIN } });
    if (kind !== 'bare') {
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

async function measure(kind, redisUrl) {
  const setup = await setUp(kind, redisUrl);
  const heapBefore = setup.heapChild ? await heap(setup.heapChild) : 0;
  const pairs = await pairUp(kind, setup);
  const heapAfter = setup.heapChild ? await heap(setup.heapChild) : 0;
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
  for (const child of setup.children) child.kill('SIGINT');
  return { latency, throughput, heapPerSocket: setup.heapChild ? (heapAfter - heapBefore) / (pairs.length * 2) : undefined };
}

const fmt = (n, d = 2) => n.toFixed(d);
console.log(`relay benchmark: ${PAIRS} paired sessions, ${RATE} msg/s per customer for ${SECONDS} s, then closed-loop throughput`);
const bare = await measure('bare');
const relay = await measure('relay');
const redis = values['no-redis'] ? undefined : await startRedis();
let cluster;
try {
  cluster = redis ? await measure('cluster', redis.url) : undefined;
} finally {
  redis?.stop();
}
const ratio = (a, b) => (a === undefined || b === undefined ? '' : fmt(a / b));
const rows = [
  ['', 'bare socket.io', 'relay', 'relay / bare', ...(cluster ? ['2 relays, Redis', '2 relays / relay'] : [])],
  ...[
    ['latency p50 (ms)', (r) => r.latency.p50],
    ['latency p99 (ms)', (r) => r.latency.p99],
    ['throughput (msg/s)', (r) => r.throughput, 0],
  ].map(([label, pick, digits = 2]) => [
    label,
    fmt(pick(bare), digits),
    fmt(pick(relay), digits),
    ratio(pick(relay), pick(bare)),
    ...(cluster ? [fmt(pick(cluster), digits), ratio(pick(cluster), pick(relay))] : []),
  ]),
  ['messages measured', String(bare.latency.n), String(relay.latency.n), '', ...(cluster ? [String(cluster.latency.n), ''] : [])],
  ['heap per socket (KB)', fmt(bare.heapPerSocket / 1024, 1), fmt(relay.heapPerSocket / 1024, 1), '', ...(cluster ? ['', ''] : [])],
];
for (const row of rows) console.log(row[0].padEnd(22) + row.slice(1).map((c) => c.padStart(18)).join(''));
console.log(`relay p99 latency ratio: ${fmt(relay.latency.p99 / bare.latency.p99)} (target ≤ 1.20)`);
if (cluster) {
  console.log(
    `two-process Redis / one process: p99 latency ${fmt(cluster.latency.p99 / relay.latency.p99)} (target ≤ 1.50), ` +
      `throughput ${fmt(cluster.throughput / relay.throughput)}`,
  );
} else if (!values['no-redis']) {
  console.log('two-process run skipped: no redis-server on PATH (apt-get install -y redis-server) and no REDIS_URL');
}
process.exit(0);
