import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/relay/**/*.test.ts'],
    environment: 'node',
    testTimeout: 15_000,
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
