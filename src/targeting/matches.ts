import { firstIssue } from "../delivery/issues.js";
import { type Segment, SegmentSchema } from "../message/segment.js";
import type { Recipient } from "../message/target.js";
import { ValidationError } from "../transport/errors.js";
import { compileSegment } from "./evaluate.js";

/**
 * Whether a recipient matches a segment by its attributes, exactly as Herald filters
 * `recipients` given with a `segment` (emulated targeting). A condition on an attribute the
 * recipient lacks is unknown, and only a segment that is plainly true matches: `{ not: {
 * gender: "male" } }` does not select a recipient whose gender is unknown. The attributes each
 * condition reads are listed in docs/targeting.md.
 *
 * @param options.now the time (ms) for `subscribedDays` (from `subscribedAt`) and ages from
 *   `birthDate`; `Date.now()` when omitted.
 * @throws ValidationError for an invalid segment.
 * @example matchesSegment({ age: { gte: 18 }, country: ["DE"] }, { id: "42", attributes: { age: 30, country: "de" } }) // true
 */
export function matchesSegment(
  segment: Segment,
  recipient: Recipient,
  options: { now?: number } = {},
): boolean {
  const parsed = SegmentSchema.safeParse(segment);
  if (!parsed.success) {
    const issue = firstIssue(parsed.error, segment);
    throw new ValidationError(issue.path ? `segment.${issue.path}` : "segment", issue.message);
  }
  const attributes = typeof recipient === "string" ? undefined : recipient.attributes;
  return compileSegment(parsed.data)(attributes, options.now ?? Date.now()) === true;
}
