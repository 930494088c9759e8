/**
 * Responses, as the adapter contract reads them: the platform's answer the core hands an
 * adapter, and what the adapter reads from it (ids, failures, rate-limit signals, progress).
 *
 * @packageDocumentation
 */

/** The platform's answer, as the core hands it to the adapter. */
export interface PlatformResponse {
  /** HTTP status. */
  status: number;
  /** Response headers (lower-case names). */
  headers: Headers;
  /** Parsed JSON body, or the text when it is not JSON, or `undefined` when empty. */
  body: unknown;
}

/** What kind of failure a response is. */
export type FailureKind = "auth" | "rate-limit" | "validation" | "platform" | "transient";

/** What the adapter read from a response. */
export interface ResponseReading {
  /** True when the request did what it was meant to. */
  ok: boolean;
  /** The platform id of what was created (message id, status id, request id). */
  id?: string;
  /** Values later steps reference through {@link stepRef} (`id` is always available as `id`). */
  values?: Record<string, string>;
  /** Accepted but not final yet: the core polls with the operation's `poll` request. */
  pending?: boolean;
  /** A note for the report (e.g. "already accepted (409)"). */
  note?: string;
  /** With `ok: false`: what went wrong. */
  failure?: {
    kind: FailureKind;
    /** The platform's own error code, if any. */
    code?: string | number;
    /** The platform's error message (never holding a secret). */
    message: string;
    /** Whether retrying can help; 429 and 5xx default to true, other statuses to false. */
    retryable?: boolean;
  };
  /** How long the platform asks to wait before the next request, in ms (Retry-After, retry_after). */
  retryAfterMs?: number;
  /** Rate-limit state the platform reported (headers). */
  rateLimit?: { limit?: number; remaining?: number; resetAt?: number };
  /**
   * For a piece of a {@link RangedUpload} (or its status request) with `pending: true`: how many
   * bytes of the file the platform holds, counted from the start; the core sends from there.
   */
  received?: number;
  /**
   * The platform says this quota bucket is used up (YouTube 403 `quotaExceeded`): the core
   * refuses every request costing that bucket until its reset ({@link QuotaRule}). Read it
   * with `failure.kind: "rate-limit"`.
   */
  quotaExhausted?: string;
}
