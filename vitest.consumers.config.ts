// vitest: the consumer apps (test/consumers/consumers.test.ts): the packed tarballs installed into React, Vue,
// Angular, Next.js and plain HTML apps, built and driven in Chromium. Needs `npm run build` first (scripts/test-all.mjs
// runs it). The installs and builds happen once, in the file's beforeAll.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/consumers/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 900_000,
    fileParallelism: false,
    reporters: ['default', ['json', { outputFile: 'test-results/consumers.json' }]],
  },
});
