import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createRelay } from '../../src/server/index.js';

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('a relay whose Redis cannot be reached at start-up', () => {
  it('refuses to start, saying where it could not connect (without the password)', async () => {
    const url = `redis://:hunter2@127.0.0.1:${await closedPort()}`;
    const started = Date.now();
    const failure = await createRelay({ logger: 'silent', redis: { url, connectTimeoutMs: 300 } }).then(
      () => new Error('started'),
      (err: unknown) => err as Error,
    );
    expect(failure.message).toMatch(/^cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\/?: /);
    expect(failure.message).not.toContain('hunter2');
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
