import { describe, expect, it } from "vitest";
import type { FormField, Operation } from "../../src/adapters/contract.js";
import { telegram } from "../../src/adapters/telegram/index.js";
import type { Message } from "../../src/message/schema.js";
import { refusal } from "../helpers/refusal.js";

const TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
const ctx = { now: 0 };
const adapter = telegram({ botToken: TOKEN });
const chat = (c: string) => ({ kind: "chat" as const, chat: c });
const bytes = (n: number, fill = 1) => new Uint8Array(n).fill(fill);

function only(message: Message, to = chat("@shopnews"), a = adapter): Operation {
  const { operations } = a.render(message, to, ctx);
  expect(operations).toHaveLength(1);
  return operations[0] as Operation;
}

function json(op: Operation): Record<string, unknown> {
  if (!op.body || !("json" in op.body)) throw new Error("expected a JSON body");
  return op.body.json as Record<string, unknown>;
}

function form(op: Operation): FormField[] {
  if (!op.body || !("form" in op.body)) throw new Error("expected a form body");
  return op.body.form;
}

describe("telegram render: text", () => {
  it("sends text to a channel with sendMessage", () => {
    const op = only({ text: "Black Friday: 30% off" });
    expect(op).toMatchObject({
      step: "sendMessage",
      route: "sendMessage",
      method: "POST",
      path: `/bot${TOKEN}/sendMessage`,
      idempotency: "none",
      chat: "@shopnews",
      chatKind: "group",
    });
    expect(json(op)).toEqual({ chat_id: "@shopnews", text: "Black Friday: 30% off" });
  });

  it("uses numeric chat ids and the per-chat limit kind", () => {
    expect(only({ text: "hi" }, chat("-1001234567890"))).toMatchObject({ chatKind: "group" });
    const user = only({ text: "hi" }, chat("42"));
    expect(user.chatKind).toBe("private");
    expect(json(user).chat_id).toBe(42);
  });

  it("puts replyTo into reply_parameters and a link into link_preview_options", () => {
    const body = json(only({ text: "see", replyTo: "77", link: "https://shop.example/bf" }));
    expect(body.reply_parameters).toEqual({ message_id: 77 });
    expect(body.link_preview_options).toEqual({ url: "https://shop.example/bf" });
  });

  it("sets the default parse mode and merges overrides", () => {
    const a = telegram({ botToken: TOKEN, parseMode: "MarkdownV2" });
    const body = json(
      only(
        {
          text: "*hi*",
          replyTo: "5",
          overrides: {
            telegram: {
              disable_notification: true,
              protect_content: true,
              reply_parameters: { allow_sending_without_reply: true },
              chat_id: "@elsewhere",
            },
          },
        },
        chat("@shopnews"),
        a,
      ),
    );
    expect(body).toMatchObject({
      chat_id: "@shopnews",
      parse_mode: "MarkdownV2",
      disable_notification: true,
      protect_content: true,
      reply_parameters: { message_id: 5, allow_sending_without_reply: true },
    });
  });

  it("drops the default parse mode when entities are given", () => {
    const a = telegram({ botToken: TOKEN, parseMode: "HTML" });
    const entities = [{ type: "bold", offset: 0, length: 2 }];
    const body = json(only({ text: "hi", overrides: { telegram: { entities } } }, chat("1"), a));
    expect(body.parse_mode).toBeUndefined();
    expect(body.entities).toEqual(entities);
  });

  it("sets allow_paid_broadcast with paidBroadcast", () => {
    const a = telegram({ botToken: TOKEN, paidBroadcast: true });
    expect(json(only({ text: "hi" }, chat("1"), a)).allow_paid_broadcast).toBe(true);
    expect(json(only({ text: "hi" }, chat("1"))).allow_paid_broadcast).toBeUndefined();
  });

  it("reports the length in UTF-16 code units", () => {
    const { lengths } = adapter.render({ text: "hi 👋" }, chat("1"), ctx);
    expect(lengths).toEqual([
      { field: "text", length: 5, max: 4096, unit: "UTF-16 code units after entity parsing" },
    ]);
  });

  it("sends one sendMessage per recipient", () => {
    const { operations } = adapter.render(
      { text: "hello" },
      {
        kind: "recipients",
        recipients: [{ id: "11" }, { id: "22", attributes: { locale: "de" } }],
      },
      ctx,
    );
    expect(operations.map((o) => o.step)).toEqual(["sendMessage-0", "sendMessage-1"]);
    expect(operations.map((o) => json(o).chat_id)).toEqual([11, 22]);
    expect(operations.every((o) => o.chatKind === "private" && o.chat !== undefined)).toBe(true);
  });
});

describe("telegram render: media", () => {
  it("sends one photo URL with sendPhoto as JSON", () => {
    const op = only({
      text: "Sale",
      media: [{ url: "https://cdn.example/a.jpg", alt: "a shoe" }],
    });
    expect(op.route).toBe("sendPhoto");
    expect(op.path).toBe(`/bot${TOKEN}/sendPhoto`);
    expect(json(op)).toEqual({
      chat_id: "@shopnews",
      photo: "https://cdn.example/a.jpg",
      caption: "Sale",
    });
  });

  it("warns that alt text is not sent", () => {
    const r = adapter.render(
      { media: [{ url: "https://cdn.example/a.jpg", alt: "a shoe" }] },
      chat("1"),
      ctx,
    );
    expect(r.warnings?.some((w) => w.includes("alt"))).toBe(true);
  });

  it("uploads one photo's bytes as a multipart form", () => {
    const data = bytes(10);
    const op = only({ text: "Sale", media: [{ data, mimeType: "image/png" }] });
    expect(op.route).toBe("sendPhoto");
    expect(form(op)).toEqual([
      { name: "chat_id", value: "@shopnews" },
      { name: "caption", value: "Sale" },
      { name: "photo", data, filename: "file0.png", mimeType: "image/png" },
    ]);
  });

  it("sends a video URL with sendVideo", () => {
    const op = only({ text: "clip", media: [{ url: "https://cdn.example/clip.mp4" }] });
    expect(op.route).toBe("sendVideo");
    expect(json(op).video).toBe("https://cdn.example/clip.mp4");
  });

  it("sends a media group of 3 with bytes as attach:// fields, caption on the first", () => {
    const jpg = bytes(4, 2);
    const mp4 = bytes(4, 3);
    const a = telegram({ botToken: TOKEN, parseMode: "HTML" });
    const op = only(
      {
        text: "<b>Sale</b>",
        replyTo: "9",
        media: [
          { data: jpg, mimeType: "image/jpeg", filename: "shoe.jpg" },
          { url: "https://cdn.example/b.png" },
          { data: mp4, mimeType: "video/mp4" },
        ],
        overrides: { telegram: { disable_notification: true, has_spoiler: true } },
      },
      chat("@shopnews"),
      a,
    );
    expect(op.route).toBe("sendMediaGroup");
    const fields = form(op);
    const value = (name: string) => {
      const f = fields.find((x) => x.name === name);
      return f && "value" in f ? f.value : undefined;
    };
    expect(JSON.parse(value("media") ?? "null")).toEqual([
      {
        type: "photo",
        media: "attach://file0",
        caption: "<b>Sale</b>",
        parse_mode: "HTML",
        has_spoiler: true,
      },
      { type: "photo", media: "https://cdn.example/b.png", has_spoiler: true },
      { type: "video", media: "attach://file2", has_spoiler: true },
    ]);
    expect(value("chat_id")).toBe("@shopnews");
    expect(value("disable_notification")).toBe("true");
    expect(JSON.parse(value("reply_parameters") ?? "null")).toEqual({ message_id: 9 });
    expect(fields.filter((f) => "data" in f)).toEqual([
      { name: "file0", data: jpg, filename: "shoe.jpg", mimeType: "image/jpeg" },
      { name: "file2", data: mp4, filename: "file2.mp4", mimeType: "video/mp4" },
    ]);
  });

  it("sends an all-URL media group as JSON", () => {
    const op = only({
      media: [{ url: "https://cdn.example/a.jpg" }, { url: "https://cdn.example/b.jpg" }],
    });
    expect(json(op)).toEqual({
      chat_id: "@shopnews",
      media: [
        { type: "photo", media: "https://cdn.example/a.jpg" },
        { type: "photo", media: "https://cdn.example/b.jpg" },
      ],
    });
  });

  it("renames entities to caption_entities for a caption", () => {
    const entities = [{ type: "bold", offset: 0, length: 4 }];
    const body = json(
      only({
        text: "Sale",
        media: [{ url: "https://cdn.example/a.jpg" }],
        overrides: { telegram: { entities } },
      }),
    );
    expect(body.caption_entities).toEqual(entities);
    expect(body.entities).toBeUndefined();
  });

  it("warns when a link cannot be shown with media", () => {
    const r = adapter.render(
      { text: "Sale", link: "https://shop.example", media: [{ url: "https://cdn.example/a.jpg" }] },
      chat("1"),
      ctx,
    );
    expect(r.warnings?.some((w) => w.startsWith("link"))).toBe(true);
  });

  it("sends a URL of unknown type as a photo with a warning", () => {
    const r = adapter.render({ media: [{ url: "https://cdn.example/img?id=3" }] }, chat("1"), ctx);
    expect(r.operations[0]?.route).toBe("sendPhoto");
    expect(r.warnings?.some((w) => w.includes("media[0]"))).toBe(true);
  });
});

describe("telegram render: validation", () => {
  it("refuses text over 4096 UTF-16 code units", () => {
    const error = refusal(() => adapter.render({ text: "a".repeat(4097) }, chat("1"), ctx));
    expect(error.field).toBe("text");
    expect(error.rule).toContain("4096");
    expect(error.rule).toContain("UTF-16");
    expect(error.platform).toBe("telegram");
    expect(adapter.render({ text: "a".repeat(4096) }, chat("1"), ctx).operations).toHaveLength(1);
  });

  it("counts astral characters as two UTF-16 code units", () => {
    // 2049 emoji = 4098 UTF-16 code units but only 2049 code points
    const error = refusal(() => adapter.render({ text: "😀".repeat(2049) }, chat("1"), ctx));
    expect(error.rule).toContain("got 4098");
  });

  it("measures MarkdownV2 after entity parsing", () => {
    const a = telegram({ botToken: TOKEN, parseMode: "MarkdownV2" });
    // 4096 visible characters, 4100 with the markup
    const text = `*${"a".repeat(4094)}* \\.`;
    const { lengths } = a.render({ text }, chat("1"), ctx);
    expect(lengths?.[0]?.length).toBe(4096);
  });

  it("refuses a caption over 1024", () => {
    const error = refusal(() =>
      adapter.render(
        { text: "a".repeat(1025), media: [{ url: "https://cdn.example/a.jpg" }] },
        chat("1"),
        ctx,
      ),
    );
    expect(error.field).toBe("text");
    expect(error.rule).toContain("1024");
    expect(error.rule).toContain("caption");
  });

  it("refuses 11 media", () => {
    const media = Array.from({ length: 11 }, (_, i) => ({ url: `https://cdn.example/${i}.jpg` }));
    expect(refusal(() => adapter.render({ media }, chat("1"), ctx)).field).toBe("media");
  });

  it("refuses a MIME type that is neither image nor video", () => {
    const error = refusal(() =>
      adapter.render(
        { media: [{ url: "https://cdn.example/clip.mp4", mimeType: "application/octet-stream" }] },
        chat("1"),
        ctx,
      ),
    );
    expect(error.field).toBe("media[0].mimeType");
  });

  it("refuses an upload over the photo size limit", () => {
    const data = new Uint8Array(10 * 1024 * 1024 + 1);
    const error = refusal(() =>
      adapter.render({ media: [{ data, mimeType: "image/jpeg" }] }, chat("1"), ctx),
    );
    expect(error.field).toBe("media[0].data");
  });

  it("refuses a non-numeric replyTo and a malformed chat", () => {
    expect(refusal(() => adapter.render({ text: "x", replyTo: "abc" }, chat("1"), ctx)).field).toBe(
      "replyTo",
    );
    expect(refusal(() => adapter.render({ text: "x" }, chat("t.me/shop"), ctx)).field).toBe("chat");
    expect(
      refusal(() =>
        adapter.render({ text: "x" }, { kind: "recipients", recipients: [{ id: "bob" }] }, ctx),
      ).field,
    ).toBe("recipients[0]");
  });

  it("refuses destinations Telegram does not have", () => {
    expect(refusal(() => adapter.render({ text: "x" }, { kind: "broadcast" }, ctx)).field).toBe(
      "to",
    );
    expect(refusal(() => adapter.render({ text: "x" }, { kind: "feed" }, ctx)).field).toBe("to");
  });
});

describe("telegram factory", () => {
  it("declares capabilities, secrets, empty auth headers and the base URL", () => {
    expect(adapter.platform).toBe("telegram");
    expect(adapter.account).toBe("default");
    expect(adapter.baseUrl).toBe("https://api.telegram.org");
    expect(adapter.capabilities.destinations).toEqual(["chat", "recipients"]);
    expect(adapter.capabilities.recipientBatch).toBe(1);
    expect(adapter.secrets).toEqual([TOKEN]);
    expect(adapter.authHeaders()).toEqual({});
    expect(telegram({ botToken: TOKEN, baseUrl: "http://localhost:8081/" }).baseUrl).toBe(
      "http://localhost:8081",
    );
  });

  it("declares the FAQ limits, each with a source", () => {
    expect(adapter.limits.map(({ source: _, ...r }) => r)).toEqual([
      { scope: "account", max: 30, perMs: 1000 },
      { scope: "chat", chatKind: "private", max: 1, perMs: 1000 },
      { scope: "chat", chatKind: "group", max: 20, perMs: 60_000 },
    ]);
    expect(adapter.limits.every((r) => r.source.startsWith("https://core.telegram.org/"))).toBe(
      true,
    );
  });

  it("lets a user limit replace the default", () => {
    const paid = {
      scope: "account" as const,
      max: 1000,
      perMs: 1000,
      source: "allow_paid_broadcast",
    };
    const a = telegram({ botToken: TOKEN, limits: [paid] });
    expect(a.limits.filter((r) => r.scope === "account")).toEqual([paid]);
    expect(a.limits).toHaveLength(3);
    const b = telegram({ botToken: TOKEN, paidBroadcast: true });
    expect(b.limits.find((r) => r.scope === "account")?.max).toBe(1000);
  });

  it("validates options without leaking the token", () => {
    const bad = "not-a-token-secret";
    const error = refusal(() => telegram({ botToken: bad }));
    expect(error.field).toBe("botToken");
    expect(error.message).not.toContain(bad);
    expect(refusal(() => telegram({ botToken: "" })).field).toBe("botToken");
    expect(refusal(() => telegram({ botToken: TOKEN, baseUrl: "ftp://x" })).field).toBe("baseUrl");
    expect(
      refusal(() => telegram({ botToken: TOKEN, parseMode: "Markdown" as "HTML" })).field,
    ).toBe("parseMode");
    expect(refusal(() => telegram({ botToken: TOKEN, account: "a:b" })).field).toBe("account");
    expect(
      refusal(() =>
        telegram({ botToken: TOKEN, limits: [{ scope: "account", max: 0, perMs: 1, source: "" }] }),
      ).field,
    ).toBe("limits[0]");
  });
});
