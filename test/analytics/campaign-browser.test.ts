// The HTML campaign report as a browser reads it: Debian's chromium, driven by playwright-core
// with `executablePath` (never a browser download), opens the page offline and the totals table's
// figures are asserted from the rendered DOM. Without /usr/bin/chromium the test is skipped on a
// developer's machine and fails under CI (`.ci/run` installs Debian's chromium).
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { mastodon } from "../../src/adapters/mastodon/index.js";
import { toHtml } from "../../src/analytics/export-html.js";
import { analyticsFixture, HOURS } from "./fixture.js";

const CHROMIUM = "/usr/bin/chromium";
/** Headless, offline, no first-run work: the flags this machine's notes give for Debian's chromium. */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];
const available = existsSync(CHROMIUM) || process.env.CI !== undefined;

const TOKEN = "mastodon-browser-token";
const { clock, herald } = analyticsFixture({ mastodon: { accessTokens: [TOKEN] } });

describe.skipIf(!available)("the HTML report in headless chromium", () => {
  it("shows the campaign's totals as the report holds them", async () => {
    const h = herald([mastodon({ accessToken: TOKEN, instanceUrl: "https://mastodon.example" })]);
    const sent = await h.send({ text: "Black Friday" }, { to: "mastodon" });
    clock.advance(24 * HOURS);
    const report = await h.report(sent);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    try {
      const page = await browser.newPage();
      await page.setContent(toHtml(report));
      // innerText, not textContent: the text as the page renders it, which is what is asserted
      const head = await page.$$eval("#totals thead th", (els) =>
        // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what is asserted
        els.map((e) => (e as HTMLElement).innerText.trim()),
      );
      const cells = await page.$$eval("#totals tbody tr:first-child > *", (els) =>
        // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what is asserted
        els.map((e) => (e as HTMLElement).innerText.trim()),
      );
      const cell = (name: string) => cells[head.indexOf(name)];
      expect(cell("sent")).toBe(String(report.totals.counts.sent));
      expect(cell("likes")).toBe(report.totals.metrics.likes!.toLocaleString("en"));
      expect(cell("replies")).toBe(report.totals.metrics.replies!.toLocaleString("en"));
      expect(cell("impressions")).toBe("not available");
      expect(cell("engagement")).toBe(report.totals.engagement!.toLocaleString("en"));
      const scripts = await page.$$eval("script", (els) => els.length);
      expect(scripts).toBe(0);
    } finally {
      await browser.close();
    }
  });
});
