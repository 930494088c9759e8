// Proof under faults: 20% of requests fail (5xx, connection resets, timeouts, each before or
// after the platform processed the request, and the platforms' own 429s). Every recipient ends
// sent, failed with a reason, or unknown; nobody is missing from the report; and where the
// platform takes an idempotency key, nobody receives a message twice.
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { line } from "../../src/adapters/line/index.js";
import { mastodon } from "../../src/adapters/mastodon/index.js";
import { createHerald, type DeliveryReport } from "../../src/index.js";
import type { FaultKind, Simulator } from "../../src/testing/index.js";
import { instantWaits, simulator, TOKENS } from "./helpers.js";

const FAULTS = {
  rate: 0.2,
  kinds: ["5xx", "reset", "timeout", "429"] as FaultKind[],
  when: "random" as const,
  hangMs: 300, // a "timeout" hangs past the client's 100 ms timeout
  retryAfterMs: 20, // Mastodon's X-RateLimit-Reset 20 ms ahead (LINE's 429 names no wait)
};
/** Instant backoff (the clock's sleeps pass at once) and short limiter pauses after a 429. */
const retry = { retries: 10, minDelayMs: 1, maxDelayMs: 20 };

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function use(options: Parameters<typeof simulator>[0]): Simulator {
  const sim = simulator(options);
  server.use(...sim.handlers());
  return sim;
}

function counts(values: Iterable<string>): Map<string, number> {
  const out = new Map<string, number>();
  for (const v of values) out.set(v, (out.get(v) ?? 0) + 1);
  return out;
}

function expectEveryOutcomeExplained(report: DeliveryReport, n: number) {
  const c = report.counts;
  expect(c.sent + c.failed + c.unknown + c.skipped).toBe(n);
  expect(c.skipped).toBe(0);
  for (const target of report.targets) {
    const entries = target.recipients ?? [target];
    for (const entry of entries) {
      expect(["sent", "failed", "unknown"]).toContain(entry.status);
      if (entry.status !== "sent") expect(entry.error?.message).toBeTruthy();
    }
  }
}

describe("under 20% injected faults", () => {
  it("10,000 LINE recipients: all reported, none received twice (X-Line-Retry-Key)", async () => {
    const sim = use({ seed: 5 });
    sim.faults.set(FAULTS);
    const adapter = line({ channelAccessToken: TOKENS.line });
    // multicasts of 10 instead of 500: 1,000 requests, so the faults strike a few hundred times
    const narrow = { ...adapter, capabilities: { ...adapter.capabilities, recipientBatch: 10 } };
    const herald = createHerald({
      adapters: [narrow],
      clock: instantWaits,
      timeoutMs: 100,
      retry,
    });
    const users = Array.from({ length: 10_000 }, (_, i) => `U${i.toString(16).padStart(32, "0")}`);
    async function* audience() {
      yield* users;
    }
    const report = await herald.send(
      { text: "Sale today" },
      { to: { platform: "line", recipients: audience() }, concurrency: 50 },
    );

    expectEveryOutcomeExplained(report, 10_000);
    const listed = report.targets[0]!.recipients!;
    expect(listed).toHaveLength(10_000); // the report lists every one of them
    expect(new Set(listed.map((r) => r.recipient))).toEqual(new Set(users));

    const received = counts(sim.line.deliveries.map((d) => d.to ?? ""));
    expect(Math.max(...received.values())).toBe(1); // 0 duplicates
    for (const r of listed) if (r.status === "sent") expect(received.get(r.recipient)).toBe(1);
    expect(report.counts.sent).toBe(10_000); // 10 retries: no batch runs out at a 20% fault rate

    const struck = counts(sim.requests.filter((r) => r.fault).map((r) => r.fault!.kind));
    expect([...struck.keys()].sort()).toEqual(["429", "5xx", "reset", "timeout"]);
    expect(sim.stats().faults).toBeGreaterThan(150);
    expect(sim.requests.filter((r) => r.status === 409).length).toBeGreaterThan(0); // retry key hits
  });

  it("1,000 Mastodon statuses: each reaches the simulator exactly once (Idempotency-Key)", async () => {
    // an instance that allows 1,000 posts (the default is 300 per 5 minutes)
    const limits = { perToken: { limit: 100_000, windowMs: 300_000 } };
    const sim = use({ seed: 9, mastodon: { accessTokens: [TOKENS.mastodon], limits } });
    sim.faults.set(FAULTS);
    const herald = createHerald({
      adapters: [
        mastodon({
          accessToken: TOKENS.mastodon,
          instanceUrl: "https://mastodon.example",
          limits: [{ scope: "account", max: 100_000, perMs: 300_000, source: "test instance" }],
        }),
      ],
      clock: instantWaits,
      timeoutMs: 100,
      retry,
    });
    const texts = Array.from({ length: 1_000 }, (_, i) => `Status number ${i}`);
    const reports = await Promise.all(
      texts.map((text) => herald.send({ text }, { to: "mastodon" })),
    );

    for (const report of reports) expectEveryOutcomeExplained(report, 1);
    expect(reports.every((r) => r.targets[0]?.status === "sent")).toBe(true);
    const created = counts(sim.mastodon.statuses.map((s) => s.text));
    expect(created.size).toBe(1_000);
    expect(Math.max(...created.values())).toBe(1);
    const struck = counts(sim.requests.filter((r) => r.fault).map((r) => r.fault!.kind));
    expect([...struck.keys()].sort()).toEqual(["429", "5xx", "reset", "timeout"]);
    expect(sim.stats().faults).toBeGreaterThan(150);
  });
});
