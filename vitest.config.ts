// vitest: the unit tests, and the relay tests twice, once per store (`npx vitest run --project relay-redis` for one).
// The Redis project starts a throwaway redis-server from PATH for the run (test/support/redis-global-setup.ts), or
// uses REDIS_URL; it also runs the multi-process tests (test/cluster), which start a redis-server of their own.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 15_000,
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'relay-memory', include: ['test/relay/**/*.test.ts'], env: { RELAY_TEST_STORE: 'memory' } } },
      {
        extends: true,
        test: {
          name: 'relay-redis',
          include: ['test/relay/**/*.test.ts', 'test/cluster/**/*.test.ts'],
          env: { RELAY_TEST_STORE: 'redis' },
          globalSetup: ['test/support/redis-global-setup.ts'],
        },
      },
    ],
  },
});
