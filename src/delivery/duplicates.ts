/**
 * How many distinct ids of a recipients stream are always remembered to find repeats, by
 * default: our choice, so that the ids held (between this and twice this: about 3.5 to 7 MB for
 * LINE's 33-character ids) stay flat for a stream of any length. Arrays and Sets are checked
 * exactly (their ids are in memory already).
 */
export const DEFAULT_DEDUPE_WINDOW = 50_000;

/**
 * Finds recipients that a target lists more than once, so each is sent one message, never a
 * false repeat. Ids are kept in two generations of up to `window` each: when the newer one is
 * full it becomes the older one and the oldest is dropped whole. A repeat within the last
 * `window` distinct ids is always found, one up to `2 × window` apart may be; with a window not
 * smaller than the audience every repeat is. Each check is O(1); memory is O(window) and, since
 * no id is ever deleted from a generation, does not creep (a `Set` with deletions keeps their
 * slots until it grows: a ring of 100,000 ids in one `Set` took twice its memory after 1,000,000).
 */
export class DuplicateGuard {
  #newer = new Set<string>();
  #older = new Set<string>();
  readonly #window: number;

  /** Remembers at least the last `window` distinct ids (`Infinity`: all). */
  constructor(window: number) {
    this.#window = window;
  }

  /** True when `id` was seen before (within the window); remembers it otherwise. */
  repeated(id: string): boolean {
    if (this.#newer.has(id) || this.#older.has(id)) return true;
    if (this.#newer.size >= this.#window) {
      this.#older = this.#newer;
      this.#newer = new Set();
    }
    this.#newer.add(id);
    return false;
  }
}
