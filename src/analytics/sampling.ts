/**
 * A uniform sample without replacement of a stream of unknown length, in memory bounded by the
 * sample size: reservoir sampling, Algorithm R (J. S. Vitter, "Random sampling with a
 * reservoir", ACM TOMS 11(1), 1985). Seeded, so the same stream and seed give the same sample.
 */

import { SeededRandom } from "../util/random.js";

/** How a report names the method, with its seed. */
export function samplingMethod(seed: number): string {
  return `uniform without replacement: reservoir sampling (Algorithm R, Vitter 1985), mulberry32 seed ${seed}`;
}

/** Keeps a uniform sample of at most `size` of the items offered. */
export class Reservoir<T> {
  /** The sample, in no particular order. */
  readonly items: T[] = [];
  /** Items offered so far (the population). */
  seen = 0;
  readonly #size: number;
  readonly #random: SeededRandom;

  /** A reservoir of `size` items (at least 1), drawing from a generator seeded with `seed`. */
  constructor(size: number, seed: number) {
    this.#size = Math.max(1, size);
    this.#random = new SeededRandom(seed);
  }

  /** Offers one item: kept with probability size / seen, replacing a random kept one. */
  offer(item: T): void {
    this.seen++;
    if (this.items.length < this.#size) {
      this.items.push(item);
      return;
    }
    const slot = Math.floor(this.#random.next() * this.seen);
    if (slot < this.#size) this.items[slot] = item;
  }

  /** Whether the sample is smaller than the population. */
  get sampled(): boolean {
    return this.seen > this.items.length;
  }
}
