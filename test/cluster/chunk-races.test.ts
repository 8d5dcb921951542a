/**
 * A technician's file chunks in flight while the customer takes file transfer back (revoking it, Stop sharing or
 * Disconnect), with the technician and the customer on different relay processes. Chunks travel to the customer with
 * an acknowledgement, by Redis pub/sub, outside the stream that fences the other uses (consent-races.test.ts): once
 * the customer has the acknowledgement of taking it back, not one more chunk may arrive.
 *
 * The technician's process reaches Redis over a slow link (a proxy that delays every reply by 25 ms), so that a chunk
 * let through by the gate is often still on its way when the customer's process handles the taking back.
 */
import type { Socket } from 'socket.io-client';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RedisSettings } from '../../src/server/index.js';
import { grant, ok, sleep } from '../relay/support.js';
import { MISSING_REDIS_SERVER, missingRedis } from '../support/redis-server.js';
import { clusterOptions, expectNoProblems, pairAcross, proxyToRedis, spawnRelay, testRedis, until } from './support.js';

beforeEach(({ skip }) => {
  if (!testRedis()) missingRedis(skip, MISSING_REDIS_SERVER);
});

/** 16 KiB of file data per chunk, as base64. */
const CHUNK = Buffer.alloc(16 * 1024, 7).toString('base64');
const FILE_BYTES = 24 * 1024 * 1024;
const IN_FLIGHT = 4;

const TAKING_BACK = [
  { event: 'consent:revoke', payload: { fn: 'file-transfer' } },
  { event: 'consent:revoke-all', payload: {} },
  { event: 'session:end', payload: {} },
] as const;

/**
 * Sends chunks of `transferId` back to back, `IN_FLIGHT` unacknowledged at a time, until one is refused; resolves
 * with how many the relay acknowledged.
 */
function sendChunks(tech: Socket, transferId: string): Promise<number> {
  return new Promise((resolve) => {
    let index = 0;
    let acknowledged = 0;
    let pending = 0;
    let stopped = false;
    const pump = () => {
      while (!stopped && pending < IN_FLIGHT) {
        pending++;
        tech.timeout(10_000).emit('file:chunk', { transferId, index: index++, data: CHUNK }, (err: Error | null, res?: { ok: boolean }) => {
          pending--;
          if (!err && res?.ok) acknowledged++;
          else stopped = true;
          if (stopped && pending === 0) resolve(acknowledged);
          else pump();
        });
      }
    };
    pump();
  });
}

describe('file chunks racing the customer taking file transfer back, across two processes', () => {
  it('never reach the customer after the acknowledgement (12 rounds)', async () => {
    const proxy = await proxyToRedis();
    proxy.delayReplies(25);
    const options = clusterOptions({ eventsPerSecond: 100_000, fileBytesPerSecond: 1024 * 1024 * 1024 });
    // The customer's process A on Redis directly, the technician's B behind the slow link (same key prefix).
    const [a, b] = await Promise.all([spawnRelay('A', options), spawnRelay('B', { ...options, redis: { ...(options.redis as RedisSettings), url: proxy.url } })]);
    let lateChunks = 0;
    let delivered = 0;
    for (let round = 0; round < 12; round++) {
      const { tech, cust } = await pairAcross(b, a);
      await grant(tech, cust, 'file-transfer');
      const transferId = `t${round}`;
      let acknowledged = false;
      let arrived = 0;
      let late = 0;
      cust.on('file:chunk', (_chunk: unknown, ack: (answer: { ok: boolean }) => void) => {
        arrived++;
        if (acknowledged) late++;
        ack({ ok: true });
      });
      const offered = new Promise<void>((resolve) => cust.once('file:offer', () => resolve()));
      await ok(tech, 'file:offer', { transferId, name: 'big.iso', size: FILE_BYTES, type: 'application/octet-stream', sha256: 'a'.repeat(64) });
      await offered;
      await ok(cust, 'file:accept', { transferId });
      const sent = sendChunks(tech, transferId);
      await until(() => arrived >= 4 + (round % 5));
      const takeBack = TAKING_BACK[round % TAKING_BACK.length]!;
      await ok(cust, takeBack.event, takeBack.payload);
      acknowledged = true;
      await sent;
      await sleep(300);
      lateChunks += late;
      delivered += arrived;
      await ok(tech, 'session:end').catch(() => undefined);
      tech.disconnect();
      cust.disconnect();
    }
    expect({ lateChunks }).toEqual({ lateChunks: 0 });
    // The transfers were running when the customer took it back.
    expect(delivered).toBeGreaterThan(12 * 4);
    expectNoProblems(a, b);
  }, 90_000);
});
