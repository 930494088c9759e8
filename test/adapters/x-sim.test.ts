// The X adapter end to end against the simulator (msw): every request is validated against the
// X OpenAPI spec by the simulator, and X's signals (401, 403 duplicate, 429 and the 15-minute /
// 24-hour headers, media processing) meet the core's auth, limits and retries.
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  exchangeXCode,
  refreshXTokens,
  startXAuthorization,
  X_DUPLICATE_CONTENT,
  x,
} from "../../src/adapters/x/index.js";
import {
  type Clock,
  createHerald,
  DeliveryUnknownError,
  type OAuthTokens,
  PlatformError,
} from "../../src/index.js";
import { createSimulator, signXWebhook, type XSimOptions } from "../../src/testing/index.js";
import { instantWaits } from "../integration/helpers.js";

const CLIENT = { clientId: "x-client", clientSecret: "x-client-secret-123" };
const USERS: XSimOptions["users"] = [
  { id: "42", username: "shop", accessToken: "x-access-42", refreshToken: "x-refresh-42" },
  { id: "43", accessToken: "x-access-43" },
];
const sim = createSimulator({ x: { users: USERS, clients: [CLIENT], mediaProcessingPolls: 2 } });
const server = setupServer(...sim.handlers());
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  sim.reset();
  server.resetHandlers();
});
afterAll(() => server.close());

const png = new Uint8Array(1000).fill(7);

function herald(options: Partial<Parameters<typeof x>[0]> = {}, clock: Clock = instantWaits) {
  return createHerald({
    adapters: [x({ ...CLIENT, tokens: { accessToken: "x-access-42" }, ...options })],
    clock,
    retry: { retries: 3, minDelayMs: 1, maxDelayMs: 2 },
  });
}

function expectValid() {
  expect(sim.requests.length).toBeGreaterThan(0);
  for (const r of sim.requests)
    expect({ op: r.operation, errors: r.schemaErrors }).toMatchObject({ errors: [] });
}

describe("X posts against the simulator", () => {
  it("posts text with two images and alt text after a chunked upload", async () => {
    const h = herald();
    const report = await h.send(
      {
        text: "Black Friday 🛍️ https://shop.example/bf",
        media: [
          { data: png, mimeType: "image/png", alt: "A red square" },
          { data: png, mimeType: "image/jpeg" },
        ],
      },
      { to: "x" },
    );
    expect(report.targets[0]?.status).toBe("sent");
    expectValid();
    const [post] = sim.x.posts;
    expect(post?.text).toBe("Black Friday 🛍️ https://shop.example/bf");
    expect(post?.mediaIds).toHaveLength(2);
    expect(post?.userId).toBe("42");
    expect(sim.x.media.get(post?.mediaIds[0] ?? "")?.altText).toBe("A red square");
    expect(sim.x.media.get(post?.mediaIds[1] ?? "")?.altText).toBeUndefined();
    expect(report.targets[0]?.ids.at(-1)).toBe(post?.id);
    expect(sim.requests.map((r) => r.operation)).toEqual([
      "initializeMediaUpload",
      "appendMediaUpload",
      "finalizeMediaUpload",
      "createMediaMetadata",
      "initializeMediaUpload",
      "appendMediaUpload",
      "finalizeMediaUpload",
      "createPosts",
    ]);
    await h.close();
  });

  it("uploads a video in 4 MiB segments and polls its processing before posting", async () => {
    const video = new Uint8Array(9 * 1024 * 1024 + 5);
    const h = herald();
    const report = await h.send(
      { text: "Our film", media: [{ data: video, mimeType: "video/mp4" }] },
      { to: "x" },
    );
    expect(report.targets[0]?.status).toBe("sent");
    const appends = sim.requests.filter((r) => r.operation === "appendMediaUpload");
    expect(appends.map((r) => (r.body as { segment_index: string }).segment_index)).toEqual([
      "0",
      "1",
      "2",
    ]);
    const statuses = sim.requests.filter((r) => r.method === "GET");
    expect(statuses.map((r) => r.query.command)).toEqual(["STATUS", "STATUS", "STATUS"]);
    const media = sim.x.media.get(sim.x.posts[0]?.mediaIds[0] ?? "");
    expect(media).toMatchObject({
      category: "tweet_video",
      totalBytes: video.byteLength,
      state: "succeeded",
    });
    expectValid();
    await h.close();
  });

  it("publishes a long text as a thread of replies, each within 280", async () => {
    const text = `${"Herald sends one message to many platforms. ".repeat(14)}https://herald.example/docs`;
    const h = herald();
    const preview = h.preview({ text, overrides: { x: { thread: true } } }, { to: "x" });
    expect(preview.targets[0]?.warnings[0]).toMatch(/thread of 3 posts/);
    const report = await h.send({ text, overrides: { x: { thread: true } } }, { to: "x" });
    expect(report.targets[0]?.status).toBe("sent");
    const posts = sim.x.posts;
    expect(posts).toHaveLength(3);
    expect(posts[1]?.inReplyTo).toBe(posts[0]?.id);
    expect(posts[2]?.inReplyTo).toBe(posts[1]?.id);
    expect(posts.map((p) => p.text).join(" ")).toBe(text);
    expect(report.targets[0]?.ids).toEqual(posts.map((p) => p.id));
    expectValid();
    await h.close();
  });

  it("posts a poll, a quote and a reply", async () => {
    const h = herald();
    const report = await h.send(
      {
        text: "Which color?",
        overrides: { x: { poll: { options: ["Red", "Blue"], duration_minutes: 60 } } },
      },
      { to: "x" },
    );
    await h.send(
      { text: "So true", overrides: { x: { quote_tweet_id: "1460323737035677698" } } },
      { to: "x" },
    );
    await h.send(
      { text: "Thanks!" },
      { to: { platform: "x", reply: { messageId: "1460323737035677699" } } },
    );
    expect(report.targets[0]?.status).toBe("sent");
    expect(sim.x.posts.map((p) => [p.poll?.options, p.quoteOf, p.inReplyTo])).toEqual([
      [["Red", "Blue"], undefined, undefined],
      [undefined, "1460323737035677698", undefined],
      [undefined, undefined, "1460323737035677699"],
    ]);
    expectValid();
    await h.close();
  });

  it("sends a Direct Message to a user id", async () => {
    const h = herald();
    const report = await h.send({ text: "Your code: BF30" }, { to: "x:9001" });
    expect(report.targets[0]?.status).toBe("sent");
    expect(sim.x.dms).toEqual([
      expect.objectContaining({ from: "42", to: "9001", text: "Your code: BF30" }),
    ]);
    expectValid();
    await h.close();
  });
});

describe("X signals", () => {
  it("reports the 403 duplicate-content answer as a typed error, sent once", async () => {
    const h = herald();
    await h.send({ text: "Same words" }, { to: "x" });
    const report = await h.send({ text: "Same words" }, { to: "x" });
    const error = report.targets[0]?.error;
    expect(error).toBeInstanceOf(PlatformError);
    expect((error as PlatformError).platformCode).toBe(X_DUPLICATE_CONTENT);
    expect((error as PlatformError).status).toBe(403);
    expect(report.retries).toBe(0);
    expect(sim.requests.filter((r) => r.operation === "createPosts")).toHaveLength(2);
    await h.close();
  });

  it("pauses the account on an exhausted 24-hour user limit: the next post waits", async () => {
    const limited = createSimulator({
      x: { users: USERS, limits: { postsPerUser24h: { limit: 2, windowMs: 24 * 3_600_000 } } },
    });
    server.use(...limited.handlers());
    const h = herald();
    const reports = [];
    for (const text of ["one", "two"]) reports.push(await h.send({ text }, { to: "x" }));
    const third = await h.send({ text: "three" }, { to: "x", signal: AbortSignal.timeout(300) });
    expect([...reports, third].map((r) => r.targets[0]?.status)).toEqual([
      "sent",
      "sent",
      "skipped",
    ]);
    // the third never reached X: the headers of the second answer paused the limiter
    expect(limited.x.posts.map((p) => p.text)).toEqual(["one", "two"]);
    expect(limited.requests).toHaveLength(2);
    await h.close();
  });

  it("waits out a 429 by the x-rate-limit-reset header (no Retry-After)", async () => {
    const limited = createSimulator({
      x: { users: USERS, limits: { postsPerUser: { limit: 1, windowMs: 500 } } },
    });
    server.use(...limited.handlers());
    // another client of the same user spends the window: this one learns of it from a 429
    const other = herald();
    await other.send({ text: "elsewhere" }, { to: "x" });
    const h = herald();
    const report = await h.send({ text: "here" }, { to: "x" });
    expect(report.targets[0]?.status).toBe("sent");
    expect(limited.requests.map((r) => r.status)).toEqual([201, 429, 201]);
    expect(report.rateLimited).toBe(1);
    expect(limited.requests[2]!.time - limited.requests[1]!.time).toBeGreaterThan(0);
    await Promise.all([h.close(), other.close()]);
  });

  it("never resends a post after an ambiguous failure", async () => {
    sim.faults.set({ rate: 1, kinds: ["5xx"], when: "after", platforms: ["x"] });
    const h = herald();
    const report = await h.send({ text: "maybe" }, { to: "x" });
    expect(report.targets[0]?.error).toBeInstanceOf(DeliveryUnknownError);
    expect(sim.x.posts).toHaveLength(1);
    expect(sim.requests).toHaveLength(1);
    await h.close();
  });
});

describe("X accounts and OAuth", () => {
  it("refreshes an expired token once for 50 parallel sends and calls onTokens once", async () => {
    const stored: Array<[string, OAuthTokens]> = [];
    let loads = 0;
    const h = createHerald({
      adapters: [
        x({
          ...CLIENT,
          tokens: async (account) => {
            loads++;
            return {
              accessToken: `expired-${account}`,
              refreshToken: "x-refresh-42",
              expiresAt: Date.now() - 1,
            };
          },
          onTokens: (account, tokens) => {
            stored.push([account, tokens]);
          },
        }),
      ],
      clock: instantWaits,
    });
    const reports = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        h.send({ text: `post ${i}` }, { to: { platform: "x", account: "user-42" } }),
      ),
    );
    expect(reports.map((r) => r.targets[0]?.status)).toEqual(Array(50).fill("sent"));
    expect(sim.x.grants).toEqual([
      expect.objectContaining({ grantType: "refresh_token", clientId: "x-client", userId: "42" }),
    ]);
    expect(loads).toBe(1);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.[0]).toBe("user-42");
    expect(stored[0]?.[1].refreshToken).toMatch(/^sim-refresh-/);
    expect(sim.x.posts).toHaveLength(50);
    const tokens = new Set(
      sim.requests.filter((r) => r.operation === "createPosts").map((r) => r.headers.authorization),
    );
    expect(tokens.size).toBe(1);
    // the client authenticated with HTTP Basic, never with its secret in the body
    const grant = sim.requests.find((r) => r.operation === "token");
    expect(grant?.headers.authorization).toMatch(/^Basic /);
    expect(JSON.stringify(grant?.body)).not.toContain(CLIENT.clientSecret);
    await h.close();
  });

  it("renews a token X rejects (401) and keeps each account's limits and tokens apart", async () => {
    const tokens: Record<string, OAuthTokens> = {
      "user-42": { accessToken: "revoked", refreshToken: "x-refresh-42" },
      "user-43": { accessToken: "x-access-43" },
    };
    const h = herald({ tokens: (account) => tokens[account] ?? { accessToken: "none" } });
    const report = await h.send(
      { text: "hello" },
      { to: [{ platform: "x", account: "user-42" }, "x@user-43"] },
    );
    expect(report.targets.map((t) => [t.account, t.status])).toEqual([
      ["user-42", "sent"],
      ["user-43", "sent"],
    ]);
    expect(sim.x.posts.map((p) => p.userId).sort()).toEqual(["42", "43"]);
    expect(sim.requests.filter((r) => r.status === 401)).toHaveLength(1);
    await h.close();
  });

  it("runs the authorization code flow with PKCE and state, then refreshes", async () => {
    const client = { ...CLIENT, redirectUri: "https://backend.example/x/callback" };
    const start = await startXAuthorization(client);
    const url = new URL(start.url);
    expect(`${url.origin}${url.pathname}`).toBe("https://x.com/i/oauth2/authorize");
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("scope")).toContain("offline.access");
    const redirect = new URL(sim.x.authorize(start.url, "43"));
    expect(redirect.searchParams.get("state")).toBe(start.state);
    const code = redirect.searchParams.get("code") ?? "";
    await expect(exchangeXCode(client, code, "wrong-verifier")).rejects.toThrow(/invalid/);
    const again = new URL(sim.x.authorize(start.url, "43")).searchParams.get("code") ?? "";
    const tokens = await exchangeXCode(client, again, start.codeVerifier);
    expect(tokens.accessToken).toMatch(/^sim-access-/);
    expect(tokens.expiresAt).toBeGreaterThan(Date.now() + 7_000_000);
    const renewed = await refreshXTokens(CLIENT, tokens);
    expect(renewed.refreshToken).not.toBe(tokens.refreshToken);
    await expect(refreshXTokens(CLIENT, tokens)).rejects.toThrow(/invalid/); // rotated: spent
    const h = herald({ tokens: renewed });
    expect((await h.send({ text: "from 43" }, { to: "x" })).targets[0]?.status).toBe("sent");
    expect(sim.x.posts[0]?.userId).toBe("43");
    await h.close();
  });
});

describe("X webhooks end to end", () => {
  it("answers the CRC check, and a DM answered through its replyTo reaches the sender", async () => {
    const secret = "consumer-secret-e2e";
    const h = herald({ consumerSecret: secret });
    const crc = await h.webhooks.handle(
      new Request("https://backend.example/webhooks/x?crc_token=tok"),
    );
    expect(crc.status).toBe(200);
    expect(((await crc.json()) as { response_token: string }).response_token).toMatch(/^sha256=/);

    const answered: PromiseLike<unknown>[] = [];
    const texts: string[] = [];
    h.webhooks.on("message", (event) => {
      texts.push(event.text ?? "");
      answered.push(h.send({ text: "Yes, in stock" }, { to: event.replyTo! }));
    });
    h.webhooks.on("x.direct_message", (event) => {
      texts.push(`platform:${event.payload.for_user_id}`);
    });
    const delivery = {
      for_user_id: "42",
      direct_message_events: [
        {
          type: "message_create",
          id: "1900000000000000001",
          created_timestamp: String(Date.now()),
          message_create: {
            target: { recipient_id: "42" },
            sender_id: "9001",
            message_data: { text: "In stock?" },
          },
        },
      ],
    };
    const request = await signXWebhook(delivery, secret, {
      url: "https://backend.example/webhooks/x",
    });
    expect((await h.webhooks.handle(request)).status).toBe(200);
    await Promise.all(answered);
    expect(texts.sort()).toEqual(["In stock?", "platform:42"]);
    expect(sim.x.dms).toEqual([
      expect.objectContaining({ from: "42", to: "9001", text: "Yes, in stock" }),
    ]);

    const forged = await signXWebhook(delivery, "wrong-secret", {
      url: "https://backend.example/webhooks/x",
    });
    expect((await h.webhooks.handle(forged)).status).toBe(401);
    await h.close();
  });
});
