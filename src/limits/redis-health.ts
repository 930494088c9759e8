import { DependencyUnavailableError } from "../transport/errors.js";
import { unref } from "./keep-alive.js";

/**
 * Default of `redisConnection({ unavailableTimeoutMs })` and of the Redis stores' timeouts:
 * 10 s, our choice. Long enough to ride out a Redis restart or a dropped connection (ioredis
 * reconnects after 50 ms, backing off to 2 s between attempts), short enough that a send whose
 * Redis is gone fails within a third of one request's default timeout (30 s) instead of waiting.
 */
export const DEFAULT_REDIS_TIMEOUT_MS = 10_000;

/**
 * Whether the Redis of a client's shared limits answers, judged by the calls made to it:
 * bottleneck's scripts (including each limiter's heartbeat, every second) and each limiter's
 * setup. Redis is `down` once, since the last answer, a call has gone unanswered or calls have
 * only failed for `timeoutMs`; it is up again at the next answer. One per connection; its only
 * timer runs while a call is out, and never holds the process open.
 */
export class RedisHealth {
  /** How long Redis may leave calls unanswered or failing before it counts as down, in ms. */
  readonly timeoutMs: number;
  /** Calls still out, with the time each was made (insertion order: oldest first). */
  readonly #open = new Map<object, number>();
  /** When the first call that failed since the last answer was made. */
  #failingSince: number | undefined;
  #lastAnswer = Number.NEGATIVE_INFINITY;
  #down = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #listeners = new Set<() => void>();
  readonly #lostListeners = new Map<string, () => void>();

  /** Judges Redis down after `timeoutMs` without an answer. */
  constructor(timeoutMs: number) {
    this.timeoutMs = timeoutMs;
  }

  /** Whether Redis is down now: requests waiting on it give up, new ones fail at once. */
  get down(): boolean {
    return this.#down;
  }

  /** A call to Redis starts; call the returned function once it ended, telling whether it failed. */
  call(): (failed: boolean) => void {
    const token = {};
    this.#open.set(token, Date.now());
    this.#check();
    return (failed) => {
      const start = this.#open.get(token);
      if (start === undefined) return;
      this.#open.delete(token);
      if (failed) {
        this.#failingSince ??= start;
      } else {
        this.#failingSince = undefined;
        this.#lastAnswer = Date.now();
      }
      this.#check();
    };
  }

  /** Counts `promise` as a call: it fails if it rejects. */
  track(promise: Promise<unknown>): void {
    const end = this.call();
    promise.then(
      () => end(false),
      () => end(true),
    );
  }

  /** Calls `listener` each time Redis goes down; returns the function that stops it. */
  onDown(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Calls `listener` when Redis answers that limiter `id`'s keys are gone (it restarted empty,
   * failed over, or was flushed); returns the function that stops it. One listener per id.
   */
  onKeysLost(id: string, listener: () => void): () => void {
    this.#lostListeners.set(id, listener);
    return () => {
      if (this.#lostListeners.get(id) === listener) this.#lostListeners.delete(id);
    };
  }

  /** Redis answered that limiter `id`'s keys are gone. */
  keysLost(id: string): void {
    this.#lostListeners.get(id)?.();
  }

  /** The error of a request that could not wait for Redis (`cause`: what Redis answered, if it did). */
  error(cause?: unknown): DependencyUnavailableError {
    const why =
      cause === undefined
        ? `no answer for ${this.timeoutMs} ms`
        : cause instanceof Error
          ? cause.message
          : String(cause);
    return new DependencyUnavailableError(
      "redis",
      `the shared rate limits could not be checked (${why}); not sent, safe to send again`,
      cause === undefined ? undefined : { cause },
    );
  }

  #check(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const oldest = this.#open.values().next().value;
    const candidates = [oldest, this.#failingSince].filter((t) => t !== undefined);
    if (candidates.length === 0) {
      this.#down = false;
      return;
    }
    // trouble never started before the last answer: a call still out from before it is not news
    const since = Math.max(this.#lastAnswer, Math.min(...candidates));
    const left = since + this.timeoutMs - Date.now();
    if (left > 0) {
      this.#down = false;
      this.#timer = setTimeout(() => this.#check(), left);
      unref(this.#timer);
      return;
    }
    if (this.#down) return;
    this.#down = true;
    for (const listener of [...this.#listeners]) listener();
  }
}
