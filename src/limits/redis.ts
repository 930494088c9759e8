import Bottleneck from "bottleneck";
import { ValidationError } from "../transport/errors.js";
import { withTimeout } from "../util/deadline.js";
import { DEFAULT_REDIS_TIMEOUT_MS, RedisHealth } from "./redis-health.js";
import { watchScripts } from "./redis-scripts.js";

/** An ioredis client (`new Redis(...)` from the `ioredis` package), as far as Herald uses it. */
export interface RedisClient {
  /** A new connection with the same options (ioredis `duplicate()`). */
  duplicate(): RedisClient;
}

/** Redis settings of {@link HeraldOptions.redis} in their long form. */
export interface RedisSettings {
  /**
   * An ioredis client to connect like. Herald opens its own connections with its options
   * (`duplicate()`: one for commands, one for pub/sub) and closes only those.
   */
  client?: RedisClient;
  /**
   * Where to connect when no `client` is given: a `redis://` URL or ioredis options (`host`,
   * `port`, `password`, `db`, `tls`...). Needs the `ioredis` package installed.
   */
  connection?: string | Record<string, unknown>;
  /**
   * Prefix of every Redis key and channel Herald uses (default `herald`): processes share
   * limits when they use the same prefix; give staging and production different ones.
   */
  prefix?: string;
  /**
   * How long Redis may go without answering before Herald stops waiting for it, in ms (default
   * 10,000). Rate limits never fall back to this process alone (that could exceed a limit other
   * processes share): a request waiting for a slot fails with a `DependencyUnavailableError`
   * (nothing sent; `herald.resume` sends it later), and later requests fail at once until Redis
   * answers again. `close()` also waits at most this long for Redis.
   */
  unavailableTimeoutMs?: number;
}

/** The `redis` option: an ioredis client, or {@link RedisSettings}. */
export type RedisOption = RedisClient | RedisSettings;

/**
 * The Redis resources of one client, made by `redisConnection` from `herald/redis` and given to
 * `createHerald({ redis })`. They carry bottleneck (with its Redis datastore), so that a client
 * without Redis, whose limits are kept in its own process, does not bundle it.
 */
export interface RedisRuntime {
  /** bottleneck's full build, whose limiters can keep their state in Redis. */
  Bottleneck: typeof Bottleneck;
  /** bottleneck's connection, shared by every limiter of the client. */
  connection: Bottleneck.IORedisConnection;
  /** The key prefix. */
  prefix: string;
  /** Whether Redis answers; the limiters give up waiting on it when it is `down`. */
  health: RedisHealth;
  /**
   * Closes the connections Herald opened, after the commands already sent (once); when Redis
   * does not answer within `unavailableTimeoutMs`, drops them and what they still had queued.
   */
  close(): Promise<void>;
}

/** Prefix of Herald's Redis keys and channels when none is given. */
export const DEFAULT_REDIS_PREFIX = "herald";

function isClient(value: unknown): value is RedisClient {
  return typeof (value as Partial<RedisClient> | undefined)?.duplicate === "function";
}

/**
 * Opens the Redis connection a client shares its rate limits through (bottleneck's clustering):
 * `createHerald({ adapters, redis: redisConnection(new Redis(url)) })`, or with
 * `{ client | connection, prefix }`. Throws a `ValidationError` for an option it cannot use,
 * before any connection is made.
 */
export function redisConnection(option: RedisOption): RedisRuntime {
  const settings: RedisSettings = isClient(option) ? { client: option } : option;
  if (typeof settings !== "object" || settings === null) {
    throw new ValidationError("redis", "an ioredis client, or { client | connection, prefix }");
  }
  const prefix = settings.prefix ?? DEFAULT_REDIS_PREFIX;
  if (typeof prefix !== "string" || !/^\S+$/.test(prefix)) {
    throw new ValidationError("redis.prefix", "a non-empty string without spaces");
  }
  if (settings.client !== undefined && !isClient(settings.client)) {
    throw new ValidationError("redis.client", "an ioredis client (with `duplicate()`)");
  }
  const timeoutMs = settings.unavailableTimeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS;
  if (typeof timeoutMs !== "number" || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new ValidationError("redis.unavailableTimeoutMs", "a positive number of milliseconds");
  }
  const { client, connection } = settings;
  if (client === undefined && connection === undefined) {
    throw new ValidationError("redis", "give `client` (an ioredis client) or `connection`", {
      hint: 'e.g. { connection: "redis://127.0.0.1:6379" }',
    });
  }
  let shared: Bottleneck.IORedisConnection;
  try {
    shared = new Bottleneck.IORedisConnection(
      client ? { client: client.duplicate() } : { clientOptions: connection },
    );
  } catch (error) {
    throw new ValidationError("redis", "needs the `ioredis` package", {
      hint: `npm install ioredis (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`,
    });
  }
  const health = new RedisHealth(timeoutMs);
  watchScripts(shared, health);
  let closed: Promise<void> | undefined;
  return {
    Bottleneck,
    connection: shared,
    prefix,
    health,
    close: () => (closed ??= closeWithin(shared, timeoutMs)),
  };
}

/** QUIT both connections; past `timeoutMs` (Redis gone), drop them with what is queued. */
async function closeWithin(
  connection: Bottleneck.IORedisConnection,
  timeoutMs: number,
): Promise<void> {
  try {
    await withTimeout(connection.disconnect(true), timeoutMs, () => new Error("QUIT timed out"));
  } catch {
    await connection.disconnect(false);
  }
}
