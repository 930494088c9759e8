// The simulator for the targeting tests, on msw: Telegram allows paid-broadcast speed (1000
// messages per second) so that hundreds of DMs take no time.
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll } from "vitest";
import { simulator, TOKENS } from "../integration/helpers.js";

/** Starts a simulator for the calling test file, reset after each test. */
export function useSimulator() {
  const sim = simulator({
    telegram: {
      botTokens: [TOKENS.telegram],
      limits: { perBot: { limit: 1_000, windowMs: 1_000 } },
    },
  });
  const server = setupServer(...sim.handlers());
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => sim.reset());
  afterAll(() => server.close());
  return sim;
}
