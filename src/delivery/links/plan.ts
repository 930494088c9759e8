import type { Message } from "../../message/schema.js";
import type { PlannedTarget } from "../planned.js";
import type { ResolvedTarget } from "../targets.js";
import { tagTargetLinks, trackedLinks } from "./tag.js";

export type { PlannedLinks } from "../planned.js";

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
