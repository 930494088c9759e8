// Crash-safe resume across processes: a child process starts a mass send to the simulator's HTTP
// server (which lives here, in the parent, so it outlives the child) with Redis checkpoints; the
// test kills it with SIGKILL midway and resumes the delivery in a new child. The simulator then
// shows what the platforms received.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Simulator,
  type SimulatorServer,
  startSimulatorServer,
} from "../../src/testing/node.js";
import { deleteKeys, REDIS_URL, skipWithoutRedis, uniquePrefix } from "../helpers/redis.js";
import { audienceOf } from "./fixtures/audience.js";
import { kill, startMassSend, tally, until } from "./fixtures/children.js";
import type { MassSendConfig } from "./fixtures/mass-send.js";
import { simulator, TOKENS } from "./helpers.js";

const skip = await skipWithoutRedis("the crash-and-resume test");
const prefix = uniquePrefix("crash");
let sim: Simulator;
let server: SimulatorServer;

beforeAll(async () => {
  if (skip) return;
  sim = simulator();
  server = await startSimulatorServer(sim);
});
afterAll(async () => {
  if (skip) return;
  await server.close();
  const redis = new Redis(REDIS_URL);
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

/** The first child's configuration: a new delivery of `count` recipients on `platform`. */
function sendConfig(
  platform: "line" | "telegram",
  count: number,
  concurrency: number,
): MassSendConfig {
  return {
    mode: "send",
    platform,
    id: `${platform}-${Date.now()}`,
    baseUrl: server.urls[platform],
    token: TOKENS[platform],
    redisUrl: REDIS_URL,
    prefix,
    count,
    concurrency,
  };
}

describe.skipIf(skip)("a mass send killed (SIGKILL) midway, resumed in a new process", () => {
  it("LINE: every recipient receives exactly one message", async () => {
    sim.reset();
    // every answer comes 150 ms after LINE processed the request: at the kill, batches were
    // delivered whose answer the child never read
    sim.faults.set({ rate: 1, kinds: ["slow"], when: "after", slowMs: 150, platforms: ["line"] });
    const users = audienceOf("line", 5_000);
    const config = sendConfig("line", users.length, 2);
    const first = startMassSend(config);
    await until(() => sim.line.deliveries.length >= 2_000);
    await kill(first.child);
    const atKill = sim.line.deliveries.length;
    expect(atKill).toBeLessThan(users.length); // midway
    const answeredLate = sim.requests.filter((r) => r.status === 0).length;
    expect(answeredLate).toBeGreaterThan(0); // delivered, but the child never saw the answer

    sim.faults.clear();
    const resumed = await startMassSend({ ...config, mode: "resume" }).result;
    expect(resumed.resumed).toBe(true);
    expect(resumed.counts).toEqual({ sent: 5_000, failed: 0, unknown: 0, skipped: 0 });
    expect(resumed.earlier).toBeGreaterThan(0);
    const received = tally(sim.line.deliveries.map((d) => d.to ?? ""));
    expect(received.size).toBe(5_000);
    expect([...received.values()].every((n) => n === 1)).toBe(true);
    // the batches in flight at the kill were resent under their keys: LINE answered 409
    expect(sim.requests.filter((r) => r.status === 409).length).toBe(answeredLate);
  });

  it("Telegram: duplicates ≤ requests in flight at the kill, each of them reported unknown", async () => {
    sim.reset();
    sim.faults.set({
      rate: 1,
      kinds: ["slow"],
      when: "after",
      slowMs: 200,
      platforms: ["telegram"],
    });
    const chats = audienceOf("telegram", 90);
    const concurrency = 8;
    const config = sendConfig("telegram", chats.length, concurrency);
    const first = startMassSend(config);
    await until(() => sim.telegram.messages.length >= 30);
    await kill(first.child);
    await new Promise((r) => setTimeout(r, 50)); // let the server see the dropped connections
    const atKill = sim.telegram.messages.length;
    expect(atKill).toBeLessThan(chats.length);
    // requests the simulator processed but could not answer: in flight at the kill
    const inFlight = sim.requests
      .filter((r) => r.status === 0)
      .map((r) => String((r.body as { chat_id: unknown }).chat_id));
    expect(inFlight.length).toBeGreaterThan(0);

    sim.faults.clear();
    const resumed = await startMassSend({ ...config, mode: "resume" }).result;
    const c = resumed.counts;
    expect(c.sent + c.failed + c.unknown + c.skipped).toBe(chats.length);
    expect(c.skipped + c.failed).toBe(0);
    expect(resumed.unknown.sort()).toEqual(resumed.interrupted.sort());
    expect(resumed.unknown.length).toBeLessThanOrEqual(concurrency);
    for (const chat of inFlight) expect(resumed.unknown).toContain(chat);

    const received = tally(sim.telegram.messages.map((m) => m.chatId));
    const duplicates = [...received].filter(([, n]) => n > 1).map(([chat]) => chat);
    expect(duplicates.length).toBeLessThanOrEqual(inFlight.length);
    for (const chat of duplicates) expect(resumed.unknown).toContain(chat);
    // everyone not reported unknown received exactly one message
    for (const chat of chats) {
      if (!resumed.unknown.includes(chat)) expect(received.get(chat), chat).toBe(1);
    }
  });
});
