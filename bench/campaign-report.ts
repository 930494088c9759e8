// Campaign report over 100,000 and 1,000,000 streamed sent records: time and peak heap growth of
// `herald.report`, beside the baseline of merely iterating the same records, in the same run.
// Each run in a fresh process (bench/campaign-report-child.ts); the median of RUNS is printed.
import { execFileSync } from "node:child_process";

/** One run's figures. */
interface ReportRow {
  mode: "iterate" | "report";
  count: number;
  ms: number;
  growthBytes: number;
  check: number;
}

/** Record counts: the 1,000,000 and a tenth of it, to show memory does not grow with it. */
const SIZES = [100_000, 1_000_000];
/** Runs per size and mode; the median is printed (a GC's timing moves one run). */
const RUNS = 3;

function runOnce(mode: "iterate" | "report", count: number): ReportRow {
  const out = execFileSync(
    process.execPath,
    ["--expose-gc", "--import", "tsx", "bench/campaign-report-child.ts", mode, String(count)],
    { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  );
  return JSON.parse(out.trim().split("\n").at(-1)!) as ReportRow;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

/** Runs every size and mode {@link RUNS} times and returns the medians. */
export function campaignReportRows(): ReportRow[] {
  const rows: ReportRow[] = [];
  for (const count of SIZES) {
    for (const mode of ["iterate", "report"] as const) {
      const runs = Array.from({ length: RUNS }, () => runOnce(mode, count));
      rows.push({
        ...runs[0]!,
        ms: median(runs.map((r) => r.ms)),
        growthBytes: median(runs.map((r) => r.growthBytes)),
      });
    }
  }
  return rows;
}

/** Prints the table. */
export function printCampaignReportRows(rows: readonly ReportRow[]): void {
  const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
  console.log(
    `\nCampaign report over streamed sent records (Mastodon, sample of 1,000 read through the limiter; median of ${RUNS} runs)\n`,
  );
  console.log("| records | run | time ms | peak heap growth MB | time / iterate |");
  console.log("| ---: | --- | ---: | ---: | ---: |");
  for (const r of rows) {
    const base = rows.find((b) => b.count === r.count && b.mode === "iterate")!;
    console.log(
      `| ${r.count.toLocaleString("en")} | ${r.mode === "iterate" ? "iterate only (baseline)" : "herald.report"} | ${r.ms.toFixed(0)} | ${mb(r.growthBytes)} | ${(r.ms / base.ms).toFixed(2)} |`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) printCampaignReportRows(campaignReportRows());
