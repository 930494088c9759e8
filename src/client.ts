import type { PlatformAdapter } from "./adapters/contract.js";
import { lazyAnalytics } from "./analytics/lazy.js";
import type { AnalyticsVerbs } from "./analytics/verbs.js";
import { memoryCheckpoints } from "./checkpoints/memory.js";
import type { CheckpointStore } from "./checkpoints/store.js";
import { type Clock, systemClock } from "./clock.js";
import type { Delivery } from "./delivery/delivery.js";
import type { AccountRuntime } from "./delivery/execute.js";
import { checkAdapterShape, checkSendOptions } from "./delivery/input.js";
import { checkLinkOptions, type LinkOptions } from "./delivery/links/options.js";
import { checkShortening } from "./delivery/links/shorten.js";
import { planSend, type SendOptions } from "./delivery/plan.js";
import { buildPreview, type Preview } from "./delivery/preview.js";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./delivery/retry-policy.js";
import { type DeliveryEnvironment, runPlan, startDelivery } from "./delivery/start.js";
import { AccountLimiter } from "./limits/limiter.js";
import { QuotaLedger } from "./limits/quota.js";
import type { RedisRuntime } from "./limits/redis.js";
import { listen } from "./listening/listen.js";
import type { Listener } from "./listening/listener.js";
import type { ListenOptions } from "./listening/types.js";
import type { MessageInput } from "./message/schema.js";
import type { Target } from "./message/target.js";
import { type AudienceSource, checkAudiences, readRecipients } from "./scheduling/audience.js";
import type { SchedulerBackend } from "./scheduling/backend.js";
import { Schedules } from "./scheduling/schedules.js";
import type { ScheduleService } from "./scheduling/service.js";
import { isTimeZone } from "./scheduling/zones.js";
import { ValidationError } from "./transport/errors.js";
import { HttpTransport } from "./transport/http.js";
import type { SendProbe } from "./transport/probe.js";
import { Redactor } from "./transport/redact.js";
import {
  type AdaptersEventMap,
  createWebhooks,
  type WebhookOptions,
  type Webhooks,
} from "./webhooks/webhooks.js";

/** Where Herald writes what it does; every line is redacted of secrets first. */
export interface Logger {
  /** Routine detail. */
  debug?(message: string, data?: Record<string, unknown>): void;
  /** Something went wrong and was handled (a retry, a rate limit, a failed recipient). */
  warn?(message: string, data?: Record<string, unknown>): void;
}

/** Options of {@link createHerald}. */
export interface HeraldOptions<A extends readonly PlatformAdapter[] = readonly PlatformAdapter[]> {
  /** The platform adapters, one per platform account. */
  adapters: A;
  /** Retry policy; `{ retries: 0 }` fails fast. */
  retry?: Partial<RetryPolicy>;
  /**
   * Timeout of one HTTP request in ms (default 30,000), from the moment it is handed to `fetch`
   * until its answer is read; token requests take it too (see docs/delivery.md, "Timeouts").
   */
  timeoutMs?: number;
  /** A `fetch` to use instead of the global one. */
  fetch?: typeof fetch;
  /** Time source (for tests). */
  clock?: Clock;
  /** Logger; lines are redacted of secrets. */
  logger?: Logger;
  /** Options of `herald.webhooks` (body limit, dedupe store, acknowledgement timeout). */
  webhooks?: WebhookOptions;
  /**
   * Where deliveries record each recipient's progress, for `resume`: `memoryCheckpoints()` (the
   * default; survives a cancel, not the process), `redisCheckpoints(redis)` from `herald/redis`
   * (survives a crash), your own {@link CheckpointStore}, or `false` for none.
   */
  checkpoints?: CheckpointStore | false;
  /**
   * Where scheduled sends live: in memory by default; `bullmqScheduler` from `herald/bullmq`
   * keeps them in Redis, shared by every process given the same one (see docs/scheduling.md).
   */
  scheduler?: SchedulerBackend;
  /**
   * Named audiences, read each time a send to `audience(name)` goes out (for a scheduled send,
   * at fire time): `{ vip: () => db.streamVipSubscribers() }`.
   */
  audiences?: Record<string, AudienceSource>;
  /** Zone of recipients without a valid `timezone` attribute when a send names none (default `UTC`). */
  fallbackTimezone?: string;
  /**
   * Redis shared by every process of the same accounts, opened by `redisConnection(client |
   * { client | connection, prefix })` from `herald/redis`: the rate limits are shared through it
   * (bottleneck's clustering: docs/delivery.md, "Limits across processes"). Checkpoints,
   * schedules and webhook dedupe take their own Redis stores (`redisCheckpoints`,
   * `bullmqScheduler`, `redisDedupe`). Needs the `ioredis` package. `close()` closes the
   * connections Herald opened.
   */
  redis?: RedisRuntime;
  /** Your link shortener, for messages with `links` (docs/links.md); Herald runs none. */
  links?: LinkOptions;
}

/** The Herald client; `A` are its adapters, which type `herald.webhooks`. */
export interface Herald<A extends readonly PlatformAdapter[] = readonly PlatformAdapter[]>
  extends AnalyticsVerbs {
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
  preview(
    message: MessageInput,
    options: Omit<SendOptions, "signal" | "concurrency" | "id" | "total">,
  ): Preview;
  /**
   * Continues delivery `deliveryId` from its checkpoint, after a crash, a cancel or a failed
   * recipients stream. Give the same message and the same targets (with their recipients
   * streams again; they are read from the start). Recipients with a recorded outcome are
   * reported, not sent; requests the earlier run left in flight are resent under the same
   * idempotency key where the platform takes one, else reported `unknown` (never resent);
   * everyone else is sent. Rejects with a `ValidationError` when the checkpoint is missing or
   * the message or targets differ.
   */
  resume(deliveryId: string, message: MessageInput, options: Omit<SendOptions, "id">): Delivery;
  /**
   * Follows mentions, keywords and replies on the platform accounts `options.to` names, through
   * the same limiters and retries as sends, with positions kept in the checkpoint store so a
   * restarted listener goes on with no gap and no repeat (docs/listening.md). Returns at once a
   * {@link Listener}: iterate it, or listen to its events; `close()` stops it. Throws a
   * `ValidationError` for what cannot be followed.
   */
  listen(options: ListenOptions): Listener;
  /** The adapters this client was built with. */
  readonly adapters: readonly PlatformAdapter[];
  /**
   * Incoming webhooks: typed handlers (`on("comment", ...)`, `on("line.follow", ...)`) and the
   * Web-standard request handler `handle(request)`. See docs/webhooks.md.
   */
  readonly webhooks: Webhooks<AdaptersEventMap<A>>;
  /** The sends Herald's scheduler holds: list, get, cancel, reschedule, and fire events. */
  readonly schedules: Schedules;
  /**
   * Closes the listeners, stops the scheduler (a durable one lets running fires finish) and the limiters, and closes
   * the Redis connections Herald opened. With Redis, slots still held in a short window
   * (Telegram's second) are first freed in Redis when it ends.
   */
  close(): Promise<void>;
}

/** The `redis` option, checked: it must come from `redisConnection` (`herald/redis`). */
function checkRedis(redis: RedisRuntime | undefined): RedisRuntime | undefined {
  if (redis === undefined) return undefined;
  if (typeof redis !== "object" || redis === null || typeof redis.Bottleneck !== "function") {
    throw new ValidationError("redis", "the value of redisConnection(...) from herald/redis", {
      hint: 'createHerald({ adapters, redis: redisConnection(new Redis(url)) }), with import { redisConnection } from "herald/redis"',
    });
  }
  return redis;
}

/** Default timeout of one HTTP request, in ms. */
const DEFAULT_TIMEOUT_MS = 30_000;

function checkAdapters(options: unknown): PlatformAdapter[] {
  if (typeof options !== "object" || options === null) {
    throw new ValidationError("options", "an object with `adapters`", {
      hint: "createHerald({ adapters: [telegram({ botToken })] })",
    });
  }
  const given = (options as { adapters?: unknown }).adapters;
  if (!Array.isArray(given)) {
    throw new ValidationError("adapters", "a list of adapters", {
      hint: "createHerald({ adapters: [telegram({ botToken })] })",
    });
  }
  const adapters: unknown[] = [...given];
  const seen = new Set<string>();
  adapters.forEach((adapter, index) => {
    checkAdapterShape(adapter, index);
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
  return adapters as PlatformAdapter[];
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
export function createHerald<const A extends readonly PlatformAdapter[]>(
  options: HeraldOptions<A>,
): Herald<A> {
  return createClient(options, {});
}

/** What a runtime's entry point adds to the portable client (`client-node.ts`). */
export interface RuntimeParts {
  /** Tells a request that never left from one that may have (Node: undici's diagnostics channels). */
  sendProbe?: SendProbe;
}

/** {@link createHerald} with the parts a runtime's entry point adds. */
export function createClient<const A extends readonly PlatformAdapter[]>(
  options: HeraldOptions<A>,
  runtime: RuntimeParts,
): Herald<A> {
  const adapters = checkAdapters(options);
  const fallbackTimezone = options.fallbackTimezone ?? "UTC";
  if (!isTimeZone(fallbackTimezone)) {
    throw new ValidationError("fallbackTimezone", `"${fallbackTimezone}" is not an IANA time zone`);
  }
  const audiences = { ...options.audiences };
  const clock = options.clock ?? systemClock;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const redactor = new Redactor(adapters.flatMap((a) => a.secrets));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const redis = checkRedis(options.redis);
  const links = checkLinkOptions(options.links);
  const onLimiterError = (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    options.logger?.warn?.(redactor.text(`limiter: ${message}`));
  };
  redis?.connection.on("error", onLimiterError);
  const checkpoints =
    options.checkpoints === false ? undefined : (options.checkpoints ?? memoryCheckpoints());
  const transports = new Map<PlatformAdapter, HttpTransport>();
  const transportOf = (adapter: PlatformAdapter): HttpTransport => {
    let http = transports.get(adapter);
    if (!http) {
      http = new HttpTransport({
        baseUrl: adapter.baseUrl,
        timeoutMs,
        ...(options.fetch ? { fetch: options.fetch } : {}),
        ...(runtime.sendProbe ? { probe: runtime.sendProbe } : {}),
      });
      transports.set(adapter, http);
    }
    return http;
  };
  // One runtime (and so one set of rate-limit buckets) per platform account, created on first use.
  const runtimes = new Map<string, AccountRuntime>();
  const runtimeOf = (adapter: PlatformAdapter, account: string): AccountRuntime => {
    const name = `${redis?.prefix ?? "herald"}:${adapter.platform}:${account}`;
    let runtime = runtimes.get(name);
    if (!runtime) {
      runtime = {
        adapter,
        account,
        http: transportOf(adapter),
        limiter: new AccountLimiter(adapter.limits, name, {
          requestTimeoutMs: timeoutMs,
          now: () => clock.now(),
          onError: onLimiterError,
          ...(redis ? { redis } : {}),
        }),
        ...(adapter.quotas?.length ? { quota: new QuotaLedger(adapter.quotas, clock) } : {}),
      };
      runtimes.set(name, runtime);
    }
    return runtime;
  };

  const report = (message: string, error: unknown) => {
    const detail = redactor.text(error instanceof Error ? error.message : String(error));
    if (options.logger?.warn) options.logger.warn(redactor.text(message), { error: detail });
    // nothing silent (DESIGN.md): with no logger, an unhandled handler failure still shows
    else console.error(`herald: ${redactor.text(message)}: ${detail}`);
  };
  const webhooks = createWebhooks<AdaptersEventMap<A>>(adapters, options.webhooks ?? {}, {
    clock,
    report,
  });
  const listeners = new Set<Listener>();
  const logged = (delivery: Delivery): Delivery => {
    if (options.logger) attachLogger(delivery, options.logger, redactor);
    return delivery;
  };

  let service: Promise<ScheduleService> | undefined;
  const loadService = (): Promise<ScheduleService> => {
    service ??= import("./scheduling/service.js").then(async ({ ScheduleService }) => {
      const backend =
        options.scheduler ??
        new (await import("./scheduling/memory.js")).MemoryScheduler({ clock });
      const created = new ScheduleService(
        {
          clock,
          audiences,
          redactor,
          fallbackTimezone,
          events: schedules,
          plan: (message, to) => planSend(message, { to }, adapters, clock.now(), fallbackTimezone),
          deliver: (plan, keyBase, signal) => logged(runPlan(env, plan, keyBase, signal)),
        },
        backend,
      );
      await created.start();
      return created;
    });
    return service;
  };
  const schedules = new Schedules(loadService);
  // A shared scheduler starts firing what other processes scheduled as soon as the client exists.
  if (options.scheduler) {
    loadService().catch((error: unknown) =>
      options.logger?.warn?.(redactor.text(`scheduler did not start: ${String(error)}`)),
    );
  }
  const env: DeliveryEnvironment = {
    adapters,
    links,
    checkpoints,
    runtimeOf,
    policy,
    clock,
    redactor,
    fallbackTimezone,
    checkTargets: (to) => checkAudiences(to as Target[], audiences),
    openAudiences: (plan) => ({
      ...plan,
      targets: plan.targets.map((t) =>
        t.target.recipients
          ? {
              ...t,
              target: { ...t.target, recipients: readRecipients(t.target.recipients, audiences) },
            }
          : t,
      ),
    }),
    schedule: async (plan, to, id, runNow) => (await loadService()).schedule(plan, to, id, runNow),
  };

  return {
    ...lazyAnalytics({ adapters, runtimeOf, policy, clock, redactor, checkpoints }),
    adapters,
    webhooks,
    schedules,
    listen(listenOptions) {
      const env = { adapters, runtimeOf, policy, clock, redactor, checkpoints, report };
      const listener = listen(env, listenOptions);
      listeners.add(listener);
      listener.once("close", () => listeners.delete(listener));
      return listener;
    },
    send(message, sendOptions) {
      return logged(startDelivery(env, message, sendOptions));
    },
    resume(deliveryId, message, resumeOptions) {
      return logged(startDelivery(env, message, resumeOptions, { deliveryId }));
    },
    preview(message, previewOptions) {
      const to = checkSendOptions(previewOptions);
      checkAudiences(to, audiences);
      const plan = planSend(message, previewOptions, adapters, clock.now(), fallbackTimezone);
      return buildPreview(plan, redactor, checkShortening(plan, links));
    },
    async close() {
      await Promise.all([...listeners].map((l) => l.close()));
      if (service) await (await service).close();
      await Promise.all([...runtimes.values()].map((r) => r.limiter.stop()));
      await redis?.close();
    },
  };
}
