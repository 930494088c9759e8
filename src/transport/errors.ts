/**
 * Codes of the typed errors, stable for `switch` statements and logs; one per kind of cause
 * (docs/errors.md):
 * - `validation`: the input cannot be sent (`ValidationError`), before any request;
 * - `auth`: the platform refused the credentials (`AuthError`);
 * - `rate_limit`: the platform's limit, and waiting longer is not allowed (`RateLimitError`);
 * - `platform`: the platform answered with an error (`PlatformError`);
 * - `delivery_unknown`: perhaps delivered, not resent (`DeliveryUnknownError`);
 * - `cancelled`: cancelled before it was sent (`CancelledError`);
 * - `dependency_unavailable`: a service Herald depends on (Redis, a checkpoint store) failed
 *   (`DependencyUnavailableError`); nothing was sent for it;
 * - `not_delivered`: a delivery that did not send everything (`DeliveryError`);
 * - `refused`: the platform's rule refused a read, edit or delete (`RefusedError`);
 * - `adapter`: the adapter's own code threw (a bug in it or a body it could not read):
 *   `AdapterError`, never a platform's answer;
 * - `internal`: a broken invariant of Herald itself: report it as a bug.
 */
export type HeraldErrorCode =
  | "validation"
  | "auth"
  | "rate_limit"
  | "platform"
  | "delivery_unknown"
  | "cancelled"
  | "dependency_unavailable"
  | "not_delivered"
  | "refused"
  | "adapter"
  | "internal";

/** The base of every error Herald throws or reports. Messages never hold a secret. */
export class HeraldError extends Error {
  /** A stable code for the error kind. */
  readonly code: HeraldErrorCode;
  /** Platform the error concerns, when there is one. */
  readonly platform: string | undefined;

  /** @internal */
  constructor(code: HeraldErrorCode, message: string, platform?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.platform = platform;
  }
}

/** Input that cannot be sent: names the field and the rule it breaks, before any request. */
export class ValidationError extends HeraldError {
  /** The offending field, as a path (`to[1].segment.language`, `text`, `media[0]`). */
  readonly field: string;
  /** The rule that is broken (`max 4096 UTF-16 code units`, `url or data required`). */
  readonly rule: string;
  /** How to fix it, when there is advice (also part of `message`). */
  readonly hint: string | undefined;

  /** Creates a validation error for `field` breaking `rule`; `hint` says how to fix it. */
  constructor(field: string, rule: string, options: { platform?: string; hint?: string } = {}) {
    super(
      "validation",
      `${field}: ${rule}${options.hint ? ` (${options.hint})` : ""}`,
      options.platform,
    );
    this.field = field;
    this.rule = rule;
    this.hint = options.hint;
  }
}

/** The platform refused the credentials (401/403 on auth). */
export class AuthError extends HeraldError {
  /** HTTP status. */
  readonly status: number;

  /** @internal */
  constructor(platform: string, status: number, message: string) {
    super("auth", `${platform}: authentication failed (${status}): ${message}`, platform);
    this.status = status;
  }
}

/** The platform's rate limit was hit and waiting longer is not allowed (`maxWaitMs`, fail fast). */
export class RateLimitError extends HeraldError {
  /** How long the platform asked to wait, in milliseconds. */
  readonly retryAfter: number;

  /** @internal */
  constructor(platform: string, retryAfter: number, message: string) {
    super(
      "rate_limit",
      `${platform}: rate limited, retry after ${retryAfter} ms: ${message}`,
      platform,
    );
    this.retryAfter = retryAfter;
  }
}

/** The platform answered with an error. */
export class PlatformError extends HeraldError {
  /** HTTP status (0 when the request never got an answer). */
  readonly status: number;
  /** The platform's own error code, if it gave one. */
  readonly platformCode: string | number | undefined;
  /** The response body, with secrets redacted. */
  readonly body: unknown;
  /** Whether the core considered it worth retrying. */
  readonly retryable: boolean;

  /** @internal */
  constructor(
    platform: string,
    details: {
      status: number;
      platformCode?: string | number;
      body?: unknown;
      message: string;
      retryable?: boolean;
    },
  ) {
    super(
      "platform",
      `${platform}: ${details.message} (HTTP ${details.status}${details.platformCode !== undefined ? `, code ${details.platformCode}` : ""})`,
      platform,
    );
    this.status = details.status;
    this.platformCode = details.platformCode;
    this.body = details.body;
    this.retryable = details.retryable ?? false;
  }
}

/**
 * A request may or may not have reached the platform (timeout or connection loss after it left,
 * a 5xx on a create) and the platform has no idempotency key: it was not resent, to never send twice.
 */
export class DeliveryUnknownError extends HeraldError {
  /** Why the outcome is unknown. */
  readonly reason: string;

  /** @internal */
  constructor(platform: string, reason: string, options?: ErrorOptions) {
    super(
      "delivery_unknown",
      `${platform}: delivery unknown: ${reason}; not resent to avoid a duplicate`,
      platform,
      options,
    );
    this.reason = reason;
  }
}

/** The delivery was cancelled through its AbortSignal or `cancel()` before this part was sent. */
export class CancelledError extends HeraldError {
  /** @internal */
  constructor(message = "cancelled before sending") {
    super("cancelled", message);
  }
}

/**
 * A service Herald depends on (the Redis of the shared rate limits, of a checkpoint store or of
 * webhook dedupe) did not answer in time or failed. Not a platform's refusal: nothing was sent
 * for this error, so a retry or `herald.resume` can send it once the service is back.
 */
export class DependencyUnavailableError extends HeraldError {
  /** The service that did not answer (`redis`). */
  readonly dependency: string;

  /** @internal */
  constructor(dependency: string, message: string, options?: ErrorOptions) {
    super("dependency_unavailable", `${dependency} unavailable: ${message}`, undefined, options);
    this.dependency = dependency;
  }
}

/**
 * The adapter's own code threw (its `render`, `readResponse`, auth or editing facet): a bug in
 * the adapter or an answer it could not read, not a refusal of the platform. Code `adapter`; the
 * thrown error is the `cause`, its message redacted into this one.
 */
export class AdapterError extends HeraldError {
  /** @internal */
  constructor(platform: string, message: string, options?: ErrorOptions) {
    super("adapter", `${platform}: adapter error: ${message}`, platform, options);
  }
}
