// herald.report: a campaign's outcomes joined with what the simulator counted, per target,
// platform and in total; "not available" where a platform gives no metric; sampling of big
// targets, stated; link clicks from the user's hook; CSV and HTML exports.
import { describe, expect, it } from "vitest";
import { facebook } from "../../src/adapters/facebook/index.js";
import { mastodon } from "../../src/adapters/mastodon/index.js";
import { telegram } from "../../src/adapters/telegram/index.js";
import { x } from "../../src/adapters/x/index.js";
import type { CampaignReport } from "../../src/analytics/campaign-types.js";
import { csvCell, toCsv } from "../../src/analytics/export-csv.js";
import { toHtml } from "../../src/analytics/export-html.js";
import type { LinkClicksQuery } from "../../src/analytics/link-clicks.js";
import type { SentRecord } from "../../src/analytics/records.js";
import { analyticsFixture, HOURS } from "./fixture.js";
import { parseCsv } from "./parse-csv.js";

const BOT = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
const MASTODON = "mastodon-campaign-token";
const PAGE = "1000000001";
const PAGE_TOKEN = "EAAPageOneToken";
const X_CLIENT = { clientId: "x-client", clientSecret: "x-client-secret-123" };
const { clock, sim, herald } = analyticsFixture({
  telegram: { botTokens: [BOT] },
  mastodon: { accessTokens: [MASTODON] },
  facebook: { pages: [{ id: PAGE, accessToken: PAGE_TOKEN }] },
  x: { users: [{ id: "42", username: "shop", accessToken: "x-access-42" }], clients: [X_CLIENT] },
});
const adapters = () =>
  [
    telegram({ botToken: BOT }),
    mastodon({ accessToken: MASTODON, instanceUrl: "https://mastodon.example" }),
    facebook({ pageId: PAGE, pageAccessToken: PAGE_TOKEN }),
    x({ ...X_CLIENT, tokens: { accessToken: "x-access-42" } }),
  ] as const;

const CHATS = Array.from({ length: 12 }, (_, i) => String(2001 + i));

/** The row of a target; fails the test when missing. */
const rowOf = (report: CampaignReport, target: string) => {
  const row = report.targets.find((t) => t.target === target);
  if (!row) throw new Error(`no row for ${target}`);
  return row;
};

describe("herald.report", () => {
  it("joins outcomes with the metrics the simulator counted, per target, platform and total", async () => {
    let n = 0;
    const shorten = async () => ({ url: `https://sho.rt/${++n}`, id: `s${n}` });
    const h = herald(adapters(), { links: { shorten } });
    const sent = await h.send(
      {
        text: "Black Friday https://shop.example/bf",
        links: { utm: { campaign: "bf", medium: "social" } },
      },
      {
        to: [
          "mastodon",
          "facebook",
          "x",
          "telegram:@shopnews",
          { platform: "telegram", recipients: [...CHATS, "not-a-chat"] },
        ],
      },
    );
    clock.advance(24 * HOURS);
    const asked: LinkClicksQuery[] = [];
    const clicks = new Map([
      ["s1", 17],
      ["s2", 5],
    ]);
    const report = await h.report(sent, {
      linkClicks: async (link) => {
        asked.push(link);
        return link.id === undefined ? undefined : clicks.get(link.id);
      },
    });

    const mastodonId = sent.targets[0]!.ids[0]!;
    const m = sim.mastodon.posts.counts(mastodonId, clock.now());
    const mastodonRow = rowOf(report, "mastodon");
    expect(mastodonRow.metrics).toEqual({
      likes: m.favourites_count,
      replies: m.replies_count,
      shares: m.reblogs_count! + m.quotes_count!,
    });
    expect(mastodonRow.engagement).toBe(
      m.favourites_count! + m.replies_count! + m.reblogs_count! + m.quotes_count!,
    );
    // Mastodon counts no impressions: no rate, and no made-up zero
    expect(mastodonRow.engagementRate).toBeUndefined();
    expect("impressions" in mastodonRow.metrics).toBe(false);

    const fbId = sent.targets[1]!.ids[0]!;
    const f = sim.facebook.postApi.counts(fbId, clock.now());
    const fbRow = rowOf(report, "facebook");
    expect(fbRow.metrics).toMatchObject({
      impressions: f.post_impressions,
      reach: f.post_impressions_unique,
      likes: f.reactions,
      replies: f.comments,
      shares: f.shares,
      clicks: f.post_clicks,
    });
    expect(fbRow.engagementRate).toBeCloseTo(fbRow.engagement! / f.post_impressions!, 12);

    // Telegram: 13 listed, one failed (not a chat id), 12 sent, posts not readable
    const dm = rowOf(report, "telegram:recipients");
    expect(dm.counts).toEqual({ sent: 12, failed: 1, unknown: 0, skipped: 0 });
    expect(dm.posts).toBe(12);
    expect(dm.measured).toBe(0);
    expect(dm.notRead).toEqual({ "not-supported": 12 });
    expect(dm.metrics).toEqual({});
    expect(dm.engagement).toBeUndefined();

    const tg = report.platforms.find((p) => p.platform === "telegram")!;
    expect(tg.counts).toEqual({ sent: 13, failed: 1, unknown: 0, skipped: 0 });
    expect(tg.posts).toBe(13);
    expect(report.totals.counts).toEqual(sent.counts);
    const xRow = rowOf(report, "x");
    expect(report.totals.metrics.likes).toBe(
      mastodonRow.metrics.likes! + fbRow.metrics.likes! + xRow.metrics.likes!,
    );
    expect(report.totals.metrics.impressions).toBe(
      fbRow.metrics.impressions! + xRow.metrics.impressions!,
    );

    // link clicks: one call per distinct link of each target, summed where the hook knew
    expect(asked.map((a) => a.target).sort()).toEqual(
      sent.targets.flatMap((t) => (t.links ?? []).map(() => t.target)).sort(),
    );
    const byId = (id: string) => report.targets.find((t) => t.links?.some((l) => l.id === id))!;
    expect(byId("s1").linkClicks).toBe(17);
    expect(byId("s2").linkClicks).toBe(5);
    expect(byId("s3").linkClicks).toBeUndefined();
    expect(report.totals.linkClicks).toBe(22);
    expect(report.platforms.every((p) => !p.sample)).toBe(true);
  });

  it("samples a target's posts past sampleSize, reads only the sample and says how", async () => {
    const h = herald(adapters());
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const sent = await h.send({ text: `Post ${i}` }, { to: "mastodon" });
      ids.push(sent.targets[0]!.ids[0]!);
    }
    clock.advance(6 * HOURS);
    const records = async function* (): AsyncGenerator<SentRecord> {
      for (const id of ids) {
        yield { target: "mastodon", platform: "mastodon", status: "sent", ids: [id] };
      }
      yield { target: "mastodon", platform: "mastodon", status: "failed" };
    };
    sim.requests.length = 0;
    const report = await h.report(
      { deliveryId: "d-sampled", records: records() },
      {
        sampleSize: 5,
        seed: 7,
      },
    );
    const row = rowOf(report, "mastodon");
    expect(row.counts).toEqual({ sent: 20, failed: 1, unknown: 0, skipped: 0 });
    expect(row.sample).toEqual({
      population: 20,
      size: 5,
      method: expect.stringContaining("reservoir sampling (Algorithm R"),
    });
    expect(row.sample!.method).toContain("seed 7");
    const gets = sim.requests.filter((r) => r.operation === "getStatus").map((r) => r.path);
    expect(gets).toHaveLength(5);
    const read = gets.map((p) => p.split("/").at(-1)!);
    expect(new Set(read).size).toBe(5);
    const likes = read.reduce(
      (a, id) => a + sim.mastodon.posts.counts(id, clock.now()).favourites_count!,
      0,
    );
    expect(row.metrics.likes).toBe(likes);
    expect(row.estimated!.likes).toBe(Math.round((likes * 20) / 5));
    // the same seed reads the same sample; another seed another one
    sim.requests.length = 0;
    const again = await h.report(
      {
        records: ids.map((id) => ({
          target: "mastodon",
          platform: "mastodon",
          status: "sent" as const,
          ids: [id],
        })),
      },
      { sampleSize: 5, seed: 7 },
    );
    expect(rowOf(again, "mastodon").metrics.likes).toBe(likes);
    const csv = parseCsv(toCsv(report));
    const line = csv.find((r) => r[0] === "target")!;
    expect(line.at(-1)).toBe("estimated from a sample of 5 of 20 posts");
  });

  it("lists recipients past the report's listing as untraced, and rejects a bad record", async () => {
    const h = herald(adapters());
    const report = await h.report({
      records: [
        { target: "telegram:recipients", platform: "telegram", status: "sent", count: 40_000 },
      ],
    });
    expect(report.untraced).toEqual([
      expect.objectContaining({ target: "telegram:recipients", count: 40_000 }),
    ]);
    expect(report.totals.counts.sent).toBe(40_000);
    await expect(
      h.report({ records: [{ target: "t", platform: "x", status: "lost" as "sent" }] }),
    ).rejects.toMatchObject({ code: "validation", field: "records[0].status" });
  });
});

describe("exports", () => {
  it("CSV: RFC 4180 quoting, formula cells prefixed (OWASP), not available instead of 0", async () => {
    expect(csvCell('say "hi", then\r\nleave')).toBe('"say ""hi"", then\r\nleave"');
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) {
      expect(csvCell(`${start}SUM(A1)`).replace(/^"/, "")).toMatch(/^'/);
    }
    expect(csvCell(undefined)).toBe("not available");
    expect(csvCell(0)).toBe("0");
    const h = herald(adapters());
    const hostile = '=HYPERLINK("https://evil.example","x"),@a';
    const report = await h.report({
      records: [{ target: hostile, platform: "mastodon", status: "failed" }],
    });
    const text = toCsv(report);
    expect(text.endsWith("\r\n")).toBe(true);
    const rows = parseCsv(text);
    const header = rows[0]!;
    const target = rows.find((r) => r[0] === "target")!;
    expect(target[header.indexOf("target")]).toBe(`'${hostile}`);
    expect(target[header.indexOf("likes")]).toBe("not available");
    expect(target[header.indexOf("failed")]).toBe("1");
    expect(rows.every((r) => r.length === header.length)).toBe(true);
  });

  it("HTML: escaped, self-contained, no script; its tables carry the figures", async () => {
    const h = herald(adapters());
    const sent = await h.send({ text: "Launch" }, { to: ["mastodon", "telegram:@shopnews"] });
    clock.advance(3 * HOURS);
    const report = await h.report({
      records: [
        ...sent.targets.map((t) => ({
          target: t.target,
          platform: t.platform,
          status: "sent" as const,
          ids: t.ids,
          ...(t.platform === "telegram" && { chat: "@shopnews" }),
        })),
        { target: "<script>alert(1)</script>", platform: "mastodon", status: "failed" },
      ],
    });
    const html = toHtml(report);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toMatch(/\b(src|href)=/);
    expect(html).toContain("default-src 'none'");
    const totalsRow = /<table id="totals">[\s\S]*?<tbody>\s*<tr>([\s\S]*?)<\/tr>/.exec(html)![1]!;
    const cells = [...totalsRow.matchAll(/<t[hd][^>]*>([^<]*)<\/t[hd]>/g)].map((c) => c[1]);
    expect(cells[1]).toBe(report.totals.counts.sent.toLocaleString("en"));
    expect(cells).toContain(report.totals.metrics.likes!.toLocaleString("en"));
    expect(cells).toContain("not available"); // impressions: neither platform gives them here
  });
});
