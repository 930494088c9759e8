import type { Clock } from "../clock.js";

interface Timer {
  at: number;
  seq: number;
  wake: () => void;
}

/**
 * A clock that moves only when told: give it to `createHerald({ clock })` (and to
 * `createSimulator({ clock })`) to test scheduled sends days ahead in milliseconds. `sleep`
 * resolves when the clock is moved to or past its end.
 *
 * @example
 * const clock = new ManualClock("2026-11-26T00:00:00Z");
 * while (clock.next !== undefined) { clock.step(); await settled(); }
 */
export class ManualClock implements Clock {
  #now: number;
  #seq = 0;
  /** Pending timers, by due time then creation order. */
  readonly #timers: Timer[] = [];

  /** Starts at `start` (ms since the epoch, a Date, or an ISO time). */
  constructor(start: number | Date | string = 0) {
    this.#now = typeof start === "number" ? start : new Date(start).getTime();
    if (Number.isNaN(this.#now)) throw new RangeError(`not a time: ${String(start)}`);
  }

  /** The current time, ms since the epoch. */
  now(): number {
    return this.#now;
  }

  /** Resolves once the clock reaches now + `ms`; rejects with the signal's reason on abort. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer: Timer = {
        at: this.#now + ms,
        seq: this.#seq++,
        wake: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.#timers.splice(this.#timers.indexOf(timer), 1);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      let i = this.#timers.length;
      while (i > 0 && this.#timers[i - 1]!.at > timer.at) i--;
      this.#timers.splice(i, 0, timer);
    });
  }

  /** When the earliest pending sleep ends, or undefined when none is pending. */
  get next(): number | undefined {
    return this.#timers[0]?.at;
  }

  /** How many sleeps are pending. */
  get pending(): number {
    return this.#timers.length;
  }

  /**
   * Moves the clock to the earliest pending sleep's end and wakes every sleep ending then;
   * returns the new time (undefined, and nothing moves, when no sleep is pending).
   */
  step(): number | undefined {
    const at = this.next;
    if (at === undefined) return undefined;
    this.#now = Math.max(this.#now, at);
    while (this.#timers[0] && this.#timers[0].at <= this.#now) this.#timers.shift()!.wake();
    return this.#now;
  }

  /** Moves the clock forward by `ms`, waking every sleep ending on the way (in order). */
  advance(ms: number): void {
    const end = this.#now + ms;
    while (this.next !== undefined && this.next <= end) this.step();
    this.#now = end;
  }
}
