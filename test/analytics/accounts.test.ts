// herald.accountMetrics: followers and audience per account from each platform's own endpoint,
// against the simulator's grown counts; refusals where a platform cannot tell.
import { describe, expect, it } from "vitest";
import { facebook } from "../../src/adapters/facebook/index.js";
import { mastodon } from "../../src/adapters/mastodon/index.js";
import { telegram } from "../../src/adapters/telegram/index.js";
import { x } from "../../src/adapters/x/index.js";
import { youtube } from "../../src/adapters/youtube/index.js";
import type { AccountMetricsResult } from "../../src/analytics/account.js";
import { RefusedError } from "../../src/analytics/errors.js";
import { analyticsFixture, HOURS } from "./fixture.js";
import { specProblems } from "./spec.js";

const BOT = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
const MASTODON = "mastodon-accounts-token";
const X_CLIENT = { clientId: "x-client", clientSecret: "x-client-secret-123" };
const YT_CLIENT = { clientId: "yt-client", clientSecret: "yt-secret-123" };
const CHANNEL = "UCsimChannelAAAAAAAAAAAA";
const PAGE = "1000000001";
const { clock, sim, herald } = analyticsFixture({
  telegram: { botTokens: [BOT] },
  mastodon: { accessTokens: [MASTODON] },
  x: { users: [{ id: "42", username: "shop", accessToken: "x-access-42" }], clients: [X_CLIENT] },
  youtube: { channels: [{ id: CHANNEL, accessToken: "yt-access" }], clients: [YT_CLIENT] },
  facebook: { pages: [{ id: PAGE, accessToken: "EAAPageOneToken" }] },
});
const adapters = () =>
  [
    mastodon({ accessToken: MASTODON, instanceUrl: "https://mastodon.example" }),
    x({ ...X_CLIENT, tokens: { accessToken: "x-access-42" } }),
    youtube({ ...YT_CLIENT, tokens: { accessToken: "yt-access" } }),
    telegram({ botToken: BOT }),
    facebook({ pageId: PAGE, pageAccessToken: "EAAPageOneToken" }),
  ] as const;

/** The metrics of a result that was read; fails the test otherwise. */
function metricsOf(result: AccountMetricsResult | undefined) {
  if (!result?.ok) throw new Error(`not read: ${String(result?.ok === false && result.error)}`);
  return result.metrics;
}

describe("herald.accountMetrics", () => {
  it("reads each platform's audience as the simulator counts it, growing over time", async () => {
    const h = herald(adapters());
    const ask = ["mastodon", "x", "youtube", "telegram:@shopnews"] as const;
    const first = await h.accountMetrics(ask);
    clock.advance(48 * HOURS);
    const later = await h.accountMetrics(ask);
    const now = clock.now();

    const account = sim.mastodon.credentialAccount(MASTODON, now);
    expect(metricsOf(later.accounts[0])).toEqual({
      followers: account.followers_count,
      following: account.following_count,
      posts: account.statuses_count,
    });
    const me = sim.x.me("42", now).public_metrics as Record<string, number>;
    expect(metricsOf(later.accounts[1])).toEqual({
      followers: me.followers_count,
      following: me.following_count,
      posts: me.tweet_count,
      listed: me.listed_count,
    });
    const items = sim.youtube.channelList(CHANNEL, now).items as Array<Record<string, unknown>>;
    const stats = items[0]!.statistics as Record<string, string>;
    expect(metricsOf(later.accounts[2])).toEqual({
      followers: Number(stats.subscriberCount),
      posts: Number(stats.videoCount),
      views: Number(stats.viewCount),
    });
    expect(metricsOf(later.accounts[3])).toEqual({
      followers: sim.telegram.memberCount("@shopnews", now),
    });
    // two days later every platform counts more followers than before
    for (let i = 0; i < ask.length; i++) {
      expect(metricsOf(later.accounts[i]).followers).toBeGreaterThan(
        metricsOf(first.accounts[i]).followers!,
      );
    }
    expect(later.at).toBe(now);
    const page = await h.accountMetrics("facebook");
    expect(metricsOf(page.accounts[0])).toEqual({
      followers: sim.facebook.pageFields(PAGE, now).followers_count,
    });
    expect(sim.requests.find((r) => r.operation === "getPage")?.query).toMatchObject({
      fields: "followers_count,fan_count",
    });

    const requests = sim.requests;
    const verify = requests.find((r) => r.operation === "verifyCredentials")!;
    expect(specProblems("mastodon", "GET", verify.path)).toEqual([]);
    const users = requests.find((r) => r.operation === "getUsersMe")!;
    expect(
      specProblems("x", "GET", users.path, undefined, { "user.fields": "public_metrics" }),
    ).toEqual([]);
    const members = requests.find((r) => r.operation === "getChatMemberCount")!;
    expect(members.schemaErrors).toEqual([]);
    expect(requests.find((r) => r.operation === "channels.list")?.query).toMatchObject({
      part: "statistics",
      mine: "true",
    });
  });

  it("by default reads every account whose platform tells; refusals are typed", async () => {
    const h = herald(adapters());
    const sample = await h.accountMetrics();
    expect(sample.accounts.map((a) => [a.account.platform, a.ok])).toEqual([
      ["mastodon", true],
      ["x", true],
      ["youtube", true],
      ["telegram", false],
      ["facebook", true],
    ]);
    const bot = sample.accounts[3]!;
    expect(!bot.ok && bot.error).toBeInstanceOf(RefusedError);
    expect(!bot.ok && (bot.error as RefusedError).reason).toBe("not-supported");
    await expect(h.accountMetrics("linkedin")).rejects.toMatchObject({ code: "validation" });
  });
});
