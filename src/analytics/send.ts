import type { Operation, PlatformAdapter } from "../adapters/contract.js";
import type { CheckpointStore } from "../checkpoints/store.js";
import type { Clock } from "../clock.js";
import type { PostRef } from "../contract/editing.js";
import {
  type AccountRuntime,
  type ExecutionOutcome,
  executeOperations,
} from "../delivery/execute.js";
import type { RetryPolicy } from "../delivery/retry-policy.js";
import { type HeraldError, PlatformError, ValidationError } from "../transport/errors.js";
import type { Redactor } from "../transport/redact.js";
import type { CancelScope } from "../util/cancel.js";
import { type PostAction, RefusedError } from "./errors.js";

/** What the analytics verbs need from the client: the same runtimes deliveries use. */
export interface AnalyticsEnvironment {
  /** The client's adapters. */
  adapters: readonly PlatformAdapter[];
  /** The runtime (transport, limiters, quota ledger) of one adapter account, shared with sends. */
  runtimeOf(adapter: PlatformAdapter, account: string): AccountRuntime;
  /** Retry policy. */
  policy: RetryPolicy;
  /** Time source. */
  clock: Clock;
  /** Secret redaction. */
  redactor: Redactor;
  /** Where deliveries record their progress (refs of a delivery id). */
  checkpoints: CheckpointStore | undefined;
}

/** Retries and rate limits met, for a report. */
export interface RunCounters {
  /** Retries made. */
  retries: number;
  /** Rate-limit answers received. */
  rateLimited: number;
}

/** The adapter serving a ref's platform and account, or a `ValidationError`. */
export function adapterOf(env: AnalyticsEnvironment, ref: PostRef, field: string): PlatformAdapter {
  const mine = env.adapters.filter((a) => a.platform === ref.platform);
  const adapter =
    mine.find((a) => a.account === ref.account) ?? mine.find((a) => a.auth?.anyAccount === true);
  if (!adapter) {
    throw new ValidationError(field, `no ${ref.platform} adapter for account ${ref.account}`, {
      hint: `createHerald({ adapters: [...] }) lists ${env.adapters.map((a) => `${a.platform}@${a.account}`).join(", ") || "none"}`,
    });
  }
  return adapter;
}

/** What sending one ref's operations gave. */
export interface SentOperations {
  /** The delivery path's outcome (`sent`, or `failed`/`unknown`/`skipped` with the error). */
  outcome: ExecutionOutcome;
  /** Bodies of the successful answers, secrets redacted, in order. */
  bodies: unknown[];
  /** Whether a request was retried after an attempt that was not a rate limit (it may have been processed). */
  retried: boolean;
}

/**
 * Sends operations for a ref through the delivery path (limiter, quota ledger, retries,
 * credentials, transport, redaction): the same `executeOperations` a send uses.
 */
export async function sendForRef(
  env: AnalyticsEnvironment,
  adapter: PlatformAdapter,
  ref: PostRef,
  operations: readonly Operation[],
  run: { keyBase: string; cancel: CancelScope; counters: RunCounters },
): Promise<SentOperations> {
  const bodies: unknown[] = [];
  let retried = false;
  let rateLimited = false;
  const outcome = await executeOperations(
    {
      runtime: env.runtimeOf(adapter, ref.account),
      policy: env.policy,
      clock: env.clock,
      redactor: env.redactor,
      keyBase: run.keyBase,
      cancel: run.cancel,
      onRetry: () => {
        // a rate-limited attempt was not processed: only other retries may follow a success
        retried ||= !rateLimited;
        rateLimited = false;
        run.counters.retries++;
      },
      onRateLimited: () => {
        rateLimited = true;
        run.counters.rateLimited++;
      },
      onAnswer: (_operation, response) => {
        bodies.push(response.body);
      },
    },
    operations,
  );
  return { outcome, bodies, retried };
}

/**
 * The error of a failed outcome, as a {@link RefusedError} when the adapter reads the platform's
 * answer as a refusal (not found, too old, not the author), else as the core reported it.
 */
export function refusalOf(
  adapter: PlatformAdapter,
  action: PostAction,
  ref: PostRef,
  outcome: ExecutionOutcome,
): HeraldError | undefined {
  const error = outcome.error;
  if (!(error instanceof PlatformError)) return error;
  const reason = adapter.editing?.refusal({
    status: error.status,
    message: error.message,
    ...(error.platformCode !== undefined && { code: error.platformCode }),
  });
  if (reason === undefined) return error;
  return new RefusedError(action, ref, { reason, message: error.message }, { cause: error });
}
