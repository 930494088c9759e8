// The listening tests' fixture: the clocked simulator of test/helpers, and helpers to drive listeners.
import type { ListenedItem } from "../../src/index.js";
import type { ManualClock } from "../../src/testing/index.js";

export { clockedSimulator as listenFixture, START } from "../helpers/clocked-simulator.js";

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
