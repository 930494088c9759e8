import { describe, expect, it } from "vitest";
import type { Operation } from "../../src/index.js";
import { AccountLimiter } from "../../src/limits/limiter.js";

const op = (route: string, chat?: string): Operation => ({
  step: route,
  route,
  method: "POST",
  path: `/${route}`,
  idempotency: "safe",
  ...(chat ? { chat } : {}),
});

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
    const limiter = new AccountLimiter(rules, "test");
    limiter.pause(op("a"), 300, Date.now());
    const [a, b] = await Promise.all([waited(limiter, op("a")), waited(limiter, op("b"))]);
    expect(b).toBeLessThan(100);
    expect(a).toBeGreaterThanOrEqual(280);
    await limiter.stop();
  });

  it("never lets a shorter pause cut a longer one short", async () => {
    const limiter = new AccountLimiter(rules, "test");
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
