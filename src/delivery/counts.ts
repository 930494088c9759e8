// Outcomes and their counts: what a report, a delivery and a schedule's record of its fires
// (scheduling/) all count in, below each of them.

/** What became of a target or a recipient. */
export type Outcome = "sent" | "failed" | "unknown" | "skipped";

/** How many ended in each outcome. */
export interface OutcomeCounts {
  /** Accepted by the platform. */
  sent: number;
  /** Refused, with a reason. */
  failed: number;
  /** Perhaps delivered: an ambiguous failure that was not resent, to never send twice. */
  unknown: number;
  /** Not attempted (cancelled). */
  skipped: number;
}
