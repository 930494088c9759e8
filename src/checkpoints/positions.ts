/**
 * Stream positions as a sorted list of disjoint runs `[start, end)`: a streamed send whose
 * recipients are all sent is one run, whatever its size, so its record costs O(gaps), not
 * O(recipients). Positions arrive out of order (requests finish in any order).
 */
export class PositionRuns {
  readonly #starts: number[] = [];
  readonly #ends: number[] = [];

  /** How many runs there are (the record's size). */
  get runs(): number {
    return this.#starts.length;
  }

  /** Index of the last run starting at or before `position`, or -1. */
  #floor(position: number): number {
    let low = 0;
    let high = this.#starts.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      if (this.#starts[mid]! <= position) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    return found;
  }

  /** Whether `position` was added. */
  has(position: number): boolean {
    const i = this.#floor(position);
    return i >= 0 && position < this.#ends[i]!;
  }

  /** Adds one position, merging it with the runs it touches. */
  add(position: number): void {
    const i = this.#floor(position);
    if (i >= 0 && position < this.#ends[i]!) return;
    const joinsLeft = i >= 0 && this.#ends[i] === position;
    const joinsRight = this.#starts[i + 1] === position + 1;
    if (joinsLeft && joinsRight) {
      this.#ends[i] = this.#ends[i + 1]!;
      this.#starts.splice(i + 1, 1);
      this.#ends.splice(i + 1, 1);
    } else if (joinsLeft) {
      this.#ends[i] = position + 1;
    } else if (joinsRight) {
      this.#starts[i + 1] = position;
    } else {
      this.#starts.splice(i + 1, 0, position);
      this.#ends.splice(i + 1, 0, position + 1);
    }
  }
}

/**
 * Positions per chunk of a stream that a resume looks up together: recipients are read and
 * looked up in aligned chunks of this many positions, so a store can check a whole chunk at
 * once. Our choice: one LINE multicast (500,
 * developers.line.biz/en/reference/messaging-api/#send-multicast-message), so a lookup is one
 * round trip per batch and the read-ahead stays small.
 */
export const CHECKPOINT_CHUNK = 500;

/** FNV-1a (32 bits) of `text` after `seed`: offset basis and prime from the FNV reference. */
function fnv1a(text: string, seed: number): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0; // FNV-1a 32-bit offset basis, mixed with the seed
  for (let i = 0; i < text.length; i++) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0; // FNV 32-bit prime
  }
  return hash;
}

/**
 * What recipient stood at each position, summed per chunk without keeping the ids: the XOR of
 * two independent 32-bit hashes of (position, id). XOR does not depend on the order positions
 * are added in; a resume that reads other recipients at those positions (a reordered or changed
 * stream) gets another sum, except with a chance of about 2^-64.
 */
export class PositionDigests {
  readonly #sums = new Map<number, [number, number]>();

  /** Adds the recipient `id` read at `position`. */
  add(position: number, id: string): void {
    const chunk = Math.floor(position / CHECKPOINT_CHUNK);
    const sum = this.#sums.get(chunk) ?? [0, 0];
    sum[0] = (sum[0] ^ fnv1a(id, position)) >>> 0;
    sum[1] = (sum[1] ^ fnv1a(id, ~position)) >>> 0;
    this.#sums.set(chunk, sum);
  }

  /** Whether the sum of chunk `chunk` equals `other`'s sum of the same chunk. */
  matches(chunk: number, other: PositionDigests): boolean {
    const mine = this.#sums.get(chunk) ?? [0, 0];
    const theirs = other.#sums.get(chunk) ?? [0, 0];
    return mine[0] === theirs[0] && mine[1] === theirs[1];
  }
}
