// Linearity checks by timing: the fastest of a few runs (the least disturbed by GC and other
// processes on a shared machine) at N and 8N bytes, compared with a bound far from both answers:
// a linear reader takes about 8x, a quadratic one 64x, the bound is 24x.
import { expect } from "vitest";

/** The factor between the small and the large input: our choice, wide enough to tell 8x from 64x. */
export const GROWTH = 8;
/** At most this many times the time for GROWTH times the input: three times linear, well under quadratic's 64x. */
export const LINEAR_RATIO = 24;
/** Added to the bound for the timer's resolution and scheduling noise: our choice. */
export const TIMER_SLACK_MS = 2;
/**
 * Measurements before a reader is called superlinear: a quadratic reader fails every one, a
 * linear one fails only when a GC pause or another process lands on its large run each time.
 */
const ATTEMPTS = 3;
/**
 * The smallest N measured: 500 KB, so that N and 8N are both past the CPU caches. At 125 KB the
 * small input stays in cache and the large one does not, and a linear reader (Mastodon's status
 * HTML, WeChat's XML) measured 40-50x on this 2-core machine under load.
 */
const MIN_BYTES = 500_000;

/** The fastest of up to `runs` runs of `work`, in ms; a single run when one is already slow. */
export function fastestMs(work: () => unknown, runs = 5): number {
  let best = Number.POSITIVE_INFINITY;
  // a run this slow is already the answer (a quadratic reader at 2 MB takes minutes): our bound
  for (let run = 0; run < runs && (run === 0 || best < 1_000); run++) {
    const started = performance.now();
    try {
      work();
    } catch {
      // a refusal is an outcome too: its cost is what is measured
    }
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

/** The ms of `read` on `make(n)` and on `make(GROWTH * n)`, after a warm-up at `n / 4`. */
export function timesAtNandGrowthN(
  make: (bytes: number) => string,
  read: (text: string) => unknown,
  n: number,
): { small: number; large: number } {
  const warm = make(n / 4);
  fastestMs(() => read(warm));
  const small = make(n);
  const large = make(GROWTH * n);
  return { small: fastestMs(() => read(small)), large: fastestMs(() => read(large)) };
}

/**
 * Asserts that `read` takes under LINEAR_RATIO times as long on `make(GROWTH * n)` as on
 * `make(n)`, plus `slackMs`, in at least one of ATTEMPTS measurements; `n` is at least
 * `minBytes` (default MIN_BYTES).
 */
export function expectLinear(
  make: (bytes: number) => string,
  read: (text: string) => unknown,
  n: number,
  slackMs = TIMER_SLACK_MS,
  minBytes = MIN_BYTES,
): void {
  const size = Math.max(n, minBytes);
  let times = timesAtNandGrowthN(make, read, size);
  for (let attempt = 1; attempt < ATTEMPTS; attempt++) {
    if (times.large < LINEAR_RATIO * times.small + slackMs) break;
    times = timesAtNandGrowthN(make, read, size);
  }
  expect(times.large).toBeLessThan(LINEAR_RATIO * times.small + slackMs);
}
