import type Bottleneck from "bottleneck";
import type { LimitRule } from "../adapters/contract.js";
import { type KeepAlive, type Release, unref } from "./keep-alive.js";
import type { KeyedWindows } from "./keyed-windows.js";
import type { RedisRuntime } from "./redis.js";

/** What a {@link WindowLimiter} needs besides its rule. */
export interface WindowSettings {
  /**
   * Redis shared by the client's limiters (from `redisConnection`): bottleneck's full build, its
   * connection, and whether Redis answers.
   */
  redis: Pick<RedisRuntime, "Bottleneck" | "connection" | "health">;
  /**
   * Longest a request can take (its timeout) in ms. With Redis, a slot is freed by Redis at
   * the latest this long plus the window after its grant, so a process that dies while holding
   * slots does not take them with it.
   */
  requestTimeoutMs: number;
  /** Keeps the process alive while callers wait. */
  keepAlive: KeepAlive;
  /** The client's clock (ms), for pauses announced by other processes. */
  now: () => number;
  /** Errors bottleneck reports outside any request (a lost Redis connection). */
  onError: (error: unknown) => void;
}

/**
 * Longest window whose held slots `stop()` waits out before disconnecting from Redis: our
 * choice. Slots of a shorter window (Telegram's second) are freed when their window ends, as
 * they would have been; slots of longer ones (Mastodon's 5 minutes) are left for Redis to free
 * at their expiration, at most the request timeout later than due.
 */
const STOP_WAIT_MAX_WINDOW_MS = 10_000;

/**
 * How often a clustered limiter runs bottleneck's heartbeat, in ms: our choice. The heartbeat is
 * when Redis notices slots whose holder died and expired (bottleneck's default is 5 s).
 */
const REDIS_HEARTBEAT_MS = 1_000;

/**
 * Wait before a limiter whose setup in Redis failed (Redis went away while it was created) is
 * made again, in ms: our choice, one attempt a second, so that an ioredis client set to fail
 * commands at once (`maxRetriesPerRequest: 0`) does not spin while Redis is away.
 */
const REBUILD_DELAY_MS = 1_000;

/** Message prefix announcing a pause to every limiter with the same id (all processes, with Redis). */
const PAUSE_MESSAGE = "herald-pause:";

/**
 * One account or route rule shared by every process through Redis, on bottleneck's clustering:
 * `max` slots (maxConcurrent, counted in Redis for every process), each held from its grant
 * until `perMs` after its response arrived, the same window as {@link KeyedWindows} keeps in one
 * process. A slot freed by one process can be taken by any, and a pause (reservoir 0) stops
 * them all.
 */
export class WindowLimiter {
  #bottleneck!: Bottleneck;
  readonly #rule: LimitRule;
  readonly #id: string;
  readonly #settings: WindowSettings;
  readonly #job: Bottleneck.JobOptions;
  /** Callers waiting for a slot: each gives up (rejects) when called. */
  readonly #waiting = new Set<() => void>();
  readonly #stopWatching: () => void;
  readonly #stopWatchingKeys: () => void;
  #resumeTimer: ReturnType<typeof setTimeout> | undefined;
  #rebuildTimer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;
  #pausedUntil = 0;
  #holding = 0;
  #onHoldsOver: (() => void) | undefined;

  /** Builds the limiter; `id` names it, and its Redis keys and channels. */
  constructor(rule: LimitRule, id: string, settings: WindowSettings) {
    this.#rule = rule;
    this.#id = id;
    this.#settings = settings;
    // a slot of a process that died is freed by Redis after the request's timeout and window
    this.#job = { expiration: settings.requestTimeoutMs + rule.perMs };
    // fail safe: while Redis is down nobody is granted a slot, and nobody waits on it forever
    this.#stopWatching = settings.redis.health.onDown(() => {
      for (const giveUp of [...this.#waiting]) giveUp();
    });
    // Redis came back without this limit's keys: the slots it counted are forgotten, though
    // some were granted less than a window ago, in this process or another. Grant nothing for
    // one window (every process that finds the keys gone does the same), so none is exceeded.
    this.#stopWatchingKeys = settings.redis.health.onKeysLost(id, () => {
      const now = settings.now();
      if (this.#pausedUntil <= now) this.pause(rule.perMs, now);
    });
    this.#create();
  }

  /** Makes the bottleneck limiter (again, when its setup in Redis failed). */
  #create(): void {
    const { redis, onError } = this.#settings;
    const bottleneck = new redis.Bottleneck({
      id: this.#id,
      maxConcurrent: this.#rule.max,
      datastore: "ioredis",
      connection: redis.connection,
      heartbeatInterval: REDIS_HEARTBEAT_MS,
    });
    bottleneck.on("error", onError);
    bottleneck.on("message", (message) => this.#onMessage(message));
    this.#bottleneck = bottleneck;
    // bottleneck's typings call `ready` a method of the connection; both are promises here
    const ready = bottleneck.ready();
    redis.health.track(ready);
    ready.catch((error: unknown) => {
      // a failed setup fails every later call of this limiter: start over once Redis is back
      onError(error);
      if (this.#stopped || this.#bottleneck !== bottleneck) return;
      this.#rebuildTimer = setTimeout(() => this.#create(), REBUILD_DELAY_MS);
      unref(this.#rebuildTimer);
    });
    // Redis keeps the settings of the first process that created the limiter: make this
    // process's limit the current one, and end a pause whose processes all died before
    // lifting it (a pause still running elsewhere comes back with its next 429).
    const paused = this.#pausedUntil > this.#settings.now();
    this.#update({ maxConcurrent: this.#rule.max, reservoir: paused ? 0 : null });
  }

  /**
   * Waits for a slot; the returned function frees it `perMs` later. Rejects with a
   * `DependencyUnavailableError` when Redis is down, or goes down while waiting.
   */
  take(signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const { keepAlive, redis } = this.#settings;
    if (redis.health.down) return Promise.reject(redis.health.error());
    return new Promise<Release>((resolve, reject) => {
      let waiting = true;
      let granted = false;
      keepAlive.enter();
      const stopWaiting = () => {
        if (!waiting) return false;
        waiting = false;
        keepAlive.leave();
        signal?.removeEventListener("abort", onAbort);
        this.#waiting.delete(giveUp);
        return true;
      };
      const onAbort = () => {
        if (stopWaiting()) reject(signal?.reason);
      };
      const giveUp = () => {
        if (stopWaiting()) reject(redis.health.error());
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#waiting.add(giveUp);
      const job = () =>
        new Promise<void>((free) => {
          granted = true;
          this.#holding++;
          if (!stopWaiting()) {
            free(); // gave up while queued: give the slot back at once
            return;
          }
          let released = false;
          resolve(() => {
            if (released) return;
            released = true;
            unref(setTimeout(free, this.#rule.perMs));
          });
        });
      // The job settles once bottleneck has freed the slot (in Redis too, when clustered).
      const settled = () => {
        if (granted && --this.#holding === 0) this.#onHoldsOver?.();
      };
      this.#bottleneck.schedule(this.#job, job).then(settled, (error: unknown) => {
        settled();
        if (stopWaiting()) reject(redis.health.error(error));
      });
    });
  }

  /**
   * Stops granting slots until `now + ms` (a 429 or an exhausted quota), in every process
   * sharing the limiter; a shorter pause never cuts a longer one short.
   */
  pause(ms: number, now: number): void {
    if (!this.#extendPause(now + ms, ms)) return;
    this.#update({ reservoir: 0 });
    this.#bottleneck.publish(`${PAUSE_MESSAGE}${now + ms}`).catch(this.#settings.onError);
  }

  /** Changes settings (in Redis when clustered); bottleneck's types miss that this is async. */
  #update(options: Bottleneck.ConstructorOptions): void {
    const done: unknown = this.#bottleneck.updateSettings(options);
    Promise.resolve(done).catch(this.#settings.onError);
  }

  /** Another process paused the limiter (or this one, whose own message comes back too). */
  #onMessage(message: string): void {
    if (!message.startsWith(PAUSE_MESSAGE)) return;
    const until = Number(message.slice(PAUSE_MESSAGE.length));
    if (Number.isFinite(until)) this.#extendPause(until, until - this.#settings.now());
  }

  /**
   * Every process that knows of a pause lifts it when it ends, so the pause ends even if the
   * process that started it died.
   */
  #extendPause(until: number, ms: number): boolean {
    if (until <= this.#pausedUntil) return false;
    this.#pausedUntil = until;
    clearTimeout(this.#resumeTimer);
    this.#resumeTimer = setTimeout(() => this.#update({ reservoir: null }), Math.max(0, ms));
    unref(this.#resumeTimer);
    return true;
  }

  /**
   * Stops the limiter: timers, and its Redis subscriptions. Slots still held (in flight, or
   * inside a short window) are first freed in Redis, so other processes get them back when
   * they would have. With Redis down it waits for nothing: the slots are left to Redis's
   * expiration, and the subscriptions end with the connection.
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#resumeTimer);
    clearTimeout(this.#rebuildTimer);
    const { health } = this.#settings.redis;
    if (this.#rule.perMs <= STOP_WAIT_MAX_WINDOW_MS) {
      while (this.#holding > 0 && !health.down) {
        await new Promise<void>((resolve) => {
          const stopWatching = health.onDown(() => done());
          const done = () => {
            stopWatching();
            resolve();
          };
          this.#onHoldsOver = done;
        });
      }
    }
    this.#stopWatching();
    this.#stopWatchingKeys();
    if (!health.down) await this.#bottleneck.disconnect();
  }
}
