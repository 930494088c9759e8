import { METRIC_NAMES, type MetricName } from "../contract/metrics.js";
import type { CampaignReport, CampaignRow } from "./campaign-types.js";

/** What an export writes where a metric is not available: never a 0 that was not counted. */
export const NOT_AVAILABLE = "not available";

/** One exported line: what it is and its cells. */
export interface ExportLine {
  /** `total`, `platform` or `target`. */
  level: "total" | "platform" | "target";
  /** The row. */
  row: CampaignRow;
}

/** The lines of a report in export order: the totals, each platform, each target. */
export function exportLines(report: CampaignReport): ExportLine[] {
  return [
    { level: "total", row: report.totals },
    ...report.platforms.map((row) => ({ level: "platform" as const, row })),
    ...report.targets.map((row) => ({ level: "target" as const, row })),
  ];
}

/** The figure of a metric a row stands for: the estimate when sampled, else the sum read. */
export function figureOf(row: CampaignRow, name: MetricName): number | undefined {
  return (row.estimated ?? row.metrics)[name];
}

/** Where a row's figures come from, in words. */
export function basisOf(row: CampaignRow): string {
  if (!row.sample) return row.measured === row.posts ? "all posts read" : "posts read";
  return `estimated from a sample of ${row.sample.size} of ${row.sample.population} posts`;
}

/** The metric columns, in order. */
export const METRIC_COLUMNS: readonly MetricName[] = METRIC_NAMES;

/** The posts not read, as one text (`not-supported: 3; not-found: 1`), empty when none. */
export function notReadText(row: CampaignRow): string {
  return Object.entries(row.notRead)
    .map(([reason, n]) => `${reason}: ${n}`)
    .join("; ");
}
