/** Releases a slot taken from the limiters: call it when the response has arrived. */
export type Release = () => void;

/** Lets a timer not hold the process open (Node, Bun); a no-op where timers have no `unref`. */
export function unref(timer: ReturnType<typeof setTimeout>): void {
  (timer as { unref?: () => void }).unref?.();
}

/**
 * Keeps the process alive while some caller waits for a slot, with one timer for all of them.
 * The hold and pause timers are unref'd, so a finished script exits at once instead of waiting
 * out the last window; a caller still waiting for a slot must not be dropped that way.
 */
export class KeepAlive {
  #waiting = 0;
  #timer: ReturnType<typeof setInterval> | undefined;

  /** One more caller waits. */
  enter(): void {
    if (this.#waiting++ === 0) this.#timer = setInterval(() => {}, 2 ** 30);
  }

  /** One caller stopped waiting. */
  leave(): void {
    if (--this.#waiting === 0) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  }
}
