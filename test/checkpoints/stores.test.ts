// The checkpoint store contract, for the in-memory store and for Redis (127.0.0.1:6379).
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import {
  type CheckpointRecipient,
  type CheckpointStore,
  memoryCheckpoints,
  ValidationError,
} from "../../src/index.js";
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
const stores: Array<[string, () => CheckpointStore, boolean, boolean]> = [
  ["memory", () => memoryCheckpoints(), false, false],
  ["redis", () => redisCheckpoints(redis!, { prefix }), skipRedis, true],
];
const sent = { status: "sent", ids: [] };

/** Recipients as a resume looks them up: ids at consecutive positions from `from`. */
function at(ids: string[], from = 0): CheckpointRecipient[] {
  return ids.map((id, i) => ({ id, position: from + i }));
}

describe.each(stores)("%s checkpoint store", (_name, makeStore, skip, keepsIds) => {
  it.skipIf(skip)("records batches in flight and outcomes, and reads them back", async () => {
    const store = makeStore();
    const id = `d-${Math.random().toString(36).slice(2)}`;
    expect(await store.open(id)).toBeUndefined();
    await store.create(id, meta);
    await expect(store.create(id, meta)).rejects.toBeInstanceOf(ValidationError);
    const a = { id: "r1.0", target: 0, recipients: ["U1", "U2"], positions: [0, 1] };
    const b = { id: "r1.1", target: 0, recipients: ["U3"], positions: [2] };
    const c = { id: "r1.2", target: 1, recipients: [""], positions: [0] };
    await Promise.all([store.begin(id, a), store.begin(id, b), store.begin(id, c)]);
    await store.settle(id, a, { status: "sent", ids: [] });
    await store.settle(id, c, { status: "failed", code: "platform", message: 'no: "quoted"' });
    const opened = await store.open(id);
    expect(opened?.meta).toEqual(meta);
    expect(opened?.inFlight).toEqual([b]);
    expect(await store.lookup(id, 0, at(["U1", "U2", "U3", "U4"]))).toEqual([
      { status: "sent", ids: [] },
      { status: "sent", ids: [] },
      undefined,
      undefined,
    ]);
    expect(await store.lookup(id, 1, at([""]))).toEqual([
      { status: "failed", code: "platform", message: 'no: "quoted"' },
    ]);
    // the same id in another target is another recipient
    expect(await store.lookup(id, 1, at(["U1"], 1))).toEqual([undefined]);
    // clearing without an outcome: nothing recorded, no longer in flight
    await store.settle(id, b, undefined);
    expect((await store.open(id))?.inFlight).toEqual([]);
    expect(await store.lookup(id, 0, at(["U1", "U2", "U3"]))).toEqual([sent, sent, undefined]);
    await store.settle(id, b, { status: "sent", ids: ["m-1", "m-2"] });
    // the Redis store keeps a recipient's ids; the memory store keeps sent recipients as runs
    const ids = keepsIds ? ["m-1", "m-2"] : [];
    expect(await store.lookup(id, 0, at(["U1", "U2", "U3"]))).toEqual([
      sent,
      sent,
      { status: "sent", ids },
    ]);
    await store.finish(id, true);
    expect((await store.open(id))?.meta).toEqual(meta);
  });
});

describe("memory checkpoint store", () => {
  const batchOf = (n: number, ids: string[], from: number) => ({
    id: `r.${n}`,
    target: 0,
    recipients: ids,
    positions: ids.map((_, i) => from + i),
  });
  const idsOf = (from: number, count: number) =>
    Array.from({ length: count }, (_, i) => `U${from + i}`);

  it("keeps 100,000 sent recipients as one run: far below maxRecipients", async () => {
    const store = memoryCheckpoints({ maxRecipients: 10 });
    await store.create("big", meta);
    // settled out of order (pairs swapped), 500 at a time, as concurrent multicasts finish
    const order = Array.from({ length: 200 }, (_, i) => i ^ 1);
    for (const n of order)
      await store.settle("big", batchOf(n, idsOf(n * 500, 500), n * 500), sent as never);
    expect(await store.open("big")).toBeDefined(); // not dropped
    const looked = await store.lookup("big", 0, at(idsOf(99_500, 500), 99_500));
    expect(looked.every((o) => o?.status === "sent")).toBe(true);
  });

  it("drops the checkpoint once the recipients not sent pass maxRecipients", async () => {
    const store = memoryCheckpoints({ maxRecipients: 10 });
    await store.create("failing", meta);
    const failed = { status: "failed", code: "platform", message: "blocked" } as const;
    for (let i = 0; i < 10; i++) await store.settle("failing", batchOf(i, [`U${i}`], i), failed);
    expect(await store.open("failing")).toBeDefined();
    await store.settle("failing", batchOf(10, ["U10"], 10), failed);
    await expect(store.open("failing")).rejects.toThrow(/passed 10 recipients and was dropped/);
  });

  it("refuses a resume whose stream holds other recipients at the sent positions", async () => {
    const store = memoryCheckpoints();
    await store.create("order", meta);
    await store.settle("order", batchOf(0, ["U0", "U1", "U2"], 0), sent as never);
    // the same ids in another order, and one id changed
    const swapped = at(["U1", "U0", "U2"]);
    await expect(store.lookup("order", 0, swapped)).rejects.toThrow(/same order/);
    await expect(store.lookup("order", 0, at(["U0", "U1", "U9"]))).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(await store.lookup("order", 0, at(["U0", "U1", "U2", "U3"]))).toEqual([
      sent,
      sent,
      sent,
      undefined,
    ]);
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
      positions: [i],
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
    await expect(
      store.begin("x", { id: "b", target: 0, recipients: ["U1"], positions: [0] }),
    ).rejects.toThrow("READONLY");
    client.disconnect();
  });
});
