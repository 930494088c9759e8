/** `herald.webhooks`: typed handlers and the Web-standard request handler. */
import type { PlatformAdapter } from "../adapters/contract.js";
import type { Clock } from "../clock.js";
import { ValidationError } from "../transport/errors.js";
import type { WebhookCrypto, WebhookEventMap } from "./contract.js";
import type { DedupeStore, RedisSetClient } from "./dedupe.js";
import type { ReportFailure } from "./dispatch.js";
import { HandlerRegistry, type WebhookHandler } from "./emitter.js";
import type {
  NormalizedEventMap,
  PlatformEvent,
  UnknownEvent,
  WebhookErrorEvent,
} from "./events.js";
import type { WebhookEnvironment, WebhookHandleOptions } from "./handle.js";

/** Options of the webhook handler (`createHerald({ webhooks })`). */
export interface WebhookOptions {
  /** Largest body accepted, in bytes (default 1 MB); a larger one is answered 413 unread. */
  maxBodyBytes?: number;
  /** Where seen event ids are kept (default: in this process's memory). */
  dedupe?: DedupeStore;
  /** An ioredis client: shorthand for `dedupe: redisDedupe(redis)`. */
  redis?: RedisSetClient;
  /** How long an event id is remembered, in ms (default 24 hours). */
  dedupeTtlMs?: number;
  /**
   * Without a `waitUntil`, how long the answer waits for the handlers before it is sent anyway,
   * in ms (default 500); the handlers go on running after it.
   */
  ackTimeoutMs?: number;
  /** The crypto primitives (default: Web Crypto; `node:crypto` when imported on Node). */
  crypto?: WebhookCrypto;
}

/**
 * Default body limit: 1 MB, as the issue asks; the largest documented built-in payload (a LINE
 * delivery of many events) stays far below it.
 */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * Default time an event id is remembered: 24 hours, as long as Telegram keeps an undelivered
 * update ("will not be kept longer than 24 hours", https://core.telegram.org/bots/api#getting-updates),
 * past LINE's redelivery attempts.
 */
export const DEFAULT_DEDUPE_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Default wait for handlers before answering: 500 ms, half of LINE's limit ("didn't return a
 * response within a second" is a request_timeout error,
 * https://developers.line.biz/en/docs/partner-docs/error-notification/), the tightest of the
 * built-in platforms.
 */
export const DEFAULT_ACK_TIMEOUT_MS = 500;

/** An empty event map (no platform events). */
export type NoEvents = Record<never, never>;

/** Platform events by name, as handlers receive them. */
export type PlatformEventMap<E> = { [K in keyof E & string]: PlatformEvent<K, E[K]> };

/** Every event name `herald.webhooks.on` takes, with what its handlers receive. */
export type WebhookEvents<E = NoEvents> = NormalizedEventMap &
  PlatformEventMap<E> & { unknown: UnknownEvent; error: WebhookErrorEvent };

type AdapterEvents<A> =
  A extends PlatformAdapter<infer E> ? (string extends keyof E ? NoEvents : E) : never;
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (
  x: infer I,
) => void
  ? I
  : never;

/** The platform event map of a list of adapters (the intersection of their maps). */
export type AdaptersEventMap<A extends readonly PlatformAdapter[]> = UnionToIntersection<
  AdapterEvents<A[number]>
>;

/**
 * `herald.webhooks`: register typed handlers, then hand every webhook request to
 * {@link Webhooks.handle} (or to the Node handler of `herald/webhooks-node`).
 */
export interface Webhooks<E = NoEvents> {
  /** Adds a handler for a normalized event (`comment`), a platform event (`line.follow`), `unknown` or `error`. */
  on<K extends keyof WebhookEvents<E> & string>(
    name: K,
    handler: WebhookHandler<WebhookEvents<E>[K]>,
  ): this;
  /** Adds a handler that runs for the next such event only. */
  once<K extends keyof WebhookEvents<E> & string>(
    name: K,
    handler: WebhookHandler<WebhookEvents<E>[K]>,
  ): this;
  /** Removes a handler, or all the handlers of `name` when none is given. */
  off<K extends keyof WebhookEvents<E> & string>(
    name: K,
    handler?: WebhookHandler<WebhookEvents<E>[K]>,
  ): this;
  /**
   * Answers one webhook request (Web standard): 200 once verified and parsed (the platform's
   * own success answer where it wants one), 401 bad or missing signature, 400 malformed,
   * 404 no such platform or account, 405 wrong method, 413 too large, 503 when the dedupe store
   * fails. Never rejects. Handlers run after the answer with `waitUntil`, else within
   * `ackTimeoutMs`; a handler that throws does not change the answer (see docs/webhooks.md).
   */
  handle(request: Request, options?: WebhookHandleOptions): Promise<Response>;
}

function check(field: string, value: number | undefined, min: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min) {
    throw new ValidationError(`webhooks.${field}`, `an integer >= ${min}`);
  }
  return value;
}

/** Checks `on`/`once` arguments from JavaScript callers: a handler that is not a function would fail only when an event comes. */
function checkHandler(name: unknown, handler: unknown): void {
  if (typeof name !== "string" || name.length === 0) {
    throw new ValidationError("name", 'an event name such as "comment" or "line.follow"');
  }
  if (typeof handler !== "function") {
    throw new ValidationError(
      "handler",
      `a function, not ${handler === null ? "null" : typeof handler}`,
      {
        hint: `herald.webhooks.on("${name}", (event) => { ... })`,
      },
    );
  }
}

/** Creates `herald.webhooks` for the client's adapters. Throws a `ValidationError` for bad options. */
export function createWebhooks<E>(
  adapters: readonly PlatformAdapter[],
  options: WebhookOptions,
  context: { clock: Clock; report: ReportFailure },
): Webhooks<E> {
  const registry = new HandlerRegistry<object>();
  const settings = {
    maxBodyBytes: check("maxBodyBytes", options.maxBodyBytes, 1, DEFAULT_MAX_BODY_BYTES),
    dedupeTtlMs: check("dedupeTtlMs", options.dedupeTtlMs, 1, DEFAULT_DEDUPE_TTL_MS),
    ackTimeoutMs: check("ackTimeoutMs", options.ackTimeoutMs, 0, DEFAULT_ACK_TIMEOUT_MS),
  };
  if (options.dedupe !== undefined && options.redis !== undefined) {
    throw new ValidationError("webhooks.redis", "give dedupe or redis, not both");
  }
  // The request handling (body, crypto, dedupe, dispatch) loads on the first request, so that a
  // client that only sends does not carry it: a chunk of its own where the bundler splits.
  let loading:
    | Promise<(request: Request, o?: WebhookHandleOptions) => Promise<Response>>
    | undefined;
  const load = async () => {
    const [{ handleWebhook }, { createWebCrypto }, { memoryDedupe, redisDedupe }] =
      await Promise.all([import("./handle.js"), import("./crypto-web.js"), import("./dedupe.js")]);
    const env: WebhookEnvironment = {
      adapters,
      registry,
      crypto: options.crypto ?? createWebCrypto(),
      clock: context.clock,
      dedupe:
        options.dedupe ??
        (options.redis ? redisDedupe(options.redis) : memoryDedupe({ clock: context.clock })),
      ...settings,
      report: context.report,
    };
    return (request: Request, o?: WebhookHandleOptions) => handleWebhook(env, request, o);
  };
  type Handler = WebhookHandler<never>;
  const webhooks = {
    on(name: string, handler: Handler) {
      checkHandler(name, handler);
      registry.on(name as never, handler);
      return webhooks;
    },
    once(name: string, handler: Handler) {
      checkHandler(name, handler);
      registry.once(name as never, handler);
      return webhooks;
    },
    off(name: string, handler?: Handler) {
      registry.off(name as never, handler);
      return webhooks;
    },
    async handle(request: Request, handleOptions?: WebhookHandleOptions): Promise<Response> {
      loading ??= load().catch((error: unknown) => {
        loading = undefined; // try again on the next request
        throw error;
      });
      try {
        return (await loading)(request, handleOptions);
      } catch (error) {
        context.report("the webhook handler could not load; answered 500", error);
        return new Response("internal error", { status: 500 });
      }
    },
  };
  return webhooks as unknown as Webhooks<E>;
}

export type { WebhookEventMap };
