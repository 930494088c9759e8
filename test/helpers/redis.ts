// Redis for the tests that need one: 127.0.0.1:6379 (REDIS_URL overrides). Locally a missing
// Redis skips those tests with a message; in CI (process.env.CI set) they run and fail.
import { Redis } from "ioredis";

export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** Whether Redis answers PING within a second. */
export async function redisAvailable(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 1_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  try {
    await probe.connect();
    return (await probe.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/** Whether to skip the Redis tests here; warns when it does. */
export async function skipWithoutRedis(what: string): Promise<boolean> {
  if (process.env.CI || (await redisAvailable())) return false;
  console.warn(`Redis is not reachable at ${REDIS_URL}: skipping ${what} (set CI to make it fail)`);
  return true;
}

/** A key prefix no other test run uses. */
export function uniquePrefix(name: string): string {
  return `herald-test:${name}:${process.pid}:${Date.now().toString(36)}:`;
}

/** Deletes every key under `prefix`. */
export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== "0");
}

/** Whether to run Redis tests: yes when Redis is up; on CI always (so a missing Redis fails). */
export async function shouldRunRedisTests(what: string): Promise<boolean> {
  return !(await skipWithoutRedis(what));
}

/** Deletes every key bottleneck made for limiters named with `prefix`. */
export async function deleteLimiterKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    await deleteKeys(redis, `b_${prefix}`);
  } finally {
    redis.disconnect();
  }
}
