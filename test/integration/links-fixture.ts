// The simulator and client the link tracking tests share: X, Mastodon, Telegram and LINE.
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll } from "vitest";
import { line } from "../../src/adapters/line/index.js";
import { mastodon } from "../../src/adapters/mastodon/index.js";
import { telegram } from "../../src/adapters/telegram/index.js";
import { x } from "../../src/adapters/x/index.js";
import { createHerald, type HeraldOptions } from "../../src/index.js";
import { createSimulator, type Simulator } from "../../src/testing/index.js";
import { instantWaits, TOKENS } from "./helpers.js";

const X_CLIENT = { clientId: "x-client", clientSecret: "x-client-secret-123" };

/** A LINE user id in LINE's format. */
export const LINE_USER = `U${"a".repeat(32)}`;
/** One target per platform. */
export const TO = ["x", "mastodon", "telegram:@shopnews", `line:${LINE_USER}`];

/** A simulator of the four platforms serving this test file through msw, reset after each test. */
export function linksSimulator(): Simulator {
  const sim = createSimulator({
    telegram: { botTokens: [TOKENS.telegram] },
    line: { channelAccessTokens: [TOKENS.line] },
    mastodon: { accessTokens: [TOKENS.mastodon] },
    x: { users: [{ id: "42", accessToken: "x-access-42" }], clients: [X_CLIENT] },
  });
  const server = setupServer(...sim.handlers());
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => sim.reset());
  afterAll(() => server.close());
  return sim;
}

/** A client of the four adapters on the simulator. */
export function linksHerald(options: Partial<HeraldOptions> = {}) {
  return createHerald({
    adapters: [
      x({ ...X_CLIENT, tokens: { accessToken: "x-access-42" } }),
      mastodon({ accessToken: TOKENS.mastodon, instanceUrl: "https://mastodon.example" }),
      telegram({ botToken: TOKENS.telegram }),
      line({ channelAccessToken: TOKENS.line }),
    ],
    clock: instantWaits,
    retry: { retries: 2, minDelayMs: 1, maxDelayMs: 2 },
    ...options,
  });
}

/** The text each simulated platform received, by platform. */
export function sentTexts(sim: Simulator) {
  return {
    x: sim.x.posts.map((p) => p.text),
    mastodon: sim.mastodon.statuses.map((s) => s.text),
    telegram: sim.telegram.messages.map((m) => m.text),
    line: sim.line.deliveries.flatMap((d) => d.messages.map((m) => (m as { text?: string }).text)),
  };
}

/** Every request the simulator received was valid and accepted. */
export function allAccepted(sim: Simulator): boolean {
  return (
    sim.requests.length > 0 &&
    sim.requests.every((r) => r.schemaErrors.length === 0 && r.status < 300)
  );
}
