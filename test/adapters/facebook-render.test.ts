import { describe, expect, it } from "vitest";
import type { Operation, RenderContext } from "../../src/adapters/contract.js";
import { stepRef } from "../../src/adapters/contract.js";
import { type FacebookOptions, facebook } from "../../src/adapters/facebook/index.js";
import type { Message } from "../../src/message/schema.js";
import type { Segment } from "../../src/message/segment.js";
import { refusal as thrown } from "../helpers/refusal.js";

const PAGE = "1122334455";
const TOKEN = "EAAPageToken123";
const NOW = Date.parse("2026-11-27T08:00:00Z");
const ctx: RenderContext = { now: NOW };
const feed = { kind: "feed" } as const;
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);

function adapter(extra: Partial<FacebookOptions> = {}) {
  return facebook({ pageId: PAGE, pageAccessToken: TOKEN, ...extra } as FacebookOptions);
}

function render(message: Message, options: Partial<FacebookOptions> = {}, context = ctx) {
  return adapter(options).render(message, feed, context);
}

/** The URL-encoded fields of an operation. */
function fields(op: Operation | undefined): Record<string, string> {
  if (!op?.body || !("urlencoded" in op.body)) throw new Error("not URL-encoded");
  return op.body.urlencoded;
}

function segment(s: Segment, options: Partial<FacebookOptions> = {}) {
  return adapter(options).render({ text: "Hi" }, { kind: "segment", segment: s }, ctx);
}

describe("facebook factory", () => {
  it("declares the versioned Graph base URL, per-Page limits, capabilities and secrets", () => {
    const a = adapter({ appSecret: "app-secret-1", graphVersion: "v24.0" });
    expect(a.platform).toBe("facebook");
    expect(a.baseUrl).toBe("https://graph.facebook.com/v24.0");
    expect(a.capabilities).toEqual({ destinations: ["feed", "segment"], nativeSchedule: true });
    expect(a.limits).toEqual([
      expect.objectContaining({ scope: "account", max: 4800, perMs: 86_400_000 }),
    ]);
    expect(a.secrets).toEqual([TOKEN, "app-secret-1"]);
    expect(a.authHeaders()).toEqual({});
    expect(a.auth?.anyAccount).toBe(false);
    expect(a.webhooks).toBeDefined();
  });

  it("has no webhook hook without an app secret, and serves any Page with a token provider", () => {
    expect(adapter().webhooks).toBeUndefined();
    const many = facebook({ pageTokens: () => "t" });
    expect(many.auth?.anyAccount).toBe(true);
    expect(many.account).toBe("default");
  });

  it("refuses missing or conflicting credentials and bad options, naming the field", () => {
    expect(thrown(() => facebook({} as FacebookOptions)).field).toBe("pageAccessToken");
    expect(thrown(() => facebook({ pageAccessToken: TOKEN })).field).toBe("pageId");
    expect(
      thrown(() => facebook({ pageId: PAGE, pageAccessToken: TOKEN, pageTokens: () => TOKEN }))
        .field,
    ).toBe("pageAccessToken");
    expect(thrown(() => adapter({ pageId: "my-page" })).field).toBe("pageId");
    expect(thrown(() => adapter({ graphVersion: "23" })).field).toBe("graphVersion");
    expect(thrown(() => adapter({ maxCharacters: 0 })).field).toBe("maxCharacters");
    expect(thrown(() => adapter({ graphVersion: "23" })).message).not.toContain(TOKEN);
  });
});

describe("facebook render: posts", () => {
  it("posts text and a link to the Page feed, URL-encoded, never resent blindly", () => {
    const r = render({ text: "Black Friday", link: "https://shop.example/bf" });
    expect(r.operations).toHaveLength(1);
    const [op] = r.operations;
    expect(op).toMatchObject({
      step: "post",
      route: "feed",
      method: "POST",
      path: `/${PAGE}/feed`,
      idempotency: "none",
    });
    expect(fields(op)).toEqual({ message: "Black Friday", link: "https://shop.example/bf" });
    expect(r.lengths).toEqual([
      expect.objectContaining({ field: "text", length: 12, max: 63_206 }),
    ]);
  });

  it("publishes one photo by URL with its caption (link appended) and alt text", () => {
    const r = render({
      text: "New in",
      link: "https://shop.example",
      media: [{ url: "https://cdn.example/a.jpg", alt: "a red shoe" }],
    });
    expect(r.operations).toHaveLength(1);
    expect(r.operations[0]).toMatchObject({
      step: "photo",
      route: "photos",
      path: `/${PAGE}/photos`,
    });
    expect(fields(r.operations[0])).toEqual({
      url: "https://cdn.example/a.jpg",
      alt_text_custom: "a red shoe",
      caption: "New in\n\nhttps://shop.example",
    });
  });

  it("uploads photo bytes as a multipart `source` file", () => {
    const r = render({ text: "x", media: [{ data: png, mimeType: "image/png" }] });
    const body = r.operations[0]?.body;
    if (!body || !("form" in body)) throw new Error("not multipart");
    expect(body.form).toEqual([
      { name: "caption", value: "x" },
      { name: "source", data: png, filename: "media-0.png", mimeType: "image/png" },
    ]);
  });

  it("posts several photos as unpublished uploads attached to one feed post", () => {
    const r = render({
      text: "Two",
      media: [{ url: "https://cdn.example/1.jpg" }, { data: png, mimeType: "image/png" }],
    });
    expect(r.operations.map((o) => [o.step, o.path, o.idempotency])).toEqual([
      ["photo-0", `/${PAGE}/photos`, "safe"],
      ["photo-1", `/${PAGE}/photos`, "safe"],
      ["post", `/${PAGE}/feed`, "none"],
    ]);
    expect(fields(r.operations[0])).toEqual({
      url: "https://cdn.example/1.jpg",
      published: "false",
    });
    expect(JSON.parse(fields(r.operations[2]).attached_media as string)).toEqual([
      { media_fbid: stepRef("photo-0") },
      { media_fbid: stepRef("photo-1") },
    ]);
  });

  it("publishes a video by URL or bytes, alone", () => {
    const byUrl = render({
      text: "Watch",
      media: [{ url: "https://cdn.example/v.mp4", mimeType: "video/mp4" }],
    });
    expect(byUrl.operations[0]).toMatchObject({ step: "video", path: `/${PAGE}/videos` });
    expect(fields(byUrl.operations[0])).toEqual({
      file_url: "https://cdn.example/v.mp4",
      description: "Watch",
    });
    const bytes = render({ media: [{ data: png, mimeType: "video/mp4", filename: "v.mp4" }] });
    const body = bytes.operations[0]?.body;
    expect(body && "form" in body && body.form.at(-1)).toMatchObject({
      name: "source",
      filename: "v.mp4",
    });
    const mixed = thrown(() =>
      render({
        media: [
          { url: "https://c.example/v.mp4", mimeType: "video/mp4" },
          { url: "https://c.example/a.jpg" },
        ],
      }),
    );
    expect(mixed.field).toBe("media");
  });

  it("answers with a comment on the object replied to (replyTo or the target's reply)", () => {
    const r = render({ text: "Thanks!", replyTo: `${PAGE}_777` });
    expect(r.operations).toEqual([
      expect.objectContaining({
        step: "comment",
        route: "comments",
        path: `/${PAGE}_777/comments`,
        idempotency: "none",
      }),
    ]);
    expect(fields(r.operations[0])).toEqual({ message: "Thanks!" });
    const fromTarget = adapter().render(
      { text: "Hi", media: [{ url: "https://cdn.example/a.jpg" }] },
      { kind: "feed", reply: { messageId: "777_888" } },
      ctx,
    );
    expect(fromTarget.operations[0]?.path).toBe("/777_888/comments");
    expect(fields(fromTarget.operations[0])).toEqual({
      message: "Hi",
      attachment_url: "https://cdn.example/a.jpg",
    });
    expect(
      thrown(() =>
        render(
          { text: "x", replyTo: "1_2" },
          {},
          { ...ctx, scheduleAt: new Date(NOW + 3_600_000) },
        ),
      ).field,
    ).toBe("at");
  });

  it("merges overrides into the request and refuses other destinations", () => {
    const r = render({ text: "x", overrides: { facebook: { place: "110843418940484" } } });
    expect(fields(r.operations[0]).place).toBe("110843418940484");
    expect(
      thrown(() => adapter().render({ text: "x" }, { kind: "chat", chat: "1" }, ctx)).field,
    ).toBe("to");
  });

  it("refuses a message longer than the limit", () => {
    const error = thrown(() => render({ text: "x".repeat(11) }, { maxCharacters: 10 }));
    expect(error.field).toBe("text");
    expect(error.rule).toMatch(/max 10/);
  });
});

describe("facebook render: scheduling", () => {
  const at = (ms: number) => ({ ...ctx, scheduleAt: new Date(NOW + ms) });

  it("schedules natively with published=false and scheduled_publish_time in seconds", () => {
    const when = NOW + 2 * 3_600_000;
    const r = render({ text: "Later" }, {}, at(2 * 3_600_000));
    expect(fields(r.operations[0])).toEqual({
      message: "Later",
      published: "false",
      scheduled_publish_time: String(when / 1000),
    });
  });

  it("uploads a scheduled post's photos as temporary", () => {
    const r = render(
      {
        text: "x",
        media: [{ url: "https://c.example/1.jpg" }, { url: "https://c.example/2.jpg" }],
      },
      {},
      at(3_600_000),
    );
    expect(fields(r.operations[0])).toMatchObject({ published: "false", temporary: "true" });
    expect(fields(r.operations[2])).toMatchObject({ published: "false" });
  });

  it("refuses a time less than 10 minutes or more than 30 days ahead, before sending", () => {
    expect(thrown(() => render({ text: "x" }, {}, at(9 * 60_000))).field).toBe("at");
    expect(thrown(() => render({ text: "x" }, {}, at(31 * 86_400_000))).rule).toMatch(
      /10 minutes and 30 days/,
    );
    expect(() => render({ text: "x" }, {}, at(10 * 60_000))).not.toThrow();
    expect(() => render({ text: "x" }, {}, at(30 * 86_400_000))).not.toThrow();
    const overridden = thrown(() =>
      render({ text: "x", overrides: { facebook: { scheduled_publish_time: NOW / 1000 + 60 } } }),
    );
    expect(overridden.field).toBe("overrides.facebook.scheduled_publish_time");
  });
});

describe("facebook render: targeting", () => {
  it("turns country, age, gender and language into feed_targeting", () => {
    const r = segment(
      { country: ["us", "CA"], age: { gte: 18, lt: 35 }, gender: "female", language: ["en"] },
      { localeKeys: { en: [6, 24] } },
    );
    expect(JSON.parse(fields(r.operations[0]).feed_targeting as string)).toEqual({
      geo_locations: { countries: ["US", "CA"] },
      locales: [6, 24],
      age_min: 18,
      age_max: 34,
      genders: [2],
    });
  });

  it("writes a restriction (targeting) with countries, locales and a minimum age only", () => {
    const r = segment(
      { and: [{ country: ["DE"] }, { age: { gte: 21 } }] },
      { segmentField: "targeting" },
    );
    expect(JSON.parse(fields(r.operations[0]).targeting as string)).toEqual({
      geo_locations: { countries: ["DE"] },
      age_min: 21,
    });
    expect(thrown(() => segment({ gender: "male" }, { segmentField: "targeting" })).field).toBe(
      "segment.gender",
    );
    expect(thrown(() => segment({ age: { lt: 30 } }, { segmentField: "targeting" })).field).toBe(
      "segment.age.lt",
    );
  });

  it("refuses what Facebook cannot express, naming the condition", () => {
    expect(thrown(() => segment({ region: ["JP-13"] })).field).toBe("segment.region");
    expect(thrown(() => segment({ or: [{ country: ["US"] }] })).field).toBe("segment.or");
    expect(thrown(() => segment({ tags: ["vip"] })).field).toBe("segment.tags");
    expect(thrown(() => segment({ language: ["fr"] })).field).toBe("segment.language[0]");
    expect(thrown(() => segment({ age: { gte: 10 } })).field).toBe("segment.age.gte");
    expect(thrown(() => segment({ country: ["USA"] })).field).toBe("segment.country[0]");
    expect(thrown(() => segment({ and: [{ country: ["US"] }, { country: ["CA"] }] })).field).toBe(
      "segment.and[1].country",
    );
  });

  it("targets a single photo through an unpublished upload and a feed post", () => {
    const r = adapter().render(
      { text: "x", media: [{ url: "https://c.example/a.jpg" }] },
      { kind: "segment", segment: { country: ["FR"] } },
      ctx,
    );
    expect(r.operations.map((o) => o.step)).toEqual(["photo-0", "post"]);
    expect(fields(r.operations[1]).feed_targeting).toBe('{"geo_locations":{"countries":["FR"]}}');
  });

  it("warns that an empty segment reaches everyone", () => {
    const r = segment({});
    expect(r.warnings).toEqual(["the segment has no condition: the post goes to everyone"]);
    expect(fields(r.operations[0]).feed_targeting).toBeUndefined();
  });
});

describe("facebook render: Pages", () => {
  it("posts to the Page a target's account names when tokens come from a provider", () => {
    const many = facebook({ pageTokens: () => "t", pageId: PAGE });
    expect(
      many.render({ text: "x" }, feed, { now: NOW, account: "998877" }).operations[0]?.path,
    ).toBe("/998877/feed");
    expect(
      many.render({ text: "x" }, feed, { now: NOW, account: "default" }).operations[0]?.path,
    ).toBe(`/${PAGE}/feed`);
    const noPage = facebook({ pageTokens: () => "t" });
    expect(
      thrown(() => noPage.render({ text: "x" }, feed, { now: NOW, account: "default" })).field,
    ).toBe("to.account");
  });
});
