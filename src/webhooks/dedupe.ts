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
 * A {@link DedupeStore} in this process's memory: ids expire after their TTL, and past
 * `maxEntries` the oldest are dropped. Each call makes a new store: two clients never share one.
 */
export function memoryDedupe(options: MemoryDedupeOptions = {}): DedupeStore {
  const now = () => options.clock?.now() ?? Date.now();
  const max = Math.max(1, options.maxEntries ?? DEFAULT_MAX_ENTRIES);
  // insertion order is expiry order only when every TTL is the same; the sweep below is exact anyway
  const expiries = new Map<string, number>();
  return {
    claim(key, ttlMs) {
      const time = now();
      const expiry = expiries.get(key);
      if (expiry !== undefined && expiry > time) return false;
      expiries.delete(key);
      if (expiries.size >= max) {
        for (const [k, e] of expiries) if (e <= time) expiries.delete(k);
        while (expiries.size >= max) {
          const oldest = expiries.keys().next().value as string;
          expiries.delete(oldest);
        }
      }
      expiries.set(key, time + ttlMs);
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
