import { describe, expect, it } from "vitest";
import { type Destination, type Operation, stepRef } from "../../src/adapters/contract.js";
import { LINE_LIMITS, line } from "../../src/adapters/line/index.js";
import type { Message } from "../../src/message/schema.js";
import { validateRequest } from "../../src/testing/validate.js";
import { refusal } from "../helpers/refusal.js";

const TOKEN = "tok-Secret.123";
const adapter = line({ channelAccessToken: TOKEN });
const ctx = { now: 0 };
const USER = "U4af4980629a3d1f29a47b7ddb5c0d0a1";
const IMG = "https://cdn.example.com/a.png";

function render(message: Message, destination: Destination = { kind: "chat", chat: USER }) {
  return adapter.render(message, destination, ctx);
}

function only(message: Message, destination?: Destination): Operation {
  const { operations } = render(message, destination);
  expect(operations).toHaveLength(1);
  return operations[0]!;
}

function json(op: Operation): Record<string, unknown> {
  const body = op.body;
  if (body === undefined || !("json" in body)) throw new Error("expected a JSON body");
  return body.json as Record<string, unknown>;
}

describe("line destinations", () => {
  it("renders a chat as a keyed push", () => {
    const op = only({ text: "hello" });
    expect(op).toMatchObject({
      step: "push",
      route: "push",
      method: "POST",
      path: "/v2/bot/message/push",
      idempotency: "key",
      idempotencyHeader: "X-Line-Retry-Key",
      chat: USER,
    });
    expect(json(op)).toEqual({ to: USER, messages: [{ type: "text", text: "hello" }] });
    expect(validateRequest("line", "push", json(op))).toEqual([]);
  });

  it("renders recipients as one multicast", () => {
    const ids = ["U1", "U2", "U3"].map((id) => ({ id }));
    const op = only(
      { text: "sale", media: [{ url: IMG }] },
      { kind: "recipients", recipients: ids },
    );
    expect(op).toMatchObject({
      route: "multicast",
      path: "/v2/bot/message/multicast",
      idempotency: "key",
      idempotencyHeader: "X-Line-Retry-Key",
      recipients: 3,
    });
    expect(json(op)).toEqual({
      to: ["U1", "U2", "U3"],
      messages: [
        { type: "text", text: "sale" },
        { type: "image", originalContentUrl: IMG, previewImageUrl: IMG },
      ],
    });
    expect(validateRequest("line", "multicast", json(op))).toEqual([]);
  });

  it("refuses an empty or oversized multicast batch", () => {
    const many = Array.from({ length: 501 }, (_, i) => ({ id: `U${i}` }));
    expect(
      refusal(() => render({ text: "x" }, { kind: "recipients", recipients: many })).field,
    ).toBe("recipients");
    expect(refusal(() => render({ text: "x" }, { kind: "recipients", recipients: [] })).field).toBe(
      "recipients",
    );
    const full = Array.from({ length: 500 }, (_, i) => ({ id: `U${i}` }));
    const op = only({ text: "x" }, { kind: "recipients", recipients: full });
    expect(op.recipients).toBe(500);
    expect(validateRequest("line", "multicast", json(op))).toEqual([]);
  });

  it("renders broadcast", () => {
    const op = only(
      { text: "all", overrides: { line: { notificationDisabled: true } } },
      { kind: "broadcast" },
    );
    expect(op).toMatchObject({
      route: "broadcast",
      path: "/v2/bot/message/broadcast",
      idempotency: "key",
    });
    expect(json(op)).toEqual({
      messages: [{ type: "text", text: "all" }],
      notificationDisabled: true,
    });
    expect(validateRequest("line", "broadcast", json(op))).toEqual([]);
  });

  it("renders a segment as a narrowcast that polls progress by request id", () => {
    const op = only(
      { text: "hi" },
      { kind: "segment", segment: { age: { gte: 20, lt: 40 }, gender: "female" } },
    );
    expect(op).toMatchObject({
      step: "narrowcast",
      route: "narrowcast",
      path: "/v2/bot/message/narrowcast",
      idempotency: "key",
      idempotencyHeader: "X-Line-Retry-Key",
    });
    expect(json(op)).toEqual({
      messages: [{ type: "text", text: "hi" }],
      filter: {
        demographic: {
          type: "operator",
          and: [
            { type: "age", gte: "age_20", lt: "age_40" },
            { type: "gender", oneOf: ["female"] },
          ],
        },
      },
    });
    expect(op.poll).toEqual({
      request: {
        step: "progress",
        route: "progress",
        method: "GET",
        path: "/v2/bot/message/progress/narrowcast",
        query: { requestId: stepRef("narrowcast", "requestId") },
        idempotency: "safe",
      },
      intervalMs: 2000,
      timeoutMs: 600_000,
    });
    expect(validateRequest("line", "narrowcast", json(op))).toEqual([]);
  });

  it("narrowcasts an empty segment without a filter, with a warning", () => {
    const rendering = render({ text: "hi" }, { kind: "segment", segment: {} });
    const op = rendering.operations[0]!;
    expect(json(op)).toEqual({ messages: [{ type: "text", text: "hi" }] });
    expect(rendering.warnings?.join()).toMatch(/every friend/);
    expect(validateRequest("line", "narrowcast", json(op))).toEqual([]);
  });

  it("replies with a reply token, without a retry key", () => {
    const token = "757913772c4646b784d4b7ce46d12671";
    const op = only({ text: "thanks", replyTo: token });
    expect(op).toMatchObject({
      route: "reply",
      path: "/v2/bot/message/reply",
      idempotency: "none",
    });
    expect(op.idempotencyHeader).toBeUndefined();
    expect(json(op)).toEqual({ replyToken: token, messages: [{ type: "text", text: "thanks" }] });
    expect(validateRequest("line", "reply", json(op))).toEqual([]);
    const mixed = only({ text: "ok", replyTo: "nHuyWiB7yP5Zw52FIkcQobQuGDXCTA" });
    expect(mixed.route).toBe("reply");
  });

  it("refuses a replyTo that is not a reply token, or a reply to many", () => {
    expect(refusal(() => render({ text: "x", replyTo: "444573844083572737" })).field).toBe(
      "replyTo",
    );
    expect(refusal(() => render({ text: "x", replyTo: USER })).field).toBe("replyTo");
    expect(
      refusal(() =>
        render({ text: "x", replyTo: "757913772c4646b784d4b7ce46d12671" }, { kind: "broadcast" }),
      ).field,
    ).toBe("replyTo");
  });

  it("refuses the feed", () => {
    expect(refusal(() => render({ text: "x" }, { kind: "feed" })).field).toBe("to");
  });
});

describe("line text", () => {
  it("takes 5000 UTF-16 units and refuses 5001", () => {
    const rendering = render({ text: `${"a".repeat(4998)}😀` });
    expect(rendering.lengths).toEqual([
      { field: "text", length: 5000, max: 5000, unit: "UTF-16 code units" },
    ]);
    const error = refusal(() => render({ text: `${"a".repeat(4999)}😀` }));
    expect(error.field).toBe("text");
    expect(error.rule).toMatch(/5000/);
  });

  it("appends the link unless the text already holds it, and counts it", () => {
    const link = "https://shop.example/bf";
    expect(json(only({ text: "Sale", link })).messages).toEqual([
      { type: "text", text: `Sale\n${link}` },
    ]);
    expect(json(only({ text: `Sale ${link} now`, link })).messages).toEqual([
      { type: "text", text: `Sale ${link} now` },
    ]);
    expect(json(only({ text: " ", media: [{ url: IMG }], link })).messages).toEqual([
      { type: "text", text: link },
      { type: "image", originalContentUrl: IMG, previewImageUrl: IMG },
    ]);
    expect(refusal(() => render({ text: "a".repeat(4990), link })).field).toBe("text");
  });
});

describe("line media", () => {
  it("renders images and videos with preview images", () => {
    const video = "https://cdn.example.com/v.mp4";
    const preview = "https://cdn.example.com/v.jpg";
    const op = only({
      media: [{ url: IMG }, { url: video, mimeType: "video/mp4" }],
      overrides: { line: { previewImageUrl: [null, preview] } },
    });
    expect(json(op).messages).toEqual([
      { type: "image", originalContentUrl: IMG, previewImageUrl: IMG },
      { type: "video", originalContentUrl: video, previewImageUrl: preview },
    ]);
    expect(validateRequest("line", "push", json(op))).toEqual([]);
    const single = only({
      media: [{ url: "https://cdn.example.com/clip", mimeType: "video/mp4" }],
      overrides: { line: { previewImageUrl: preview } },
    });
    expect(json(single).messages).toEqual([
      {
        type: "video",
        originalContentUrl: "https://cdn.example.com/clip",
        previewImageUrl: preview,
      },
    ]);
  });

  it("refuses a video without a preview image", () => {
    const error = refusal(() =>
      render({ media: [{ url: IMG }, { url: "https://c.example/v.mp4" }] }),
    );
    expect(error.field).toBe("media[1]");
    expect(error.message).toMatch(/previewImageUrl/);
  });

  it("refuses bytes, plain http, unknown types and non-https previews", () => {
    const bytes = { data: new Uint8Array([1, 2]), mimeType: "image/png" };
    expect(refusal(() => render({ media: [bytes] })).field).toBe("media[0].data");
    expect(refusal(() => render({ media: [{ url: "http://cdn.example.com/a.png" }] })).field).toBe(
      "media[0].url",
    );
    expect(
      refusal(() => render({ media: [{ url: "https://c.example/a.gif", mimeType: "image/gif" }] }))
        .field,
    ).toBe("media[0].mimeType");
    expect(refusal(() => render({ media: [{ url: "https://c.example/file" }] })).field).toBe(
      "media[0].mimeType",
    );
    expect(
      refusal(() =>
        render({
          media: [{ url: "https://c.example/v.mp4" }],
          overrides: { line: { previewImageUrl: "http://c.example/p.jpg" } },
        }),
      ).field,
    ).toBe("overrides.line.previewImageUrl");
  });

  it("allows 5 message objects per request and refuses 6", () => {
    const five = Array.from({ length: 5 }, (_, i) => ({ url: `https://c.example/${i}.jpg` }));
    const op = only({ media: five });
    expect(json(op).messages).toHaveLength(5);
    expect(validateRequest("line", "push", json(op))).toEqual([]);
    const error = refusal(() => render({ text: "caption", media: five }));
    expect(error.field).toBe("media");
    expect(error.rule).toMatch(/at most 5/);
  });

  it("warns about alt text LINE cannot carry", () => {
    expect(render({ media: [{ url: IMG, alt: "a cat" }] }).warnings?.join()).toMatch(/alt/);
  });
});

describe("line overrides", () => {
  it("replaces rendered messages with raw LINE messages", () => {
    const flex = {
      type: "flex",
      altText: "Sale",
      contents: { type: "bubble", body: { type: "box", layout: "vertical", contents: [] } },
    };
    const rendering = render({ text: "ignored", overrides: { line: { messages: [flex] } } });
    const op = rendering.operations[0]!;
    expect(json(op)).toEqual({ to: USER, messages: [flex] });
    expect(rendering.warnings?.join()).toMatch(/replaces/);
    expect(validateRequest("line", "push", json(op))).toEqual([]);
  });

  it("refuses malformed overrides and warns about unknown keys", () => {
    const six = Array.from({ length: 6 }, () => ({
      type: "sticker",
      packageId: "1",
      stickerId: "1",
    }));
    expect(refusal(() => render({ text: "x", overrides: { line: { messages: six } } })).field).toBe(
      "overrides.line.messages",
    );
    expect(
      refusal(() => render({ text: "x", overrides: { line: { messages: [{ text: "no type" }] } } }))
        .field,
    ).toBe("overrides.line.messages[0]");
    expect(
      refusal(() => render({ text: "x", overrides: { line: { notificationDisabled: "yes" } } }))
        .field,
    ).toBe("overrides.line.notificationDisabled");
    expect(render({ text: "x", overrides: { line: { quick: 1 } } }).warnings?.join()).toMatch(
      /overrides\.line\.quick/,
    );
  });
});

describe("line factory", () => {
  it("declares auth, secrets, capabilities and limits", () => {
    expect(adapter.platform).toBe("line");
    expect(adapter.account).toBe("default");
    expect(adapter.baseUrl).toBe("https://api.line.me");
    expect(adapter.authHeaders()).toEqual({ Authorization: `Bearer ${TOKEN}` });
    expect(adapter.secrets).toEqual([TOKEN]);
    expect(adapter.capabilities.recipientBatch).toBe(500);
    expect(adapter.capabilities.destinations).toEqual([
      "chat",
      "recipients",
      "broadcast",
      "segment",
    ]);
    const byRoute = Object.fromEntries(adapter.limits.map((r) => [r.route, [r.max, r.perMs]]));
    expect(byRoute).toEqual({
      multicast: [200, 1000],
      broadcast: [60, 3_600_000],
      narrowcast: [60, 3_600_000],
      push: [2000, 1000],
      progress: [2000, 1000],
      reply: [2000, 1000],
    });
    expect(
      adapter.limits.every((r) => r.scope === "route" && r.source.startsWith("https://")),
    ).toBe(true);
  });

  it("merges limit overrides and takes account and baseUrl", () => {
    const custom = line({
      channelAccessToken: TOKEN,
      account: "shop",
      baseUrl: "http://localhost:8080/line/",
      limits: [{ scope: "route", route: "push", max: 10, perMs: 1000, source: "test" }],
    });
    expect(custom.account).toBe("shop");
    expect(custom.baseUrl).toBe("http://localhost:8080/line");
    expect(custom.limits.find((r) => r.route === "push")?.max).toBe(10);
    expect(custom.limits).toHaveLength(LINE_LIMITS.length);
  });

  it("refuses bad options without revealing the token", () => {
    const missing = refusal(() => line({ channelAccessToken: "" }));
    expect(missing.field).toBe("channelAccessToken");
    const spaced = refusal(() => line({ channelAccessToken: "secret part2" }));
    expect(spaced.field).toBe("channelAccessToken");
    expect(spaced.message).not.toContain("secret");
    expect(refusal(() => line({ channelAccessToken: TOKEN, baseUrl: "ftp://x" })).field).toBe(
      "baseUrl",
    );
    expect(refusal(() => line({ channelAccessToken: TOKEN, account: "a:b" })).field).toBe(
      "account",
    );
  });
});
