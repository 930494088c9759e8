import pRetry from "p-retry";
import type { Credentials, Operation, ResponseReading } from "../adapters/contract.js";
import type { Release } from "../limits/limiter.js";
import {
  AdapterError,
  AuthError,
  CancelledError,
  DeliveryUnknownError,
  HeraldError,
  RateLimitError,
} from "../transport/errors.js";
import { type HttpTransport, TransportFailure } from "../transport/http.js";
import type { Redactor } from "../transport/redact.js";
import { untilAborted } from "../util/abortable.js";
import { uuidV5 } from "../util/uuid.js";
import { AttemptError, finalError, judgeAttempt, stillOpen } from "./attempt.js";
import type { ExecutionContext, ExecutionOutcome } from "./context.js";
import { fillIdempotencyKey, resolveRefs, type StepResults } from "./refs.js";
import { retryDelay } from "./retry-policy.js";
import { sendRangedUpload } from "./upload.js";

export type {
  AccountRuntime,
  ExecutionContext,
  ExecutionOutcome,
  RateLimitInfo,
  RetryInfo,
} from "./context.js";

function outcomeOf(
  error: unknown,
  ids: string[],
  notes: string[],
  redactor: Redactor,
  platform: string,
): ExecutionOutcome {
  if (error instanceof CancelledError) return { status: "skipped", ids, notes, error };
  if (error instanceof DeliveryUnknownError) return { status: "unknown", ids, notes, error };
  if (error instanceof HeraldError) return { status: "failed", ids, notes, error };
  const message = error instanceof Error ? error.message : String(error);
  return {
    status: "failed",
    ids,
    notes,
    error: new AdapterError(platform, redactor.text(message)),
  };
}

/** Waits out a pause, then takes the operation's limiter slots. */
async function acquire(
  ctx: ExecutionContext,
  operation: Omit<Operation, "poll">,
  signal: AbortSignal,
): Promise<Release> {
  for (;;) {
    await ctx.gate?.wait(signal);
    const release = await ctx.runtime.limiter.acquire(operation, signal);
    if (!ctx.gate?.paused) return release;
    release(); // paused while queued: give the slot back and wait
  }
}

/**
 * Asks the adapter's auth hook for credentials; learns their secrets; names a failure as auth.
 * The hook runs its token requests within the client's timeout; a cancel stops the wait at once
 * (a refresh other sends share goes on).
 */
async function credentialsFor(
  ctx: ExecutionContext,
  rejected?: Credentials,
): Promise<Credentials | undefined> {
  const { adapter, account, http } = ctx.runtime;
  const auth = adapter.auth;
  if (!auth) return undefined;
  let credentials: Credentials;
  try {
    credentials = await ctx.cancel.run((signal) =>
      untilAborted(
        auth.credentials(account, rejected, { timeoutMs: http.timeoutMs, signal }),
        signal,
      ),
    );
  } catch (error) {
    if (ctx.cancel.aborted) throw new CancelledError();
    if (error instanceof HeraldError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new AuthError(adapter.platform, 0, `no credentials for ${account}: ${message}`);
  }
  ctx.redactor.add(credentials.secrets);
  return credentials;
}

/** The operation and headers with the credentials added. */
function withCredentials(
  operation: Omit<Operation, "poll">,
  headers: Record<string, string>,
  credentials: Credentials | undefined,
): [Omit<Operation, "poll">, Record<string, string>] {
  if (!credentials) return [operation, headers];
  const request = credentials.query
    ? { ...operation, query: { ...operation.query, ...credentials.query } }
    : operation;
  return [request, { ...credentials.headers, ...headers }];
}

/**
 * Sends one operation until it succeeds or no retry is left; returns the adapter's reading.
 * Credentials from the adapter's auth hook are asked before each attempt; when the platform
 * rejects them, renewed ones are asked once and the request is sent again at once.
 */
async function sendWithRetry(
  ctx: ExecutionContext,
  operation: Omit<Operation, "poll">,
  headers: Record<string, string>,
): Promise<ResponseReading> {
  const { adapter, http, limiter } = ctx.runtime;
  const sendOnce = async (credentials: Credentials | undefined): Promise<ResponseReading> => {
    const [request, requestHeaders] = withCredentials(operation, headers, credentials);
    const release = await ctx.cancel.run((signal) => acquire(ctx, operation, signal));
    let response: Awaited<ReturnType<HttpTransport["send"]>>;
    try {
      await ctx.beforeSend?.();
      response = await http.send(request, requestHeaders);
    } catch (error) {
      if (error instanceof TransportFailure) throw new AttemptError({ transport: error });
      throw error;
    } finally {
      release();
    }
    response = { ...response, body: ctx.redactor.data(response.body) };
    let reading = ctx.redactor.data(adapter.readResponse(operation, response));
    if (reading.quotaExhausted !== undefined && ctx.runtime.quota) {
      // the platform's count wins over ours: nothing more is charged to the bucket until it resets
      ctx.runtime.quota.exhaust(reading.quotaExhausted);
      const wait = ctx.runtime.quota.resetAt(reading.quotaExhausted) - ctx.clock.now();
      reading = { ...reading, retryAfterMs: Math.max(reading.retryAfterMs ?? 0, wait) };
    }
    const { remaining, resetAt } = reading.rateLimit ?? {};
    if (remaining !== undefined && remaining <= 0 && resetAt !== undefined) {
      limiter.pause(operation, Math.max(0, resetAt - ctx.clock.now()), ctx.clock.now());
    }
    if (reading.ok) ctx.onAnswer?.(operation, response);
    if (reading.ok) return reading;
    throw new AttemptError({ response, reading });
  };
  const attempt = async (): Promise<ResponseReading> => {
    const credentials = await credentialsFor(ctx);
    try {
      return await sendOnce(credentials);
    } catch (error) {
      const rejected =
        credentials !== undefined &&
        error instanceof AttemptError &&
        error.reading?.failure?.kind === "auth";
      if (!rejected) throw error;
      return sendOnce(await credentialsFor(ctx, credentials));
    }
  };

  /** An earlier attempt that may have been processed (no clear answer), once there was one. */
  let open: AttemptError | undefined;
  try {
    return await pRetry(attempt, {
      retries: ctx.policy.retries,
      minTimeout: 0,
      maxTimeout: 0,
      onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
        if (!(error instanceof AttemptError)) {
          // failed before its request left (credentials, a checkpoint write)
          if (!open || ctx.cancel.aborted) throw error;
          const reason = error instanceof Error ? error.message : String(error);
          throw stillOpen(adapter, operation, open, ctx.redactor.text(reason));
        }
        if (error.ambiguous && operation.idempotency !== "safe") open = error;
        const now = ctx.clock.now();
        const verdict = judgeAttempt(adapter, operation, error, now, ctx.policy.maxWaitMs);
        if (error.rateLimited) {
          ctx.onRateLimited({
            route: operation.route,
            retryAfterMs: verdict.retry ? verdict.platformWaitMs : undefined,
          });
        }
        if (!verdict.retry) throw verdict.error;
        if (retriesLeft === 0) throw finalError(adapter, operation, error);
        const delayMs = retryDelay(ctx.policy, attemptNumber, verdict.platformWaitMs);
        if (error.rateLimited) limiter.pause(operation, delayMs, now);
        ctx.onRetry({
          step: operation.step,
          attempt: attemptNumber,
          delayMs,
          reason: error.message,
        });
        await ctx.cancel.run((signal) => ctx.clock.sleep(delayMs, signal));
      },
    });
  } catch (error) {
    if (ctx.cancel.aborted) {
      throw open ? stillOpen(adapter, operation, open, "cancelled") : new CancelledError();
    }
    throw error;
  }
}

/** Polls until the adapter stops answering `pending`, or fails with `unknown` after the timeout. */
async function pollUntilFinal(
  ctx: ExecutionContext,
  poll: NonNullable<Operation["poll"]>,
  results: StepResults,
  headers: Record<string, string>,
): Promise<ResponseReading> {
  const request = resolveRefs(poll.request, results);
  const deadline = ctx.clock.now() + poll.timeoutMs;
  for (;;) {
    await ctx.cancel.run((signal) => ctx.clock.sleep(poll.intervalMs, signal));
    const reading = await sendWithRetry(ctx, request, headers);
    if (!reading.pending) return reading;
    if (ctx.clock.now() >= deadline) {
      throw new DeliveryUnknownError(
        ctx.runtime.adapter.platform,
        `accepted, still processing after ${poll.timeoutMs} ms of polling ${request.step}`,
      );
    }
  }
}

/**
 * Charges the quota units of every operation of a rendering before the first request, or
 * refuses the whole rendering with a `RateLimitError` (retry after the reset) when a bucket
 * cannot hold them: a send that would exceed the day's quota is never attempted.
 */
function reserveQuota(ctx: ExecutionContext, operations: readonly Operation[]): void {
  const ledger = ctx.runtime.quota;
  if (!ledger) return;
  const costs = operations.flatMap((op) => (op.quota ? [op.quota] : []));
  if (costs.length === 0) return;
  const refusal = ledger.reserve(costs);
  if (!refusal) return;
  const wait = Math.max(0, refusal.resetAt - ctx.clock.now());
  ctx.onRateLimited({ route: operations[0]?.route ?? "", retryAfterMs: wait });
  throw new RateLimitError(
    ctx.runtime.adapter.platform,
    wait,
    `daily quota "${refusal.bucket}" has ${refusal.left} units left, this send needs ${refusal.needed}; not sent`,
  );
}

/**
 * Sends a rendering's operations in order, each through the limiters and with retries; a
 * failure stops the later ones. Never throws: every failure becomes the outcome.
 */
export async function executeOperations(
  ctx: ExecutionContext,
  operations: readonly Operation[],
): Promise<ExecutionOutcome> {
  const ids: string[] = [];
  const notes: string[] = [];
  const results: StepResults = new Map();
  try {
    reserveQuota(ctx, operations);
    for (const raw of operations) {
      if (ctx.cancel.aborted) throw new CancelledError();
      let operation = resolveRefs(raw, results);
      const headers: Record<string, string> = {
        ...ctx.runtime.adapter.authHeaders(),
        ...operation.headers,
      };
      if (operation.idempotency === "key") {
        const key = await uuidV5(`${ctx.keyBase}|${operation.step}`);
        if (operation.idempotencyHeader) headers[operation.idempotencyHeader] = key;
        operation = fillIdempotencyKey(operation, key);
      }
      let reading = operation.upload
        ? await sendRangedUpload(
            ctx,
            operation,
            { ...operation.upload, status: resolveRefs(operation.upload.status, results) },
            headers,
            (request, requestHeaders) => sendWithRetry(ctx, request, requestHeaders),
          )
        : await sendWithRetry(ctx, operation, headers);
      const values: Record<string, string> = {
        ...reading.values,
        ...(reading.id ? { id: reading.id } : {}),
      };
      results.set(operation.step, values);
      if (reading.pending && operation.poll) {
        const pollHeaders = {
          ...ctx.runtime.adapter.authHeaders(),
          ...operation.poll.request.headers,
        };
        reading = await pollUntilFinal(ctx, operation.poll, results, pollHeaders);
        results.set(operation.step, { ...values, ...reading.values });
      }
      const id = reading.id ?? values.id;
      if (id) ids.push(id);
      if (reading.note) notes.push(reading.note);
    }
    return { status: "sent", ids, notes };
  } catch (error) {
    return outcomeOf(error, ids, notes, ctx.redactor, ctx.runtime.adapter.platform);
  }
}
