/**
 * Fans one AbortSignal out to many waiters with a single listener on it, so a mass send with
 * hundreds of waiting requests does not pile listeners onto the caller's signal.
 */
export class CancelScope {
  /** The signal this scope follows. */
  readonly signal: AbortSignal;
  readonly #callbacks = new Set<() => void>();

  /** Follows `signal`. */
  constructor(signal: AbortSignal) {
    this.signal = signal;
    signal.addEventListener(
      "abort",
      () => {
        for (const callback of this.#callbacks) callback();
        this.#callbacks.clear();
      },
      { once: true },
    );
  }

  /** Whether the scope was cancelled. */
  get aborted(): boolean {
    return this.signal.aborted;
  }

  /**
   * A signal of its own for one wait, aborted with the scope; call `dispose` when the wait is
   * over so the scope forgets it.
   */
  child(): { signal: AbortSignal; dispose: () => void } {
    const controller = new AbortController();
    if (this.signal.aborted) {
      controller.abort(this.signal.reason);
      return { signal: controller.signal, dispose: () => {} };
    }
    const callback = () => controller.abort(this.signal.reason);
    this.#callbacks.add(callback);
    return { signal: controller.signal, dispose: () => this.#callbacks.delete(callback) };
  }

  /** Runs `wait` with a child signal and forgets it afterwards. */
  async run<T>(wait: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const { signal, dispose } = this.child();
    try {
      return await wait(signal);
    } finally {
      dispose();
    }
  }
}
