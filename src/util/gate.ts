/**
 * A gate that `pause()` closes and `resume()` opens: waiters pass at once while it is open and
 * wait while it is closed. Used for `delivery.pause()`: the run stops pulling recipients and no
 * new request leaves, while requests already sent finish.
 */
export class Gate {
  #closed: { promise: Promise<void>; open: () => void } | undefined;

  /** Whether the gate is closed (paused). */
  get paused(): boolean {
    return this.#closed !== undefined;
  }

  /** Closes the gate; closing a closed gate does nothing. */
  pause(): void {
    if (this.#closed) return;
    let open!: () => void;
    const promise = new Promise<void>((resolve) => {
      open = resolve;
    });
    this.#closed = { promise, open };
  }

  /** Opens the gate and lets every waiter pass. */
  resume(): void {
    const closed = this.#closed;
    this.#closed = undefined;
    closed?.open();
  }

  /**
   * Resolves when the gate is open, or when `signal` aborts (a cancelled delivery runs on to
   * report everything `skipped`); never rejects.
   */
  wait(signal?: AbortSignal): Promise<void> {
    const closed = this.#closed;
    if (!closed || signal?.aborted) return Promise.resolve();
    if (!signal) return closed.promise;
    return new Promise<void>((resolve) => {
      const done = () => {
        signal.removeEventListener("abort", done);
        resolve();
      };
      signal.addEventListener("abort", done, { once: true });
      void closed.promise.then(done);
    });
  }
}
