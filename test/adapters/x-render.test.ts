import { describe, expect, it } from "vitest";
import { type Operation, stepRef } from "../../src/adapters/contract.js";
import { x } from "../../src/adapters/x/index.js";
import { createHerald } from "../../src/index.js";
import { refusal } from "../helpers/refusal.js";

const ctx = { now: Date.UTC(2026, 10, 27) };
const feed = { kind: "feed" } as const;
const adapter = x({ clientId: "cid", clientSecret: "csecret-1", tokens: { accessToken: "tok-1" } });

function json(op: Operation | undefined): Record<string, unknown> {
  if (op?.body === undefined || !("json" in op.body)) throw new Error("no JSON body");
  return op.body.json as Record<string, unknown>;
}

describe("x factory", () => {
  it("declares destinations, limits, secrets and OAuth credentials per account", () => {
    const any = x({
      clientId: "cid",
      clientSecret: "csecret-1",
      consumerSecret: "consumer-1",
      tokens: () => ({ accessToken: "t" }),
    });
    expect(any.capabilities.destinations).toEqual(["feed", "chat", "recipients"]);
    expect(any.auth?.anyAccount).toBe(true);
    expect(adapter.auth?.anyAccount).toBe(false);
    expect(any.secrets).toEqual(["csecret-1", "consumer-1"]);
    expect(any.webhooks).toBeDefined();
    expect(adapter.webhooks).toBeUndefined();
    expect(adapter.baseUrl).toBe("https://api.x.com");
    expect(adapter.limits).toEqual([
      expect.objectContaining({ route: "tweets", max: 100, perMs: 900_000 }),
      expect.objectContaining({ route: "dm", max: 200, perMs: 900_000 }),
      expect.objectContaining({ route: "tweets-delete", max: 50, perMs: 900_000 }),
      expect.objectContaining({ route: "tweets-lookup", max: 900, perMs: 900_000 }),
    ]);
  });

  it("refuses missing credentials", () => {
    expect(refusal(() => x({ clientId: "", tokens: { accessToken: "t" } })).field).toBe("clientId");
    expect(refusal(() => x({ clientId: "c", tokens: {} as never })).field).toBe("tokens");
  });

  it("redacts the bearer token in previews", () => {
    const h = createHerald({ adapters: [adapter] });
    const preview = h.preview({ text: "hi" }, { to: "x" });
    expect(preview.targets[0]?.requests[0]?.headers.Authorization).toBe("[redacted]");
    expect(JSON.stringify(preview)).not.toContain("tok-1");
  });
});

describe("x render: posts", () => {
  it("renders a post with the link appended and its weighted length", () => {
    const r = adapter.render({ text: "Sale 🛍️", link: "https://shop.example/bf" }, feed, ctx);
    expect(r.operations).toHaveLength(1);
    expect(r.operations[0]).toMatchObject({
      step: "post-0",
      route: "tweets",
      method: "POST",
      path: "/2/tweets",
      idempotency: "none",
    });
    expect(json(r.operations[0])).toEqual({ text: "Sale 🛍️\n\nhttps://shop.example/bf" });
    expect(r.lengths).toEqual([
      expect.objectContaining({ field: "text", length: 4 + 1 + 2 + 2 + 23, max: 280 }),
    ]);
  });

  it("uploads media in steps the post references, alt text after finalize", () => {
    const data = new Uint8Array(10);
    const r = adapter.render(
      {
        text: "pics",
        media: [
          { data, mimeType: "image/png", alt: "logo" },
          { data, mimeType: "image/webp" },
        ],
      },
      feed,
      ctx,
    );
    expect(r.operations.map((o) => o.step)).toEqual([
      "media-0-init",
      "media-0-append-0",
      "media-0",
      "media-0-alt",
      "media-1-init",
      "media-1-append-0",
      "media-1",
      "post-0",
    ]);
    expect(json(r.operations[0])).toEqual({
      media_type: "image/png",
      total_bytes: 10,
      media_category: "tweet_image",
    });
    expect(r.operations[1]?.path).toBe(`/2/media/upload/${stepRef("media-0-init")}/append`);
    expect(r.operations[2]?.poll?.request).toMatchObject({
      method: "GET",
      path: "/2/media/upload",
      query: { command: "STATUS", media_id: stepRef("media-0") },
    });
    expect(json(r.operations[3])).toEqual({
      id: stepRef("media-0"),
      metadata: { alt_text: { text: "logo" } },
    });
    expect(json(r.operations[7]).media).toEqual({
      media_ids: [stepRef("media-0"), stepRef("media-1")],
    });
    for (const op of r.operations.slice(0, 7)) expect(op.idempotency).toBe("safe");
  });

  it("refuses what X refuses before any request", () => {
    const data = new Uint8Array(10);
    const cases: Array<[Parameters<typeof adapter.render>[0], string]> = [
      [{ text: "a".repeat(281) }, "text"],
      // twitter-text hasInvalidCharacters: U+FFFE, U+FEFF, U+FFFF (validate.yml, "Handle invalid characters")
      [{ text: "ABC\uFFFFABC" }, "text"],
      [{ media: Array(5).fill({ data, mimeType: "image/png" }) }, "media"],
      [
        {
          media: [
            { data, mimeType: "video/mp4" },
            { data, mimeType: "image/png" },
          ],
        },
        "media",
      ],
      [{ media: [{ url: "https://cdn.example/a.png" }] }, "media[0].data"],
      [{ media: [{ data, mimeType: "application/pdf" }] }, "media[0].mimeType"],
      [{ media: [{ data, mimeType: "image/png", alt: "a".repeat(1001) }] }, "media[0].alt"],
      [
        { media: [{ data: new Uint8Array(6 * 1024 * 1024), mimeType: "image/png" }] },
        "media[0].data",
      ],
      [
        { text: "vote", overrides: { x: { poll: { options: ["only one"] } } } },
        "overrides.x.poll.options",
      ],
      [
        { text: "vote", overrides: { x: { poll: { options: ["a", "b".repeat(26)] } } } },
        "overrides.x.poll.options[1]",
      ],
      [
        { text: "vote", overrides: { x: { poll: { options: ["a", "b"], duration_minutes: 2 } } } },
        "overrides.x.poll.duration_minutes",
      ],
      [
        {
          text: "vote",
          media: [{ data, mimeType: "image/png" }],
          overrides: { x: { poll: { options: ["a", "b"] } } },
        },
        "overrides.x.poll",
      ],
      [
        { text: "quote", overrides: { x: { quote_tweet_id: "abc" } } },
        "overrides.x.quote_tweet_id",
      ],
      [{ text: "re", replyTo: "not-an-id" }, "replyTo"],
    ];
    for (const [message, field] of cases)
      expect(refusal(() => adapter.render(message, feed, ctx)).field).toBe(field);
    expect(refusal(() => adapter.render({ text: "a".repeat(281) }, feed, ctx)).message).toMatch(
      /thread: true/,
    );
  });

  it("builds a poll with a default duration, a quote and a reply", () => {
    const r = adapter.render(
      {
        text: "Q?",
        replyTo: "1001",
        overrides: {
          x: {
            poll: { options: ["Yes", "No"] },
            quote_tweet_id: "1002",
            reply_settings: "following",
          },
        },
      },
      feed,
      ctx,
    );
    expect(json(r.operations[0])).toEqual({
      text: "Q?",
      reply: { in_reply_to_tweet_id: "1001" },
      poll: { options: ["Yes", "No"], duration_minutes: 1440 },
      quote_tweet_id: "1002",
      reply_settings: "following",
    });
  });

  it("answers the post a target's reply context names", () => {
    const r = adapter.render(
      { text: "thanks" },
      { kind: "feed", reply: { messageId: "777" } },
      ctx,
    );
    expect(json(r.operations[0]).reply).toEqual({ in_reply_to_tweet_id: "777" });
  });

  it("chains a thread: each part replies to the one before, lengths per part", () => {
    const text = "word ".repeat(200);
    const r = adapter.render(
      {
        text,
        media: [{ data: new Uint8Array(4), mimeType: "image/gif" }],
        overrides: { x: { thread: true } },
      },
      feed,
      ctx,
    );
    const posts = r.operations.filter((o) => o.route === "tweets");
    expect(posts.map((o) => o.step)).toEqual(["post-0", "post-1", "post-2", "post-3"]);
    expect(json(posts[0]).media).toEqual({ media_ids: [stepRef("media-0")] });
    expect(json(posts[0]).thread).toBeUndefined();
    expect(json(posts[2])).toEqual({
      text: expect.any(String),
      reply: { in_reply_to_tweet_id: stepRef("post-1") },
    });
    expect(r.lengths?.map((l) => l.field)).toEqual([
      "thread[0]",
      "thread[1]",
      "thread[2]",
      "thread[3]",
    ]);
    expect(r.lengths?.every((l) => l.length <= 280)).toBe(true);
    expect(json(r.operations[0]).media_category).toBe("tweet_gif");
  });
});

describe("x render: Direct Messages", () => {
  it("sends a DM with one uploaded medium to a user id", () => {
    const r = adapter.render(
      { text: "hi", media: [{ data: new Uint8Array(3), mimeType: "image/jpeg" }] },
      { kind: "chat", chat: "9001" },
      ctx,
    );
    const dm = r.operations.at(-1);
    expect(dm).toMatchObject({
      route: "dm",
      path: "/2/dm_conversations/with/9001/messages",
      chat: "9001",
      idempotency: "none",
    });
    expect(json(dm)).toEqual({ text: "hi", attachments: [{ media_id: stepRef("media-0") }] });
    expect(json(r.operations[0]).media_category).toBe("dm_image");
  });

  it("refuses a handle or two media, and renders a sample batch for preview", () => {
    expect(
      refusal(() => adapter.render({ text: "hi" }, { kind: "chat", chat: "@shop" }, ctx)).field,
    ).toBe("to.chat");
    const two = {
      text: "hi",
      media: [{ url: "https://a.example/1.png" }, { url: "https://a.example/2.png" }],
    };
    expect(refusal(() => adapter.render(two, { kind: "chat", chat: "1" }, ctx)).field).toBe(
      "media",
    );
    const sample = adapter.render(
      { text: "hi" },
      { kind: "recipients", recipients: [{ id: "{{recipient}}" }], sample: true },
      ctx,
    );
    expect(sample.operations[0]?.path).toBe("/2/dm_conversations/with/{{recipient}}/messages");
    expect(refusal(() => adapter.render({ text: "hi" }, { kind: "broadcast" }, ctx)).field).toBe(
      "to",
    );
  });
});
