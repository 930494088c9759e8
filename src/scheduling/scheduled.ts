import type { OutcomeCounts } from "../delivery/counts.js";
import type { FireState, ScheduleRecord } from "./backend.js";
import type { ScheduleTiming } from "./timing.js";

/** Where a scheduled send stands. */
export type ScheduleStatus = "scheduled" | "running" | "done" | "cancelled";

/** A send held by Herald's scheduler, as `herald.schedules` and the send's report show it. */
export interface ScheduledSend {
  /** Its id: the id of the `Delivery` that scheduled it. */
  id: string;
  /**
   * `scheduled` (a fire is pending), `running` (a fire is sending), `done` (every fire
   * finished), `cancelled`.
   */
  status: ScheduleStatus;
  /** When it was scheduled, ms since the epoch. */
  createdAt: number;
  /** Labels of the targets the scheduler sends. */
  targets: string[];
  /** The normalized timing. */
  timing: ScheduleTiming;
  /** When the next pending fire is due, ms since the epoch. */
  next: number | undefined;
  /**
   * Its fires, by due time: one per occurrence and distinct local-time instant (recipients in
   * zones whose local time falls on the same instant share a fire).
   */
  fires: FireState[];
  /** Outcomes of all finished fires together. */
  counts: OutcomeCounts;
}

/** The public view of a stored record. */
export function toScheduledSend(record: ScheduleRecord): ScheduledSend {
  const fires = [...record.fires].sort((a, b) => a.at - b.at || a.key.localeCompare(b.key));
  const counts: OutcomeCounts = { sent: 0, failed: 0, unknown: 0, skipped: 0 };
  for (const fire of fires) {
    for (const k of Object.keys(counts) as (keyof OutcomeCounts)[])
      counts[k] += fire.counts?.[k] ?? 0;
  }
  const pending = fires.filter((f) => f.status === "pending");
  const status = record.cancelled
    ? "cancelled"
    : fires.some((f) => f.status === "running")
      ? "running"
      : pending.length > 0
        ? "scheduled"
        : "done";
  return {
    id: record.id,
    status,
    createdAt: record.createdAt,
    targets: record.labels,
    timing: record.timing,
    next: pending[0]?.at,
    fires,
    counts,
  };
}
