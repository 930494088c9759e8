// Linearity checks by timing: the fastest of a few runs (the least disturbed by GC and other
// processes on a shared machine) at N and 4N bytes, compared with a generous bound.

/** The fastest of up to `runs` runs of `work`, in ms; a single run when one is already slow. */
export function fastestMs(work: () => unknown, runs = 5): number {
  let best = Number.POSITIVE_INFINITY;
  // a run this slow is already the answer (a quadratic reader at 1 MB takes minutes): our bound
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

/**
 * The ms of `read` on `make(n)` and on `make(4 * n)`, after a warm-up at `n / 4`. A linear
 * reader takes about 4x; a quadratic one 16x.
 */
export function timesAtNand4N(
  make: (bytes: number) => string,
  read: (text: string) => unknown,
  n: number,
): { small: number; large: number } {
  const warm = make(n / 4);
  fastestMs(() => read(warm));
  const small = make(n);
  const large = make(4 * n);
  return { small: fastestMs(() => read(small)), large: fastestMs(() => read(large)) };
}

/** At most this many times the time for 4x the input: our bound, twice linear, half quadratic. */
export const LINEAR_RATIO = 8;
/** Added to the bound for the timer's resolution and scheduling noise: our choice. */
export const TIMER_SLACK_MS = 2;
