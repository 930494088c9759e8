import type { DeliveryReport, Outcome } from "./report.js";

/** The outcomes that are not `sent`. */
export type NotSent = Exclude<Outcome, "sent">;

/**
 * The outcomes other than `sent` a report holds: from its counts, and from targets that ended
 * with an error of their own (a recipients stream that failed, a shortener that failed).
 */
export function notSentOutcomes(report: Omit<DeliveryReport, "ok">): Set<NotSent> {
  const found = new Set<NotSent>();
  for (const outcome of ["failed", "unknown", "skipped"] as const) {
    if (report.counts[outcome] > 0) found.add(outcome);
  }
  for (const target of report.targets) {
    if (target.error === undefined) continue;
    if (target.status !== "sent" && target.status !== "scheduled") found.add(target.status);
  }
  return found;
}

/** The report with its `ok` flag set from what it holds (see {@link DeliveryReport.ok}). */
export function withOk(report: Omit<DeliveryReport, "ok">): DeliveryReport {
  return { ...report, ok: notSentOutcomes(report).size === 0 };
}
