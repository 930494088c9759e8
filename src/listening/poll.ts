import type { PlatformAdapter } from "../adapters/contract.js";
import type { CheckpointStore } from "../checkpoints/store.js";
import type { AdapterListening, ListenQuery, ListenSource } from "../contract/listening.js";
import type { DuplicateGuard } from "../delivery/duplicates.js";
import { executeOperations } from "../delivery/execute.js";
import { retryDelay } from "../delivery/retry-policy.js";
import { CancelledError, HeraldError, PlatformError, RateLimitError } from "../transport/errors.js";
import { untilAborted } from "../util/abortable.js";
import type { CancelScope } from "../util/cancel.js";
import type { Gate } from "../util/gate.js";
import { decodePosition, encodePosition, type SourcePosition } from "./position.js";
import type { ListenedItem, ListenerEvents, ListeningEnvironment } from "./types.js";

/** What one source's loop needs from its listener. */
export interface SourceHost {
  /** The client's runtimes, policy and clock. */
  env: ListeningEnvironment;
  /** Where positions are kept; undefined keeps them in the loop only. */
  store: CheckpointStore | undefined;
  /** The query. */
  query: ListenQuery;
  /** Drops an item another source already delivered. */
  guard: DuplicateGuard;
  /** Pauses the polls. */
  gate: Gate;
  /** Aborts with `close()`. */
  signal: AbortSignal;
  /** The same, fanned out to the waits of every poll (one listener on `signal`). */
  cancel: CancelScope;
  /** Wait between polls, when the caller set one. */
  intervalMs: number | undefined;
  /** Hands one item to the handlers and the iterator; resolves once they are done with it. */
  deliver(item: ListenedItem): Promise<void>;
  /** Emits a health or error event. */
  emit<K extends "error" | "poll" | "rate-limited">(
    event: K,
    ...args: Parameters<ListenerEvents[K]>
  ): void;
}

/** One source of one platform account, polled until the listener closes. */
export interface SourcePlan {
  /** Its adapter. */
  adapter: PlatformAdapter;
  /** Its account. */
  account: string;
  /** The adapter's listening facet. */
  facet: AdapterListening;
  /** The source. */
  source: ListenSource;
  /** Its position key. */
  key: string;
}

/** Whether a failed poll stops its source: what retrying cannot fix (credentials, a refusal). */
function isFatal(error: HeraldError): boolean {
  if (error.code === "auth" || error.code === "validation") return true;
  // an error with the adapter's advice wraps the platform's
  const answer = error.cause instanceof PlatformError ? error.cause : error;
  return answer instanceof PlatformError && answer.status >= 400 && answer.status < 500;
}

/** The error of a failed poll, with the adapter's advice for it. */
function withHint(plan: SourcePlan, error: HeraldError): HeraldError {
  if (!(error instanceof PlatformError)) return error;
  const hint = plan.facet.failureHint?.(error.status, error.message);
  if (hint === undefined) return error;
  return new HeraldError(error.code, `${error.message}: ${hint}`, plan.adapter.platform, {
    cause: error,
  });
}

/** Sends the source's poll through the account's limiter and retries; the answer's body or the error. */
async function pollOnce(
  host: SourceHost,
  plan: SourcePlan,
  position: SourcePosition,
): Promise<{ body: unknown } | { error: HeraldError }> {
  const { env } = host;
  const operation = plan.facet.poll(plan.source, position.cursor, { now: env.clock.now() });
  const place = { platform: plan.adapter.platform, account: plan.account, source: plan.source.id };
  let body: unknown;
  const outcome = await untilAborted(
    executeOperations(
      {
        runtime: env.runtimeOf(plan.adapter, plan.account),
        policy: env.policy,
        clock: env.clock,
        redactor: env.redactor,
        keyBase: `listen|${plan.key}`,
        cancel: host.cancel,
        gate: host.gate,
        onRetry: () => {},
        onRateLimited: ({ retryAfterMs }) => host.emit("rate-limited", { ...place, retryAfterMs }),
        onAnswer: (_operation, response) => {
          body = response.body;
        },
      },
      [operation],
    ),
    host.signal,
  );
  if (outcome.status === "sent") return { body };
  return { error: withHint(plan, outcome.error ?? new HeraldError("platform", "poll failed")) };
}

/**
 * Polls one source until the listener closes: reads its position, polls after the cursor,
 * delivers each new item (skipping ids delivered before a restart or by another source),
 * records the position after each item and after each answer, and waits `intervalMs` (none
 * when the platform has more). A failed poll is an `error` event; the source retries after the
 * retry policy's backoff, or stops when retrying cannot help. Never throws.
 */
export async function runSource(host: SourceHost, plan: SourcePlan): Promise<void> {
  const { env, store, signal } = host;
  const place = { platform: plan.adapter.platform, account: plan.account, source: plan.source.id };
  const interval = host.intervalMs ?? plan.facet.intervalMs;
  const save = async (position: SourcePosition) => {
    await store?.writeCursor?.(plan.key, encodePosition(position));
  };
  let failures = 0;
  try {
    let position = decodePosition(await store?.readCursor?.(plan.key));
    while (!signal.aborted) {
      await host.gate.wait(signal);
      const answer = await pollOnce(host, plan, position);
      if (signal.aborted) break;
      const reading =
        "error" in answer
          ? answer
          : plan.facet.read(plan.source, answer.body, position.cursor, {
              now: env.clock.now(),
              query: host.query,
            });
      if ("error" in reading || "invalid" in reading) {
        const error =
          "error" in reading
            ? reading.error
            : new HeraldError("platform", `unreadable answer: ${reading.invalid}`, place.platform);
        if ("error" in reading && isFatal(error)) {
          host.emit("error", { ...place, error, fatal: true });
          return;
        }
        failures++;
        const asked = error instanceof RateLimitError ? error.retryAfter : undefined;
        const retryInMs = retryDelay(env.policy, failures, asked);
        host.emit("error", { ...place, error, fatal: false, retryInMs });
        await env.clock.sleep(retryInMs, signal);
        continue;
      }
      failures = 0;
      const delivered = new Set(position.delivered);
      let count = 0;
      for (const heard of reading.items) {
        const repeated = delivered.has(heard.id);
        delivered.add(heard.id);
        if (repeated || host.guard.repeated(`${place.platform}:${place.account}:${heard.id}`))
          continue;
        await host.deliver({ ...heard, ...place });
        count++;
        position = { cursor: position.cursor, delivered: [...position.delivered, heard.id] };
        await save(position);
      }
      if (reading.cursor !== undefined) {
        position = { cursor: reading.cursor, delivered: [] };
        await save(position);
      }
      host.emit("poll", { ...place, delivered: count, at: env.clock.now() });
      if (!reading.more) await env.clock.sleep(interval, signal);
    }
  } catch (error) {
    if (signal.aborted || error instanceof CancelledError) return;
    const failure =
      error instanceof HeraldError
        ? error
        : new HeraldError(
            "platform",
            env.redactor.text(error instanceof Error ? error.message : String(error)),
            place.platform,
          );
    host.emit("error", { ...place, error: failure, fatal: true });
  }
}
