// The account limiter on bottleneck's Redis clustering: what one process does to a shared
// limit (pause, hold, crash, close) is seen by the others. Each limiter here has its own
// connection, as separate processes would.
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { telegram } from "../../src/adapters/telegram/index.js";
import { createHerald, type Operation, ValidationError } from "../../src/index.js";
import { AccountLimiter } from "../../src/limits/limiter.js";
import { type RedisRuntime, redisConnection } from "../../src/limits/redis.js";
import {
  deleteLimiterKeys,
  REDIS_URL,
  shouldRunRedisTests,
  uniquePrefix,
} from "../helpers/redis.js";

const runRedis = await shouldRunRedisTests("the Redis limiter tests");

const op: Operation = {
  step: "send",
  route: "send",
  method: "POST",
  path: "/send",
  idempotency: "safe",
};

describe("the redis option", () => {
  it("refuses what it cannot use before connecting", () => {
    const adapters = [telegram({ botToken: "1:T" })];
    expect(() => redisConnection({})).toThrow(ValidationError);
    expect(() => redisConnection({ connection: REDIS_URL, prefix: "has space" })).toThrow(
      /redis\.prefix/,
    );
    expect(() => redisConnection({ client: {} as never })).toThrow(/redis\.client/);
    for (const unavailableTimeoutMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => redisConnection({ connection: REDIS_URL, unavailableTimeoutMs })).toThrow(
        /redis\.unavailableTimeoutMs/,
      );
    }
    // an ioredis client or settings given straight to createHerald: told to use redisConnection
    expect(() => createHerald({ adapters, redis: { connection: REDIS_URL } as never })).toThrow(
      /redisConnection/,
    );
  });
});

describe.runIf(runRedis)("limits shared through Redis", () => {
  const prefix = uniquePrefix("limiter");
  const opened: RedisRuntime[] = [];
  afterAll(async () => {
    await Promise.allSettled(opened.map((r) => r.close())); // the "dead" one is closed already
    await deleteLimiterKeys(prefix);
  });

  /** A limiter as one process would have it: its own connection, the shared id. */
  function processLimiter(name: string, max: number, perMs: number, requestTimeoutMs = 30_000) {
    const redis = redisConnection({ connection: REDIS_URL, prefix });
    opened.push(redis);
    const errors: unknown[] = [];
    const limiter = new AccountLimiter(
      [{ scope: "account", max, perMs, source: "test" }],
      `${prefix}:${name}`,
      {
        redis,
        requestTimeoutMs,
        now: () => Date.now(),
        onError: (error) => errors.push(error),
      },
    );
    return Object.assign(limiter, { connection: redis.connection, errors });
  }

  async function timeToAcquire(limiter: AccountLimiter): Promise<number> {
    const start = performance.now();
    (await limiter.acquire(op))();
    return performance.now() - start;
  }

  it("a slot held by one process is not granted to another until its window ends", async () => {
    const a = processLimiter("hold", 1, 300);
    const b = processLimiter("hold", 1, 300);
    (await a.acquire(op))(); // the window runs 300 ms from here
    expect(await timeToAcquire(b)).toBeGreaterThanOrEqual(280);
    await Promise.all([a.stop(), b.stop()]);
    expect([...a.errors, ...b.errors]).toEqual([]);
  });

  it("a 429 in one process pauses the others, and the pause ends even if its process is gone", async () => {
    const a = processLimiter("pause", 5, 100);
    const b = processLimiter("pause", 5, 100);
    (await b.acquire(op))(); // b is connected and listening
    await new Promise((r) => setTimeout(r, 150));
    a.pause(op, 400, Date.now());
    await a.stop(); // a goes away before lifting its pause
    const waited = await timeToAcquire(b);
    expect(waited).toBeGreaterThanOrEqual(300);
    expect(waited).toBeLessThan(2_000);
    await b.stop();
    expect([...a.errors, ...b.errors]).toEqual([]);
  });

  it("a process joining lifts a pause that no running process will lift", async () => {
    const a = processLimiter("stale", 5, 100);
    (await a.acquire(op))();
    a.pause(op, 60_000, Date.now());
    await new Promise((r) => setTimeout(r, 100)); // the pause reaches Redis
    await a.stop();
    const c = processLimiter("stale", 5, 100);
    expect(await timeToAcquire(c)).toBeLessThan(1_000);
    await c.stop();
    expect([...a.errors, ...c.errors]).toEqual([]);
  });

  it("slots of a process that died are freed by Redis after its request timeout and window", async () => {
    const dead = processLimiter("crash", 2, 200, 300);
    await dead.acquire(op);
    await dead.acquire(op); // both slots taken, never released: the process dies here
    await dead.connection.disconnect(false); // and nothing it had planned reaches Redis
    const b = processLimiter("crash", 2, 200, 300);
    const waited = await timeToAcquire(b);
    expect(waited).toBeGreaterThanOrEqual(350); // not before the slots expire (300 + 200 ms)
    expect(waited).toBeLessThan(3_000);
    await b.stop();
    expect(b.errors).toEqual([]);
  });

  it("close() frees the slots of short windows in Redis, so no slot stays held", async () => {
    const a = processLimiter("close", 3, 300);
    for (let i = 0; i < 3; i++) (await a.acquire(op))();
    const start = performance.now();
    await a.stop();
    expect(performance.now() - start).toBeGreaterThanOrEqual(250); // waited out the window
    const redis = new Redis(REDIS_URL);
    const running = await redis.hget(`b_${prefix}:close:account_settings`, "running");
    redis.disconnect();
    expect(running).toBe("0");
    expect(a.errors).toEqual([]);
  });

  it("uses a caller's ioredis client without closing it", async () => {
    const client = new Redis(REDIS_URL);
    expect(await client.ping()).toBe("PONG");
    const herald = createHerald({
      adapters: [telegram({ botToken: "1:T" })],
      redis: redisConnection({ client, prefix }),
    });
    await herald.close();
    expect(client.status).toBe("ready");
    expect(await client.ping()).toBe("PONG");
    client.disconnect();
  });
});
