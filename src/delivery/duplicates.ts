/**
 * How many ids of a recipients stream are remembered to find repeats, by default: our choice,
 * about 8 MB for 33-character LINE ids, so that memory stays flat for a stream of any length.
 * Arrays and Sets are checked exactly (their ids are in memory already).
 */
export const DEFAULT_DEDUPE_WINDOW = 100_000;

/**
 * Finds recipients that a target lists more than once, so each is sent one message: exact over
 * the last `window` distinct ids (all of them when the window is not smaller than the
 * audience), never a false repeat. Each check is O(1); memory is O(window).
 */
export class DuplicateGuard {
  readonly #seen = new Set<string>();
  readonly #order: string[] = [];
  readonly #window: number;
  #oldest = 0;

  /** Remembers up to `window` ids (`Infinity`: all). */
  constructor(window: number) {
    this.#window = window;
  }

  /** True when `id` was seen before (within the window); remembers it otherwise. */
  repeated(id: string): boolean {
    if (this.#seen.has(id)) return true;
    this.#seen.add(id);
    if (Number.isFinite(this.#window)) {
      if (this.#order.length < this.#window) this.#order.push(id);
      else {
        // a ring: the slot of the oldest id takes the newest
        this.#seen.delete(this.#order[this.#oldest]!);
        this.#order[this.#oldest] = id;
        this.#oldest = (this.#oldest + 1) % this.#window;
      }
    }
    return false;
  }
}
