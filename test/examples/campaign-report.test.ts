// examples/campaign-report.ts as users run it: it writes report.html and report.csv whose
// figures are the report's own, against the simulator on 127.0.0.1.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { campaignReport } from "../../examples/campaign-report.js";
import { parseCsv } from "../analytics/parse-csv.js";

describe("examples/campaign-report.ts", () => {
  it("writes report.html and report.csv with the campaign's totals", async () => {
    const dir = await mkdtemp(join(tmpdir(), "herald-report-"));
    try {
      const report = await campaignReport(dir);
      expect(report.totals.counts.sent).toBe(14);
      expect(report.totals.metrics.likes).toBeGreaterThan(0);
      // one short link per target (three targets), its clicks 40, 80 and 120
      expect(report.totals.linkClicks).toBe(40 + 80 + 120);
      const rows = parseCsv(await readFile(join(dir, "report.csv"), "utf8"));
      const header = rows[0]!;
      const total = rows.find((r) => r[0] === "total")!;
      expect(total[header.indexOf("sent")]).toBe("14");
      expect(total[header.indexOf("likes")]).toBe(String(report.totals.metrics.likes));
      expect(total[header.indexOf("impressions")]).toBe("not available");
      const html = await readFile(join(dir, "report.html"), "utf8");
      expect(html).toContain('<table id="totals">');
      expect(html).not.toMatch(/<script/i);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
