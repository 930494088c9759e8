import { describe, expect, it } from "vitest";
import { type Operation, stepRef } from "../../src/adapters/contract.js";
import { mastodon } from "../../src/adapters/mastodon/index.js";
import { countStatusLength, findMentions } from "../../src/adapters/mastodon/length.js";
import type { Message } from "../../src/message/schema.js";
import { ValidationError } from "../../src/transport/errors.js";

const TOKEN = "secret-token-123";
const NOW = Date.parse("2026-11-27T08:00:00Z");
const ctx = { now: NOW };
const feed = { kind: "feed" } as const;
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);

function adapter(extra: Partial<Parameters<typeof mastodon>[0]> = {}) {
  return mastodon({ accessToken: TOKEN, instanceUrl: "https://mastodon.example/", ...extra });
}

function statusBody(op: Operation | undefined): Record<string, unknown> {
  if (op?.body === undefined || !("json" in op.body)) throw new Error("no JSON body");
  return op.body.json as Record<string, unknown>;
}

function thrown(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error("did not throw");
}

describe("mastodon factory", () => {
  it("declares platform, base URL, auth header, secrets, capabilities and limits", () => {
    const a = adapter({ account: "shop" });
    expect(a.platform).toBe("mastodon");
    expect(a.account).toBe("shop");
    expect(a.baseUrl).toBe("https://mastodon.example");
    expect(a.authHeaders()).toEqual({ Authorization: `Bearer ${TOKEN}` });
    expect(a.secrets).toEqual([TOKEN]);
    expect(a.capabilities).toEqual({ destinations: ["feed"], nativeSchedule: true });
    expect(a.limits).toEqual([
      expect.objectContaining({ scope: "account", max: 300, perMs: 300_000 }),
      expect.objectContaining({ scope: "route", route: "media", max: 30, perMs: 1_800_000 }),
      expect.objectContaining({
        scope: "route",
        route: "delete-status",
        max: 30,
        perMs: 1_800_000,
      }),
    ]);
    for (const rule of a.limits) expect(rule.source).toMatch(/^https:\/\/docs\.joinmastodon\.org/);
  });

  it("prefers baseUrl and merges limit overrides", () => {
    const a = adapter({
      baseUrl: "http://localhost:8080",
      limits: [{ scope: "account", max: 1000, perMs: 300_000, source: "our instance" }],
    });
    expect(a.baseUrl).toBe("http://localhost:8080");
    expect(a.limits.find((r) => r.scope === "account")?.max).toBe(1000);
    expect(a.limits).toHaveLength(3);
  });

  it("refuses a missing token or instance without echoing secrets", () => {
    expect(
      thrown(() => mastodon({ accessToken: "", instanceUrl: "https://m.example" })).field,
    ).toBe("accessToken");
    const noUrl = thrown(() => mastodon({ accessToken: TOKEN }));
    expect(noUrl.field).toBe("instanceUrl");
    expect(noUrl.message).not.toContain(TOKEN);
    expect(thrown(() => adapter({ instanceUrl: "mastodon.example" })).field).toBe("instanceUrl");
    expect(thrown(() => adapter({ maxCharacters: 0 })).field).toBe("maxCharacters");
  });
});

describe("mastodon render", () => {
  it("renders a text status", () => {
    const r = adapter().render({ text: "Hello fediverse" }, feed, ctx);
    expect(r.operations).toHaveLength(1);
    const [op] = r.operations;
    expect(op).toMatchObject({
      step: "status",
      route: "statuses",
      method: "POST",
      path: "/api/v1/statuses",
      idempotency: "key",
      idempotencyHeader: "Idempotency-Key",
    });
    expect(statusBody(op)).toEqual({ status: "Hello fediverse", visibility: "public" });
    expect(r.lengths).toEqual([expect.objectContaining({ field: "text", length: 15, max: 500 })]);
  });

  it("appends the link once", () => {
    const a = adapter();
    const r = a.render({ text: "Sale", link: "https://shop.example.com/bf" }, feed, ctx);
    expect(statusBody(r.operations[0]).status).toBe("Sale\n\nhttps://shop.example.com/bf");
    expect(r.lengths?.[0]?.length).toBe(4 + 2 + 23);
    const same = a.render(
      { text: "Sale https://shop.example.com/bf", link: "https://shop.example.com/bf" },
      feed,
      ctx,
    );
    expect(statusBody(same.operations[0]).status).toBe("Sale https://shop.example.com/bf");
  });

  it("uploads two media with alt text, then references them", () => {
    const message: Message = {
      text: "Two pictures",
      media: [
        { data: png, mimeType: "image/png", alt: "A red square", filename: "red.png" },
        { data: png, mimeType: "image/jpeg" },
      ],
    };
    const r = adapter().render(message, feed, ctx);
    expect(r.operations.map((o) => o.step)).toEqual(["media-0", "media-1", "status"]);
    const [m0, m1, status] = r.operations;
    expect(m0).toMatchObject({
      route: "media",
      method: "POST",
      path: "/api/v2/media",
      idempotency: "safe",
      body: {
        form: [
          { name: "file", data: png, filename: "red.png", mimeType: "image/png" },
          { name: "description", value: "A red square" },
        ],
      },
    });
    expect(m1?.body).toEqual({
      form: [{ name: "file", data: png, filename: "media-1.jpeg", mimeType: "image/jpeg" }],
    });
    expect(m0?.poll).toMatchObject({
      request: {
        route: "media-status",
        method: "GET",
        path: `/api/v1/media/${stepRef("media-0")}`,
        idempotency: "safe",
      },
    });
    expect(m0?.poll?.intervalMs).toBeGreaterThan(0);
    expect(statusBody(status)).toEqual({
      status: "Two pictures",
      media_ids: [stepRef("media-0"), stepRef("media-1")],
      visibility: "public",
    });
  });

  it("renders media without text", () => {
    const r = adapter().render({ media: [{ data: png, mimeType: "image/png" }] }, feed, ctx);
    expect(statusBody(r.operations[1])).toEqual({
      media_ids: [stepRef("media-0")],
      visibility: "public",
    });
  });

  it("renders a reply", () => {
    const r = adapter().render({ text: "@bob@other.social thanks!", replyTo: "1093" }, feed, ctx);
    expect(statusBody(r.operations[0])).toMatchObject({ in_reply_to_id: "1093" });
    expect(r.lengths?.[0]?.length).toBe("@bob thanks!".length);
  });

  it("schedules natively at least 5 minutes ahead", () => {
    const at = new Date(NOW + 10 * 60_000);
    const r = adapter().render({ text: "Later" }, feed, { now: NOW, scheduleAt: at });
    expect(statusBody(r.operations[0]).scheduled_at).toBe("2026-11-27T08:10:00.000Z");
  });

  it("merges overrides and counts the content warning", () => {
    const r = adapter().render(
      {
        text: "Spoilers inside",
        overrides: {
          mastodon: {
            visibility: "unlisted",
            spoiler_text: "Film ending",
            sensitive: true,
            language: "en",
            poll: { options: ["yes", "no"], expires_in: 3600 },
          },
        },
      },
      feed,
      ctx,
    );
    expect(statusBody(r.operations[0])).toEqual({
      status: "Spoilers inside",
      visibility: "unlisted",
      spoiler_text: "Film ending",
      sensitive: true,
      language: "en",
      poll: { options: ["yes", "no"], expires_in: 3600 },
    });
    expect(r.lengths?.[0]?.length).toBe("Spoilers inside".length + "Film ending".length);
  });
});

describe("mastodon validation", () => {
  it("refuses a text over 500 counted Mastodon's way, URLs as 23", () => {
    const url = `https://example.com/${"p".repeat(200)}`;
    const fits = `${"a".repeat(500 - 24)} ${url}`; // 476 + 1 + 23 = 500
    expect(adapter().render({ text: fits }, feed, ctx).lengths?.[0]?.length).toBe(500);
    const error = thrown(() => adapter().render({ text: `b${fits}` }, feed, ctx));
    expect(error.field).toBe("text");
    expect(error.rule).toContain("max 500");
    expect(error.rule).toContain("URLs as 23");
    expect(error.platform).toBe("mastodon");
  });

  it("honors a different instance limit and URL weight", () => {
    const a = adapter({ maxCharacters: 30, charactersReservedPerUrl: 10 });
    expect(a.render({ text: "x https://a.io/long/path" }, feed, ctx).lengths?.[0]).toMatchObject({
      length: 12,
      max: 30,
    });
    expect(thrown(() => a.render({ text: "y".repeat(31) }, feed, ctx)).field).toBe("text");
  });

  it("refuses more media than allowed", () => {
    const media = Array.from({ length: 5 }, () => ({ data: png, mimeType: "image/png" }));
    const error = thrown(() => adapter().render({ media }, feed, ctx));
    expect(error.field).toBe("media");
    expect(error.rule).toContain("4");
    expect(
      adapter({ maxMediaAttachments: 5 }).render({ media }, feed, ctx).operations,
    ).toHaveLength(6);
  });

  it("refuses media given only by URL, with a hint", () => {
    const error = thrown(() =>
      adapter().render(
        { media: [{ data: png, mimeType: "image/png" }, { url: "https://cdn.example.com/a.png" }] },
        feed,
        ctx,
      ),
    );
    expect(error.field).toBe("media[1].data");
    expect(error.message).toContain("fetch the file");
  });

  it("refuses a schedule less than 5 minutes ahead", () => {
    const error = thrown(() =>
      adapter().render({ text: "Soon" }, feed, {
        now: NOW,
        scheduleAt: new Date(NOW + 4 * 60_000),
      }),
    );
    expect(error.field).toBe("schedule.at");
    expect(error.rule).toContain("5 minutes");
  });

  it("refuses destinations other than the feed and a poll with media", () => {
    expect(
      thrown(() => adapter().render({ text: "hi" }, { kind: "chat", chat: "x" }, ctx)).field,
    ).toBe("to");
    const error = thrown(() =>
      adapter().render(
        {
          media: [{ data: png, mimeType: "image/png" }],
          overrides: { mastodon: { poll: { options: ["a", "b"], expires_in: 300 } } },
        },
        feed,
        ctx,
      ),
    );
    expect(error.field).toBe("overrides.mastodon.poll");
  });
});

describe("mastodon length", () => {
  it("counts a mention with domain as @user", () => {
    expect(countStatusLength("hi @alice@mastodon.social", "", 23)).toBe("hi @alice".length);
    expect(countStatusLength("@alice", "", 23)).toBe(6);
    expect(findMentions("mail bob@example.com")).toEqual([]);
    expect(findMentions("@a@b.social and @c")).toEqual([
      { start: 0, end: 11, replacement: "@a" },
      { start: 16, end: 18, replacement: "@c" },
    ]);
  });

  it("counts emoji and combining marks as one, URLs as the weight, plus the warning", () => {
    expect(countStatusLength("👩‍👩‍👧‍👦 e\u0301 https://example.com/x", "CW 🇯🇵", 23)).toBe(
      1 + 1 + 1 + 1 + 23 + 4,
    );
  });

  it("does not shorten a mention inside a URL", () => {
    expect(countStatusLength("https://m.example/@bob@other.social", "", 23)).toBe(23);
  });
});
