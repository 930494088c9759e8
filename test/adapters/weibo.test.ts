// The Weibo adapter against the simulator: statuses/share with text and a picture, the
// safe-domain link checked before sending, Weibo's length counting, and its limit signals.
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { countWeiboLength, WEIBO_LIMITS, weibo } from "../../src/adapters/weibo/index.js";
import { AuthError, createHerald, RateLimitError, ValidationError } from "../../src/index.js";
import { createSimulator } from "../../src/testing/index.js";
import { instantWaits } from "../integration/helpers.js";

const sim = createSimulator({
  weibo: {
    users: [{ id: "1404376560", accessToken: "wb-token" }, { accessToken: "wb-limited" }],
    safeDomains: ["shop.example"],
    postsPerUser: { limit: 2, windowMs: 3_600_000 },
  },
});
const server = setupServer(...sim.handlers());
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  sim.reset();
  server.resetHandlers();
});
afterAll(() => server.close());

const herald = (token = "wb-token") =>
  createHerald({
    adapters: [weibo({ tokens: { accessToken: token }, safeDomain: "shop.example" })],
    clock: instantWaits,
    retry: { retries: 2, minDelayMs: 1, maxDelayMs: 2 },
  });

async function refusal(promise: PromiseLike<{ targets: Array<{ error?: Error }> }>) {
  const result = await Promise.resolve(promise).catch((error: unknown) => error);
  return result instanceof Error
    ? result
    : (result as { targets: Array<{ error?: Error }> }).targets[0]?.error;
}

describe("Weibo length rule", () => {
  it("counts a Chinese character 1, ASCII a half (rounded up), a link 10", () => {
    expect(countWeiboLength("黑色星期五")).toBe(5);
    expect(countWeiboLength("abc")).toBe(2);
    expect(countWeiboLength("折扣 https://shop.example/bf?a=1")).toBe(13); // (4 + 1 + 20 halves) / 2, rounded up
    expect(countWeiboLength("😀")).toBe(1);
  });
});

describe("Weibo statuses/share", () => {
  it("shares text with the safe-domain link (urlencoded, access_token parameter)", async () => {
    const report = await herald().send(
      { text: "黑色星期五 全场七折", link: "https://shop.example/bf" },
      { to: "weibo" },
    );
    expect(report.targets[0]?.status).toBe("sent");
    expect(sim.weibo.posts.map((p) => [p.userId, p.text])).toEqual([
      ["1404376560", "黑色星期五 全场七折 https://shop.example/bf"],
    ]);
    expect(report.targets[0]?.ids).toEqual([sim.weibo.posts[0]?.id]);
    const [request] = sim.requests;
    expect(request?.encoding).toBe("form");
    expect(request?.schemaErrors).toEqual([]);
    expect(request?.query.access_token).toBe("<redacted>"); // sent in the query, never recorded
  });

  it("uploads a picture as multipart pic", async () => {
    const png = new Uint8Array(2048).fill(1);
    const report = await herald().send(
      { text: "新品 https://m.shop.example/new", media: [{ data: png, mimeType: "image/png" }] },
      { to: "weibo" },
    );
    expect(report.targets[0]?.status).toBe("sent");
    expect(sim.weibo.posts[0]?.pic).toEqual({ type: "image/png", size: 2048 });
    expect(sim.requests[0]?.encoding).toBe("multipart");
  });

  it.each([
    ["a text without a link of the safe domain", { text: "打折 https://other.example/x" }, "text"],
    ["a link on a look-alike domain", { text: "打折 https://shop.example.evil.com/x" }, "text"],
    ["142 Chinese characters", { text: `${"字".repeat(131)} https://shop.example` }, "text"],
    ["a #topic#", { text: "#双十一# https://shop.example" }, "text"],
    [
      "two pictures",
      {
        text: "x https://shop.example",
        media: [
          { data: new Uint8Array(1), mimeType: "image/png" },
          { data: new Uint8Array(1), mimeType: "image/png" },
        ],
      },
      "media",
    ],
    [
      "a picture of 5 MB",
      {
        text: "x https://shop.example",
        media: [{ data: new Uint8Array(5 * 1024 * 1024), mimeType: "image/jpeg" }],
      },
      "media[0].data",
    ],
    [
      "a WebP picture",
      {
        text: "x https://shop.example",
        media: [{ data: new Uint8Array(1), mimeType: "image/webp" }],
      },
      "media[0].mimeType",
    ],
  ])("refuses %s before any request", async (_name, message, field) => {
    const error = await refusal(herald().send(message, { to: "weibo" }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
    expect(sim.requests).toHaveLength(0);
  });

  it("takes exactly 140 Chinese characters with the link", async () => {
    const report = await herald().send(
      { text: `${"字".repeat(129)} https://shop.example` },
      { to: "weibo" },
    );
    expect(report.targets[0]?.status).toBe("sent");
  });

  it("reads 10023 (user out of rate limit) as a rate limit, 21332 as an auth failure", async () => {
    const h = herald("wb-limited");
    for (const n of [1, 2]) {
      expect(
        (await h.send({ text: `第${n}条 https://shop.example` }, { to: "weibo" })).targets[0]
          ?.status,
      ).toBe("sent");
    }
    const third = await h.send({ text: "第3条 https://shop.example" }, { to: "weibo" });
    expect(third.targets[0]?.error).toBeInstanceOf(RateLimitError); // an hour's wait: no retry
    expect(sim.requests.at(-1)?.status).toBe(403);
    const bad = await herald("not-a-token").send(
      { text: "x https://shop.example" },
      { to: "weibo" },
    );
    expect(bad.targets[0]?.error).toBeInstanceOf(AuthError);
  });

  it("the simulator, counting on its own, takes 140 and refuses 141 or a foreign link (20012, 10017)", async () => {
    const share = async (status: string) => {
      const response = await fetch("https://api.weibo.com/2/statuses/share.json", {
        method: "POST",
        body: new URLSearchParams({ access_token: "wb-token", status }),
      });
      return [response.status, ((await response.json()) as { error_code?: number }).error_code];
    };
    // 129 + 1 (the space, half, rounded with the link's 20 halves) + 10 for the link = 140
    expect(await share(`${"字".repeat(129)} https://shop.example/a`)).toEqual([200, undefined]);
    expect(await share(`${"字".repeat(130)} https://shop.example/b`)).toEqual([400, 20012]);
    expect(await share("打折 https://www.shop.example.evil.example/x")).toEqual([400, 10017]);
    expect(await share("打折 https://m.shop.example/x")).toEqual([200, undefined]);
  });

  it("declares 30 posts an hour per user", () => {
    expect(WEIBO_LIMITS).toContainEqual(
      expect.objectContaining({ route: "share", max: 30, perMs: 3_600_000 }),
    );
  });

  it("needs a safe domain", () => {
    expect(() => weibo({ tokens: { accessToken: "t" }, safeDomain: "" })).toThrow(ValidationError);
  });
});
