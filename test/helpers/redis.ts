// Redis for tests: 127.0.0.1:6379, a unique key prefix per test file, and cleanup.
import { Redis } from "ioredis";

/** Where the tests expect Redis (`.ci/run` and the dev machine). */
export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/**
 * Whether Redis answers. When it does not, tests that need it are skipped with a message on a
 * developer's machine, and fail on CI (`process.env.CI`), where Redis is part of the setup.
 */
export async function redisAvailable(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 500,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on("error", () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/** Whether to run Redis tests: yes when Redis is up; on CI always (so a missing Redis fails). */
export async function shouldRunRedisTests(what: string): Promise<boolean> {
  if (await redisAvailable()) return true;
  if (process.env.CI) return true;
  console.warn(`Redis is not reachable at ${REDIS_URL}: skipping ${what}`);
  return false;
}

/** A prefix no other test run uses. */
export function uniquePrefix(name: string): string {
  return `herald-test-${name}-${process.pid}-${Date.now().toString(36)}`;
}

/** Deletes every key bottleneck made for limiters named with `prefix`. */
export async function deleteKeys(prefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let deleted = 0;
    for await (const keys of redis.scanStream({ match: `b_${prefix}:*`, count: 1000 })) {
      if ((keys as string[]).length > 0) deleted += await redis.del(...(keys as string[]));
    }
    return deleted;
  } finally {
    redis.disconnect();
  }
}
