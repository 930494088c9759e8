import type { Destination, PlatformAdapter, RenderContext } from "../adapters/contract.js";
import { type Message, type MessageInput, MessageSchema } from "../message/schema.js";
import type { Target } from "../message/target.js";
import { renderScheduled } from "../scheduling/decide.js";
import { parseTiming, type ScheduleOptions, type ScheduleTiming } from "../scheduling/timing.js";
import { compileMessage, type MessageTemplates } from "../targeting/personalize.js";
import { renderForPlan } from "../targeting/render-plan.js";
import { ValidationError } from "../transport/errors.js";
import { firstIssue } from "./issues.js";
import { planLinks } from "./links/plan.js";
import type { PlannedTarget } from "./planned.js";
import { type ResolvedTarget, resolveTarget } from "./targets.js";

/** Options of `send` and `preview`; the scheduling options are described in docs/scheduling.md. */
export interface SendOptions extends ScheduleOptions {
  /** One target or several. */
  to: Target | readonly Target[];
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
  /**
   * A recipient that a target lists more than once gets one message (the default): the repeats
   * are counted in the target's `duplicates`, not sent. Arrays and Sets are checked exactly;
   * a stream over at least its last `window` distinct ids and at most twice as many (default
   * 50,000, so memory stays flat).
   * `false` sends to every listing.
   */
  dedupe?: boolean | { window: number };
}

export type { PlannedTarget } from "./planned.js";

/** Placeholder recipient id used to render and preview a mass send before any recipient is read. */
export const SAMPLE_RECIPIENT = "{{recipient}}";

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
  /** The message as given (validated, not compiled): what a scheduled send stores and plans again. */
  source: Message;
  /** The schedule, when the options ask for one. */
  timing?: ScheduleTiming;
}

/** The message a target sends (its own when link tracking tagged it) and its variables. */
export function messageOf(
  plan: SendPlan,
  planned: PlannedTarget,
): Pick<SendPlan, "message" | "templates" | "context"> {
  if (planned.message === undefined) return plan;
  return {
    message: planned.message,
    context: plan.context,
    ...(planned.templates !== undefined && { templates: planned.templates }),
  };
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

/**
 * Validates the message and targets and renders every fixed destination (and a sample batch of
 * each mass send), so that bad input throws a `ValidationError` before any request is sent.
 */
export function planSend(
  input: MessageInput,
  options: SendOptions,
  adapters: readonly PlatformAdapter[],
  now: number,
  fallbackTimezone?: string,
): SendPlan {
  const parsed = MessageSchema.safeParse(input);
  if (!parsed.success) {
    const issue = firstIssue(parsed.error, input);
    throw new ValidationError(issue.path || "message", issue.message);
  }
  const { message, templates } = compileMessage(parsed.data);
  const targets = Array.isArray(options.to) ? options.to : [options.to as Target];
  if (targets.length === 0) throw new ValidationError("to", "at least one target is required");
  const context: Omit<RenderContext, "account"> = { now };
  const timing = parseTiming(options, now, fallbackTimezone);
  const planned = targets.map((t, index): PlannedTarget => {
    const target = resolveTarget(t, index, adapters);
    const targetContext: RenderContext = { ...context, account: target.account };
    const destination = destinationOf(target);
    const field = `to[${index}]`;
    const planTarget = (own?: Message): PlannedTarget => {
      const compiled = own === undefined ? { message, templates } : compileMessage(own);
      const render = (extra: Partial<RenderContext> = {}) =>
        renderForPlan(
          target.adapter,
          target.kind,
          compiled.message,
          compiled.templates,
          destination,
          { ...targetContext, ...extra },
          field,
        );
      return {
        target,
        ...renderScheduled(target, now, timing, render),
        context: targetContext,
        ...(own !== undefined && { message: compiled.message }),
        ...(own !== undefined &&
          compiled.templates !== undefined && {
            templates: compiled.templates,
          }),
      };
    };
    return planLinks(parsed.data, target, field, planTarget) ?? planTarget();
  });
  return {
    message,
    source: parsed.data,
    targets: planned,
    context,
    ...(templates !== undefined && { templates }),
    ...(timing ? { timing } : {}),
  };
}
