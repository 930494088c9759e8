import { HeraldError } from "../transport/errors.js";
import { type NotSent, notSentOutcomes } from "./outcome.js";
import type { DeliveryReport, OutcomeCounts } from "./report.js";

/** How many targets a {@link DeliveryError}'s message names: our bound on its length. */
const NAMED_TARGETS = 3;

/** What was not sent, in words: `1 failed, 2 unknown (may have been delivered: not resent)`. */
function summary(counts: OutcomeCounts, outcomes: Set<NotSent>): string {
  const parts: string[] = [];
  if (outcomes.has("failed")) parts.push(`${counts.failed} failed`);
  if (outcomes.has("unknown")) {
    parts.push(`${counts.unknown} unknown (may have been delivered: not resent)`);
  }
  if (outcomes.has("skipped")) parts.push(`${counts.skipped} skipped`);
  return parts.join(", ");
}

/** The first errors of the targets not sent, one per target, for the message. */
function reasons(report: DeliveryReport): string[] {
  const named: string[] = [];
  for (const target of report.targets) {
    const error = target.error ?? target.recipients?.find((r) => r.error !== undefined)?.error;
    if (error === undefined || target.status === "sent") continue;
    named.push(`${target.target}: ${error.message}`);
  }
  const more = named.length - NAMED_TARGETS;
  return [...named.slice(0, NAMED_TARGETS), ...(more > 0 ? [`and ${more} more targets`] : [])];
}

/**
 * A delivery did not send everything: thrown by `delivery.orThrow()`. It carries the whole
 * report; `outcome` says which kind of not-sent it holds, so an `unknown` (perhaps delivered,
 * never resent) is never mistaken for a `failed` (not delivered).
 */
export class DeliveryError extends HeraldError {
  /** The delivery's report, every target's outcome in it. */
  readonly report: DeliveryReport;
  /**
   * `failed` (refused, not delivered), `unknown` (perhaps delivered: not resent, to never send
   * twice), `skipped` (cancelled before it was sent), or `mixed` when it holds more than one.
   */
  readonly outcome: NotSent | "mixed";
  /** The counts per outcome (`report.counts`). */
  readonly counts: OutcomeCounts;

  /** @internal */
  constructor(report: DeliveryReport) {
    const outcomes = notSentOutcomes(report);
    const [only] = outcomes;
    const first = report.targets.find((t) => t.error !== undefined)?.error;
    super(
      "not_delivered",
      `delivery ${report.id}: ${summary(report.counts, outcomes)}: ${reasons(report).join("; ")}`,
      undefined,
      first === undefined ? undefined : { cause: first },
    );
    this.report = report;
    this.outcome = outcomes.size === 1 && only !== undefined ? only : "mixed";
    this.counts = report.counts;
  }
}
