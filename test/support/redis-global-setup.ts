/**
 * globalSetup of the vitest project that runs the relay tests on Redis: one throwaway redis-server for the whole run
 * (or REDIS_URL). Tests get its URL with `inject('redisUrl')`: null when there is none (see redis-server.ts).
 */
import type { TestProject } from 'vitest/node';
import { MISSING_REDIS, startRedisServer } from './redis-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string | null;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const redis = process.env.REDIS_URL ? undefined : await startRedisServer();
  const url = process.env.REDIS_URL ?? redis?.url ?? null;
  if (!url) console.warn(`\n${MISSING_REDIS} (${process.env.CI === 'true' ? 'they fail: CI=true' : 'skipped'})\n`);
  project.provide('redisUrl', url);
  return async () => {
    await redis?.dispose();
  };
}
