/**
 * globalSetup of the vitest project that runs the relay tests on Redis: one throwaway redis-server for the whole run
 * (or REDIS_URL). Tests get its URL with `inject('redisUrl')`: null when there is none (see redis-server.ts).
 */
import type { TestProject } from 'vitest/node';
import { startRedisServer } from './redis-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string | null;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const redis = process.env.REDIS_URL ? undefined : await startRedisServer();
  project.provide('redisUrl', process.env.REDIS_URL ?? redis?.url ?? null);
  return async () => {
    await redis?.dispose();
  };
}
