import type { Message } from "../../message/schema.js";
import type { PlannedTarget } from "../plan.js";
import type { ResolvedTarget } from "../targets.js";
import { type TargetLinks, type TrackedLink, tagTargetLinks, trackedLinks } from "./tag.js";

/** Link tracking of one planned target. */
export interface PlannedLinks {
  /** What tagging made of the target's message. */
  tracked: TargetLinks;
  /** The links the report lists (`sent`: the tagged links, until a shortener replaces them). */
  report: TrackedLink[];
  /** Plans the target again from another message (its links shortened). */
  replan(source: Message): PlannedTarget;
}

/**
 * Plans a target whose message asks for link tracking: its links tagged for it, then planned
 * with `planTarget` (which renders, so the length rules see the tagged text). Undefined when
 * the message asks for none.
 *
 * @throws ValidationError from the tagging (see `tagTargetLinks`) or the rendering.
 */
export function planLinks(
  source: Message,
  target: ResolvedTarget,
  field: string,
  planTarget: (own: Message) => PlannedTarget,
): PlannedTarget | undefined {
  const tracked = tagTargetLinks(source, target, field);
  if (tracked === undefined) return undefined;
  return {
    ...planTarget(tracked.tagged),
    links: { tracked, report: trackedLinks(tracked), replan: planTarget },
  };
}
