// A campaign report, no credentials, no network: the platform simulator of `herald/testing` runs
// on 127.0.0.1 and a manual clock plays a day. A message goes to Mastodon, a Telegram channel and
// twelve Telegram chats with link tracking; a day later `herald.report` joins what was sent with
// what it achieved, and report.html and report.csv are written (to the directory given, else
// the current one). Run it with `npx tsx examples/campaign-report.ts [dir]`.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type CampaignReport, createHerald, toCsv, toHtml } from "herald";
import { mastodon } from "herald/mastodon";
import { telegram } from "herald/telegram";
import { createSimulator, ManualClock, startSimulatorServer } from "herald/testing";

const tokens = { telegram: "123456:REPORT-TOKEN", mastodon: "report-mastodon-token" };
/** An hour in ms. */
const HOUR = 3_600_000;

/** Sends the campaign, plays a day, writes report.html and report.csv into `dir`. */
export async function campaignReport(dir: string): Promise<CampaignReport> {
  const clock = new ManualClock(Date.parse("2026-11-27T09:00:00Z"));
  const sim = createSimulator({
    clock,
    telegram: { botTokens: [tokens.telegram] },
    mastodon: { accessTokens: [tokens.mastodon] },
  });
  const server = await startSimulatorServer(sim);
  const clicks = new Map<string, number>(); // your shortener's counts, by short-link id
  let n = 0;
  const herald = createHerald({
    adapters: [
      telegram({ botToken: tokens.telegram, baseUrl: server.urls.telegram }),
      mastodon({ accessToken: tokens.mastodon, baseUrl: server.urls.mastodon }),
    ],
    clock,
    links: {
      // a stand-in shortener: numbered links, each with a click count
      shorten: async () => {
        n++;
        clicks.set(`s${n}`, 40 * n);
        return { url: `https://sho.rt/${n}`, id: `s${n}` };
      },
    },
  });
  try {
    const sent = await herald.send(
      {
        text: "Black Friday: 30% off https://shop.example/bf",
        links: { utm: { campaign: "bf-2026", medium: "social" } },
      },
      {
        to: [
          "mastodon",
          "telegram:@shopnews",
          {
            platform: "telegram",
            recipients: Array.from({ length: 12 }, (_, i) => String(1001 + i)),
          },
        ],
      },
    );
    clock.advance(24 * HOUR);
    const report = await herald.report(sent, {
      linkClicks: async (link) => (link.id === undefined ? undefined : clicks.get(link.id)),
    });
    await writeFile(join(dir, "report.html"), toHtml(report));
    await writeFile(join(dir, "report.csv"), toCsv(report));
    return report;
  } finally {
    await herald.close();
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const report = await campaignReport(process.argv[2] ?? ".");
  const { totals } = report;
  console.log(
    `sent ${totals.counts.sent}, failed ${totals.counts.failed}; likes ${totals.metrics.likes ?? "not available"}, link clicks ${totals.linkClicks ?? "not available"}`,
  );
  console.log("wrote report.html and report.csv");
}
