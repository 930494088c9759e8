// A simulator behind msw and a manual clock shared by the simulator and Herald, for listeners:
// a test publishes items into the simulator and drives the clock until the listener heard them.
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll } from "vitest";
import type { PlatformAdapter } from "../../src/adapters/contract.js";
import { createHerald, type HeraldOptions, type ListenedItem } from "../../src/index.js";
import { createSimulator, ManualClock, type SimulatorOptions } from "../../src/testing/index.js";

/** 2026-11-27T09:00:00Z: the start of every listening test. */
export const START = Date.parse("2026-11-27T09:00:00Z");

/** The simulator and the clock of one test file; the msw server lives for the file. */
export function listenFixture(options: SimulatorOptions) {
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

/** Lets pending promises and msw's handlers run (a few real ms at most). */
export function settle(ms = 1): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Moves the manual clock one pending sleep at a time, letting work run in between, until
 * `done()` holds; fails after `steps` steps (so a listener that never gets there fails fast).
 */
export async function drive(clock: ManualClock, done: () => boolean, steps = 200): Promise<void> {
  for (let i = 0; i < steps; i++) {
    if (done()) return;
    await settle();
    if (done()) return;
    clock.step();
  }
  throw new Error(`not done after ${steps} steps of the clock`);
}

/** Collects the items a listener delivers, by `item` events. */
export function collect(listener: {
  on(event: "item", fn: (item: ListenedItem) => void): unknown;
}) {
  const items: ListenedItem[] = [];
  listener.on("item", (item) => {
    items.push(item);
  });
  return items;
}
