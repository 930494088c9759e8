/**
 * A counting semaphore: at most `size` holders at once, the others wait in order. Bounds the
 * requests one delivery keeps in flight, so a stream is read only as fast as it is sent.
 */
export class Slots {
  readonly #size: number;
  #taken = 0;
  readonly #waiting: Array<() => void> = [];

  /** A pool of `size` slots (at least 1). */
  constructor(size: number) {
    this.#size = Math.max(1, size);
  }

  /** Resolves once a slot is taken; give it back with {@link release}. */
  acquire(): Promise<void> {
    if (this.#taken < this.#size) {
      this.#taken++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  /** Gives a slot back, handing it to the longest waiter if there is one. */
  release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#taken--;
  }
}
