import type { PlatformAdapter } from "./adapters/contract.js";
import { type Clock, systemClock } from "./clock.js";
import { Delivery } from "./delivery/delivery.js";
import type { AccountRuntime } from "./delivery/execute.js";
import { planSend, type SendOptions, type SendPlan } from "./delivery/plan.js";
import { buildPreview, type Preview } from "./delivery/preview.js";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./delivery/retry-policy.js";
import { DeliveryRun } from "./delivery/run.js";
import { AccountLimiter } from "./limits/limiter.js";
import { openRedis, type RedisOption, type RedisRuntime } from "./limits/redis.js";
import type { MessageInput } from "./message/schema.js";
import { ValidationError } from "./transport/errors.js";
import { HttpTransport } from "./transport/http.js";
import { Redactor } from "./transport/redact.js";

/** Where Herald writes what it does; every line is redacted of secrets first. */
export interface Logger {
  /** Routine detail. */
  debug?(message: string, data?: Record<string, unknown>): void;
  /** Something went wrong and was handled (a retry, a rate limit, a failed recipient). */
  warn?(message: string, data?: Record<string, unknown>): void;
}

/** Options of {@link createHerald}. */
export interface HeraldOptions {
  /** The platform adapters, one per platform account. */
  adapters: readonly PlatformAdapter[];
  /** Retry policy; `{ retries: 0 }` fails fast. */
  retry?: Partial<RetryPolicy>;
  /** Timeout of one HTTP request in ms (default 30,000). */
  timeoutMs?: number;
  /** A `fetch` to use instead of the global one. */
  fetch?: typeof fetch;
  /** Time source (for tests). */
  clock?: Clock;
  /** Logger; lines are redacted of secrets. */
  logger?: Logger;
  /**
   * Redis, shared by every process of the same accounts: an ioredis client, or
   * `{ client | connection, prefix }` ({@link RedisSettings}). Today it shares the rate limits
   * (bottleneck's clustering: docs/delivery.md, "Limits across processes"); delivery
   * checkpoints, schedules and webhook dedupe will use the same connection settings as they
   * land. Needs the `ioredis` package. `close()` closes the connections Herald opened.
   */
  redis?: RedisOption;
}

/** The Herald client. */
export interface Herald {
  /**
   * Sends a message to one or more targets. Returns at once a {@link Delivery}: await it for the
   * report, listen to it for progress. Invalid input rejects it before any request is sent.
   */
  send(message: MessageInput, options: SendOptions): Delivery;
  /**
   * Shows what `send` would do without sending anything: the exact requests (secrets redacted),
   * lengths, warnings, and which targeting and scheduling is native. Throws a `ValidationError`
   * for input `send` would reject.
   */
  preview(message: MessageInput, options: Omit<SendOptions, "signal" | "concurrency">): Preview;
  /** The adapters this client was built with. */
  readonly adapters: readonly PlatformAdapter[];
  /**
   * Stops the limiters and closes the Redis connections Herald opened. With Redis, slots still
   * held in a short window (Telegram's second) are first freed in Redis when it ends.
   */
  close(): Promise<void>;
}

/** Default timeout of one HTTP request, in ms. */
const DEFAULT_TIMEOUT_MS = 30_000;

function checkAdapters(adapters: readonly PlatformAdapter[]): void {
  const seen = new Set<string>();
  adapters.forEach((adapter, index) => {
    const key = `${adapter.platform}@${adapter.account}`;
    if (!/^[a-z0-9_-]+$/.test(adapter.platform)) {
      throw new ValidationError(
        `adapters[${index}].platform`,
        "lower-case letters, digits, _ and - only",
      );
    }
    if (seen.has(key)) {
      throw new ValidationError(`adapters[${index}]`, `a second adapter for ${key}`, {
        hint: "give each account of a platform its own `account` name",
      });
    }
    seen.add(key);
  });
}

function attachLogger(delivery: Delivery, logger: Logger, redactor: Redactor): void {
  const warn = (message: string, data: Record<string, unknown>) =>
    logger.warn?.(redactor.text(message), redactor.data(data));
  delivery.on("retry", (e) =>
    warn(`retry ${e.target} ${e.step} after attempt ${e.attempt}: ${e.reason}`, {
      delayMs: e.delayMs,
    }),
  );
  delivery.on("rate-limited", (e) =>
    warn(`rate limited on ${e.target} (${e.route})`, { retryAfterMs: e.retryAfterMs }),
  );
  delivery.on("failed", (e) =>
    warn(`failed ${e.target} ${e.recipient ?? ""}: ${e.error.message}`, { code: e.error.code }),
  );
  delivery.on("unknown", (e) =>
    warn(`unknown ${e.target} ${e.recipient ?? ""}: ${e.error.message}`, { code: e.error.code }),
  );
}

/**
 * Creates a Herald client. Each client has its own limiters and transports: two clients never
 * share state.
 *
 * @example
 * const herald = createHerald({ adapters: [telegram({ botToken })] });
 * const report = await herald.send({ text: "Hello" }, { to: "telegram:@shopnews" });
 */
export function createHerald(options: HeraldOptions): Herald {
  const adapters = [...options.adapters];
  checkAdapters(adapters);
  const clock = options.clock ?? systemClock;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const redactor = new Redactor(adapters.flatMap((a) => a.secrets));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const redis: RedisRuntime | undefined = options.redis ? openRedis(options.redis) : undefined;
  const onLimiterError = (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    options.logger?.warn?.(redactor.text(`limiter: ${message}`));
  };
  redis?.connection.on("error", onLimiterError);
  const runtimes = new Map<PlatformAdapter, AccountRuntime>();
  const runtimeOf = (adapter: PlatformAdapter): AccountRuntime => {
    let runtime = runtimes.get(adapter);
    if (!runtime) {
      runtime = {
        adapter,
        http: new HttpTransport({
          baseUrl: adapter.baseUrl,
          timeoutMs,
          ...(options.fetch ? { fetch: options.fetch } : {}),
        }),
        limiter: new AccountLimiter(
          adapter.limits,
          `${redis?.prefix ?? "herald"}:${adapter.platform}:${adapter.account}`,
          {
            requestTimeoutMs: timeoutMs,
            now: () => clock.now(),
            onError: onLimiterError,
            ...(redis ? { connection: redis.connection } : {}),
          },
        ),
      };
      runtimes.set(adapter, runtime);
    }
    return runtime;
  };

  return {
    adapters,
    send(message, sendOptions) {
      const controller = new AbortController();
      const signal = sendOptions.signal
        ? AbortSignal.any([sendOptions.signal, controller.signal])
        : controller.signal;
      const delivery = new Delivery(crypto.randomUUID(), controller);
      if (options.logger) attachLogger(delivery, options.logger, redactor);
      delivery.start(async () => {
        const plan: SendPlan = planSend(message, sendOptions, adapters, clock.now());
        const run = new DeliveryRun(
          plan,
          { runtimeOf, policy, clock, redactor },
          delivery,
          signal,
          {
            keyBase: plan.message.idempotencyKey ?? delivery.id,
            ...(sendOptions.concurrency !== undefined
              ? { concurrency: sendOptions.concurrency }
              : {}),
          },
        );
        return run.run();
      });
      return delivery;
    },
    preview(message, previewOptions) {
      return buildPreview(planSend(message, previewOptions, adapters, clock.now()), redactor);
    },
    async close() {
      await Promise.all([...runtimes.values()].map((r) => r.limiter.stop()));
      await redis?.close();
    },
  };
}
