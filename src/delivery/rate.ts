/** Length of the sliding window of the current rate, in ms: our choice, long enough to smooth bursts. */
export const RATE_WINDOW_MS = 10_000;
/** Granularity of the window: one bucket per second. */
const BUCKET_MS = 1_000;
const BUCKETS = RATE_WINDOW_MS / BUCKET_MS;

/**
 * Messages per second over the last {@link RATE_WINDOW_MS} (or since the start, when shorter,
 * and never over less than one second), counted in one-second buckets so memory stays constant.
 * Time comes from the caller (the client's clock).
 */
export class RateMeter {
  readonly #startedAt: number;
  readonly #slots = new Array<number>(BUCKETS).fill(-1);
  readonly #counts = new Array<number>(BUCKETS).fill(0);

  /** A meter that starts counting at `startedAt`. */
  constructor(startedAt: number) {
    this.#startedAt = startedAt;
  }

  /** Counts `n` messages at `now`. */
  add(n: number, now: number): void {
    const slot = Math.floor(now / BUCKET_MS);
    const i = slot % BUCKETS;
    if (this.#slots[i] !== slot) {
      this.#slots[i] = slot;
      this.#counts[i] = 0;
    }
    this.#counts[i]! += n;
  }

  /** The current rate at `now`, in messages per second. */
  rate(now: number): number {
    const slot = Math.floor(now / BUCKET_MS);
    let sum = 0;
    for (let i = 0; i < BUCKETS; i++) {
      const s = this.#slots[i]!;
      if (s > slot - BUCKETS && s <= slot) sum += this.#counts[i]!;
    }
    // the buckets cover the current second and up to BUCKETS - 1 whole seconds before it
    const windowStart = Math.max(this.#startedAt, (slot - BUCKETS + 1) * BUCKET_MS);
    const span = Math.max(BUCKET_MS, now - windowStart);
    return (sum * 1000) / span;
  }
}
