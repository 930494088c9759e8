import type { DestinationKind, PlatformAdapter } from "../adapters/contract.js";
import type { Segment } from "../message/segment.js";
import { ValidationError } from "../transport/errors.js";
import { compileSegment, type SegmentTest } from "./evaluate.js";

/** How a target reaches the people its segment describes, as the planner decided. */
export type TargetingDecision =
  /** No segment. */
  | { mode: "none" }
  /** The platform filters the segment itself (LINE narrowcast); `reason` says how. */
  | { mode: "native"; reason: string }
  /** Herald filters the target's `recipients` by their attributes with `test`. */
  | { mode: "emulated"; reason: string; test: SegmentTest };

const EMULATION_HINT =
  "give the target `recipients` with attributes along with the segment, and Herald filters them itself (emulated)";

/**
 * Decides per target: a segment with `recipients` is emulated (Herald filters the recipients);
 * a segment alone is native when the adapter's `nativeTargeting` accepts it (or, without that
 * hook, when the adapter lists `segment` destinations), and impossible otherwise.
 *
 * @param field the target's path (`to[2]`).
 * @throws ValidationError when impossible, naming the condition the platform cannot express
 *   (`to[2].segment.language`) and saying what to do instead; or for an invalid language tag or
 *   time zone in an emulated segment.
 */
export function decideTargeting(
  adapter: PlatformAdapter,
  kind: DestinationKind,
  segment: Segment | undefined,
  field: string,
): TargetingDecision {
  if (segment === undefined) return { mode: "none" };
  const { platform, capabilities } = adapter;
  if (kind === "recipients") {
    return {
      mode: "emulated",
      reason: "Herald filters the recipients by their attributes",
      test: compileSegment(segment, `${field}.segment`),
    };
  }
  const answer =
    adapter.nativeTargeting?.(segment) ??
    (capabilities.destinations.includes("segment")
      ? { native: true as const, via: `the ${platform} adapter renders the segment itself` }
      : undefined);
  if (answer?.native) return { mode: "native", reason: answer.via };
  const hint = capabilities.destinations.includes("recipients")
    ? EMULATION_HINT
    : `${platform} takes no recipients to filter either: send the segment to a platform that targets it`;
  if (answer === undefined) {
    throw new ValidationError(`${field}.segment`, `${platform} has no targeting of its own`, {
      platform,
      hint,
    });
  }
  throw new ValidationError(`${field}.${answer.condition}`, answer.rule, {
    platform,
    hint: answer.hint ?? hint,
  });
}
