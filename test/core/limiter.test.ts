import { describe, expect, it } from "vitest";
import type { Operation } from "../../src/index.js";
import { AccountLimiter, type LimiterSettings } from "../../src/limits/limiter.js";

const op = (route: string, chat?: string): Operation => ({
  step: route,
  route,
  method: "POST",
  path: `/${route}`,
  idempotency: "safe",
  ...(chat ? { chat } : {}),
});

const settings: LimiterSettings = {
  requestTimeoutMs: 30_000,
  now: () => Date.now(),
  onError: (error) => {
    throw error;
  },
};

const rules = [
  { scope: "route" as const, route: "a", max: 10, perMs: 1_000, source: "test" },
  { scope: "route" as const, route: "b", max: 10, perMs: 1_000, source: "test" },
];

async function waited(limiter: AccountLimiter, operation: Operation): Promise<number> {
  const start = performance.now();
  const release = await limiter.acquire(operation);
  release();
  return performance.now() - start;
}

describe("AccountLimiter", () => {
  it("pauses only the limit the rate-limited request fell under", async () => {
    const limiter = new AccountLimiter(rules, "test", settings);
    limiter.pause(op("a"), 300, Date.now());
    const [a, b] = await Promise.all([waited(limiter, op("a")), waited(limiter, op("b"))]);
    expect(b).toBeLessThan(100);
    expect(a).toBeGreaterThanOrEqual(280);
    await limiter.stop();
  });

  it("never lets a shorter pause cut a longer one short", async () => {
    const limiter = new AccountLimiter(rules, "test", settings);
    const now = Date.now();
    limiter.pause(op("a"), 300, now);
    limiter.pause(op("a"), 10, now);
    expect(await waited(limiter, op("a"))).toBeGreaterThanOrEqual(280);
    await limiter.stop();
  });

  it("an aborted wait leaves the queue and takes no slot", async () => {
    const limiter = new AccountLimiter(
      [{ scope: "account", max: 1, perMs: 200, source: "test" }],
      "test",
      settings,
    );
    const first = await limiter.acquire(op("a"));
    const controller = new AbortController();
    const waiting = limiter.acquire(op("a"), controller.signal);
    controller.abort(new Error("stop"));
    await expect(waiting).rejects.toThrow("stop");
    first();
    const start = performance.now();
    (await limiter.acquire(op("a")))();
    expect(performance.now() - start).toBeGreaterThanOrEqual(180); // the slot of `first` only
    await limiter.stop();
  });
});

describe("per-chat limits", () => {
  const chatRules = [
    { scope: "chat" as const, chatKind: "private", max: 1, perMs: 200, source: "test" },
    { scope: "chat" as const, chatKind: "group", max: 2, perMs: 200, source: "test" },
  ];
  const to = (chat: string, chatKind: string): Operation => ({ ...op("send"), chat, chatKind });

  it("a second message to one chat waits for its window; other chats do not", async () => {
    const limiter = new AccountLimiter(chatRules, "test", settings);
    (await limiter.acquire(to("1", "private")))();
    expect(await waited(limiter, to("2", "private"))).toBeLessThan(50);
    expect(await waited(limiter, to("1", "private"))).toBeGreaterThanOrEqual(180);
    await limiter.stop();
  });

  it("applies the rule of the chat's kind", async () => {
    const limiter = new AccountLimiter(chatRules, "test", settings);
    (await limiter.acquire(to("-5", "group")))();
    expect(await waited(limiter, to("-5", "group"))).toBeLessThan(50); // 2 per window
    expect(await waited(limiter, to("-5", "group"))).toBeGreaterThanOrEqual(150);
    await limiter.stop();
  });

  it("forgets a chat once its window is over, so a million chats do not pile up", async () => {
    const limiter = new AccountLimiter(chatRules, "test", settings);
    for (let i = 0; i < 1_000; i++) (await limiter.acquire(to(String(i), "private")))();
    expect(limiter.trackedChats).toBe(1_000);
    await new Promise((r) => setTimeout(r, 250));
    expect(limiter.trackedChats).toBe(0);
    await limiter.stop();
  });

  it("an aborted wait for a chat takes no slot and leaves nothing behind", async () => {
    const limiter = new AccountLimiter(chatRules, "test", settings);
    const release = await limiter.acquire(to("7", "private"));
    const controller = new AbortController();
    const waiting = limiter.acquire(to("7", "private"), controller.signal);
    controller.abort(new Error("stop"));
    await expect(waiting).rejects.toThrow("stop");
    release();
    await new Promise((r) => setTimeout(r, 250));
    expect(limiter.trackedChats).toBe(0);
    expect(await waited(limiter, to("7", "private"))).toBeLessThan(50);
    await limiter.stop();
  });

  it("a pause of a limiter with only chat rules holds that chat", async () => {
    const limiter = new AccountLimiter(chatRules, "test", settings);
    limiter.pause(to("9", "private"), 300, Date.now());
    const [paused, other] = await Promise.all([
      waited(limiter, to("9", "private")),
      waited(limiter, to("10", "private")),
    ]);
    expect(paused).toBeGreaterThanOrEqual(280);
    expect(other).toBeLessThan(50);
    await limiter.stop();
  });
});
