// A planned target and its link tracking, the types both the planner (plan.ts) and link
// tracking (links/plan.ts) speak: each refers to the other, so they live together below both.
import type { RenderContext, Rendering } from "../adapters/contract.js";
import type { Message } from "../message/schema.js";
import type { SchedulingMode } from "../scheduling/decide.js";
import type { MessageTemplates } from "../targeting/personalize.js";
import type { HeraldError } from "../transport/errors.js";
import type { TargetLinks, TrackedLink } from "./links/tag.js";
import type { ResolvedTarget } from "./targets.js";

/** A target ready to send: resolved, and rendered where its destination is fixed. */
export interface PlannedTarget {
  /** The resolved target. */
  target: ResolvedTarget;
  /** The rendering (for recipients: of one sample batch, checked before any recipient is read). */
  rendering: Rendering;
  /** The render context of this target (time, account, native schedule). */
  context: RenderContext;
  /** Who keeps its schedule: the platform, Herald's scheduler, or nobody (sent now). */
  scheduling: SchedulingMode;
  /** The target's own message when link tracking tagged its links; else the plan's is sent. */
  message?: Message;
  /** The variables of the target's own `message`. */
  templates?: MessageTemplates;
  /** Link tracking of the target (docs/links.md). */
  links?: PlannedLinks;
  /** Why the target is not sent (its shortener failed): reported failed, no request made. */
  refused?: HeraldError;
}

/** Link tracking of one planned target. */
export interface PlannedLinks {
  /** What tagging made of the target's message. */
  tracked: TargetLinks;
  /** The links the report lists (`sent`: the tagged links, until a shortener replaces them). */
  report: TrackedLink[];
  /** Plans the target again from another message (its links shortened). */
  replan(source: Message): PlannedTarget;
}
