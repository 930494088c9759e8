import type { WindowLimit } from "./types.js";

/** How often (in recorded hits) stale keys are swept so that memory stays flat. */
const SWEEP_EVERY = 10_000;

/**
 * Sliding-window request accounting per key: a limit of N per window holds in every window of
 * that length, not only in aligned ones. Time comes from the caller (the simulator clock).
 */
export class SlidingWindow {
  /** The limit enforced. */
  readonly limit: number;
  /** Window length in milliseconds. */
  readonly windowMs: number;
  readonly #hits = new Map<string, number[]>();
  #sinceSweep = 0;

  /** Creates a window enforcing `rule`. */
  constructor(rule: WindowLimit) {
    this.limit = rule.limit;
    this.windowMs = rule.windowMs;
  }

  /** Milliseconds until one more hit for `key` is allowed; 0 when allowed now. */
  wait(key: string, now: number): number {
    if (!Number.isFinite(this.limit)) return 0;
    const hits = this.#prune(key, now);
    if (hits.length < this.limit) return 0;
    const oldest = hits[hits.length - this.limit] ?? now;
    return Math.max(1, oldest + this.windowMs - now);
  }

  /** Records one hit for `key` at `now`. */
  hit(key: string, now: number): void {
    if (!Number.isFinite(this.limit)) return;
    let hits = this.#hits.get(key);
    if (!hits) {
      hits = [];
      this.#hits.set(key, hits);
    }
    hits.push(now);
    if (hits.length > this.limit) hits.splice(0, hits.length - this.limit);
    if (++this.#sinceSweep >= SWEEP_EVERY) this.#sweep(now);
  }

  /** Hits still allowed for `key` in the current window. */
  remaining(key: string, now: number): number {
    if (!Number.isFinite(this.limit)) return Number.MAX_SAFE_INTEGER;
    return Math.max(0, this.limit - this.#prune(key, now).length);
  }

  /** Time (ms) when the oldest counted hit for `key` leaves the window (`now` when none). */
  resetAt(key: string, now: number): number {
    const oldest = this.#prune(key, now)[0];
    return oldest === undefined ? now : oldest + this.windowMs;
  }

  /** Forgets every hit. */
  clear(): void {
    this.#hits.clear();
    this.#sinceSweep = 0;
  }

  #prune(key: string, now: number): number[] {
    const hits = this.#hits.get(key);
    if (!hits) return [];
    const cutoff = now - this.windowMs;
    let i = 0;
    while (i < hits.length && (hits[i] ?? 0) <= cutoff) i++;
    if (i > 0) hits.splice(0, i);
    if (hits.length === 0) this.#hits.delete(key);
    return hits;
  }

  #sweep(now: number): void {
    this.#sinceSweep = 0;
    for (const key of [...this.#hits.keys()]) this.#prune(key, now);
  }
}

/**
 * The most requests that fell in one sliding window of `windowMs`, counted the way
 * {@link SlidingWindow} counts (a hit leaves the window `windowMs` after it): the number to
 * compare with a limit, from arrival times such as `sim.telegram.messages.map((m) => m.time)`.
 *
 * @example expect(maxInAnyWindow(sim.telegram.messages.map((m) => m.time), 1000)).toBeLessThanOrEqual(30);
 */
export function maxInAnyWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last++) {
    while ((sorted[first] as number) <= (sorted[last] as number) - windowMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}
