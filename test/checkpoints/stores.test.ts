// The checkpoint store contract, for the in-memory store and for Redis (127.0.0.1:6379).
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { type CheckpointStore, memoryCheckpoints, ValidationError } from "../../src/index.js";
import { redisCheckpoints } from "../../src/redis.js";
import { deleteKeys, REDIS_URL, skipWithoutRedis, uniquePrefix } from "../helpers/redis.js";

const skipRedis = await skipWithoutRedis("the Redis checkpoint store tests");
const redis = skipRedis ? undefined : new Redis(REDIS_URL);
const prefix = uniquePrefix("stores");
afterAll(async () => {
  if (!redis) return;
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

const meta = {
  keyBase: "kb",
  fingerprint: "f".repeat(64),
  targets: ["line:recipients"],
  startedAt: 1,
};
const stores: Array<[string, () => CheckpointStore, boolean]> = [
  ["memory", () => memoryCheckpoints(), false],
  ["redis", () => redisCheckpoints(redis!, { prefix }), skipRedis],
];

describe.each(stores)("%s checkpoint store", (_name, makeStore, skip) => {
  it.skipIf(skip)("records batches in flight and outcomes, and reads them back", async () => {
    const store = makeStore();
    const id = `d-${Math.random().toString(36).slice(2)}`;
    expect(await store.open(id)).toBeUndefined();
    await store.create(id, meta);
    await expect(store.create(id, meta)).rejects.toBeInstanceOf(ValidationError);
    const a = { id: "r1.0", target: 0, recipients: ["U1", "U2"] };
    const b = { id: "r1.1", target: 0, recipients: ["U3"] };
    const c = { id: "r1.2", target: 1, recipients: [""] };
    await Promise.all([store.begin(id, a), store.begin(id, b), store.begin(id, c)]);
    await store.settle(id, a, { status: "sent", ids: [] });
    await store.settle(id, c, { status: "failed", code: "platform", message: 'no: "quoted"' });
    const opened = await store.open(id);
    expect(opened?.meta).toEqual(meta);
    expect(opened?.inFlight).toEqual([b]);
    expect(await store.lookup(id, 0, ["U1", "U2", "U3", "U4"])).toEqual([
      { status: "sent", ids: [] },
      { status: "sent", ids: [] },
      undefined,
      undefined,
    ]);
    expect(await store.lookup(id, 1, [""])).toEqual([
      { status: "failed", code: "platform", message: 'no: "quoted"' },
    ]);
    // the same id in another target is another recipient
    expect(await store.lookup(id, 1, ["U1"])).toEqual([undefined]);
    // clearing without an outcome: nothing recorded, no longer in flight
    await store.settle(id, b, undefined);
    expect((await store.open(id))?.inFlight).toEqual([]);
    expect(await store.lookup(id, 0, ["U3"])).toEqual([undefined]);
    await store.settle(id, b, { status: "sent", ids: ["m-1", "m-2"] });
    expect(await store.lookup(id, 0, ["U3"])).toEqual([{ status: "sent", ids: ["m-1", "m-2"] }]);
    await store.finish(id, true);
    expect((await store.open(id))?.meta).toEqual(meta);
  });
});

describe.skipIf(skipRedis)("redis checkpoint store", () => {
  it("batches concurrent writes into few transactions, and sets a TTL on every key", async () => {
    const client = new Redis(REDIS_URL);
    let transactions = 0;
    const multi = client.multi.bind(client);
    client.multi = ((...args: Parameters<typeof multi>) => {
      transactions++;
      return multi(...args);
    }) as typeof client.multi;
    const store = redisCheckpoints(client, { prefix, ttlMs: 60_000 });
    const id = "batched";
    await store.create(id, meta);
    const batches = Array.from({ length: 200 }, (_, i) => ({
      id: `r.${i}`,
      target: 0,
      recipients: [`U${i}`],
    }));
    await Promise.all(batches.map((b) => store.begin(id, b)));
    await Promise.all(batches.map((b) => store.settle(id, b, { status: "sent", ids: [] })));
    expect(transactions).toBeLessThanOrEqual(6); // 400 writes: the first, then what queued behind
    expect(await client.hlen(`${prefix}{${id}}:out`)).toBe(200);
    expect(await client.hlen(`${prefix}{${id}}:live`)).toBe(0);
    for (const suffix of ["meta", "out"]) {
      const ttl = await client.pttl(`${prefix}{${id}}:${suffix}`);
      expect(ttl).toBeGreaterThan(50_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
    }
    client.disconnect();
  });

  it("rejects every write of a failed transaction", async () => {
    const client = new Redis(REDIS_URL, { lazyConnect: true });
    const store = redisCheckpoints(client, { prefix });
    client.multi = (() => ({
      hset() {},
      hdel() {},
      pexpire() {},
      exec: () => Promise.reject(new Error("READONLY You can't write against a read only replica")),
    })) as unknown as typeof client.multi;
    await expect(store.begin("x", { id: "b", target: 0, recipients: ["U1"] })).rejects.toThrow(
      "READONLY",
    );
    client.disconnect();
  });
});
