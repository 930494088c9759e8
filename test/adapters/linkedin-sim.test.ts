// The LinkedIn adapter through createHerald against the simulated REST API: little text as
// LinkedIn shows it, image uploads, articles, authors, sunset versions, daily quotas, replies, and
// OAuth tokens per account refreshed once however many sends wait.
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type LinkedInOptions, linkedin } from "../../src/adapters/linkedin/index.js";
import {
  AuthError,
  createHerald,
  type OAuthTokens,
  PlatformError,
  RateLimitError,
} from "../../src/index.js";
import {
  createSimulator,
  type LinkedInSimOptions,
  SIMULATOR_BASE_URLS,
} from "../../src/testing/index.js";
import { instantWaits } from "../integration/helpers.js";

const MEMBER = { accessToken: "AQVmemberOne", personId: "abc123", organizations: ["5515715"] };
const ORG = "urn:li:organization:5515715";
const app = { clientId: "li-client", clientSecret: "li-client-secret" };
const TOKEN_URL = `${SIMULATOR_BASE_URLS.linkedin}/oauth/v2/accessToken`;
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let sim = simulator();
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function simulator(options: Partial<LinkedInSimOptions> = {}) {
  return createSimulator({ linkedin: { members: [MEMBER], app, ...options } });
}

function client(options: Partial<LinkedInOptions> = {}, s = simulator()) {
  sim = s;
  server.use(...sim.handlers());
  const adapter = linkedin({
    accessToken: MEMBER.accessToken,
    author: ORG,
    ...options,
  } as LinkedInOptions);
  return createHerald({ adapters: [adapter], clock: instantWaits, retry: { retries: 3 } });
}

const valid = () => {
  for (const r of sim.requests) expect(r.schemaErrors, r.path).toEqual([]);
};

describe("linkedin against the simulator: posts", () => {
  it("publishes text with reserved characters that LinkedIn shows whole", async () => {
    const herald = client();
    const text = "Black Friday (30% off) [today] {only} @shop <3 *deal* _now_ ~ | \\ #sale";
    const report = await herald.send({ text }, { to: "linkedin" });
    expect(report.targets[0]).toMatchObject({ status: "sent", ids: [sim.linkedin.posts[0]?.id] });
    expect(sim.linkedin.posts[0]).toMatchObject({
      author: ORG,
      shownText: text,
      truncated: false,
      version: "202607",
    });
    expect(sim.requests[0]?.headers["x-restli-protocol-version"]).toBe("2.0.0");
    valid();
    await herald.close();
  });

  it("shows how an unescaped commentary gets cut (what the escaping prevents)", async () => {
    const herald = client();
    await herald.send(
      { text: "x", overrides: { linkedin: { commentary: "Sale (30% off) today" } } },
      { to: "linkedin" },
    );
    expect(sim.linkedin.posts[0]).toMatchObject({ shownText: "Sale ", truncated: true });
    await herald.close();
  });

  it("uploads images and posts them: one as media, several as multiImage", async () => {
    const herald = client();
    await herald.send(
      { text: "One", media: [{ data: png, mimeType: "image/png", alt: "a shoe" }] },
      { to: "linkedin" },
    );
    await herald.send(
      {
        text: "Two",
        media: [
          { data: png, mimeType: "image/png" },
          { data: png, mimeType: "image/jpeg" },
        ],
      },
      { to: "linkedin" },
    );
    expect(sim.requests.map((r) => r.operation)).toEqual([
      "initializeImageUpload",
      "uploadImage",
      "createPost",
      "initializeImageUpload",
      "uploadImage",
      "initializeImageUpload",
      "uploadImage",
      "createPost",
    ]);
    expect([...sim.linkedin.images.values()].map((i) => [i.owner, i.size, i.type])).toEqual([
      [ORG, png.length, "image/png"],
      [ORG, png.length, "image/png"],
      [ORG, png.length, "image/jpeg"],
    ]);
    const images = [...sim.linkedin.images.keys()];
    expect(sim.linkedin.posts.map((p) => p.content)).toEqual([
      { media: { id: images[0], altText: "a shoe" } },
      { multiImage: { images: [{ id: images[1] }, { id: images[2] }] } },
    ]);
    expect(sim.requests[1]?.encoding).toBe("binary");
    valid();
    await herald.close();
  });

  it("posts a link as an article", async () => {
    const herald = client();
    await herald.send(
      {
        text: "Read",
        link: "https://shop.example/bf",
        overrides: { linkedin: { article: { title: "Black Friday" } } },
      },
      { to: "linkedin" },
    );
    expect(sim.linkedin.posts[0]?.content).toEqual({
      article: { source: "https://shop.example/bf", title: "Black Friday" },
    });
    valid();
    await herald.close();
  });

  it("answers a post with a comment through the reply target", async () => {
    const herald = client();
    const sent = await herald.send({ text: "Launch" }, { to: "linkedin" });
    const post = sent.targets[0]?.ids[0] ?? "";
    const report = await herald.send(
      { text: "Thanks (all)!" },
      { to: { platform: "linkedin", reply: { messageId: post } } },
    );
    expect(report.targets[0]?.status).toBe("sent");
    expect(sim.linkedin.comments).toEqual([
      expect.objectContaining({ actor: ORG, object: post, text: "Thanks (all)!" }),
    ]);
    valid();
    await herald.close();
  });
});

describe("linkedin against the simulator: refusals", () => {
  it("fails a post as an organization the member does not administer (403)", async () => {
    const herald = client({ author: "urn:li:organization:999" });
    const report = await herald.send({ text: "x" }, { to: "linkedin" });
    expect(report.targets[0]?.error).toBeInstanceOf(PlatformError);
    expect(report.targets[0]?.error).toMatchObject({ status: 403, platformCode: "ACCESS_DENIED" });
    await herald.close();
  });

  it("fails a sunset Linkedin-Version (426) with the fix in the message", async () => {
    const herald = client({ version: "202401" });
    const report = await herald.send({ text: "x" }, { to: "linkedin" });
    expect(report.targets[0]?.error?.message).toMatch(/not active.*sunset/);
    await herald.close();
  });

  it("stops at the daily quota: the wait until midnight UTC exceeds maxWaitMs, no retry storm", async () => {
    const herald = client(
      {},
      simulator({ limits: { postsPerMember: { limit: 1, windowMs: 86_400_000 } } }),
    );
    await herald.send({ text: "1" }, { to: "linkedin" });
    const report = await herald.send({ text: "2" }, { to: "linkedin" });
    expect(report.targets[0]?.error).toBeInstanceOf(RateLimitError);
    expect(sim.requests.filter((r) => r.status === 429)).toHaveLength(1);
    expect(sim.stats().rateLimited).toBe(1);
    await herald.close();
  });
});

describe("linkedin against the simulator: tokens per account", () => {
  it("refreshes an expired token once for 50 parallel sends, and calls onTokens once", async () => {
    const s = simulator();
    const refreshToken = s.linkedin.oauth.refreshTokenFor(MEMBER.accessToken);
    s.linkedin.revoke(MEMBER.accessToken);
    const stored: Array<[string, OAuthTokens]> = [];
    const herald = client(
      {
        accessToken: undefined,
        author: undefined,
        tokens: async () => ({
          accessToken: MEMBER.accessToken,
          refreshToken,
          expiresAt: Date.now() - 1,
        }),
        clientId: app.clientId,
        clientSecret: app.clientSecret,
        tokenUrl: TOKEN_URL,
        onTokens: (account, tokens) => {
          stored.push([account, tokens]);
        },
      },
      s,
    );
    const reports = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        herald.send({ text: `post ${i}` }, { to: { platform: "linkedin", account: ORG } }),
      ),
    );
    expect(reports.every((r) => r.targets[0]?.status === "sent")).toBe(true);
    expect(sim.requests.filter((r) => r.operation === "accessToken")).toHaveLength(1);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.[0]).toBe(ORG);
    expect(stored[0]?.[1].refreshToken).toBe(refreshToken);
    expect(sim.linkedin.posts).toHaveLength(50);
    expect(sim.requests.filter((r) => r.status === 401)).toHaveLength(0);
    await herald.close();
  });

  it("refreshes when LinkedIn rejects a token before its expiry, and reports a dead refresh", async () => {
    const s = simulator();
    const refreshToken = s.linkedin.oauth.refreshTokenFor(MEMBER.accessToken);
    s.linkedin.revoke(MEMBER.accessToken);
    const options = {
      accessToken: undefined,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      tokenUrl: TOKEN_URL,
    };
    const herald = client(
      {
        ...options,
        tokens: {
          accessToken: MEMBER.accessToken,
          refreshToken,
          expiresAt: Date.now() + 3_600_000,
        },
      },
      s,
    );
    const report = await herald.send({ text: "x" }, { to: "linkedin" });
    expect(report.targets[0]?.status).toBe("sent");
    expect(sim.requests.map((r) => r.status)).toEqual([401, 200, 201]);
    await herald.close();

    const dead = client(
      {
        ...options,
        tokens: {
          accessToken: "AQVrevoked",
          refreshToken: "AQXunknown",
          expiresAt: Date.now() + 3_600_000,
        },
      },
      s,
    );
    const failed = await dead.send({ text: "x" }, { to: "linkedin" });
    expect(failed.targets[0]?.error).toBeInstanceOf(AuthError);
    expect(failed.targets[0]?.error?.message).not.toContain("AQXunknown");
    await dead.close();
  });
});
