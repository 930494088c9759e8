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

/** Runs each size in its own process and returns the peak heap growth. */
export function memoryRows(): Array<MemoryRow> {
  return SIZES.map((count) => {
    const out = execFileSync(
      process.execPath,
      ["--expose-gc", "--import", "tsx", "bench/memory-child.ts", String(count)],
      { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
    );
    return JSON.parse(out.trim().split("\n").at(-1)!) as MemoryRow;
  });
}

/** Prints the memory table. */
export function printMemoryRows(rows: Array<MemoryRow>): void {
  const base = rows[0]!;
  const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
  console.log(
    "\nMemory: peak heap growth streaming recipients (LINE multicast, instant answers)\n",
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
