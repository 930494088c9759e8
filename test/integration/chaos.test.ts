// Chaos: a mass send over the simulator's HTTP server with 20% mixed faults (5xx, resets,
// timeouts, 429s, before or after the platform processed the request), its process SIGKILLed
// and resumed, then Redis (checkpoints and shared limits) SIGKILLed under the resumed send and
// restarted from its append-only file, then resumed once more. Per recipient, what the simulator
// received must match the final report: 0 lost, 0 duplicated where the platform takes a key, and
// `unknown` only for recipients whose request reached the platform or was in flight when a
// process or Redis died.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FaultKind } from "../../src/testing/index.js";
import {
  type Simulator,
  type SimulatorServer,
  startSimulatorServer,
} from "../../src/testing/node.js";
import {
  freePort,
  type RedisServer,
  shouldRunRedisServerTests,
  startRedisServer,
} from "../helpers/redis-server.js";
import { audienceOf } from "./fixtures/audience.js";
import { kill, startMassSend, tally, until } from "./fixtures/children.js";
import type { MassSendConfig, MassSendResult } from "./fixtures/mass-send.js";
import { simulator, TOKENS } from "./helpers.js";

const run = shouldRunRedisServerTests("the chaos test");

const FAULTS = {
  rate: 0.2,
  kinds: ["5xx", "reset", "timeout", "429"] as FaultKind[],
  when: "random" as const,
  hangMs: 400, // a "timeout" hangs past the children's 150 ms request timeout
  retryAfterMs: 20,
};
/** Longest a child may take once its Redis died: the 500 ms limiter bound and the store's, with room. */
const SETTLE_BOUND_MS = 15_000;

let sim: Simulator;
let server: SimulatorServer;
let redis: RedisServer | undefined;
let dir: string;

beforeAll(async () => {
  if (!run) return;
  sim = simulator();
  server = await startSimulatorServer(sim);
  dir = mkdtempSync(join(tmpdir(), "herald-chaos-"));
});
afterAll(async () => {
  if (!run) return;
  await redis?.kill();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what}: still pending after ${ms} ms`)), ms),
    ),
  ]);
}

/** The send, SIGKILLed and resumed, Redis SIGKILLed and restarted, resumed again: the last report. */
async function chaos(
  platform: "line" | "telegram",
  count: number,
  received: () => number,
): Promise<MassSendResult> {
  const port = await freePort();
  redis = await startRedisServer(port, { dir });
  const url = `redis://127.0.0.1:${port}`;
  const config: MassSendConfig = {
    mode: "send",
    platform,
    id: `chaos-${platform}-${Date.now()}`,
    baseUrl: server.urls[platform],
    token: TOKENS[platform],
    redisUrl: url,
    limitsRedisUrl: url,
    prefix: `herald-chaos:${process.pid}:`,
    count,
    concurrency: 8,
    timeoutMs: 150,
    storeTimeoutMs: 1_000,
    ...(platform === "line" ? { lineBatch: 10 } : {}),
  };
  // 1. the first process dies at about a quarter
  const first = startMassSend(config);
  await until(() => received() >= count / 4, 30_000);
  await kill(first.child);
  // 2. the resumed process loses its Redis at about half: it must settle, not hang
  const second = startMassSend({ ...config, mode: "resume" });
  await until(() => received() >= count / 2, 30_000);
  await redis.kill();
  const interrupted = await within(second.result, SETTLE_BOUND_MS, "the send without Redis");
  expect(interrupted.counts.sent).toBeLessThan(count);
  // 3. Redis comes back from its append-only file; the last resume finishes the send
  redis = await startRedisServer(port, { dir });
  sim.faults.set({ ...FAULTS, rate: 0.1, platforms: [platform] });
  const last = await startMassSend({ ...config, mode: "resume" }).result;
  await redis.kill();
  redis = undefined;
  return last;
}

/** Ids of the recipients whose request reached the simulator (processed or not). */
function reached(body: (r: Simulator["requests"][number]) => string[]): Set<string> {
  return new Set(sim.requests.flatMap(body));
}

describe.skipIf(!run)("chaos: faults, a killed process, a killed Redis", () => {
  it("LINE: every recipient reported, none received twice (X-Line-Retry-Key)", async () => {
    sim.reset();
    sim.faults.set({ ...FAULTS, platforms: ["line"] });
    const users = audienceOf("line", 1_500);
    const report = await chaos("line", users.length, () => sim.line.deliveries.length);
    const received = tally(sim.line.deliveries.map((d) => d.to ?? ""));
    expect(Object.keys(report.statuses).sort()).toEqual([...users].sort()); // nobody lost
    expect(Math.max(...received.values())).toBe(1); // nobody twice
    for (const user of users) {
      const status = report.statuses[user];
      if (status === "sent") expect(received.get(user), user).toBe(1);
      if (status === "failed") expect(received.get(user), user).toBeUndefined();
      expect(status, user).not.toBe("skipped");
    }
    expect(report.counts.sent).toBeGreaterThan(users.length * 0.9);
    expect(sim.stats().faults).toBeGreaterThan(20);
  }, 90_000); // three processes, each starting tsx

  it("Telegram: sent means received once, failed means not received, unknown only if it reached the platform or was in flight at a death", async () => {
    sim.reset();
    sim.faults.set({ ...FAULTS, platforms: ["telegram"] });
    const chats = audienceOf("telegram", 150);
    const report = await chaos("telegram", chats.length, () => sim.telegram.messages.length);
    const received = tally(sim.telegram.messages.map((m) => m.chatId));
    const arrived = reached((r) => {
      const chat = (r.body as { chat_id?: unknown } | undefined)?.chat_id;
      return chat === undefined ? [] : [String(chat)];
    });
    expect(Object.keys(report.statuses).sort()).toEqual([...chats].sort()); // nobody lost
    const unreached: string[] = [];
    for (const chat of chats) {
      const status = report.statuses[chat];
      expect(status, chat).not.toBe("skipped");
      if (status === "sent") expect(received.get(chat), chat).toBe(1);
      if (status === "failed") expect(received.get(chat), chat).toBeUndefined();
      // unknown without reaching the platform: only a request recorded in flight when its
      // process or its Redis died, whose send Herald cannot tell from a crash just before it
      if (status === "unknown" && !arrived.has(chat)) unreached.push(chat);
      // a second message only ever goes to a recipient reported unknown
      if ((received.get(chat) ?? 0) > 1) expect(status, chat).toBe("unknown");
    }
    // at most the requests in flight at the two deaths (concurrency 8 each), none received
    expect(unreached.length).toBeLessThanOrEqual(16);
    for (const chat of unreached) expect(received.get(chat), chat).toBeUndefined();
    expect(report.counts.sent).toBeGreaterThan(chats.length * 0.5);
    expect(sim.stats().faults).toBeGreaterThan(10);
  }, 90_000); // three processes at Telegram's 30 messages/s
});
