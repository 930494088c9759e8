import type { CampaignReport } from "./campaign-types.js";
import {
  basisOf,
  exportLines,
  figureOf,
  METRIC_COLUMNS,
  NOT_AVAILABLE,
  notReadText,
} from "./export-rows.js";

/**
 * First characters that make a spreadsheet read a cell as a formula: OWASP, "CSV Injection"
 * (https://owasp.org/www-community/attacks/CSV_Injection) lists `=`, `+`, `-`, `@`, tab and
 * carriage return, and advises prefixing such a cell with a single quote.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: formula-safe (OWASP), then quoted as RFC 4180 section 2 asks when it must be. */
export function csvCell(value: string | number | undefined): string {
  let text = value === undefined ? NOT_AVAILABLE : String(value);
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The header of {@link toCsv}. */
export const CSV_HEADER: readonly string[] = [
  "level",
  "platform",
  "account",
  "target",
  "sent",
  "failed",
  "unknown",
  "skipped",
  "posts",
  "posts read",
  "not read",
  ...METRIC_COLUMNS,
  "engagement",
  "engagement rate",
  "link clicks",
  "figures",
];

/**
 * A campaign report as CSV (RFC 4180: CRLF line ends, quoted where needed, a header line): one
 * line for the totals, one per platform, one per target. A metric the platform does not give
 * reads `not available`, never 0; a sampled line's figures are estimates, and says so. Cells
 * that a spreadsheet would run as a formula are prefixed with `'` (OWASP CSV injection).
 */
export function toCsv(report: CampaignReport): string {
  const lines = [CSV_HEADER.map(csvCell).join(",")];
  for (const { level, row } of exportLines(report)) {
    const cells: Array<string | number | undefined> = [
      level,
      row.platform ?? "all",
      row.account ?? "",
      row.target ?? "",
      row.counts.sent,
      row.counts.failed,
      row.counts.unknown,
      row.counts.skipped,
      row.posts,
      row.measured,
      notReadText(row),
      ...METRIC_COLUMNS.map((name) => figureOf(row, name)),
      row.engagement,
      row.engagementRate === undefined ? undefined : Number(row.engagementRate.toFixed(6)),
      row.linkClicks,
      basisOf(row),
    ];
    lines.push(cells.map(csvCell).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}
