// What executing one rendering needs and gives back, below both the executor (execute.ts) and
// the ranged upload it hands pieces to (upload.ts).
import type { Operation, PlatformAdapter, PlatformResponse } from "../adapters/contract.js";
import type { Clock } from "../clock.js";
import type { AccountLimiter } from "../limits/limiter.js";
import type { QuotaLedger } from "../limits/quota.js";
import type { HeraldError } from "../transport/errors.js";
import type { HttpTransport } from "../transport/http.js";
import type { Redactor } from "../transport/redact.js";
import type { CancelScope } from "../util/cancel.js";
import type { Gate } from "../util/gate.js";
import type { RetryPolicy } from "./retry-policy.js";

/** What the core keeps per adapter account: the adapter, its transport and its limiters. */
export interface AccountRuntime {
  /** The adapter. */
  adapter: PlatformAdapter;
  /** The account requests are made for. */
  account: string;
  /** Its HTTP transport. */
  http: HttpTransport;
  /** Its limiters. */
  limiter: AccountLimiter;
  /** Its daily quotas in units, when the adapter declares some ({@link PlatformAdapter.quotas}). */
  quota?: QuotaLedger;
}

/** A retry about to happen, as reported in `retry` events. */
export interface RetryInfo {
  /** Step of the operation retried. */
  step: string;
  /** Number of the attempt that failed (1 = the first). */
  attempt: number;
  /** Wait before the next attempt, in ms. */
  delayMs: number;
  /** Why it failed. */
  reason: string;
}

/** A 429 or exhausted quota, as reported in `rate-limited` events. */
export interface RateLimitInfo {
  /** Limiter route of the request. */
  route: string;
  /** How long the platform asked to wait, in ms, when it said. */
  retryAfterMs: number | undefined;
}

/** Everything executing one rendering needs. */
export interface ExecutionContext {
  /** The account's runtime. */
  runtime: AccountRuntime;
  /** Retry policy. */
  policy: RetryPolicy;
  /** Time source. */
  clock: Clock;
  /** Redacts secrets from what the platform answered. */
  redactor: Redactor;
  /** Stable name of this send to this destination; idempotency keys derive from it. */
  keyBase: string;
  /** Cancels waiting (limiter queue, backoff, polling); requests already sent finish. */
  cancel: CancelScope;
  /** While it is paused no request leaves; a limiter slot granted during a pause is given back. */
  gate?: Gate;
  /**
   * Awaited before each request leaves, after its limiter slot (a checkpoint records the
   * recipients in flight); a rejection fails the operation without sending it.
   */
  beforeSend?(): Promise<void>;
  /** Called before each retry. */
  onRetry(info: RetryInfo): void;
  /** Called when the platform signals a rate limit. */
  onRateLimited(info: RateLimitInfo): void;
  /** Called with each successful answer, secrets redacted (metrics read its body). */
  onAnswer?(operation: Omit<Operation, "poll">, response: PlatformResponse): void;
}

/** The outcome of sending one rendering. */
export interface ExecutionOutcome {
  /** `sent` when every operation succeeded. */
  status: "sent" | "failed" | "unknown" | "skipped";
  /** Platform ids of what was created, in order. */
  ids: string[];
  /** Notes from the adapter (already accepted, scheduled for ...). */
  notes: string[];
  /** Why it did not succeed. */
  error?: HeraldError;
}
