import type { Clock } from "../clock.js";
import { DependencyUnavailableError } from "../transport/errors.js";
import { withTimeout } from "../util/deadline.js";

/**
 * Where the webhook core remembers the platform event ids it has dispatched, for duplicate and
 * replay protection. In memory by default ({@link memoryDedupe}); {@link redisDedupe} shares
 * it between processes.
 */
export interface DedupeStore {
  /**
   * Records `key` for `ttlMs` milliseconds. Resolves `true` when the key was not recorded yet
   * (the event is new), `false` when it was (a duplicate). A rejection is answered 503 so the
   * platform redelivers later.
   */
  claim(key: string, ttlMs: number): Promise<boolean> | boolean;
}

/** Options of {@link memoryDedupe}. */
export interface MemoryDedupeOptions {
  /** Time source (for tests); the system clock by default. */
  clock?: Pick<Clock, "now">;
  /**
   * At most this many ids are kept; the oldest are forgotten first (default 100,000: our bound,
   * about 10 MB of keys).
   */
  maxEntries?: number;
}

/** Default bound on the ids {@link memoryDedupe} keeps: our choice (see its option). */
const DEFAULT_MAX_ENTRIES = 100_000;

/**
 * Consumed queue slots tolerated before a queue's array is compacted: our choice, so that the
 * copy (of the live part only) runs at most once per this many pops, amortized O(1) per pop.
 */
const COMPACT_AFTER = 1_024;

/** One claimed id: its expiry, and its place in the claim order. */
interface Claim {
  readonly key: string;
  readonly expiry: number;
  readonly seq: number;
}

/**
 * The claims made with one TTL, in claim order, which is expiry order for a clock that never
 * goes back. A slot whose claim is no longer the live one of its key (the key expired and was
 * claimed again) is stale, and skipped when it reaches the head.
 */
class ClaimQueue {
  readonly #slots: Claim[] = [];
  #head = 0;

  push(claim: Claim): void {
    this.#slots.push(claim);
  }

  get empty(): boolean {
    return this.#head === this.#slots.length;
  }

  /** The oldest live claim, once stale and expired heads are gone (see {@link drain}). */
  peek(): Claim | undefined {
    return this.#slots[this.#head];
  }

  /** Pops the head, which the caller has just forgotten. */
  shift(): void {
    this.#head++;
    this.#compact();
  }

  /** Pops the heads that are stale or expired at `time`, forgetting the expired ids. */
  drain(live: Map<string, Claim>, time: number): void {
    for (;;) {
      const claim = this.#slots[this.#head];
      if (claim === undefined) break;
      const current = live.get(claim.key) === claim;
      if (current && claim.expiry > time) break;
      if (current) live.delete(claim.key);
      this.#head++;
    }
    this.#compact();
  }

  #compact(): void {
    if (this.#head >= COMPACT_AFTER && this.#head * 2 >= this.#slots.length) {
      this.#slots.splice(0, this.#head);
      this.#head = 0;
    }
  }
}

/**
 * A {@link DedupeStore} in this process's memory: ids expire after their TTL, and past
 * `maxEntries` the oldest are dropped, expired ones first (an unexpired id is forgotten only
 * when the store is full of unexpired ids). A claim is amortized O(1) for one TTL, and O(k) once
 * full with k different TTLs in use (the core uses one: `webhooks.dedupeTtlMs`). Each call
 * makes a new store: two clients never share one.
 */
export function memoryDedupe(options: MemoryDedupeOptions = {}): DedupeStore {
  const now = () => options.clock?.now() ?? Date.now();
  const max = Math.max(1, options.maxEntries ?? DEFAULT_MAX_ENTRIES);
  // the live claim of every id kept (a Map is never iterated here: after many deletes at its
  // front, V8 walks the holes on every keys().next(), which made this store slow once full)
  const live = new Map<string, Claim>();
  // the claims by TTL, each queue in expiry order, so that expired ids are found at the heads
  const queues = new Map<number, ClaimQueue>();
  let seq = 0;

  /** Forgets the oldest live claim: the head of some queue with the lowest claim number. */
  const dropOldest = () => {
    let oldest: ClaimQueue | undefined;
    for (const queue of queues.values()) {
      const head = queue.peek();
      if (head !== undefined && (oldest === undefined || head.seq < (oldest.peek()?.seq ?? 0))) {
        oldest = queue;
      }
    }
    const claim = oldest?.peek();
    if (oldest === undefined || claim === undefined) return;
    live.delete(claim.key);
    oldest.shift();
  };

  return {
    claim(key, ttlMs) {
      const time = now();
      const known = live.get(key);
      if (known !== undefined && known.expiry > time) return false;
      live.delete(key);
      let queue = queues.get(ttlMs);
      if (queue === undefined) {
        queue = new ClaimQueue();
        queues.set(ttlMs, queue);
      }
      // this TTL's expired ids go as they come, so its queue stays as long as its live ids
      queue.drain(live, time);
      if (live.size >= max) {
        for (const [ttl, other] of queues) {
          other.drain(live, time);
          if (other.empty && other !== queue) queues.delete(ttl);
        }
        while (live.size >= max) dropOldest();
      }
      const claim: Claim = { key, expiry: time + ttlMs, seq: seq++ };
      live.set(key, claim);
      queue.push(claim);
      return true;
    },
  };
}

/**
 * The part of a Redis client {@link redisDedupe} uses: `SET key value PX ttl NX`, as ioredis
 * (and node-redis through a small wrapper) exposes it. Resolves `"OK"` when set, `null` when the
 * key existed.
 */
export interface RedisSetClient {
  /** `SET key value PX milliseconds NX`. */
  set(key: string, value: string, px: "PX", milliseconds: number, nx: "NX"): Promise<unknown>;
}

/** Options of {@link redisDedupe}. */
export interface RedisDedupeOptions {
  /** Prefix of the keys (default `herald:webhooks:seen:`). */
  prefix?: string;
  /**
   * Longest wait for Redis to answer one claim, in ms (default 1,000); past it the request is
   * answered 503 and the platform redelivers, instead of hanging on ioredis's offline queue.
   */
  timeoutMs?: number;
}

/**
 * Default of {@link RedisDedupeOptions.timeoutMs}: 1 s, our choice, LINE's deadline for a
 * webhook's answer ("didn't return a response within a second" is a request_timeout error,
 * https://developers.line.biz/en/docs/partner-docs/error-notification/): a claim that takes
 * longer has failed for the platform anyway, and a 503 makes it redeliver.
 */
const DEFAULT_DEDUPE_TIMEOUT_MS = 1_000;

/**
 * A {@link DedupeStore} in Redis, shared by every process of the app: one `SET NX PX` per
 * event id. Pass an ioredis client (`new Redis(url)`); ioredis is an optional peer dependency.
 * A claim Redis does not answer within `timeoutMs` rejects (answered 503).
 *
 * @example createHerald({ adapters, webhooks: { dedupe: redisDedupe(new Redis(process.env.REDIS_URL)) } })
 */
export function redisDedupe(client: RedisSetClient, options: RedisDedupeOptions = {}): DedupeStore {
  const prefix = options.prefix ?? "herald:webhooks:seen:";
  const timeoutMs = options.timeoutMs ?? DEFAULT_DEDUPE_TIMEOUT_MS;
  return {
    async claim(key, ttlMs) {
      const set = client.set(prefix + key, "1", "PX", Math.max(1, Math.ceil(ttlMs)), "NX");
      const answer = await withTimeout(
        set,
        timeoutMs,
        () =>
          new DependencyUnavailableError(
            "redis",
            `the dedupe store did not answer within ${timeoutMs} ms`,
          ),
      );
      return answer === "OK";
    },
  };
}
