// One simulator behind msw and a manual clock shared by the simulator and Herald, for a test
// file: a test advances time and sees the simulated platforms change (engagement grows, items
// are published). The msw server lives for the file; each test starts at START.
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll } from "vitest";
import type { PlatformAdapter } from "../../src/adapters/contract.js";
import { createHerald, type HeraldOptions } from "../../src/index.js";
import { createSimulator, ManualClock, type SimulatorOptions } from "../../src/testing/index.js";

/** 2026-11-27T09:00:00Z: the start of every test that uses this fixture. */
export const START = Date.parse("2026-11-27T09:00:00Z");

/** The simulator, the clock and a client factory of one test file. */
export function clockedSimulator(options: SimulatorOptions) {
  const clock = new ManualClock(START);
  const sim = createSimulator({ ...options, clock });
  const server = setupServer(...sim.handlers());
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => {
    sim.reset();
    clock.advance(START - clock.now());
  });
  afterAll(() => server.close());
  const herald = <const A extends readonly PlatformAdapter[]>(
    adapters: A,
    extra: Partial<HeraldOptions<A>> = {},
  ) => createHerald({ adapters, clock, retry: { retries: 2 }, ...extra });
  return { clock, sim, herald };
}
