/**
 * A counting semaphore: at most `size` holders at once, the others wait in order. Bounds the
 * requests one delivery keeps in flight, so a stream is read only as fast as it is sent.
 */
export class Slots {
  readonly #size: number;
  #taken = 0;
  #waiting: Array<(() => void) | undefined> = [];
  #head = 0;

  /** A pool of `size` slots (at least 1). */
  constructor(size: number) {
    this.#size = Math.max(1, size);
  }

  /** Slots taken now. */
  get taken(): number {
    return this.#taken;
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
    const next = this.#waiting[this.#head];
    if (!next) {
      this.#taken--;
      return;
    }
    this.#waiting[this.#head++] = undefined;
    // drop the served part now and then (1024: our choice), so the queue costs O(1) per waiter
    if (this.#head === this.#waiting.length) {
      this.#waiting = [];
      this.#head = 0;
    } else if (this.#head >= 1024) {
      this.#waiting = this.#waiting.slice(this.#head);
      this.#head = 0;
    }
    next();
  }
}
