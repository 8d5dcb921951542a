// npm run bench:scale: what the relay costs per open socket, and how fast a new pair joins while many are open, beside a
// bare socket.io forwarder (the baseline: pairs sockets in a room, nothing else; bench/servers.js).
//
// Both servers run in processes of their own (with --expose-gc); the paired sessions come from --clients client
// processes (bench/scale-clients.js) through the real flow: the technician creates a session, the customer joins it
// with the code. Each round loads one setup after the other (the order alternates from round to round), and for
// each setup opens pairs in steps up to --pairs. At each step it reads the server's heap after a full garbage
// collection (heap per socket = growth since the round began / open sockets), then times --probes new pairs joining at
// --probe-rate a second (open loop) from a process of their own: technician connects and creates, customer connects
// and joins (p50 and p99). At the last step it also reads the server's CPU while the pairs sit idle for --idle
// seconds (before its probes). Then every pair closes and, once the server has seen them go, the heap is read again
// (what closed sockets and ended sessions left behind). The report gives the
// median over --rounds (at least 3) and the spread (min to max), and a projection for 25,000 paired sessions.
//
//   heap per socket, relay ≤ 1.1 × bare · a new pair joins (p99 of connect + create + join) in < 200 ms
//   at ≥ 25,000 paired sessions per process
//
// Exit status: 0 when every bar is met; 1 when a bar is missed (or pairs failed); 2 when what was measured is within
// the bars but fewer than 25,000 pairs could be opened on this machine (one process holds a file descriptor per
// socket, two per pair, and every client socket on loopback takes an ephemeral port): the default --pairs is the most
// that fits both limits, and the report says which one held it.
//
//   node bench/relay-scale.js [--pairs N] [--steps 2000,5000] [--clients 4] [--rounds 3] [--probes 100]
//     [--probe-rate 10] [--idle 10] [--batch 25]
import { fork, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fmt as fixed, median, percentile, sleep, spread as spreadOf } from './stats.js';

const TARGET_PAIRS = 25_000;
const HEAP_RATIO_MAX = 1.1;
const JOIN_P99_MAX_MS = 200;
/** File descriptors a server needs besides its sockets (listening socket, stdio, IPC, libuv, the probes under way). */
const FD_RESERVE = 300;
/** Ephemeral ports left for everything else on the machine while the bench runs. */
const PORT_RESERVE = 1_000;

const { values } = parseArgs({
  options: {
    pairs: { type: 'string' },
    steps: { type: 'string', default: '2000,5000' },
    clients: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '3' },
    probes: { type: 'string', default: '100' },
    'probe-rate': { type: 'string', default: '10' },
    idle: { type: 'string', default: '10' },
    batch: { type: 'string', default: '25' },
  },
});

/** The soft limit on open files of a process started from here (the servers inherit it); undefined if unknown. */
function fileLimit() {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
    const soft = line?.split(/\s{2,}/)[1];
    if (soft && /^\d+$/.test(soft)) return Number(soft);
  } catch {
    // not Linux: ask the shell
  }
  const out = spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).stdout?.trim();
  return out && /^\d+$/.test(out) ? Number(out) : undefined;
}

/** How many ephemeral ports a client on loopback can take (Linux); undefined if unknown. */
function ephemeralPorts() {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    return high - low + 1;
  } catch {
    return undefined;
  }
}

const fds = fileLimit();
const ports = ephemeralPorts();
const PROBE_CONCURRENCY = 20;
const byFds = fds === undefined ? Infinity : Math.floor((fds - FD_RESERVE) / 2) - PROBE_CONCURRENCY;
const byPorts = ports === undefined ? Infinity : Math.floor((ports - PORT_RESERVE) / 2) - PROBE_CONCURRENCY;
const fits = Math.min(byFds, byPorts, TARGET_PAIRS);
const PAIRS = values.pairs ? Number(values.pairs) : Math.floor(fits / 100) * 100;
const STEPS = [...new Set([...values.steps.split(',').map(Number).filter((n) => n > 0 && n < PAIRS), PAIRS])].sort((a, b) => a - b);
const CLIENTS = Math.max(1, Number(values.clients));
const ROUNDS = Math.max(3, Number(values.rounds));
const PROBES = Number(values.probes);
const PROBE_RATE = Number(values['probe-rate']);
const IDLE_S = Number(values.idle);
const BATCH = Number(values.batch);

const children = [];

function child(file, args, execArgv = []) {
  const proc = fork(new URL(file, import.meta.url), args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
  children.push(proc);
  return proc;
}

/** Sends `msg` and resolves to the first answer of `type` (rejects on an error answer or the child's exit). */
function ask(proc, msg, type) {
  return new Promise((resolve, reject) => {
    const onMessage = (answer) => {
      if (answer?.type !== type && answer?.type !== 'error') return;
      proc.off('message', onMessage);
      proc.off('exit', onExit);
      if (answer.type === 'error' || answer.error) reject(new Error(answer.message ?? answer.error));
      else resolve(answer);
    };
    const onExit = (code) => reject(new Error(`a bench process exited with ${code}`));
    proc.on('message', onMessage);
    proc.once('exit', onExit);
    if (msg) proc.send(msg);
  });
}

async function startSetup(name) {
  const server = child('./servers.js', [name], ['--expose-gc']);
  const { url, token } = await ask(server, undefined, 'ready');
  const start = () => {
    const proc = child('./scale-clients.js', token ? [name, url, token] : [name, url]);
    return ask(proc, undefined, 'ready').then(() => proc);
  };
  const holders = await Promise.all(Array.from({ length: CLIENTS }, start));
  return { name, server, holders, prober: await start(), open: 0, rounds: [] };
}

/** Opens pairs until `target` are open, spread over the client processes. */
async function openTo(setup, target) {
  const more = target - setup.open;
  const shares = setup.holders.map((_, i) => Math.floor(more / CLIENTS) + (i < more % CLIENTS ? 1 : 0));
  await Promise.all(setup.holders.map((h, i) => (shares[i] > 0 ? ask(h, { type: 'open', count: shares[i], batch: BATCH }, 'opened') : undefined)));
  setup.open = target;
}

async function closeAll(setup) {
  await Promise.all(setup.holders.map((h) => ask(h, { type: 'close' }, 'closed')));
  setup.open = 0;
  // The server sees the closes later than the clients (a loaded machine: seconds); its heap is read once it has.
  for (let waited = 0; waited < 60_000; waited += 500) {
    if ((await heapOf(setup)).sockets < 10) break;
    await sleep(500);
  }
}

const heapOf = (setup) => ask(setup.server, { type: 'heap' }, 'heap');
const cpuOf = (setup) => ask(setup.server, { type: 'cpu' }, 'cpu').then((a) => a.micros);
/** Whole numbers unless told: these figures are bytes and counts. */
const fmt = (n, d = 0) => fixed(n, d);
const spread = (xs, d = 0) => spreadOf(xs, d);
const thousands = (n) => n.toLocaleString('en-US');

async function runRound(setup) {
  const base = await heapOf(setup);
  const round = { steps: [], idleCpu: NaN, leftBytesPerSocket: NaN };
  for (const pairs of STEPS) {
    const opening = performance.now();
    await openTo(setup, pairs);
    const openMs = performance.now() - opening;
    const heap = await heapOf(setup);
    const sockets = 2 * pairs;
    if (pairs === PAIRS) {
      // Idle: every pair open, none joining (before the probes, whose pairs end and leave work behind).
      const cpuBefore = await cpuOf(setup);
      await sleep(IDLE_S * 1000);
      round.idleCpu = (await cpuOf(setup)) - cpuBefore;
    }
    const probed = await ask(setup.prober, { type: 'probe', count: PROBES, rate: PROBE_RATE, concurrency: PROBE_CONCURRENCY }, 'probed');
    const total = probed.timings.map((t) => t.total).sort((a, b) => a - b);
    const acks = probed.timings.map((t) => t.acks).sort((a, b) => a - b);
    const step = {
      pairs,
      openMs,
      heapPerSocket: (heap.heapUsed - base.heapUsed) / sockets,
      externalPerSocket: (heap.external - base.external) / sockets,
      rssPerSocket: (heap.rss - base.rss) / sockets,
      heapUsed: heap.heapUsed,
      joinP50: percentile(total, 50),
      joinP99: percentile(total, 99),
      acksP50: percentile(acks, 50),
      acksP99: percentile(acks, 99),
      failures: probed.failures,
      late: probed.late,
    };
    round.steps.push(step);
    console.log(
      `  ${setup.name.padEnd(5)} ${thousands(pairs).padStart(6)} pairs (opened in ${fmt(openMs / 1000, 1)} s): heap ${fmt(step.heapPerSocket)} B/socket` +
        ` (external ${fmt(step.externalPerSocket)}, rss ${fmt(step.rssPerSocket)}) · new pair p50 ${fmt(step.joinP50, 1)} p99 ${fmt(step.joinP99, 1)} ms` +
        ` (create + join acks p50 ${fmt(step.acksP50, 1)} p99 ${fmt(step.acksP99, 1)})` +
        (step.failures.length ? ` · ${step.failures.length} FAILED: ${step.failures[0]}` : '') +
        (step.late ? ` · ${step.late} slots waited for a free probe` : ''),
    );
  }
  await closeAll(setup);
  const after = await heapOf(setup);
  round.leftBytesPerSocket = (after.heapUsed - base.heapUsed) / (2 * PAIRS);
  console.log(
    `  ${setup.name.padEnd(5)} idle at ${thousands(PAIRS)} pairs: ${fmt(round.idleCpu / (IDLE_S * 1e4), 2)} % of a core · after closing all: ${fmt(round.leftBytesPerSocket)} B/socket of heap left`,
  );
  return round;
}

/** Least-squares line through (x, y); returns y at `at`, never below the last y (noise can tilt the line down). */
function extrapolate(xs, ys, at) {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  const slope = sxx === 0 ? 0 : xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0) / sxx;
  return Math.max(ys.at(-1), my + slope * (at - mx));
}

// ── run ─────────────────────────────────────────────────────────────────────────────────────────────────────
const limitedBy = [
  fds !== undefined && byFds < TARGET_PAIRS ? `a process may hold ${thousands(fds)} file descriptors (two per pair on the server)` : undefined,
  ports !== undefined && byPorts < TARGET_PAIRS ? `loopback has ${thousands(ports)} ephemeral ports (two per pair for the clients)` : undefined,
].filter(Boolean);
console.log(
  `relay scale benchmark: ${thousands(PAIRS)} paired sessions (steps ${STEPS.map(thousands).join(', ')}), ${CLIENTS} client processes, ${ROUNDS} rounds; ` +
    `${PROBES} new pairs at ${PROBE_RATE}/s per step; ${IDLE_S} s idle`,
);
if (PAIRS < TARGET_PAIRS) {
  const why = limitedBy.length ? limitedBy.join('; ') : 'set with --pairs';
  console.log(`not ${thousands(TARGET_PAIRS)} pairs: ${why}. ${values.pairs ? '' : `${thousands(fits)} fit; `}25,000 is projected from the figures below, not measured.`);
}

let exitCode = 0;
const setups = [];
try {
  setups.push(await startSetup('bare'), await startSetup('relay'));
  // Warm-up: the first connections pay for code loaded and compiled once; none of it is per socket.
  for (const s of setups) {
    await openTo(s, Math.min(200, PAIRS));
    await ask(s.prober, { type: 'probe', count: 20, rate: 20, concurrency: PROBE_CONCURRENCY }, 'probed');
    await closeAll(s);
  }
  for (let r = 0; r < ROUNDS; r++) {
    console.log(`round ${r + 1}`);
    for (const s of r % 2 ? [...setups].reverse() : setups) s.rounds.push(await runRound(s));
  }

  const [bare, relay] = setups;
  const at = (s, i, pick) => s.rounds.map((r) => pick(r.steps[i]));
  console.log(`\nmedian over ${ROUNDS} rounds (min–max)`);
  const header = ['open pairs', 'setup', 'heap B/socket', 'rss B/socket', 'new pair p50 ms', 'new pair p99 ms', 'acks p99 ms'];
  const widths = [11, 6, 22, 22, 20, 20, 20];
  const line = (cells) => console.log(cells.map((c, i) => (i < 2 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(''));
  line(header);
  for (let i = 0; i < STEPS.length; i++) {
    for (const s of setups) {
      line([
        thousands(STEPS[i]),
        s.name,
        spread(at(s, i, (t) => t.heapPerSocket)),
        spread(at(s, i, (t) => t.rssPerSocket)),
        spread(at(s, i, (t) => t.joinP50), 1),
        spread(at(s, i, (t) => t.joinP99), 1),
        spread(at(s, i, (t) => t.acksP99), 1),
      ]);
    }
  }
  for (const s of setups) {
    const idle = s.rounds.map((r) => r.idleCpu / (IDLE_S * 1e4));
    const left = s.rounds.map((r) => r.leftBytesPerSocket);
    console.log(`${s.name}: idle CPU at ${thousands(PAIRS)} pairs ${spread(idle, 2)} % of a core; heap left after closing all ${spread(left)} B/socket`);
  }

  const last = STEPS.length - 1;
  const ratios = relay.rounds.map((r, i) => r.steps[last].heapPerSocket / bare.rounds[i].steps[last].heapPerSocket);
  const ratio = median(ratios);
  const heapMet = ratio <= HEAP_RATIO_MAX;
  console.log(
    `heap per socket at ${thousands(PAIRS)} pairs, relay / bare: ${fmt(ratio, 2)} (rounds ${ratios.map((x) => fmt(x, 2)).join(', ')}) target ≤ ${HEAP_RATIO_MAX.toFixed(2)} ${heapMet ? 'met' : 'MISSED'}`,
  );
  const p99 = median(at(relay, last, (t) => t.joinP99));
  const joinMet = p99 < JOIN_P99_MAX_MS;
  console.log(`relay new pair p99 at ${thousands(PAIRS)} open pairs: ${fmt(p99, 1)} ms target < ${JOIN_P99_MAX_MS} ${joinMet ? 'met' : 'MISSED'}`);
  // Both setups run under the same load from the machine (interleaved rounds): the ratio shows the relay's own part.
  const joinRatios = relay.rounds.map((r, i) => r.steps[last].joinP99 / bare.rounds[i].steps[last].joinP99);
  console.log(`new pair p99 at ${thousands(PAIRS)} open pairs, relay / bare (no target; the machine's load is in both): ${fmt(median(joinRatios), 2)} (rounds ${joinRatios.map((x) => fmt(x, 2)).join(', ')})`);
  const failed = setups.reduce((n, s) => n + s.rounds.reduce((m, r) => m + r.steps.reduce((k, t) => k + t.failures.length, 0), 0), 0);
  if (failed > 0) console.log(`${failed} new pairs failed: the figures are not comparable`);
  if (!heapMet || !joinMet || failed > 0) exitCode = 1;

  // 25,000: heap grows by what a socket costs; the join time and idle CPU follow their trend over the steps.
  const heapPer = median(at(relay, last, (t) => t.heapPerSocket));
  const baseHeap = median(relay.rounds.map((r) => r.steps[last].heapUsed)) - heapPer * 2 * PAIRS;
  const projectedHeap = baseHeap + heapPer * 2 * TARGET_PAIRS;
  const p50s = STEPS.map((_, i) => median(at(relay, i, (t) => t.joinP50)));
  const p99s = STEPS.map((_, i) => median(at(relay, i, (t) => t.joinP99)));
  const idleAt = median(relay.rounds.map((r) => r.idleCpu / (IDLE_S * 1e4)));
  if (PAIRS < TARGET_PAIRS) {
    console.log(
      `projection for ${thousands(TARGET_PAIRS)} pairs on the relay: heap ≈ ${fmt(projectedHeap / 2 ** 20)} MiB (${fmt(heapPer)} B × ${thousands(2 * TARGET_PAIRS)} sockets + ${fmt(baseHeap / 2 ** 20)} MiB),` +
        ` new pair p50 ≈ ${fmt(extrapolate(STEPS, p50s, TARGET_PAIRS), 1)} ms, p99 ≈ ${fmt(extrapolate(STEPS, p99s, TARGET_PAIRS), 1)} ms (straight line through the steps),` +
        ` idle CPU ≈ ${fmt((idleAt * TARGET_PAIRS) / PAIRS, 1)} % of a core; needs ≥ ${thousands(2 * TARGET_PAIRS + FD_RESERVE)} open files for the process` +
        ` (and clients from more than one loopback address)`,
    );
    console.log(`${thousands(TARGET_PAIRS)} paired sessions per process: NOT MEASURED here (${thousands(PAIRS)} were)`);
    if (exitCode === 0) exitCode = 2;
  } else {
    console.log(`${thousands(PAIRS)} paired sessions held by one relay process: target ≥ ${thousands(TARGET_PAIRS)} met`);
  }
} catch (err) {
  console.error(err);
  exitCode = 1;
} finally {
  for (const proc of children) proc.kill('SIGINT');
}
process.exit(exitCode);
