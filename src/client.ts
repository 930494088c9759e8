import type { PlatformAdapter } from "./adapters/contract.js";
import { type Clock, systemClock } from "./clock.js";
import { Delivery } from "./delivery/delivery.js";
import type { AccountRuntime } from "./delivery/execute.js";
import { planSend, type SendOptions, type SendPlan } from "./delivery/plan.js";
import { buildPreview, type Preview } from "./delivery/preview.js";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./delivery/retry-policy.js";
import { DeliveryRun } from "./delivery/run.js";
import { AccountLimiter, type LimiterOptions } from "./limits/limiter.js";
import type { MessageInput } from "./message/schema.js";
import type { Target } from "./message/target.js";
import { type AudienceSource, checkAudiences, readRecipients } from "./scheduling/audience.js";
import type { SchedulerBackend } from "./scheduling/backend.js";
import { Schedules } from "./scheduling/schedules.js";
import type { ScheduleService } from "./scheduling/service.js";
import { isTimeZone } from "./scheduling/zones.js";
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
  /** Options given to every bottleneck limiter (e.g. Redis clustering). */
  limiter?: LimiterOptions;
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
  /** The sends Herald's scheduler holds: list, get, cancel, reschedule, and fire events. */
  readonly schedules: Schedules;
  /** Stops the scheduler (a durable one lets running fires finish) and the limiters. */
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
  const fallbackTimezone = options.fallbackTimezone ?? "UTC";
  if (!isTimeZone(fallbackTimezone)) {
    throw new ValidationError("fallbackTimezone", `"${fallbackTimezone}" is not an IANA time zone`);
  }
  const audiences = { ...options.audiences };
  const clock = options.clock ?? systemClock;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const redactor = new Redactor(adapters.flatMap((a) => a.secrets));
  const runtimes = new Map<PlatformAdapter, AccountRuntime>();
  const runtimeOf = (adapter: PlatformAdapter): AccountRuntime => {
    let runtime = runtimes.get(adapter);
    if (!runtime) {
      runtime = {
        adapter,
        http: new HttpTransport({
          baseUrl: adapter.baseUrl,
          timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
          ...(options.fetch ? { fetch: options.fetch } : {}),
        }),
        limiter: new AccountLimiter(
          adapter.limits,
          `herald:${adapter.platform}:${adapter.account}`,
          options.limiter,
        ),
      };
      runtimes.set(adapter, runtime);
    }
    return runtime;
  };

  /** Runs a checked plan now into `delivery`, reading named audiences. */
  const runNow = (
    plan: SendPlan,
    delivery: Delivery,
    signal: AbortSignal,
    keyBase: string,
    concurrency?: number,
  ) => {
    const targets = plan.targets.map((t) =>
      t.target.recipients
        ? {
            ...t,
            target: { ...t.target, recipients: readRecipients(t.target.recipients, audiences) },
          }
        : t,
    );
    const run = new DeliveryRun(
      { ...plan, targets },
      { runtimeOf, policy, clock, redactor },
      delivery,
      signal,
      { keyBase, ...(concurrency !== undefined ? { concurrency } : {}) },
    );
    return run.run();
  };
  const newDelivery = (signal?: AbortSignal) => {
    const controller = new AbortController();
    const delivery = new Delivery(crypto.randomUUID(), controller);
    if (options.logger) attachLogger(delivery, options.logger, redactor);
    const all = signal ? AbortSignal.any([signal, controller.signal]) : controller.signal;
    return { delivery, signal: all };
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
          deliver: (plan, keyBase, signal) => {
            const started = newDelivery(signal);
            started.delivery.start(() => runNow(plan, started.delivery, started.signal, keyBase));
            return started.delivery;
          },
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

  return {
    adapters,
    schedules,
    send(message, sendOptions) {
      const { delivery, signal } = newDelivery(sendOptions.signal);
      delivery.start(async () => {
        const to: Target[] = Array.isArray(sendOptions.to)
          ? [...sendOptions.to]
          : [sendOptions.to as Target];
        checkAudiences(to, audiences);
        const plan = planSend(message, sendOptions, adapters, clock.now(), fallbackTimezone);
        const keyBase = plan.message.idempotencyKey ?? delivery.id;
        const now = (p: SendPlan) => runNow(p, delivery, signal, keyBase, sendOptions.concurrency);
        if (!plan.targets.some((t) => t.scheduling === "herald")) return now(plan);
        return (await loadService()).schedule(plan, to, delivery.id, now);
      });
      return delivery;
    },
    preview(message, previewOptions) {
      const to = Array.isArray(previewOptions.to) ? previewOptions.to : [previewOptions.to];
      checkAudiences(to as Target[], audiences);
      const plan = planSend(message, previewOptions, adapters, clock.now(), fallbackTimezone);
      return buildPreview(plan, redactor);
    },
    async close() {
      if (service) await (await service).close();
      await Promise.all([...runtimes.values()].map((r) => r.limiter.stop()));
    },
  };
}
