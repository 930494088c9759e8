import type { DestinationKind } from "../adapters/contract.js";
import type { ScheduledSend } from "../scheduling/scheduled.js";
import type { HeraldError } from "../transport/errors.js";
import type { Outcome, OutcomeCounts } from "./counts.js";
import type { TrackedLink } from "./links/tag.js";

export type { Outcome, OutcomeCounts } from "./counts.js";

/** A target's status in a report: its outcome, or `scheduled` when Herald's scheduler holds it. */
export type TargetStatus = Outcome | "scheduled";

/**
 * How a resumed delivery came by an outcome it did not send for:
 * - `earlier`: an earlier run of the delivery recorded it in the checkpoint; not sent again;
 * - `interrupted`: its request was in flight when an earlier run stopped, and the platform
 *   cannot deduplicate a resend, so it is `unknown` (never resent). Requests in flight on
 *   platforms with an idempotency key are resent under the same key instead, and carry no mark.
 */
export type ResumedMark = "earlier" | "interrupted";

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
  /** Set in a resumed delivery for an outcome this run did not send for; see {@link ResumedMark}. */
  resumed?: ResumedMark;
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
  /** For a single destination in a resumed delivery: see {@link ResumedMark}. */
  resumed?: ResumedMark;
  /**
   * For `recipients` with a `segment` (emulated targeting): how many recipients were read but
   * left out because they did not match. They are in no count and not listed in `recipients`.
   */
  filtered?: number;
  /**
   * For a `recipients` target: how many listings repeated a recipient already read (see the
   * `dedupe` option), left out and not sent. They are in no count and not listed.
   */
  duplicates?: number;
  /**
   * For a cancelled `recipients` target: how many recipients were never read from an array or
   * Set (counted in `skipped`, not listed). A cancelled stream is not read further, so its
   * unread part is not counted: the notes say where reading stopped.
   */
  unread?: number;
  /**
   * For a `recipients` target: each recipient's outcome. Past {@link REPORT_RECIPIENT_LIMIT}
   * recipients only those not sent are listed (the counts stay exact).
   */
  recipients?: RecipientReport[];
  /** With link tracking: each distinct link, tagged, what was sent, the shortener's id (docs/links.md). */
  links?: TrackedLink[];
}

/** The awaited result of `herald.send`. */
export interface DeliveryReport {
  /** The delivery id. */
  id: string;
  /**
   * True when nothing ended `failed`, `unknown` or `skipped`: every recipient and destination
   * was sent, or is held by Herald's scheduler (a fire reports its own). A recipients stream
   * that threw makes it false. `delivery.orThrow()` rejects with a `DeliveryError` when false.
   */
  ok: boolean;
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
  /** True for a delivery continued by `herald.resume`; its counts include the earlier runs'. */
  resumed?: true;
  /** In a resumed delivery: the part of `counts` an earlier run had recorded (not sent again). */
  earlier?: OutcomeCounts;
  /** Problems that did not stop the delivery (a checkpoint write that failed). */
  warnings?: string[];
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

/** A target's outcomes as they come in: counts, the listed recipients, notes. */
export class TargetTally {
  /** Per outcome. */
  readonly counts = emptyCounts();
  /** Recipients listed in the report (see {@link TargetReport.recipients}). */
  readonly listed: RecipientReport[] = [];
  /** Notes from the platform, without repeats. */
  readonly notes: Set<string>;

  /** Starts with the rendering's warnings as notes. */
  constructor(warnings: readonly string[] = []) {
    this.notes = new Set(warnings);
  }

  /** Counts one recipient, and lists it while under the cap or when it was not sent. */
  add(entry: RecipientReport): void {
    this.counts[entry.status]++;
    if (entry.status !== "sent" || this.listed.length < REPORT_RECIPIENT_LIMIT) {
      this.listed.push(entry);
    }
  }
}
