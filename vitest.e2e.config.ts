// End-to-end journeys (test/e2e, and test/deploy behind nginx / through coturn): playwright-core drives Debian's Chromium (customer and technician contexts)
// against the real demo server, started on a free port by each test file. Needs `npm run build` first (the demo
// serves dist/); `npm test` builds before this runner (scripts/test-all.mjs). Run alone: `npm run test:e2e`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // test/deploy: the relay behind Debian's nginx and with Debian's coturn, journeys in Chromium.
    include: ['test/e2e/**/*.test.ts', 'test/deploy/**/*.test.ts'],
    environment: 'node',
    // One file at a time: each starts a browser and a demo server, and the journeys wait on real timeouts.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
    reporters: ['default', ['json', { outputFile: 'test-results/e2e.json' }]],
  },
});
