import type { DestinationKind } from "../adapters/contract.js";
import type { ScheduledSend } from "../scheduling/scheduled.js";
import type { HeraldError } from "../transport/errors.js";

/** What became of a target or a recipient. */
export type Outcome = "sent" | "failed" | "unknown" | "skipped";

/** A target's status in a report: its outcome, or `scheduled` when Herald's scheduler holds it. */
export type TargetStatus = Outcome | "scheduled";

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

/** One recipient of a mass send. */
export interface RecipientReport {
  /** The recipient id. */
  recipient: string;
  /** Its outcome. */
  status: Outcome;
  /** Platform ids (message ids, request ids). */
  ids: string[];
  /** Why it was not sent. */
  error?: HeraldError;
}

/** The outcome of one target. */
export interface TargetReport {
  /** The target's label (`telegram:@shopnews`). */
  target: string;
  /** Platform name. */
  platform: string;
  /** Account name. */
  account: string;
  /** Destination kind. */
  destination: DestinationKind;
  /**
   * `sent` when everything was sent; otherwise `unknown` if anything is unknown, else `failed`
   * if anything failed, else `skipped`. The counts tell the rest. `scheduled` when Herald's
   * scheduler holds the target: the report's `schedule` says when it fires.
   */
  status: TargetStatus;
  /** Platform ids of what was created. */
  ids: string[];
  /** Notes from the platform (already accepted, scheduled for ...). */
  notes: string[];
  /** For a single destination: why it was not sent. */
  error?: HeraldError;
  /** Per outcome, in recipients (1 for a single destination). */
  counts: OutcomeCounts;
  /**
   * For a `recipients` target: each recipient's outcome. Past {@link REPORT_RECIPIENT_LIMIT}
   * recipients only those not sent are listed (the counts stay exact).
   */
  recipients?: RecipientReport[];
}

/** The awaited result of `herald.send`. */
export interface DeliveryReport {
  /** The delivery id. */
  id: string;
  /** One report per target, in the order given. */
  targets: TargetReport[];
  /** Sums over all targets. */
  counts: OutcomeCounts;
  /** Retries made. */
  retries: number;
  /** Rate-limit answers (429) received from platforms. */
  rateLimited: number;
  /** Start and end, ms since the epoch. */
  startedAt: number;
  /** End, ms since the epoch. */
  finishedAt: number;
  /** The part Herald's scheduler holds, when the send is scheduled (see docs/scheduling.md). */
  schedule?: ScheduledSend;
}

/** Up to this many recipients per target are listed whatever their outcome; past it only the others. */
export const REPORT_RECIPIENT_LIMIT = 10_000;

/** An empty count. */
export function emptyCounts(): OutcomeCounts {
  return { sent: 0, failed: 0, unknown: 0, skipped: 0 };
}

/** The summary outcome of a set of counts (see {@link TargetReport.status}). */
export function summaryOutcome(counts: OutcomeCounts): Outcome {
  if (counts.failed + counts.unknown + counts.skipped === 0 && counts.sent > 0) return "sent";
  if (counts.unknown > 0) return "unknown";
  if (counts.failed > 0) return "failed";
  return counts.sent > 0 ? "sent" : "skipped";
}
