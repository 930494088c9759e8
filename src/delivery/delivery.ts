import { EventEmitter } from "eventemitter3";
import type { HeraldError } from "../transport/errors.js";
import { Gate } from "../util/gate.js";
import type { DeliveryError } from "./delivery-error.js";
import type { DeliveryReport, OutcomeCounts } from "./report.js";

/** Progress of a delivery, emitted after every outcome. */
export interface Progress extends OutcomeCounts {
  /** Recipients (or single destinations) finished so far. */
  done: number;
  /**
   * How many there are in all: the `total` option when given, else the sum when every target's
   * size is known (arrays, sets); else undefined.
   */
  total: number | undefined;
  /**
   * Current rate: recipients sent per second over the last 10 seconds (or since the start when
   * shorter), by the client's clock.
   */
  rate: number;
}

/** A recipient or destination that was sent. */
export interface SentEvent {
  /** Target label. */
  target: string;
  /** The recipient, for a mass send. */
  recipient?: string;
  /** Platform ids. */
  ids: string[];
}

/** A recipient or destination that failed, ended unknown or was skipped. */
export interface NotSentEvent {
  /** Target label. */
  target: string;
  /** The recipient, for a mass send. */
  recipient?: string;
  /** Why. */
  error: HeraldError;
}

/** A retry about to happen. */
export interface RetryEvent {
  /** Target label. */
  target: string;
  /** Operation step retried. */
  step: string;
  /** Number of the failed attempt (1 = the first). */
  attempt: number;
  /** Wait before the next attempt, in ms. */
  delayMs: number;
  /** Why the attempt failed (no secrets). */
  reason: string;
}

/** A rate-limit signal from a platform. */
export interface RateLimitedEvent {
  /** Target label. */
  target: string;
  /** Platform. */
  platform: string;
  /** Account. */
  account: string;
  /** The limiter route. */
  route: string;
  /** How long the platform asked to wait, in ms, when it said. */
  retryAfterMs: number | undefined;
}

/** The events of a {@link Delivery}, with their payloads. */
export interface DeliveryEvents {
  /** After every outcome. */
  progress: [Progress];
  /** A recipient or destination was sent. */
  sent: [SentEvent];
  /** A recipient or destination failed. */
  failed: [NotSentEvent];
  /** A recipient or destination ended unknown. */
  unknown: [NotSentEvent];
  /** A recipient or destination was skipped (cancelled). */
  skipped: [NotSentEvent];
  /** A request is retried. */
  retry: [RetryEvent];
  /** A platform signalled a rate limit. */
  "rate-limited": [RateLimitedEvent];
}

/**
 * A running send: await it for the {@link DeliveryReport}, listen to its events for progress.
 * Invalid input rejects it before any request is sent.
 */
export class Delivery extends EventEmitter<DeliveryEvents> implements PromiseLike<DeliveryReport> {
  /** The delivery id (also the base of its idempotency keys). */
  readonly id: string;
  readonly #controller: AbortController;
  /** @internal Closed while paused; the run waits on it. */
  readonly gate = new Gate();
  #promise: Promise<DeliveryReport> | undefined;

  /** @internal */
  constructor(id: string, controller: AbortController) {
    super();
    this.id = id;
    this.#controller = controller;
  }

  /** @internal Starts the run; called once by the client right after construction. */
  start(run: () => Promise<DeliveryReport>): void {
    // Started on the next microtask, so listeners attached right after `send()` see every event.
    this.#promise = Promise.resolve().then(run);
    this.#promise.catch(() => {}); // a rejection is the caller's to observe through then/await
  }

  /** Stops sending: nothing new is sent, requests already sent finish, the rest is `skipped`. */
  cancel(reason = "cancelled"): void {
    this.#controller.abort(new Error(reason));
  }

  /**
   * Pauses: no more recipients are read from the streams and no new request leaves (retries
   * included); requests already sent finish and are reported. `resume()` continues. Cancelling
   * a paused delivery ends it (the rest is `skipped`).
   */
  pause(): void {
    this.gate.pause();
  }

  /** Continues a paused delivery. */
  resume(): void {
    this.gate.resume();
  }

  /** Whether the delivery is paused. */
  get paused(): boolean {
    return this.gate.paused;
  }

  /**
   * Resolves with the report whatever its outcomes (see `report.ok`, and {@link orThrow} to reject
   * when anything was not sent); rejects only for invalid input, before anything was sent.
   */
  // biome-ignore lint/suspicious/noThenProperty: a Delivery is deliberately awaitable.
  then<A = DeliveryReport, B = never>(
    onFulfilled?: ((report: DeliveryReport) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    if (!this.#promise) throw new Error("Delivery was not started");
    return this.#promise.then(onFulfilled, onRejected);
  }

  /**
   * Resolves with the report when everything was sent (`report.ok`), and rejects with a
   * {@link DeliveryError} carrying the report otherwise: anything `failed`, `unknown` (perhaps
   * delivered, never resent; `error.outcome` tells it apart) or `skipped`. Rejects as `await`
   * does for invalid input. For a mass send where a few refusals are expected, read
   * `report.counts` instead.
   *
   * @example await herald.send({ text: "Thanks!" }, { to: event.replyTo }).orThrow();
   */
  orThrow(): Promise<DeliveryReport> {
    return this.then(async (report) => {
      if (report.ok) return report;
      // loaded when first needed: a send that only awaits its report never bundles it
      const { DeliveryError } = await import("./delivery-error.js");
      throw new DeliveryError(report);
    });
  }

  /** Like `Promise.prototype.catch`. */
  catch<B = never>(
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<DeliveryReport | B> {
    return this.then(undefined, onRejected);
  }
}
