import { describe, expect, it } from 'vitest';
import { createRelay } from '../../src/server/index.js';
import { freePort } from '../support/redis-server.js';

describe('a relay whose Redis cannot be reached at start-up', () => {
  it('refuses to start, saying where it could not connect (without the password)', async () => {
    const url = `redis://:hunter2@127.0.0.1:${await freePort()}`;
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
