/**
 * The webhook queue in Redis: an event a relay process had not delivered when it died (SIGKILL, no shutdown) is
 * delivered by another process of the same deployment, with the same `webhook-id`, still verifiable.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionView } from '../../src/protocol/index.js';
import type { WebhookEvent } from '../../src/server/index.js';
import { MISSING_REDIS_SERVER, missingRedis } from '../support/redis-server.js';
import { customer, ok, sleep, technician } from '../relay/support.js';
import { clusterOptions, spawnRelay, technicianToken, testRedis } from './support.js';

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;

beforeEach(({ skip }) => {
  if (!testRedis()) missingRedis(skip, MISSING_REDIS_SERVER);
});

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

interface Attempt {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver that answers each attempt with `status()`; records them all. */
async function receiver(status: () => number) {
  const attempts: Attempt[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const code = status();
      attempts.push({ status: code, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(code).end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const until = async (done: () => boolean, ms: number) => {
    const end = Date.now() + ms;
    while (!done() && Date.now() < end) await sleep(20);
    if (!done()) throw new Error(`receiver: condition not met within ${ms} ms (${attempts.length} attempts)`);
  };
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, attempts, until };
}

describe('the webhook queue in Redis', () => {
  it('survives the crash of the process that queued an event: another process delivers it', async () => {
    let up = false;
    const hook = await receiver(() => (up ? 204 : 503));
    const options = clusterOptions({ webhookUrl: hook.url, webhookSecret: SECRET, webhookRetryDelaysMs: [1500, 1500] } as object);
    const a = await spawnRelay('A', options);
    const tech = technician(a.url, await technicianToken());
    const created = await ok<{ code: string; session: SessionView }>(tech, 'session:create');
    const cust = customer(a.url);
    await ok(cust, 'session:join', { code: created.code });
    await ok(tech, 'consent:request', { fn: 'system-info' });
    // A tried once, got a 503, and waits to retry: then it dies.
    await hook.until(() => hook.attempts.length >= 1, 5000);
    await sleep(300); // (killed before it recorded the failure, its lease of timeout + 5 s would hold the event that long)
    await a.kill();
    tech.close();
    cust.close();
    const first = hook.attempts[0]!;
    expect(first.status).toBe(503);
    up = true;
    const b = await spawnRelay('B', options);
    await hook.until(() => hook.attempts.some((x) => x.status === 204), 8000);
    const delivered = hook.attempts.find((x) => x.status === 204)!;
    expect(delivered.headers['webhook-id']).toBe(first.headers['webhook-id']);
    const event = new Webhook(SECRET).verify(delivered.body, delivered.headers as Record<string, string>) as WebhookEvent;
    expect(event).toMatchObject({ type: 'consent.changed', sessionId: created.session.id, data: { fn: 'system-info', to: 'pending' } });
    // Delivered once: the queue is empty afterwards.
    await sleep(2000);
    expect(hook.attempts.filter((x) => x.status === 204 && x.headers['webhook-id'] === first.headers['webhook-id'])).toHaveLength(1);
    expect(b.problems).toEqual([]);
  }, 30_000);
});
