/**
 * Items a loop over an eager stream handles between two turns of the event loop, at most: our
 * choice. A stream that answers at once (an array, a cursor with buffered rows) would otherwise
 * be read in one long run of microtasks that starves timers, I/O and a `cancel()`.
 */
export const YIELD_EVERY = 1_024;

/** Lets timers and I/O run: `setImmediate` where there is one, else a zero timeout (Workers). */
export const nextTurn = (): Promise<void> =>
  new Promise((resolve) =>
    typeof setImmediate === "function" ? setImmediate(resolve) : setTimeout(resolve, 0),
  );
