// The HTML campaign report as a browser reads it: Debian's chromium, driven by playwright-core
// with `executablePath`, opens the page offline and the totals table's figures are asserted from
// the rendered DOM. Skipped ONLY when /usr/bin/chromium or playwright-core is absent (CI installs
// both; this machine had neither when the test was written).
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { mastodon } from "../../src/adapters/mastodon/index.js";
import { toHtml } from "../../src/analytics/export-html.js";
import { analyticsFixture, HOURS } from "./fixture.js";

const CHROMIUM = "/usr/bin/chromium";
const PLAYWRIGHT = "playwright-core";

/** The part of playwright-core's API the test drives (the package is optional here). */
interface Browser {
  newPage(): Promise<{
    setContent(html: string): Promise<void>;
    $$eval<R>(selector: string, fn: (els: Element[]) => R): Promise<R>;
  }>;
  close(): Promise<void>;
}
interface Playwright {
  chromium: { launch(options: { executablePath: string; headless: boolean }): Promise<Browser> };
}

const resolvable = (() => {
  try {
    createRequire(import.meta.url).resolve(PLAYWRIGHT);
    return true;
  } catch {
    return false;
  }
})();
const available = existsSync(CHROMIUM) && resolvable;

const TOKEN = "mastodon-browser-token";
const { clock, herald } = analyticsFixture({ mastodon: { accessTokens: [TOKEN] } });

describe.skipIf(!available)("the HTML report in headless chromium", () => {
  it("shows the campaign's totals as the report holds them", async () => {
    const h = herald([mastodon({ accessToken: TOKEN, instanceUrl: "https://mastodon.example" })]);
    const sent = await h.send({ text: "Black Friday" }, { to: "mastodon" });
    clock.advance(24 * HOURS);
    const report = await h.report(sent);
    const { chromium } = (await import(PLAYWRIGHT)) as Playwright;
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
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
