// Memory: peak heap growth while streaming 100,000 and 1,000,000 recipients (issue target: the
// same within 20 %, and under 64 MB). Each size runs in a fresh process (bench/memory-child.ts).
import { execFileSync } from "node:child_process";

/** Peak heap growth of one run: with garbage (heapUsed sampled every 20 ms) and live (after GC). */
interface MemoryRow {
  count: number;
  growthBytes: number;
  liveGrowthBytes: number;
}

/** The audience sizes the issue names. */
const SIZES = [100_000, 1_000_000];
/** Runs per size, each in a fresh process; the median is printed (a GC's timing moves one run). */
const RUNS = 3;

/** One run of one size in its own process. */
function runOnce(count: number): MemoryRow {
  const out = execFileSync(
    process.execPath,
    ["--expose-gc", "--import", "tsx", "bench/memory-child.ts", String(count)],
    { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  );
  return JSON.parse(out.trim().split("\n").at(-1)!) as MemoryRow;
}

/** The median of some numbers. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Runs each size {@link RUNS} times, alternating sizes, and returns the median peak growths. */
export function memoryRows(): Array<MemoryRow> {
  const runs = new Map<number, MemoryRow[]>(SIZES.map((count) => [count, []]));
  for (let i = 0; i < RUNS; i++) for (const count of SIZES) runs.get(count)!.push(runOnce(count));
  return SIZES.map((count) => {
    const rows = runs.get(count)!;
    return {
      count,
      growthBytes: median(rows.map((r) => r.growthBytes)),
      liveGrowthBytes: median(rows.map((r) => r.liveGrowthBytes)),
    };
  });
}

/** Prints the memory table. */
export function printMemoryRows(rows: Array<MemoryRow>): void {
  const base = rows[0]!;
  const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
  console.log(
    `\nMemory: peak heap growth streaming recipients (LINE multicast, answers after 5 ms; median of ${RUNS} runs)\n`,
  );
  console.log(
    "| recipients | heapUsed peak MB (with garbage) | ratio | live heap peak MB (after GC) | ratio |",
  );
  console.log("| ---: | ---: | ---: | ---: | ---: |");
  for (const r of rows) {
    console.log(
      `| ${r.count.toLocaleString("en")} | ${mb(r.growthBytes)} | ${(r.growthBytes / base.growthBytes).toFixed(2)} | ${mb(r.liveGrowthBytes)} | ${(r.liveGrowthBytes / base.liveGrowthBytes).toFixed(2)} |`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) printMemoryRows(memoryRows());
