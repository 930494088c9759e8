// The core listening engine, played by the simulated Mastodon: positions that survive a
// restart (memory and Redis), a listener killed mid-handler, a hanging endpoint, a bounded
// close, and hostile answers refused by the facet in linear time.
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { mastodon } from "../../src/adapters/mastodon/index.js";
import { mastodonListening } from "../../src/adapters/mastodon/listening.js";
import { type CheckpointStore, type ListenErrorEvent, memoryCheckpoints } from "../../src/index.js";
import { redisCheckpoints } from "../../src/redis.js";
import { expectLinear } from "../helpers/linear.js";
import { deleteKeys, REDIS_URL, skipWithoutRedis, uniquePrefix } from "../helpers/redis.js";
import { collect, drive, listenFixture, settle } from "./fixture.js";

const TOKEN = "mastodon-engine-token";
const { clock, sim, herald } = listenFixture({ mastodon: { accessTokens: [TOKEN] } });
const adapter = () => mastodon({ accessToken: TOKEN, instanceUrl: "https://mastodon.example" });
const me = () => sim.mastodon.accountIdOf(TOKEN);

const skipRedis = await skipWithoutRedis("the Redis listening cursor tests");
const prefix = uniquePrefix("listen");
const redis = skipRedis ? undefined : new Redis(REDIS_URL);
afterAll(async () => {
  if (!redis) return;
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

const stores: Array<[string, () => CheckpointStore, boolean]> = [
  ["memory", () => memoryCheckpoints(), false],
  // each "process" opens its own connection, as a restarted one would
  ["redis", () => redisCheckpoints(new Redis(REDIS_URL), { prefix }), skipRedis],
];

const query = { to: "mastodon", mentions: true, keywords: ["acmesale"] } as const;

describe.each(stores)("restart with a %s cursor store", (_name, makeStore, skip) => {
  it.skipIf(skip)("goes on after the last delivered item: none lost, none repeated", async () => {
    const store = makeStore();
    const first = herald([adapter()], { checkpoints: store });
    for (let i = 0; i < 3; i++) sim.mastodon.listen.mention(me(), `@herald_sim_1 m${i}`);
    sim.mastodon.listen.publish("#acmesale t0");
    const a = first.listen(query);
    const heardA = collect(a);
    await drive(clock, () => heardA.length >= 4);
    await first.close();
    // published while no listener runs
    for (let i = 3; i < 5; i++) sim.mastodon.listen.mention(me(), `@herald_sim_1 m${i}`);
    sim.mastodon.listen.publish("#acmesale t1");

    const second = herald([adapter()], { checkpoints: store });
    const b = second.listen(query);
    const heardB = collect(b);
    await drive(clock, () => heardB.length >= 3);
    sim.mastodon.listen.publish("#acmesale t2");
    await drive(clock, () => heardB.length >= 4);
    const polls = sim.requests.length;
    await drive(clock, () => sim.requests.length >= polls + 4);
    await second.close();

    const texts = (items: typeof heardA) => items.map((i) => i.text).sort();
    expect(texts(heardA)).toEqual([
      "#acmesale t0",
      "@herald_sim_1 m0",
      "@herald_sim_1 m1",
      "@herald_sim_1 m2",
    ]);
    expect(texts(heardB)).toEqual([
      "#acmesale t1",
      "#acmesale t2",
      "@herald_sim_1 m3",
      "@herald_sim_1 m4",
    ]);
  });

  it.skipIf(skip)("a listener killed in a handler: the next one starts at that item", async () => {
    const store = makeStore();
    for (let i = 0; i < 5; i++) sim.mastodon.listen.mention(me(), `@herald_sim_1 k${i}`);
    const dying = herald([adapter()], { checkpoints: store });
    const a = dying.listen({ to: "mastodon", mentions: true });
    const handled: string[] = [];
    a.on("mention", (item) => {
      // the process dies while handling the third item: its handler never returns
      if (handled.length === 2) return new Promise(() => {});
      handled.push(item.text);
      return undefined;
    });
    await drive(clock, () => handled.length === 2);
    await settle(5);

    const next = herald([adapter()], { checkpoints: store });
    const b = next.listen({ to: "mastodon", mentions: true });
    const heard = collect(b);
    await drive(clock, () => heard.length >= 3);
    await next.close();
    await dying.close(); // bounded although its handler never settles
    expect(handled).toEqual(["@herald_sim_1 k0", "@herald_sim_1 k1"]);
    expect(heard.map((i) => i.text)).toEqual([
      "@herald_sim_1 k2",
      "@herald_sim_1 k3",
      "@herald_sim_1 k4",
    ]);
  });
});

describe("listener health", () => {
  it("a hanging endpoint: errors as events, close() ends at once", async () => {
    const h = herald([adapter()], { timeoutMs: 20, retry: { retries: 0 } });
    sim.faults.set({ rate: 1, kinds: ["timeout"], hangMs: 60_000, platforms: ["mastodon"] });
    const listener = h.listen({ to: "mastodon", mentions: true });
    const errors: ListenErrorEvent[] = [];
    listener.on("error", (e) => errors.push(e));
    for (let i = 0; i < 200 && errors.length === 0; i++) await settle(2);
    expect(errors[0]).toMatchObject({ platform: "mastodon", source: "mentions", fatal: false });
    expect(errors[0]!.retryInMs).toBeGreaterThan(0);
    // a poll hangs again; close does not wait for it
    clock.step();
    await settle(2);
    const started = performance.now();
    await listener.close();
    // bounded: our choice, far below the 60 s hang and the request timeout's 20 ms many times over
    expect(performance.now() - started).toBeLessThan(500);
    expect(listener.closed).toBe(true);
  });

  it("close() during the interval wait returns at once and polls no more", async () => {
    const h = herald([adapter()]);
    const listener = h.listen({ to: "mastodon", mentions: true });
    await drive(clock, () => sim.requests.length >= 1);
    await settle(5);
    const started = performance.now();
    await listener.close();
    expect(performance.now() - started).toBeLessThan(100); // our bound: no wait is left
    clock.advance(3_600_000);
    await settle(5);
    expect(sim.requests).toHaveLength(1);
  });
});

describe("hostile answers", () => {
  const source = { id: "mentions", kind: "mention", params: {} } as const;
  const context = { now: 0, query: { mentions: true } };
  it("refuses a list longer than Mastodon returns, and what is not a list", () => {
    const huge = Array.from({ length: 100_000 }, (_, i) => ({ id: String(i), type: "mention" }));
    expect(mastodonListening.read(source, huge, undefined, context)).toMatchObject({
      invalid: expect.stringMatching(/more than the 80/),
    });
    for (const body of ["<html>", null, 42, { error: "x" }]) {
      expect(mastodonListening.read(source, body, undefined, context)).toHaveProperty("invalid");
    }
    // entries of the wrong shape are skipped, never thrown on
    const reading = mastodonListening.read(
      source,
      [null, 1, { id: 5 }, { id: "7", type: "mention", status: { id: "8" } }],
      undefined,
      context,
    );
    expect(reading).toEqual({ items: [], cursor: "7", more: false });
  });

  it("reads in time linear in a status's text", () => {
    const bodyOf = (bytes: number) => [
      {
        id: "9",
        type: "mention",
        status: {
          id: "9",
          account: { id: "1" },
          content: `<p>${"a&amp;<b>".repeat(bytes / 9)}</p>`,
        },
      },
    ];
    expectLinear(
      (bytes) => JSON.stringify(bodyOf(bytes)),
      (text) => mastodonListening.read(source, JSON.parse(text), undefined, context),
      200_000,
    );
  });
});
