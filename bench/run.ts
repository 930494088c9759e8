// `npm run bench`: rate-limit fidelity of Telegram, LINE and Mastodon mass sends against the
// simulator's real HTTP server, with the naive loop many bots use as the baseline in the same
// run; pipeline overhead; memory; webhook throughput; bundle sizes; and the scheduler's memory
// and firing lateness; the package's weight (after a build); a campaign report over 1,000,000
// streamed records beside merely iterating them. See bench/README.md.
import { execFileSync } from "node:child_process";
import { campaignReportRows, printCampaignReportRows } from "./campaign-report.js";
import { fidelityRows, printFidelityRows } from "./fidelity.js";
import { memoryRows, printMemoryRows } from "./memory.js";
import { overheadRows, printOverheadRows } from "./overhead.js";
import { printPackageWeight } from "./package-weight.js";
import { printSchedulerBench } from "./scheduler.js";
import { SIZE_BUDGET_BYTES, sizeRows } from "./size.js";
import { dedupeRows, printDedupeRows, printWebhookRows, webhookRows } from "./webhooks.js";

printFidelityRows(await fidelityRows());
printOverheadRows(await overheadRows());
printMemoryRows(memoryRows());
printCampaignReportRows(campaignReportRows());
printWebhookRows(await webhookRows());
printDedupeRows(await dedupeRows());

console.log("\nBundle size (esbuild, minified + gzip; budget from DESIGN.md)\n");
console.log("| bundle | KB min+gz | share of the 45 KB budget |");
console.log("| --- | ---: | ---: |");
for (const row of await sizeRows()) {
  const share = row.budget ? (row.bytes / SIZE_BUDGET_BYTES).toFixed(2) : "loaded on demand";
  console.log(`| ${row.bundle} | ${(row.bytes / 1024).toFixed(1)} | ${share} |`);
}

// the weight is of what `npm pack` would publish: dist/ as the build writes it now
execFileSync("npm", ["run", "build"], { stdio: "ignore" });
printPackageWeight();

await printSchedulerBench();
