import type {
  Operation,
  PlatformAdapter,
  PlatformResponse,
  ResponseReading,
} from "../adapters/contract.js";
import {
  AuthError,
  DeliveryUnknownError,
  type HeraldError,
  PlatformError,
  RateLimitError,
} from "../transport/errors.js";
import type { TransportFailure } from "../transport/http.js";

/** One failed attempt: either no HTTP answer, or an answer the adapter read as a failure. */
export class AttemptError extends Error {
  /** The answer, when there was one. */
  readonly response: PlatformResponse | undefined;
  /** The adapter's reading of the answer. */
  readonly reading: ResponseReading | undefined;
  /** The transport failure, when there was no answer. */
  readonly transport: TransportFailure | undefined;

  /** @internal */
  constructor(details: {
    response?: PlatformResponse;
    reading?: ResponseReading;
    transport?: TransportFailure;
  }) {
    super(details.transport?.message ?? details.reading?.failure?.message ?? "request failed");
    this.name = "AttemptError";
    this.response = details.response;
    this.reading = details.reading;
    this.transport = details.transport;
  }

  /** True for a 429 or a failure the adapter read as a rate limit. */
  get rateLimited(): boolean {
    return this.response?.status === 429 || this.reading?.failure?.kind === "rate-limit";
  }

  /** True when the request may have been processed although no success came back. */
  get ambiguous(): boolean {
    if (this.transport) return this.transport.sent;
    const status = this.response?.status ?? 0;
    return status >= 500 || this.reading?.failure?.kind === "transient";
  }
}

/** What to do after a failed attempt. */
export type AttemptVerdict =
  | { retry: true; platformWaitMs: number | undefined }
  | { retry: false; error: HeraldError };

/**
 * Decides whether a failed attempt may be retried, following DESIGN.md: a rate limit always
 * (nothing was processed) unless the wait exceeds `maxWaitMs` or the adapter says waiting cannot
 * help (`retryable: false`, a used-up monthly quota); an ambiguous failure only where
 * the request is safe or carries a platform idempotency key, otherwise it is `unknown`; other
 * failures only when the adapter says retrying helps.
 */
export function judgeAttempt(
  adapter: PlatformAdapter,
  operation: Omit<Operation, "poll">,
  failure: AttemptError,
  now: number,
  maxWaitMs: number,
): AttemptVerdict {
  const platform = adapter.platform;
  if (failure.rateLimited && failure.reading?.failure?.retryable === false) {
    // a quota that waiting does not restore (LINE's monthly message limit)
    return { retry: false, error: finalError(adapter, operation, failure) };
  }
  if (failure.rateLimited) {
    const resetAt = failure.reading?.rateLimit?.resetAt;
    const wait =
      failure.reading?.retryAfterMs ??
      (resetAt !== undefined ? Math.max(0, resetAt - now) : undefined);
    if (wait !== undefined && wait > maxWaitMs) {
      return { retry: false, error: new RateLimitError(platform, wait, failure.message) };
    }
    return { retry: true, platformWaitMs: wait };
  }
  if (failure.ambiguous) {
    if (operation.idempotency === "none") {
      return { retry: false, error: new DeliveryUnknownError(platform, describe(failure)) };
    }
    return { retry: true, platformWaitMs: failure.reading?.retryAfterMs };
  }
  if (failure.transport) return { retry: true, platformWaitMs: undefined }; // never sent
  if (failure.reading?.failure?.retryable === true) {
    return { retry: true, platformWaitMs: failure.reading.retryAfterMs };
  }
  return { retry: false, error: finalError(adapter, operation, failure) };
}

function describe(failure: AttemptError): string {
  if (failure.transport) return failure.transport.message;
  return `HTTP ${failure.response?.status ?? 0}: ${failure.reading?.failure?.message ?? "no detail"}`;
}

/** The typed error reported once no retry is left (or allowed). */
export function finalError(
  adapter: PlatformAdapter,
  operation: Omit<Operation, "poll">,
  failure: AttemptError,
): HeraldError {
  const platform = adapter.platform;
  if (failure.ambiguous && (operation.idempotency !== "safe" || failure.transport)) {
    const keyed =
      operation.idempotency === "key" ? "; its idempotency key makes a later resend safe" : "";
    return new DeliveryUnknownError(platform, `${describe(failure)}, retries exhausted${keyed}`);
  }
  const reading = failure.reading;
  const status = failure.response?.status ?? 0;
  if (failure.rateLimited && reading?.failure?.retryable !== false) {
    return new RateLimitError(
      platform,
      reading?.retryAfterMs ?? 0,
      reading?.failure?.message ?? "429",
    );
  }
  if (reading?.failure?.kind === "auth") {
    return new AuthError(platform, status, reading.failure.message);
  }
  return new PlatformError(platform, {
    status,
    message: reading?.failure?.message ?? failure.message,
    body: failure.response?.body,
    ...(reading?.failure?.code !== undefined ? { platformCode: reading.failure.code } : {}),
    retryable: failure.ambiguous || failure.transport !== undefined,
  });
}

/**
 * The outcome of an operation whose earlier attempt may have been processed (no clear answer)
 * when the next one could not be made (its credentials failed, the delivery was cancelled): it
 * stays open, so `unknown`, never `failed` or `skipped`.
 */
export function stillOpen(
  adapter: PlatformAdapter,
  operation: Omit<Operation, "poll">,
  earlier: AttemptError,
  reason: string,
): DeliveryUnknownError {
  const keyed =
    operation.idempotency === "key" ? "; its idempotency key makes a later resend safe" : "";
  return new DeliveryUnknownError(
    adapter.platform,
    `${describe(earlier)} on an earlier attempt, and the next one could not be made (${reason})${keyed}`,
  );
}
