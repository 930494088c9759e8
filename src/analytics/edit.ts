import type { PlatformAdapter } from "../adapters/contract.js";
import type { EditPlan, PostRef } from "../contract/editing.js";
import { firstIssue } from "../delivery/issues.js";
import { type Message, type MessageInput, MessageSchema } from "../message/schema.js";
import { type HeraldError, ValidationError } from "../transport/errors.js";
import type { CancelScope } from "../util/cancel.js";
import { type PostAction, RefusedError } from "./errors.js";
import { type AnalyticsEnvironment, type RunCounters, refusalOf, sendForRef } from "./send.js";

/** The outcome of an edit or a delete. */
export interface PostChange {
  /** The post. */
  ref: PostRef;
  /** What was done. */
  action: "edit" | "delete";
  /** Notes: the adapter's warnings, or a delete found done already after a retried request. */
  notes: string[];
}

/** Parses a message for an edit, or throws a `ValidationError`. */
export function parseEdit(input: MessageInput): Message {
  const parsed = MessageSchema.safeParse(input);
  if (!parsed.success) {
    const issue = firstIssue(parsed.error, input);
    throw new ValidationError(issue.path || "message", issue.message);
  }
  return parsed.data;
}

/** How one change runs: its cancellation, counters and idempotency key base. */
export interface ChangeRun {
  /** Cancels waiting. */
  cancel: CancelScope;
  /** Retries and rate limits, for a report. */
  counters: RunCounters;
  /** Idempotency key base. */
  keyBase: string;
}

/**
 * Edits (`message` given) or deletes one post through the delivery path. Resolves with what
 * was done, or rejects with a `RefusedError` (the adapter's rule before any request, or the
 * platform's answer), a `ValidationError` (the edit's content), or the request's error.
 */
export async function changePost(
  env: AnalyticsEnvironment,
  adapter: PlatformAdapter,
  ref: PostRef,
  message: Message | undefined,
  run: ChangeRun,
): Promise<PostChange> {
  const action: PostAction = message ? "edit" : "delete";
  const facet = adapter.editing;
  if (!facet) {
    throw new RefusedError(action, ref, {
      reason: "not-supported",
      message: `the ${adapter.platform} adapter has no ${action}`,
    });
  }
  const context = { now: env.clock.now() };
  const plan: EditPlan = message ? facet.edit(ref, message, context) : facet.delete(ref, context);
  if ("refused" in plan) throw new RefusedError(action, ref, plan.refused);
  const sent = await sendForRef(env, adapter, ref, plan.operations, run);
  const notes = [...(plan.warnings ?? [])];
  if (sent.outcome.status === "sent") return { ref, action, notes };
  const error: HeraldError = refusalOf(adapter, action, ref, sent.outcome) ?? sent.outcome.error!;
  // a delete retried after an attempt that may have gone through finds the post gone: done
  if (
    action === "delete" &&
    sent.retried &&
    error instanceof RefusedError &&
    error.reason === "not-found"
  ) {
    return {
      ref,
      action,
      notes: [...notes, "not found on a retry: deleted by the earlier attempt"],
    };
  }
  throw error;
}
