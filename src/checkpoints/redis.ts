import type { ChainableCommander, Cluster, Redis } from "ioredis";
import { DEFAULT_REDIS_TIMEOUT_MS } from "../limits/redis-health.js";
import { DependencyUnavailableError, ValidationError } from "../transport/errors.js";
import { withTimeout } from "../util/deadline.js";
import {
  type CheckpointMeta,
  type CheckpointStore,
  decodeOutcome,
  encodeOutcome,
  type InFlightBatch,
  type OpenedCheckpoint,
  outcomeField,
} from "./store.js";

/** Options of {@link redisCheckpoints}. */
export interface RedisCheckpointOptions {
  /** Prefix of every key (default `herald:checkpoint:`). */
  prefix?: string;
  /**
   * How long a delivery's keys live after its last write, in ms (default 7 days, our choice).
   * Resume well within the platforms' idempotency windows (LINE retry key: 24 hours, Mastodon
   * Idempotency-Key: 1 hour): past them a resent request is no longer deduplicated.
   */
  ttlMs?: number;
  /**
   * Longest wait for Redis to answer one read or write, in ms (default 10,000): past it the call
   * rejects with a `DependencyUnavailableError` instead of waiting on ioredis's offline queue
   * (forever with `maxRetriesPerRequest: null`). A write given up on may still reach Redis when
   * it is back (ioredis resends it); a batch whose in-flight record lands that way is resent
   * under its key or reported `unknown` by a resume, never sent twice.
   */
  timeoutMs?: number;
}

/** Default of {@link RedisCheckpointOptions.ttlMs}. */
const DEFAULT_TTL_MS = 7 * 24 * 3_600_000;

/** Rejects with a `DependencyUnavailableError` when Redis has not answered within `ms`. */
function bounded<T>(promise: Promise<T>, ms: number): Promise<T> {
  return withTimeout(
    promise,
    ms,
    () =>
      new DependencyUnavailableError(
        "redis",
        `the checkpoint store did not answer within ${ms} ms`,
      ),
  );
}

interface Write {
  apply(multi: ChainableCommander): void;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * One delivery's writes. The first write goes out at once; writes that arrive while it is on
 * its way are sent together in the next MULTI (one round trip, applied atomically), so a busy
 * delivery writes in batches without waiting on a timer.
 */
class WriteQueue {
  readonly #client: Redis | Cluster;
  readonly #keys: readonly string[];
  readonly #ttlMs: number;
  readonly #timeoutMs: number;
  readonly #onIdle: () => void;
  #queue: Write[] = [];
  #flushing = false;

  constructor(
    client: Redis | Cluster,
    keys: readonly string[],
    times: { ttlMs: number; timeoutMs: number },
    onIdle: () => void,
  ) {
    this.#client = client;
    this.#keys = keys;
    this.#ttlMs = times.ttlMs;
    this.#timeoutMs = times.timeoutMs;
    this.#onIdle = onIdle;
  }

  push(apply: (multi: ChainableCommander) => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ apply, resolve, reject });
      if (!this.#flushing) void this.#flush();
    });
  }

  async #flush(): Promise<void> {
    this.#flushing = true;
    while (this.#queue.length > 0) {
      const writes = this.#queue;
      this.#queue = [];
      const multi = this.#client.multi();
      for (const write of writes) write.apply(multi);
      for (const key of this.#keys) multi.pexpire(key, this.#ttlMs);
      try {
        const results = await bounded(multi.exec(), this.#timeoutMs);
        const failed = results?.find(([error]) => error)?.[0];
        if (!results || failed) throw failed ?? new Error("the Redis transaction was aborted");
        for (const write of writes) write.resolve();
      } catch (error) {
        for (const write of writes) write.reject(error);
      }
    }
    this.#flushing = false;
    this.#onIdle();
  }
}

/**
 * A {@link CheckpointStore} on Redis through an ioredis client (`ioredis` is an optional peer
 * dependency): a delivery survives the process, and `herald.resume` continues it from another.
 * Per delivery, three keys sharing one hash tag (so they live in one Redis Cluster slot):
 * `<prefix>{<id>}:meta` (a string), `:out` (a hash of outcomes, one field per recipient) and
 * `:live` (a hash of the batches in flight), each expiring `ttlMs` after the last write.
 * Listening positions live in `<prefix>cursor:<key>`, expiring `ttlMs` after their last write.
 *
 * @example
 * import Redis from "ioredis";
 * import { redisCheckpoints } from "herald/redis";
 * const herald = createHerald({ adapters, checkpoints: redisCheckpoints(new Redis()) });
 */
export function redisCheckpoints(
  client: Redis | Cluster,
  options: RedisCheckpointOptions = {},
): CheckpointStore {
  const prefix = options.prefix ?? "herald:checkpoint:";
  const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  const timeoutMs = options.timeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS;
  const keys = (id: string) => {
    const base = `${prefix}{${id}}`;
    return { meta: `${base}:meta`, out: `${base}:out`, live: `${base}:live` };
  };
  const queues = new Map<string, WriteQueue>();
  const queue = (id: string): WriteQueue => {
    let q = queues.get(id);
    if (!q) {
      const k = keys(id);
      q = new WriteQueue(client, [k.meta, k.out, k.live], { ttlMs, timeoutMs }, () =>
        queues.delete(id),
      );
      queues.set(id, q);
    }
    return q;
  };

  return {
    async create(id: string, meta: CheckpointMeta) {
      const created = await bounded(
        client.set(keys(id).meta, JSON.stringify(meta), "PX", ttlMs, "NX"),
        timeoutMs,
      );
      if (created === null) {
        throw new ValidationError("id", `delivery ${id} already has a checkpoint`, {
          hint: "resume it with herald.resume, or give the new delivery another id",
        });
      }
    },
    async open(id: string): Promise<OpenedCheckpoint | undefined> {
      const k = keys(id);
      const [meta, live] = await bounded(
        Promise.all([client.get(k.meta), client.hgetall(k.live)]),
        timeoutMs,
      );
      if (meta === null) return undefined;
      const inFlight = Object.entries(live).map(([batchId, value]): InFlightBatch => {
        const { target, recipients, positions } = JSON.parse(value) as Omit<InFlightBatch, "id">;
        return { id: batchId, target, recipients, positions };
      });
      return { meta: JSON.parse(meta) as CheckpointMeta, inFlight };
    },
    begin(id, batch) {
      const { live } = keys(id);
      const { target, recipients, positions } = batch;
      const value = JSON.stringify({ target, recipients, positions });
      return queue(id).push((multi) => multi.hset(live, batch.id, value));
    },
    settle(id, batch, outcome) {
      const { out, live } = keys(id);
      return queue(id).push((multi) => {
        if (outcome) {
          const encoded = encodeOutcome(outcome);
          const fields: Record<string, string> = {};
          for (const r of batch.recipients) fields[outcomeField(batch.target, r)] = encoded;
          multi.hset(out, fields);
        }
        multi.hdel(live, batch.id);
      });
    },
    async lookup(id, target, recipients) {
      if (recipients.length === 0) return [];
      const values = await bounded(
        client.hmget(keys(id).out, ...recipients.map((r) => outcomeField(target, r.id))),
        timeoutMs,
      );
      return values.map(decodeOutcome);
    },
    async readCursor(key) {
      return (await bounded(client.get(`${prefix}cursor:${key}`), timeoutMs)) ?? undefined;
    },
    async writeCursor(key, value) {
      await bounded(client.set(`${prefix}cursor:${key}`, value, "PX", ttlMs), timeoutMs);
    },
    async finish(id) {
      // the keys expire ttlMs after this last write; a finished delivery can still be resumed
      // (it sends to recipients its stream holds that were never recorded)
      await queue(id).push(() => {});
    },
  };
}
