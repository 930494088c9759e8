// What each shipped adapter can do beyond sending, as its facets say (src/contract/facets.ts):
// the expectations follow what each factory builds (a webhooks facet only with the secret that
// verifies deliveries, auth only where tokens are fetched or refreshed at send time), so an
// adapter losing or gaining a facet fails here, and `preview` shows the same set.
import { describe, expect, it } from "vitest";
import { facebook } from "../../src/adapters/facebook/index.js";
import { line } from "../../src/adapters/line/index.js";
import { linkedin } from "../../src/adapters/linkedin/index.js";
import { mastodon } from "../../src/adapters/mastodon/index.js";
import { telegram } from "../../src/adapters/telegram/index.js";
import { wechat } from "../../src/adapters/wechat/index.js";
import { weibo } from "../../src/adapters/weibo/index.js";
import { x } from "../../src/adapters/x/index.js";
import { youtube } from "../../src/adapters/youtube/index.js";
import {
  createHerald,
  FACET_SUMMARIES,
  FACETS,
  type FacetName,
  facetsOf,
  type PlatformAdapter,
} from "../../src/index.js";
import { echo } from "../helpers/echo-adapter.js";

/** Each adapter without and with its webhook secret, and the facets it should have. */
const CASES: ReadonlyArray<{
  name: string;
  plain: () => PlatformAdapter;
  hooked: () => PlatformAdapter;
  facets: FacetName[];
}> = [
  {
    name: "telegram",
    plain: () => telegram({ botToken: "123:abc" }),
    hooked: () => telegram({ botToken: "123:abc", webhookSecret: "hook-secret" }),
    facets: ["metrics", "editing", "listening"],
  },
  {
    name: "line",
    plain: () => line({ channelAccessToken: "t" }),
    hooked: () => line({ channelAccessToken: "t", channelSecret: "hook-secret" }),
    facets: ["editing"],
  },
  {
    name: "mastodon",
    plain: () => mastodon({ accessToken: "t", instanceUrl: "https://mastodon.example" }),
    hooked: () =>
      mastodon({
        accessToken: "t",
        instanceUrl: "https://mastodon.example",
        webhookSecret: "hook-secret",
      }),
    facets: ["metrics", "editing", "listening"],
  },
  {
    name: "x",
    plain: () => x({ clientId: "c", tokens: { accessToken: "t" } }),
    hooked: () => x({ clientId: "c", tokens: { accessToken: "t" }, consumerSecret: "hook-secret" }),
    facets: ["auth", "metrics", "editing"],
  },
  {
    name: "youtube",
    plain: () => youtube({ clientId: "c", tokens: { accessToken: "t" } }),
    hooked: () => youtube({ clientId: "c", tokens: { accessToken: "t" }, hubSecret: "s" }),
    facets: ["auth", "metrics", "editing"],
  },
  {
    name: "facebook",
    plain: () => facebook({ pageId: "1234567890", pageAccessToken: "EAAPage" }),
    hooked: () =>
      facebook({ pageId: "1234567890", pageAccessToken: "EAAPage", appSecret: "hook-secret" }),
    facets: ["auth", "metrics", "editing"],
  },
  {
    name: "linkedin",
    plain: () => linkedin({ accessToken: "AQV", author: "urn:li:organization:123" }),
    hooked: () =>
      linkedin({
        accessToken: "AQV",
        author: "urn:li:organization:123",
        clientSecret: "hook-secret",
      }),
    facets: ["auth"],
  },
  {
    name: "wechat",
    plain: () => wechat({ appId: "wx1234567890abcdef", appSecret: "s3cret" }),
    hooked: () => wechat({ appId: "wx1234567890abcdef", appSecret: "s3cret", token: "hook" }),
    facets: ["auth"],
  },
];

/** `facets` with `webhooks` in its place (the order of FACETS). */
const withWebhooks = (facets: readonly FacetName[]) =>
  FACETS.filter((name) => name === "webhooks" || facets.includes(name));

describe("adapter facets", () => {
  it("lists every facet once, each with a summary", () => {
    expect(new Set(FACETS).size).toBe(FACETS.length);
    expect([...FACETS].sort()).toEqual(["auth", "editing", "listening", "metrics", "webhooks"]);
    for (const name of FACETS) expect(FACET_SUMMARIES[name].length).toBeGreaterThan(10);
  });

  for (const { name, plain, hooked, facets } of CASES) {
    it(`${name}: ${facets.join(", ")}; webhooks only with its webhook secret`, () => {
      expect(facetsOf(plain())).toEqual(facets);
      expect(facetsOf(hooked())).toEqual(withWebhooks(facets));
    });
  }

  it("weibo: auth only (it has no webhooks, metrics or editing yet)", () => {
    expect(facetsOf(weibo({ tokens: { accessToken: "t" }, safeDomain: "shop.example" }))).toEqual([
      "auth",
    ]);
  });

  it("a custom adapter of the core alone has none; a member set to undefined is none", () => {
    const core = echo({ token: "tok" });
    expect(facetsOf(core)).toEqual([]);
    expect(
      facetsOf({ ...core, metrics: undefined, editing: undefined, listening: undefined }),
    ).toEqual([]);
  });

  it("preview shows each target's facets", () => {
    const herald = createHerald({
      adapters: [
        telegram({ botToken: "123:abc", webhookSecret: "hook-secret" }),
        line({ channelAccessToken: "t" }),
        echo({ token: "tok" }),
      ],
    });
    const preview = herald.preview(
      { text: "hello" },
      { to: ["telegram:@news", "line:U1234567890abcdef1234567890abcdef", "echo:room"] },
    );
    expect(preview.targets.map((t) => [t.platform, t.facets])).toEqual([
      ["telegram", ["webhooks", "metrics", "editing", "listening"]],
      ["line", ["editing"]],
      ["echo", []],
    ]);
  });
});
