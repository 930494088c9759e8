// The Facebook adapter through createHerald against the simulated Graph API (msw): every kind of
// post, scheduling, targeting, replies, Page tokens per account and the usage-based pauses.
import { createHmac } from "node:crypto";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type FacebookOptions, facebook } from "../../src/adapters/facebook/index.js";
import { createHerald, type HeraldOptions, RateLimitError } from "../../src/index.js";
import { createSimulator, type FacebookSimOptions } from "../../src/testing/index.js";
import { instantWaits } from "../integration/helpers.js";

const PAGE = "1000000001";
const OTHER = "1000000002";
const TOKENS = { [PAGE]: "EAAPageOneToken", [OTHER]: "EAAPageTwoToken" };
const APP_SECRET = "fb-app-secret";
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]);

let sim = simulator();
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function simulator(options: Partial<FacebookSimOptions> = {}) {
  return createSimulator({
    facebook: {
      pages: [
        { id: PAGE, accessToken: TOKENS[PAGE], name: "Shop" },
        { id: OTHER, accessToken: TOKENS[OTHER] },
      ],
      ...options,
    },
  });
}

function client(
  options: Partial<FacebookOptions> = {},
  herald: Partial<HeraldOptions> = {},
  s = simulator(),
) {
  sim = s;
  server.use(...sim.handlers());
  const adapter = facebook({
    pageId: PAGE,
    pageAccessToken: TOKENS[PAGE],
    appSecret: APP_SECRET,
    ...options,
  } as FacebookOptions);
  return createHerald({ adapters: [adapter], clock: instantWaits, ...herald });
}

const feedRequests = () => sim.requests.filter((r) => r.operation === "createFeedPost");

describe("facebook against the simulator: posts", () => {
  it("publishes text with a link, signed with appsecret_proof, valid by the documented shapes", async () => {
    const herald = client();
    const report = await herald.send(
      { text: "Black Friday", link: "https://shop.example/bf" },
      { to: "facebook" },
    );
    expect(report.targets[0]).toMatchObject({ status: "sent", ids: [sim.facebook.posts[0]?.id] });
    expect(sim.facebook.posts[0]).toMatchObject({
      pageId: PAGE,
      kind: "feed",
      message: "Black Friday",
      link: "https://shop.example/bf",
      published: true,
      version: "v23.0",
    });
    const [request] = sim.requests;
    expect(request?.schemaErrors).toEqual([]);
    expect(request?.headers.authorization).toBe("Bearer <redacted>");
    const proof = createHmac("sha256", APP_SECRET).update(TOKENS[PAGE]).digest("hex");
    expect(request?.query.appsecret_proof).toBe(proof);
    await herald.close();
  });

  it("posts several photos as unpublished uploads attached to one post", async () => {
    const herald = client();
    const report = await herald.send(
      {
        text: "Two looks",
        media: [
          { url: "https://cdn.example/1.jpg", alt: "red" },
          { data: png, mimeType: "image/png" },
        ],
      },
      { to: "facebook" },
    );
    expect(report.targets[0]?.status).toBe("sent");
    const photos = [...sim.facebook.photos.values()];
    expect(photos.map((p) => [p.published, p.alt])).toEqual([
      [false, "red"],
      [false, undefined],
    ]);
    expect(sim.facebook.posts).toHaveLength(1);
    expect(sim.facebook.posts[0]?.photoIds).toEqual(photos.map((p) => p.id));
    expect(sim.requests.every((r) => r.schemaErrors.length === 0)).toBe(true);
    await herald.close();
  });

  it("publishes a single photo from bytes and a video from a URL", async () => {
    const herald = client();
    await herald.send(
      { text: "One", media: [{ data: png, mimeType: "image/png" }] },
      { to: "facebook" },
    );
    await herald.send(
      { text: "Clip", media: [{ url: "https://cdn.example/v.mp4", mimeType: "video/mp4" }] },
      { to: "facebook" },
    );
    expect(sim.facebook.posts.map((p) => [p.kind, p.message])).toEqual([
      ["photo", "One"],
      ["video", "Clip"],
    ]);
    expect(sim.requests[0]?.encoding).toBe("multipart");
    await herald.close();
  });

  it("schedules natively: published=false and the time, noted in the report", async () => {
    const herald = client();
    const at = new Date(Math.ceil((Date.now() + 2 * 3_600_000) / 1000) * 1000);
    const report = await herald.send({ text: "Later" }, { to: "facebook", at });
    expect(sim.facebook.posts[0]).toMatchObject({
      published: false,
      scheduledAt: at.toISOString(),
    });
    expect(report.targets[0]?.notes).toEqual([`scheduled for ${at.toISOString()}`]);
    // under Facebook's 10 minutes: Herald's scheduler keeps it instead, and says why
    const tooSoon = await herald.send(
      { text: "x" },
      { to: "facebook", at: new Date(Date.now() + 60_000) },
    );
    expect(tooSoon.targets[0]?.status).toBe("scheduled");
    expect(tooSoon.targets[0]?.notes.join(" ")).toMatch(/refused to schedule it/);
    expect(sim.facebook.posts).toHaveLength(1);
    await herald.close();
  });

  it("targets a segment natively with feed_targeting", async () => {
    const herald = client({ localeKeys: { fr: [9] } });
    const to = {
      platform: "facebook",
      segment: { country: ["FR", "BE"], language: ["fr"], age: { gte: 25 } },
    };
    expect(herald.preview({ text: "Bonjour" }, { to }).targets[0]?.targeting).toBe("native");
    await herald.send({ text: "Bonjour" }, { to });
    expect(sim.facebook.posts[0]?.feedTargeting).toEqual({
      geo_locations: { countries: ["FR", "BE"] },
      locales: [9],
      age_min: 25,
    });
    await herald.close();
  });

  it("answers a comment with a comment, through the event's replyTo target", async () => {
    const herald = client();
    const sent = await herald.send({ text: "New drop" }, { to: "facebook" });
    const fan = sim.facebook.addComment(sent.targets[0]?.ids[0] ?? "", "Price?");
    const report = await herald.send(
      { text: "€30" },
      { to: { platform: "facebook", reply: { messageId: fan } } },
    );
    expect(report.targets[0]?.status).toBe("sent");
    expect(sim.facebook.comments.at(-1)).toMatchObject({
      parentId: fan,
      message: "€30",
      from: { id: PAGE },
    });
    const unknown = await herald.send(
      { text: "x" },
      { to: { platform: "facebook", reply: { messageId: "1_404" } } },
    );
    expect(unknown.targets[0]?.error).toMatchObject({ platformCode: 100 });
    await herald.close();
  });

  it("refuses an invalid targeting spec the way Graph does, and records why", async () => {
    const herald = client();
    const report = await herald.send(
      {
        text: "x",
        overrides: {
          facebook: { feed_targeting: { geo_locations: { countries: ["FR"] }, zodiac: 1 } },
        },
      },
      { to: "facebook" },
    );
    expect(report.targets[0]?.status).toBe("failed");
    expect(sim.requests[0]?.schemaErrors).toEqual([
      "feed_targeting.zodiac: is not a field of this request",
    ]);
    await herald.close();
  });
});

describe("facebook against the simulator: Page tokens", () => {
  it("posts for every Page a target names, each with its own token", async () => {
    const asked: string[] = [];
    const herald = client({
      pageId: undefined,
      pageAccessToken: undefined,
      pageTokens: (pageId) => {
        asked.push(pageId);
        return TOKENS[pageId as keyof typeof TOKENS] ?? "unknown";
      },
    });
    const report = await herald.send(
      { text: "Both" },
      { to: [{ platform: "facebook", account: PAGE }, `facebook@${OTHER}`] },
    );
    expect(report.targets.map((t) => [t.account, t.status])).toEqual([
      [PAGE, "sent"],
      [OTHER, "sent"],
    ]);
    expect(sim.facebook.posts.map((p) => p.pageId).sort()).toEqual([PAGE, OTHER]);
    expect(asked.sort()).toEqual([PAGE, OTHER]);
    await herald.close();
  });

  it("asks the provider again once when Facebook rejects a token (190)", async () => {
    let calls = 0;
    const herald = client({
      pageId: undefined,
      pageAccessToken: undefined,
      pageTokens: () => (++calls === 1 ? "EAAStaleToken" : TOKENS[PAGE]),
    });
    const report = await herald.send({ text: "x" }, { to: `facebook@${PAGE}` });
    expect(report.targets[0]?.status).toBe("sent");
    expect(calls).toBe(2);
    expect(sim.requests.map((r) => r.status)).toEqual([400, 200]);
    await herald.close();
  });
});

describe("facebook against the simulator: usage and rate limits", () => {
  const tight = { limits: { perPage: { limit: 2, windowMs: 3_600_000 } } };

  it("pauses the Page when the usage headers reach 100 %, before Facebook refuses", async () => {
    const herald = client({}, {}, simulator(tight));
    await herald.send({ text: "1" }, { to: "facebook" });
    const second = await herald.send({ text: "2" }, { to: "facebook" });
    expect(second.targets[0]?.status).toBe("sent");
    const third = await herald.send(
      { text: "3" },
      { to: "facebook", signal: AbortSignal.timeout(300) },
    );
    expect(third.targets[0]?.status).toBe("skipped");
    expect(feedRequests()).toHaveLength(2);
    await herald.close();
  });

  it("fails a call Facebook throttles (80001) with the wait it estimates", async () => {
    const s = simulator(tight);
    const first = client({}, {}, s);
    await first.send({ text: "1" }, { to: "facebook" });
    await first.send({ text: "2" }, { to: "facebook" });
    await first.close();
    const fresh = client({}, {}, s); // a new client knows nothing of the first one's usage
    const report = await fresh.send({ text: "3" }, { to: "facebook" });
    const error = report.targets[0]?.error;
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfter).toBe(60 * 60_000);
    expect(report.rateLimited).toBe(1);
    expect(sim.stats().rateLimited).toBe(1);
    await fresh.close();
  });
});
