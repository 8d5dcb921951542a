// npm run bench: chat latency customer → technician, four setups side by side in one run:
//
//   bare      a bare socket.io forwarder (the baseline: forwards and acknowledges, nothing else)
//   memory    one relay, in-memory store
//   redis     one relay on Redis
//   cluster   two relays on Redis, every technician on the first and every customer on the second
//
// All four are started together and loaded together from this one client process, message by message: each send
// slot sends the same payload on every setup, in an order that rotates from slot to slot. The load is open loop (a
// sender never waits for its acknowledgement), at --rate messages per session per second. After a warm-up, --rounds
// rounds of --seconds each give p50 and p99 per setup; the report shows the median over rounds and the spread (min to
// max), server CPU per message (each relay process; both for the cluster) and Redis CPU per message (INFO cpu; the
// one-relay and two-relay setups each have a redis-server of their own). It exits with 1 when a target is missed:
//
//   memory p99 ≤ 1.2 × bare p99 · redis p99 ≤ 1.3 × memory p99 · cluster p99 ≤ 1.5 × memory p99
//
//   node bench/relay-latency.js [--pairs 1000] [--rate 0.5] [--seconds 20] [--rounds 3] [--warmup 5]
//
// Needs redis-server on PATH (two throwaway ones are started), or REDIS_URL (then both setups share it and the Redis
// CPU figure covers both).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { io } from 'socket.io-client';
import { cpuOf, startServer } from './server-process.js';
import { fmt, median, percentile, sleep, spread } from './stats.js';

const { values } = parseArgs({
  options: {
    pairs: { type: 'string', default: '1000' },
    rate: { type: 'string', default: '0.5' },
    seconds: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '5' },
  },
});
const PAIRS = Number(values.pairs);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const ROUNDS = Math.max(3, Number(values.rounds));
const WARMUP = Number(values.warmup);
const ORIGIN = 'http://localhost:5173';
const TARGETS = [
  { name: 'one relay / bare socket.io', setup: 'memory', base: 'bare', max: 1.2 },
  { name: 'one relay on Redis / one relay in memory', setup: 'redis', base: 'memory', max: 1.3 },
  { name: 'two relays on Redis / one relay in memory', setup: 'cluster', base: 'memory', max: 1.5 },
];

/** Every server process started, so that none is left behind, also when a setup fails. */
const children = [];

/** A throwaway redis-server on a free loopback port (or REDIS_URL); undefined without either. */
async function startRedis() {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, stop: () => undefined };
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0) return undefined;
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  const dir = mkdtempSync(join(tmpdir(), 'rsw-bench-redis-'));
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
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

/** Redis CPU time so far (µs, user + system, INFO cpu). */
async function redisCpu(client) {
  const info = await client.info('cpu');
  const field = (name) => Number(info.match(new RegExp(`^${name}:([\\d.]+)`, 'm'))?.[1] ?? 0);
  return (field('used_cpu_user') + field('used_cpu_sys')) * 1e6;
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

/** Starts the servers of one setup and pairs PAIRS technicians with PAIRS customers on them. */
async function setUp(name, redisUrl) {
  let servers;
  if (name === 'bare') servers = [await startServer('bare', undefined, children)];
  else if (name === 'memory') servers = [await startServer('relay', undefined, children)];
  else {
    const options = { redis: { url: redisUrl, keyPrefix: `rsw-bench-${name}-${process.pid}:` }, tokenSecret: 'bench-secret-'.padEnd(40, 'x') };
    servers = await Promise.all((name === 'cluster' ? [1, 2] : [1]).map(() => startServer('relay', options, children)));
  }
  const techUrl = servers[0].url;
  const custUrl = servers.at(-1).url;
  const pairs = await inBatches(PAIRS, 50, async (i) => {
    const tech = await connect(`${techUrl}/technician`, { auth: { token: servers[0].token } });
    const cust = await connect(`${custUrl}/customer`, { extraHeaders: { origin: ORIGIN } });
    if (name === 'bare') {
      await tech.timeout(10_000).emitWithAck('pair', `p${i}`);
      await cust.timeout(10_000).emitWithAck('pair', `p${i}`);
    } else {
      const created = await tech.timeout(10_000).emitWithAck('session:create', {});
      const joined = await cust.timeout(10_000).emitWithAck('session:join', { code: created.code });
      if (!joined.ok) throw new Error(`${name}: join failed: ${JSON.stringify(joined.error)}`);
    }
    return { tech, cust };
  });
  const setup = { name, servers, pairs, latencies: [], sent: 0, failed: 0, delivered: 0, redis: undefined };
  for (const { tech } of pairs) {
    tech.on('chat:message', (m) => {
      const sentAt = Number(m.text.slice(0, m.text.indexOf(' ')));
      setup.latencies.push(performance.now() - sentAt);
      setup.delivered++;
    });
  }
  return setup;
}


async function cpuSnapshot(setups) {
  const out = {};
  for (const s of setups) {
    let server = 0;
    for (const { child } of s.servers) server += await cpuOf(child);
    out[s.name] = { server, redis: s.redis ? await redisCpu(s.redis) : 0 };
  }
  return out;
}

// ── run ─────────────────────────────────────────────────────────────────────────────────────────────────────
const redisServers = await Promise.all([startRedis(), startRedis()]);
if (!redisServers[0] || !redisServers[1]) {
  console.error('no redis-server on PATH (apt-get install -y redis-server) and no REDIS_URL: the Redis setups cannot run');
  process.exit(1);
}
let exitCode = 0;
const setups = [];
try {
  console.log(`relay benchmark: ${PAIRS} paired sessions per setup, ${RATE} msg/s per session (open loop), ${ROUNDS} rounds of ${SECONDS} s after ${WARMUP} s warm-up`);
  setups.push(...(await Promise.all([setUp('bare'), setUp('memory'), setUp('redis', redisServers[0].url), setUp('cluster', redisServers[1].url)])));
  const monitors = redisServers.map((r) => new Redis(r.url));
  setups[2].redis = monitors[0];
  setups[3].redis = monitors[1];

  // Open loop: a send slot every 1 / (PAIRS × RATE) s; each slot sends the same payload on every setup.
  const slotMs = 1000 / (PAIRS * RATE);
  let slot = 0;
  const started = performance.now();
  const sendSlot = () => {
    const pair = slot % PAIRS;
    const text = ` bench message ${slot} from the customer`;
    for (let k = 0; k < setups.length; k++) {
      const s = setups[(slot + k) % setups.length];
      const sentAt = performance.now();
      s.sent++;
      s.pairs[pair].cust.emit('chat:send', { clientId: `m${slot}`, text: `${sentAt}${text}` }, (ack) => {
        if (!ack?.ok) s.failed++;
      });
    }
    slot++;
  };
  const timer = setInterval(() => {
    const due = Math.floor((performance.now() - started) / slotMs);
    while (slot < due) sendSlot();
  }, 5);

  await sleep(WARMUP * 1000);
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (const s of setups) {
      s.latencies = [];
      s.delivered = 0;
    }
    const before = await cpuSnapshot(setups);
    await sleep(SECONDS * 1000);
    const after = await cpuSnapshot(setups);
    const round = {};
    for (const s of setups) {
      const sorted = s.latencies.sort((a, b) => a - b);
      round[s.name] = {
        n: sorted.length,
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        serverCpu: (after[s.name].server - before[s.name].server) / Math.max(1, s.delivered),
        redisCpu: (after[s.name].redis - before[s.name].redis) / Math.max(1, s.delivered),
      };
    }
    rounds.push(round);
    console.log(`round ${r + 1}: ` + setups.map((s) => `${s.name} p50 ${round[s.name].p50.toFixed(2)} p99 ${round[s.name].p99.toFixed(2)} ms (${round[s.name].n})`).join(' · '));
  }
  clearInterval(timer);
  await sleep(1000);
  for (const m of monitors) m.disconnect();

  const stat = (pick, d = 2) => spread(rounds.map(pick), d);
  const rows = [
    ['', ...setups.map((s) => s.name)],
    ['p50 ms, median (min–max)', ...setups.map((s) => stat((r) => r[s.name].p50))],
    ['p99 ms, median (min–max)', ...setups.map((s) => stat((r) => r[s.name].p99))],
    ['server CPU µs / message', ...setups.map((s) => stat((r) => r[s.name].serverCpu, 0))],
    ['Redis CPU µs / message', ...setups.map((s) => (s.redis ? stat((r) => r[s.name].redisCpu, 0) : '–'))],
    ['messages measured / round', ...setups.map((s) => String(median(rounds.map((r) => r[s.name].n))))],
    ['sends refused', ...setups.map((s) => String(s.failed))],
  ];
  for (const row of rows) console.log(row[0].padEnd(28) + row.slice(1).map((c) => c.padStart(22)).join(''));
  for (const t of TARGETS) {
    const ratios = rounds.map((r) => r[t.setup].p99 / r[t.base].p99);
    const m = median(ratios);
    const met = m <= t.max;
    if (!met) exitCode = 1;
    console.log(`${t.name}, p99: ${fmt(m, 2)} (rounds ${ratios.map((x) => fmt(x, 2)).join(', ')}) target ≤ ${t.max.toFixed(2)} ${met ? 'met' : 'MISSED'}`);
  }
  // An open loop measures the relay only while this client process keeps up with the schedule.
  const expected = PAIRS * RATE * SECONDS;
  const behind = rounds.some((r) => setups.some((s) => Math.abs(r[s.name].n - expected) > 0.1 * expected));
  if (behind) {
    console.log(`the client process did not keep up (${expected} messages expected per round and setup): the latencies are its own; lower --pairs or --rate`);
    exitCode = 1;
  }
  const refused = setups.reduce((n, s) => n + s.failed, 0);
  if (refused > 0) {
    console.log(`${refused} sends were refused: the figures are not comparable`);
    exitCode = 1;
  }
} catch (err) {
  console.error(err);
  exitCode = 1;
} finally {
  for (const s of setups) {
    for (const { tech, cust } of s.pairs) {
      tech.disconnect();
      cust.disconnect();
    }
  }
  for (const child of children) child.kill('SIGINT');
  for (const r of redisServers) r?.stop();
}
process.exit(exitCode);
