// The limiter learns from the platforms' rate-limit signals: Mastodon's X-RateLimit-* headers
// pause it before a 429 comes, and LINE's bare 429 (no Retry-After) is retried with backoff under
// the same retry key, so nothing is delivered twice.
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { line } from "../../src/adapters/line/index.js";
import { mastodon } from "../../src/adapters/mastodon/index.js";
import { createHerald } from "../../src/index.js";
import type { Simulator } from "../../src/testing/index.js";
import { simulator, TOKENS } from "./helpers.js";

let sim: Simulator;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function use(options: Parameters<typeof simulator>[0]) {
  sim = simulator(options);
  server.use(...sim.handlers());
}

/**
 * Real waits, shortened backoff: the pauses under test are the limiter's, on real timers. Three
 * LINE multicasts need 600 ms at one per 300 ms; full jitter can draw waits as short as 50 ms, so
 * the retry budget is generous (20 retries average about 3 s of waiting) and no batch runs out.
 */
const retry = { retries: 20, minDelayMs: 100, maxDelayMs: 400 };

describe("learning from rate-limit signals", () => {
  it("pauses on Mastodon's X-RateLimit-Remaining: 0 until X-RateLimit-Reset, and gets no 429", async () => {
    use({
      mastodon: {
        accessTokens: [TOKENS.mastodon],
        limits: { perToken: { limit: 3, windowMs: 1_500 } },
      },
    });
    const herald = createHerald({
      adapters: [
        mastodon({ accessToken: TOKENS.mastodon, instanceUrl: "https://mastodon.example" }),
      ],
      retry,
    });
    const reports = [];
    for (let i = 0; i < 5; i++)
      reports.push(await herald.send({ text: `post ${i}` }, { to: "mastodon" }));
    expect(reports.map((r) => r.targets[0]?.status)).toEqual([
      "sent",
      "sent",
      "sent",
      "sent",
      "sent",
    ]);
    expect(sim.stats().rateLimited).toBe(0);
    expect(reports.reduce((n, r) => n + r.rateLimited, 0)).toBe(0);
    const times = sim.requests.map((r) => r.time);
    expect(times[3]! - times[0]!).toBeGreaterThanOrEqual(1_000); // the 4th waited for the reset
    await herald.close();
  });

  it("retries LINE's bare 429 with backoff under the same retry key: delivered once", async () => {
    use({
      line: {
        channelAccessTokens: [TOKENS.line],
        limits: { multicast: { limit: 1, windowMs: 300 } },
      },
    });
    const herald = createHerald({
      // a client limit above the channel's real one, so LINE has to say 429
      adapters: [
        line({
          channelAccessToken: TOKENS.line,
          limits: [
            {
              scope: "route",
              route: "multicast",
              max: 100,
              perMs: 1_000,
              source: "test: wrong on purpose",
            },
          ],
        }),
      ],
      retry,
    });
    const users = Array.from({ length: 1_500 }, (_, i) => `U${i.toString(16).padStart(32, "0")}`);
    const report = await herald.send(
      { text: "x" },
      { to: { platform: "line", recipients: users } },
    );
    expect(report.counts.sent).toBe(1_500);
    expect(report.rateLimited).toBeGreaterThan(0);
    expect(sim.stats().rateLimited).toBe(report.rateLimited);
    const delivered = sim.line.deliveries.map((d) => d.to);
    expect(delivered).toHaveLength(1_500);
    expect(new Set(delivered).size).toBe(1_500);
    await herald.close();
  });
});
