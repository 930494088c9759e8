// memoryDedupe: the exact semantics (a duplicate within its TTL refused, an expired id accepted
// again, an unexpired id never forgotten below maxEntries, the oldest dropped past it, mixed
// TTLs), and the cost of a claim once the store is full: constant, counted as Map iteration
// steps (the old store walked the whole Map on every claim once it held maxEntries ids).
import { afterEach, describe, expect, it } from "vitest";
import { memoryDedupe } from "../../src/index.js";

function fakeClock(start = 0) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe("memoryDedupe semantics", () => {
  it("refuses a duplicate within its TTL and accepts it once expired", () => {
    const clock = fakeClock();
    const store = memoryDedupe({ clock });
    expect(store.claim("a", 1_000)).toBe(true);
    clock.advance(999);
    expect(store.claim("a", 1_000)).toBe(false);
    clock.advance(1);
    expect(store.claim("a", 1_000)).toBe(true);
    // the new claim counts from now
    clock.advance(999);
    expect(store.claim("a", 1_000)).toBe(false);
  });

  it("never forgets an unexpired id while under maxEntries", () => {
    const clock = fakeClock();
    const store = memoryDedupe({ clock, maxEntries: 1_000 });
    for (let i = 0; i < 999; i++) expect(store.claim(`k${i}`, 60_000)).toBe(true);
    for (let i = 0; i < 999; i++) expect(store.claim(`k${i}`, 60_000)).toBe(false);
  });

  it("drops the oldest past maxEntries, in insertion order", () => {
    const clock = fakeClock();
    const store = memoryDedupe({ clock, maxEntries: 3 });
    for (const key of ["a", "b", "c", "d"]) expect(store.claim(key, 60_000)).toBe(true);
    // a was the oldest: forgotten; b, c, d kept
    expect(store.claim("b", 60_000)).toBe(false);
    expect(store.claim("c", 60_000)).toBe(false);
    expect(store.claim("d", 60_000)).toBe(false);
    expect(store.claim("a", 60_000)).toBe(true); // now b is dropped
    expect(store.claim("b", 60_000)).toBe(true);
  });

  it("with mixed TTLs, drops expired ids before any unexpired one, wherever they sit", () => {
    const clock = fakeClock();
    const store = memoryDedupe({ clock, maxEntries: 4 });
    store.claim("long-1", 60_000); // the oldest, unexpired later
    store.claim("short-1", 1_000);
    store.claim("long-2", 60_000);
    store.claim("short-2", 1_000);
    clock.advance(1_000); // the two short ones expire; the store is full
    expect(store.claim("new-1", 60_000)).toBe(true);
    expect(store.claim("new-2", 60_000)).toBe(true);
    // room was made from the expired ones: the oldest (unexpired) id is still known
    expect(store.claim("long-1", 60_000)).toBe(false);
    expect(store.claim("long-2", 60_000)).toBe(false);
    expect(store.claim("new-1", 60_000)).toBe(false);
    // nothing expired left: the next claim drops the oldest, long-1
    expect(store.claim("new-3", 60_000)).toBe(true);
    expect(store.claim("long-2", 60_000)).toBe(false);
    expect(store.claim("long-1", 60_000)).toBe(true);
  });

  it("an id claimed again after it expired, with another TTL, follows its new TTL", () => {
    const clock = fakeClock();
    const store = memoryDedupe({ clock, maxEntries: 2 });
    store.claim("a", 1_000);
    clock.advance(1_000);
    expect(store.claim("a", 60_000)).toBe(true);
    store.claim("b", 60_000);
    clock.advance(5_000);
    // full, nothing expired: c drops the oldest (a's first claim is long gone, its second is older than b)
    expect(store.claim("c", 60_000)).toBe(true);
    expect(store.claim("b", 60_000)).toBe(false);
    expect(store.claim("a", 60_000)).toBe(true);
  });

  it("keeps accepting one key through 50,000 expiries of it", () => {
    const clock = fakeClock();
    const store = memoryDedupe({ clock, maxEntries: 10 });
    for (let i = 0; i < 50_000; i++) {
      expect(store.claim("same", 10)).toBe(true);
      clock.advance(10);
    }
  });
});

/** Counts every step of every Map iterator (for...of, keys(), values(), entries(), forEach). */
function countMapIteration(): { steps: () => number; restore: () => void } {
  const proto = Map.prototype as unknown as Record<PropertyKey, unknown>;
  const names: PropertyKey[] = ["keys", "values", "entries", Symbol.iterator, "forEach"];
  const originals = new Map(names.map((name) => [name, proto[name]]));
  let steps = 0;
  for (const name of names) {
    const original = originals.get(name) as (this: unknown, ...args: unknown[]) => unknown;
    if (name === "forEach") {
      proto[name] = function (this: unknown, fn: (...args: unknown[]) => void, self?: unknown) {
        return original.call(this, (...args: unknown[]) => {
          steps++;
          fn.apply(self, args);
        });
      };
      continue;
    }
    proto[name] = function (this: unknown) {
      const iterator = original.call(this) as Iterator<unknown>;
      const next = iterator.next.bind(iterator);
      return {
        next: () => {
          steps++;
          return next();
        },
        [Symbol.iterator]() {
          return this;
        },
      };
    };
  }
  return {
    steps: () => steps,
    restore: () => {
      for (const [name, original] of originals) proto[name] = original;
    },
  };
}

describe("memoryDedupe cost once full", () => {
  let restore = () => {};
  afterEach(() => restore());

  it("keeps the work per claim constant past maxEntries (300,000 ids at 100,000)", () => {
    const clock = fakeClock();
    const store = memoryDedupe({ clock, maxEntries: 100_000 });
    const counter = countMapIteration();
    restore = counter.restore;
    const TOTAL = 300_000;
    const WINDOW = 10_000;
    // one TTL in use: a claim past the bound steps over the per-TTL queues twice (4 steps);
    // the old store walked all 100,000 ids on every claim once full
    const MAX_STEPS_PER_CLAIM = 8;
    let first = 0;
    let last = 0;
    let worst = 0;
    for (let i = 0; i < TOTAL; i++) {
      const before = counter.steps();
      // a long TTL: nothing expires, so every claim past the bound must drop the oldest
      if (!store.claim(`id-${i}`, 86_400_000)) throw new Error(`id-${i} refused`);
      const steps = counter.steps() - before;
      worst = Math.max(worst, steps);
      // stop at once when the bound breaks (the old store takes 100,000 steps per claim here)
      if (steps > MAX_STEPS_PER_CLAIM) break;
      if (i < WINDOW) first += steps;
      if (i >= TOTAL - WINDOW) last += steps;
      clock.advance(1);
    }
    counter.restore();
    expect(worst).toBeLessThanOrEqual(MAX_STEPS_PER_CLAIM);
    expect(last).toBeLessThanOrEqual(first + WINDOW * MAX_STEPS_PER_CLAIM);
    // exactly the newest 100,000 are kept
    expect(store.claim(`id-${TOTAL - 100_000}`, 86_400_000)).toBe(false);
    expect(store.claim(`id-${TOTAL - 100_001}`, 86_400_000)).toBe(true);
  });

  it("takes about as long per claim after 300,000 ids as for the first 10,000", () => {
    const WINDOW = 10_000;
    // a window taking this long has failed already (it takes 5 to 150 ms here, GC included;
    // the old store took 2 ms per claim once full, 20 s a window): our bound, to stop early
    const ABORT_MS = 2_000;
    /** ms for the claims [from, from + WINDOW) into `store`; Infinity past ABORT_MS. */
    const time = (store: ReturnType<typeof memoryDedupe>, from: number) => {
      const started = performance.now();
      for (let i = from; i < from + WINDOW; i++) {
        store.claim(`id-${i}`, 86_400_000);
        if (i % 100 === 0 && performance.now() - started > ABORT_MS) {
          return Number.POSITIVE_INFINITY;
        }
      }
      return performance.now() - started;
    };
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;
    // warm the JIT up on another store first, so the first windows are not cold ones
    const warm = memoryDedupe({ maxEntries: 1_000 });
    for (let i = 0; i < 50_000; i++) warm.claim(`w-${i}`, 86_400_000);
    // the first 10,000 claims into an empty store, three stores (windows vary with GC)
    const first = median([0, 1, 2].map(() => time(memoryDedupe({ maxEntries: 100_000 }), 0)));
    const store = memoryDedupe({ maxEntries: 100_000 });
    const windows: number[] = [];
    for (let from = 0; from < 350_000; from += WINDOW) {
      windows.push(time(store, from));
      if (windows.at(-1) === Number.POSITIVE_INFINITY) break;
    }
    // the five windows after 300,000 ids; a generous bound for a shared machine (plus 20 ms)
    const last = median(windows.slice(30));
    expect(windows).toHaveLength(35);
    expect(last).toBeLessThan(3 * first + 20);
  });
});
