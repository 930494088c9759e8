import type {
  Destination,
  PlatformAdapter,
  RenderContext,
  Rendering,
} from "../adapters/contract.js";
import { type Message, type MessageInput, MessageSchema } from "../message/schema.js";
import type { Target } from "../message/target.js";
import { compileMessage, type MessageTemplates } from "../targeting/personalize.js";
import { renderForPlan } from "../targeting/render-plan.js";
import { ValidationError } from "../transport/errors.js";
import { firstIssue } from "./issues.js";
import { type ResolvedTarget, resolveTarget } from "./targets.js";

/** Options of `send` and `preview`. */
export interface SendOptions {
  /** One target or several. */
  to: Target | readonly Target[];
  /**
   * Publish later: an ISO 8601 time with an offset, or a Date. Honored by the platform's own
   * scheduling (Mastodon `scheduled_at`); a platform without one is refused before sending.
   */
  at?: string | Date;
  /** Cancels the send: nothing new is sent, the rest is `skipped`. */
  signal?: AbortSignal;
  /**
   * How many requests the delivery keeps in flight at once (default 100); the limiters pace
   * them, this bounds memory, sockets and how far a recipients stream is read ahead.
   */
  concurrency?: number;
  /**
   * The delivery id (default a random UUID): give your own (a campaign id) to find it again for
   * `herald.resume`. It seeds the idempotency keys unless the message has an `idempotencyKey`.
   * 1 to 200 characters, no white space.
   */
  id?: string;
  /**
   * How many recipients and destinations there are in all, for `progress.total` when an
   * audience is a stream (with arrays Herald counts them itself).
   */
  total?: number;
}

/** Placeholder recipient id used to render and preview a mass send before any recipient is read. */
export const SAMPLE_RECIPIENT = "{{recipient}}";

/** A target ready to send: resolved, and rendered where its destination is fixed. */
export interface PlannedTarget {
  /** The resolved target. */
  target: ResolvedTarget;
  /** The rendering (for recipients: of one sample batch, checked before any recipient is read). */
  rendering: Rendering;
  /** The render context of this target (time, account, native schedule). */
  context: RenderContext;
}

/** A send checked end to end before any request. */
export interface SendPlan {
  /** The validated message (fields without variables resolved: `\{{` made `{{`). */
  message: Message;
  /** The message's personalization variables, if it has any. */
  templates?: MessageTemplates;
  /** The targets, in order. */
  targets: PlannedTarget[];
  /** Render context shared by every target (time, native schedule); each target adds its account. */
  context: Omit<RenderContext, "account">;
}

/** The destination of a resolved target; for recipients, the given batch or a sample one. */
export function destinationOf(
  target: ResolvedTarget,
  batch?: Destination & { kind: "recipients" },
): Destination {
  switch (target.kind) {
    case "chat":
      return { kind: "chat", chat: target.chat!, ...(target.reply ? { reply: target.reply } : {}) };
    case "feed":
      return { kind: "feed", ...(target.reply ? { reply: target.reply } : {}) };
    case "segment":
      return { kind: "segment", segment: target.segment! };
    case "recipients":
      return batch ?? { kind: "recipients", recipients: [{ id: SAMPLE_RECIPIENT }], sample: true };
    default:
      return { kind: target.kind };
  }
}

function parseAt(at: string | Date): Date {
  const date = typeof at === "string" ? new Date(at) : at;
  const hasOffset = typeof at !== "string" || /(?:Z|[+-]\d{2}:?\d{2})$/i.test(at);
  if (Number.isNaN(date.getTime()) || !hasOffset) {
    throw new ValidationError("at", "must be a Date or an ISO 8601 time with an offset", {
      hint: 'e.g. "2026-11-27T09:00:00+01:00" or "2026-11-27T08:00:00Z"',
    });
  }
  return date;
}

/**
 * Validates the message and targets and renders every fixed destination (and a sample batch of
 * each mass send), so that bad input throws a `ValidationError` before any request is sent.
 */
export function planSend(
  input: MessageInput,
  options: SendOptions,
  adapters: readonly PlatformAdapter[],
  now: number,
): SendPlan {
  const parsed = MessageSchema.safeParse(input);
  if (!parsed.success) {
    const issue = firstIssue(parsed.error);
    throw new ValidationError(issue.path || "message", issue.message);
  }
  const { message, templates } = compileMessage(parsed.data);
  const targets = Array.isArray(options.to) ? options.to : [options.to as Target];
  if (targets.length === 0) throw new ValidationError("to", "at least one target is required");
  const context: Omit<RenderContext, "account"> = {
    now,
    ...(options.at !== undefined ? { scheduleAt: parseAt(options.at) } : {}),
  };
  const planned = targets.map((t, index): PlannedTarget => {
    const target = resolveTarget(t, index, adapters);
    if (context.scheduleAt && !target.adapter.capabilities.nativeSchedule) {
      throw new ValidationError(
        `to[${index}]`,
        `${target.adapter.platform} has no native scheduling`,
        {
          platform: target.adapter.platform,
          hint: "this version schedules only where the platform does (Mastodon); send without `at` or to a platform that schedules",
        },
      );
    }
    const targetContext: RenderContext = { ...context, account: target.account };
    const destination = destinationOf(target);
    const field = `to[${index}]`;
    return {
      target,
      rendering: renderForPlan(
        target.adapter,
        target.kind,
        message,
        templates,
        destination,
        targetContext,
        field,
      ),
      context: targetContext,
    };
  });
  return { message, targets: planned, context, ...(templates !== undefined && { templates }) };
}
