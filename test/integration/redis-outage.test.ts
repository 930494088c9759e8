// Redis down under the shared rate limits (and under the Redis stores): a redis-server of the
// test's own, killed (SIGKILL) mid-send and restarted empty on the same port. The simulated
// Telegram and a counting fetch are the judges: nothing sent twice, nothing hanging, limits held.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { telegram } from "../../src/adapters/telegram/index.js";
import {
  createHerald,
  type DeliveryReport,
  DependencyUnavailableError,
  type Herald,
} from "../../src/index.js";
import { redisCheckpoints, redisConnection } from "../../src/redis.js";
import { createSimulator, maxInAnyWindow, type Simulator } from "../../src/testing/index.js";
import { type SimulatorServer, startSimulatorServer } from "../../src/testing/node.js";
import {
  freePort,
  killAllRedisServers,
  type RedisServer,
  shouldRunRedisServerTests,
  startRedisServer,
} from "../helpers/redis-server.js";
import { signed, webhookHerald } from "../webhooks/helpers.js";

const TOKENS = ["111:OUTAGE", "222:OUTAGE"] as const;
/** Telegram's 30 msg/s (PLATFORMS.md), lowered to 5 per 300 ms so a send spans several windows. */
const LIMIT = { max: 5, perMs: 300 };
/** `unavailableTimeoutMs` of these tests: short, so the file runs in seconds. */
const UNAVAILABLE_MS = 500;
/** Slack for timers and a busy machine on top of a bound. */
const SLACK_MS = 1_500;

const runServers = shouldRunRedisServerTests("the Redis outage tests");

let sim: Simulator;
let server: SimulatorServer;
/** Requests that reached the platform, per chat (counted before the simulator answers). */
const requests = new Map<string, number>();
const countingFetch: typeof fetch = (input, init) => {
  if (typeof init?.body === "string") {
    const chat = String((JSON.parse(init.body) as { chat_id?: unknown }).chat_id);
    requests.set(chat, (requests.get(chat) ?? 0) + 1);
  }
  return fetch(input, init);
};

beforeAll(async () => {
  sim = createSimulator({ telegram: { botTokens: [...TOKENS] }, validate: false });
  server = await startSimulatorServer(sim);
});
afterAll(async () => {
  await server.close();
  await killAllRedisServers(); // those a failed test did not kill
});

const chats = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => String(from + i));

/** A client whose account limit is shared through the Redis on `port`. */
function heraldOn(port: number, connection: Record<string, unknown> = {}): Herald {
  return createHerald({
    adapters: TOKENS.map((botToken, i) =>
      telegram({
        botToken,
        baseUrl: server.urls.telegram,
        ...(i === 1 ? { account: "second" } : {}),
        limits: [{ scope: "account", ...LIMIT, source: "test: lowered Telegram bulk limit" }],
      }),
    ),
    redis: redisConnection({
      // reconnect every 50 ms (ioredis backs off to 2 s by default), so a restart is seen at once
      connection: { host: "127.0.0.1", port, retryStrategy: () => 50, ...connection },
      prefix: "outage",
      unavailableTimeoutMs: UNAVAILABLE_MS,
    }),
    fetch: countingFetch,
    retry: { retries: 0 },
  });
}

function send(herald: Herald, recipients: string[], account?: string) {
  return herald.send(
    { text: "outage" },
    {
      to: { platform: "telegram", ...(account ? { account } : {}), recipients },
      concurrency: 10,
    },
  );
}

/** Resolves when `check` holds, polling every 10 ms; fails after `ms`. */
async function until(check: () => boolean | Promise<boolean>, ms: number): Promise<number> {
  const start = performance.now();
  while (!(await check())) {
    if (performance.now() - start > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return performance.now() - start;
}

function outcomes(report: DeliveryReport) {
  const listed = report.targets[0]?.recipients ?? [];
  return {
    sent: listed.filter((r) => r.status === "sent").map((r) => r.recipient),
    failed: listed.filter((r) => r.status === "failed"),
  };
}

describe.runIf(runServers)("the shared limits when Redis is down", () => {
  it("Redis unreachable from the start: the send settles after the bound, every recipient failed, nothing sent", async () => {
    const port = await freePort(); // nothing listens there
    const herald = heraldOn(port);
    const to = chats(1_000, 30);
    const start = performance.now();
    const report = await send(herald, to);
    const took = performance.now() - start;

    expect(took).toBeGreaterThanOrEqual(UNAVAILABLE_MS - 50);
    expect(took).toBeLessThan(UNAVAILABLE_MS + SLACK_MS);
    expect(report.counts).toEqual({ sent: 0, failed: 30, unknown: 0, skipped: 0 });
    for (const r of outcomes(report).failed) {
      expect(r.error).toBeInstanceOf(DependencyUnavailableError);
      expect(r.error?.code).toBe("dependency_unavailable");
    }
    expect(to.filter((chat) => requests.has(chat))).toEqual([]);

    const closing = performance.now();
    await herald.close();
    expect(performance.now() - closing).toBeLessThan(UNAVAILABLE_MS + SLACK_MS);
  });

  describe("killed mid-send, then back empty", () => {
    let redis: RedisServer;
    let herald: Herald;
    let first: DeliveryReport;
    const firstTo = chats(2_000, 40);
    afterAll(async () => {
      await herald?.close();
      await redis?.kill();
    });

    it("the delivery settles: nothing sent twice, the rest failed (not lost, not hanging)", async () => {
      redis = await startRedisServer(await freePort());
      herald = heraldOn(redis.port);
      const delivery = send(herald, firstTo);
      await until(
        () => firstTo.filter((chat) => requests.has(chat)).length >= 2 * LIMIT.max,
        5_000,
      );
      const killedAt = performance.now();
      await redis.kill();
      first = await delivery;
      expect(performance.now() - killedAt).toBeLessThan(UNAVAILABLE_MS + SLACK_MS);

      const { sent, failed } = outcomes(first);
      expect(first.counts.unknown + first.counts.skipped).toBe(0);
      expect(sent.length + failed.length).toBe(firstTo.length);
      expect(sent.length).toBeGreaterThanOrEqual(2 * LIMIT.max);
      expect(failed.length).toBeGreaterThan(0);
      for (const r of failed) expect(r.error).toBeInstanceOf(DependencyUnavailableError);
      // every request that left was answered and reported sent; none went twice
      for (const chat of firstTo) expect(requests.get(chat) ?? 0).toBeLessThanOrEqual(1);
      expect(firstTo.filter((chat) => requests.has(chat)).sort()).toEqual(sent.sort());
    });

    it("Redis back empty: sending resumes, the limit holds again, and a resume sends the failed once", async () => {
      redis = await startRedisServer(redis.port); // same port, no data: every limiter key is gone
      const probe = chats(3_000, 100);
      let probes = 0;
      const recovery = await until(
        async () => (await send(herald, [probe[probes++]!])).counts.sent === 1,
        5_000,
      );
      console.log(`sending again ${Math.round(recovery)} ms after Redis came back`);

      const secondTo = chats(4_000, 4 * LIMIT.max);
      const second = await send(herald, secondTo);
      expect(second.counts.sent).toBe(secondTo.length);
      const times = sim.telegram.messages
        .filter((m) => secondTo.includes(m.chatId))
        .map((m) => m.time);
      expect(times).toHaveLength(secondTo.length);
      expect(maxInAnyWindow(times, LIMIT.perMs)).toBeLessThanOrEqual(LIMIT.max);

      // the recipients that failed for Redis were not recorded as final: a resume sends them
      const resumed = await herald.resume(
        first.id,
        { text: "outage" },
        { to: { platform: "telegram", recipients: firstTo }, concurrency: 10 },
      );
      expect(resumed.counts.sent).toBe(firstTo.length);
      expect(resumed.earlier?.sent).toBe(first.counts.sent);
      for (const chat of firstTo) expect(requests.get(chat)).toBe(1);
    });

    it("close() ends within the bound while Redis is dead, even mid-send", async () => {
      const delivery = send(herald, chats(5_000, 40));
      await until(() => requests.has("5000"), 5_000);
      await redis.kill();
      const start = performance.now();
      await herald.close();
      const closed = performance.now() - start;
      console.log(`close() with Redis dead: ${Math.round(closed)} ms`);
      expect(closed).toBeLessThan(2 * UNAVAILABLE_MS + SLACK_MS);
      const report = await delivery;
      expect(report.counts.sent + report.counts.failed).toBe(40);
    });
  });

  it("a short outage inside the bound, back empty: the send completes, each recipient once, within the limit", async () => {
    // a window of 1 s outlasts the outage: the slots of the first window are still running
    // when Redis comes back without them
    const window = { max: 5, perMs: 1_000 };
    const redis = await startRedisServer(await freePort());
    const herald = createHerald({
      adapters: [
        telegram({
          botToken: TOKENS[0],
          baseUrl: server.urls.telegram,
          limits: [{ scope: "account", ...window, source: "test: lowered Telegram bulk limit" }],
        }),
      ],
      redis: redisConnection({
        connection: { host: "127.0.0.1", port: redis.port, retryStrategy: () => 50 },
        prefix: "blip",
        unavailableTimeoutMs: 5_000, // longer than the outage below
      }),
      fetch: countingFetch,
    });
    const to = chats(6_000, 3 * window.max);
    const delivery = send(herald, to);
    await until(() => to.filter((chat) => requests.has(chat)).length === window.max, 5_000);
    await redis.kill();
    await new Promise((r) => setTimeout(r, 200));
    const back = await startRedisServer(redis.port);
    const report = await delivery;
    await herald.close();
    await back.kill();

    expect(report.counts.sent).toBe(to.length);
    for (const chat of to) expect(requests.get(chat)).toBe(1);
    const times = sim.telegram.messages.filter((m) => to.includes(m.chatId)).map((m) => m.time);
    expect(maxInAnyWindow(times, window.perMs)).toBeLessThanOrEqual(window.max);
  });

  it("Redis hanging (frozen, its connections open): the send settles after the bound, nothing sent twice", async () => {
    const redis = await startRedisServer(await freePort());
    const herald = heraldOn(redis.port);
    const to = chats(6_500, 30);
    const delivery = send(herald, to);
    await until(() => to.filter((chat) => requests.has(chat)).length >= LIMIT.max, 5_000);
    redis.freeze();
    const frozenAt = performance.now();
    const report = await delivery;
    expect(performance.now() - frozenAt).toBeLessThan(UNAVAILABLE_MS + SLACK_MS);
    const { sent, failed } = outcomes(report);
    expect(sent.length + failed.length).toBe(to.length);
    expect(failed.length).toBeGreaterThan(0);
    for (const r of failed) expect(r.error).toBeInstanceOf(DependencyUnavailableError);
    expect(to.filter((chat) => requests.has(chat)).sort()).toEqual(sent.sort());
    const closing = performance.now();
    await herald.close();
    expect(performance.now() - closing).toBeLessThan(2 * UNAVAILABLE_MS + SLACK_MS);
    redis.thaw();
    await redis.kill();
  });

  it("an account first used while Redis is down gets its limiter made again once Redis is back", async () => {
    const redis = await startRedisServer(await freePort());
    // commands fail after one reconnect attempt: the second account's setup in Redis fails
    const herald = heraldOn(redis.port, { maxRetriesPerRequest: 1 });
    expect((await send(herald, ["7000"])).counts.sent).toBe(1);
    await redis.kill();
    const down = await send(herald, ["7001"], "second");
    expect(down.counts.failed).toBe(1);
    const back = await startRedisServer(redis.port);
    let n = 7002;
    const recovery = await until(
      async () => (await send(herald, [String(n++)], "second")).counts.sent === 1,
      5_000,
    );
    console.log(`second account sending ${Math.round(recovery)} ms after Redis came back`);
    await herald.close();
    await back.kill();
  });
});

describe("the Redis stores when Redis is down", () => {
  /** An ioredis client that would queue commands forever (what BullMQ's connections need). */
  const patient = (port: number) => {
    const client = new Redis({
      host: "127.0.0.1",
      port,
      maxRetriesPerRequest: null,
      retryStrategy: () => 50,
    });
    client.on("error", () => {}); // refused connections, expected here
    return client;
  };

  it("redisCheckpoints: a send rejects within the store's timeout instead of hanging", async () => {
    const client = patient(await freePort());
    const herald = createHerald({
      adapters: [telegram({ botToken: TOKENS[0], baseUrl: server.urls.telegram })],
      checkpoints: redisCheckpoints(client, { timeoutMs: 300 }),
      fetch: countingFetch,
    });
    const start = performance.now();
    await expect(send(herald, chats(8_000, 3))).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(performance.now() - start).toBeLessThan(300 + SLACK_MS);
    expect(requests.has("8000")).toBe(false);
    await herald.close();
    client.disconnect();
  });

  it.runIf(runServers)(
    "redisCheckpoints: Redis killed mid-send: the delivery settles, the unrecorded rest not sent",
    async () => {
      const redis = await startRedisServer(await freePort());
      const client = patient(redis.port);
      const herald = createHerald({
        adapters: [
          telegram({
            botToken: TOKENS[1],
            baseUrl: server.urls.telegram,
            limits: [{ scope: "account", ...LIMIT, source: "test: lowered Telegram bulk limit" }],
          }),
        ],
        checkpoints: redisCheckpoints(client, { timeoutMs: 300 }),
        fetch: countingFetch,
      });
      const to = chats(9_000, 40);
      const delivery = send(herald, to);
      await until(() => requests.has("9005"), 5_000);
      const killedAt = performance.now();
      await redis.kill();
      const report = await delivery;
      expect(performance.now() - killedAt).toBeLessThan(300 + LIMIT.perMs + SLACK_MS);
      expect(report.counts.sent + report.counts.failed + report.counts.skipped).toBe(to.length);
      expect(report.counts.sent).toBeLessThan(to.length);
      for (const chat of to) expect(requests.get(chat) ?? 0).toBeLessThanOrEqual(1);
      await herald.close();
      client.disconnect();
    },
  );

  it("redisDedupe: a webhook is answered 503 within the timeout instead of hanging", async () => {
    const client = patient(await freePort());
    const reported: string[] = [];
    const herald = webhookHerald({
      webhooks: { redis: client },
      logger: { warn: (message) => reported.push(message) },
    });
    const start = performance.now();
    const body = JSON.stringify({
      update_id: 1,
      message: { message_id: 1, date: 0, chat: { id: 1, type: "private" }, text: "hi" },
    });
    const response = await herald.webhooks.handle(signed("telegram", body));
    expect(response.status).toBe(503);
    expect(performance.now() - start).toBeLessThan(1_000 + SLACK_MS);
    expect(reported.join("\n")).toMatch(/dedupe store failed/);
    client.disconnect();
  });
});
