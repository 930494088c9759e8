import { describe, expect, it } from "vitest";
import type { Operation, RenderContext } from "../../src/adapters/contract.js";
import { stepRef } from "../../src/adapters/contract.js";
import {
  escapeLittleText,
  type LinkedInOptions,
  linkedin,
  toLittleText,
} from "../../src/adapters/linkedin/index.js";
import type { Message } from "../../src/message/schema.js";
import { refusal as thrown } from "../helpers/refusal.js";

const ORG = "urn:li:organization:5515715";
const TOKEN = "AQVmemberToken";
const ctx: RenderContext = { now: Date.UTC(2026, 10, 27) };
const feed = { kind: "feed" } as const;
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);

function adapter(extra: Partial<LinkedInOptions> = {}) {
  return linkedin({ accessToken: TOKEN, author: ORG, ...extra } as LinkedInOptions);
}

function render(message: Message, extra: Partial<LinkedInOptions> = {}, context = ctx) {
  return adapter(extra).render(message, feed, context);
}

function json(op: Operation | undefined): Record<string, unknown> {
  if (!op?.body || !("json" in op.body)) throw new Error("no JSON body");
  return op.body.json as Record<string, unknown>;
}

describe("linkedin little text", () => {
  it("escapes every reserved character", () => {
    expect(escapeLittleText("a|b{c}d@e[f]g(h)i<j>k#l*m_n~o\\p")).toBe(
      "a\\|b\\{c\\}d\\@e\\[f\\]g\\(h\\)i\\<j\\>k\\#l\\*m\\_n\\~o\\\\p",
    );
  });

  it("keeps hashtags as templates, and escapes what only looks like one", () => {
    expect(toLittleText("30% off (today) #BlackFriday #2026 a#b #black_friday")).toBe(
      "30% off \\(today\\) {hashtag|\\#|BlackFriday} \\#2026 a\\#b {hashtag|\\#|black\\_friday}",
    );
    expect(toLittleText("#sale", false)).toBe("\\#sale");
    expect(toLittleText("日本語 #セール")).toBe("日本語 {hashtag|\\#|セール}");
  });
});

describe("linkedin factory", () => {
  it("declares the REST base URL, unconfirmed limits, capabilities, secrets and a webhook hook", () => {
    const a = adapter({ clientSecret: "li-client-secret" });
    expect(a.platform).toBe("linkedin");
    expect(a.baseUrl).toBe("https://api.linkedin.com/rest");
    expect(a.capabilities).toEqual({ destinations: ["feed"], nativeSchedule: false });
    expect(a.limits.map((l) => [l.scope, l.max])).toEqual([
      ["route", 150],
      ["account", 100_000],
    ]);
    for (const rule of a.limits) expect(rule.source).toMatch(/unconfirmed/);
    expect(a.secrets).toEqual([TOKEN, "li-client-secret"]);
    expect(a.webhooks).toBeDefined();
    expect(adapter().webhooks).toBeUndefined();
  });

  it("refuses bad options, naming the field", () => {
    expect(thrown(() => linkedin({} as LinkedInOptions)).field).toBe("accessToken");
    expect(thrown(() => adapter({ author: "urn:li:share:1" })).field).toBe("author");
    expect(thrown(() => adapter({ version: "2026-07" })).field).toBe("version");
    expect(thrown(() => adapter({ clientSecret: [] })).field).toBe("clientSecret");
  });
});

describe("linkedin render", () => {
  it("posts commentary in little text with the version headers", () => {
    const r = render({ text: "Black Friday (30% off) #sale" });
    expect(r.operations).toHaveLength(1);
    const [op] = r.operations;
    expect(op).toMatchObject({
      step: "post",
      route: "posts",
      method: "POST",
      path: "/posts",
      idempotency: "none",
      headers: { "Linkedin-Version": "202607", "X-Restli-Protocol-Version": "2.0.0" },
    });
    expect(json(op)).toEqual({
      author: ORG,
      commentary: "Black Friday \\(30% off\\) {hashtag|\\#|sale}",
      visibility: "PUBLIC",
      distribution: {
        feedDistribution: "MAIN_FEED",
        targetEntities: [],
        thirdPartyDistributionChannels: [],
      },
      lifecycleState: "PUBLISHED",
      isReshareDisabledByAuthor: false,
    });
    expect(r.lengths).toEqual([expect.objectContaining({ length: 28, max: 3000 })]);
  });

  it("posts a link as an article, with a title from overrides or a warning", () => {
    const plain = render({ text: "Read this", link: "https://shop.example/bf" });
    expect(json(plain.operations[0]).content).toEqual({
      article: { source: "https://shop.example/bf", title: "https://shop.example/bf" },
    });
    expect(plain.warnings).toEqual([
      "the article's title is the link: give overrides.linkedin.article.title",
    ]);
    const titled = render({
      text: "Read this",
      link: "https://shop.example/bf",
      overrides: { linkedin: { article: { title: "Black Friday", description: "30% off" } } },
    });
    expect(json(titled.operations[0]).content).toEqual({
      article: { source: "https://shop.example/bf", title: "Black Friday", description: "30% off" },
    });
    expect(titled.warnings).toBeUndefined();
  });

  it("uploads an image (initializeUpload, PUT of the bytes) before the post that shows it", () => {
    const r = render({
      text: "New",
      link: "https://shop.example",
      media: [{ data: png, mimeType: "image/png", alt: "a shoe" }],
    });
    expect(r.operations.map((o) => [o.step, o.method, o.route, o.idempotency])).toEqual([
      ["image-0-init", "POST", "images", "safe"],
      ["image-0", "PUT", "uploads", "safe"],
      ["post", "POST", "posts", "none"],
    ]);
    const [init, put, post] = r.operations;
    expect(init?.query).toEqual({ action: "initializeUpload" });
    expect(json(init)).toEqual({ initializeUploadRequest: { owner: ORG } });
    expect(put?.url).toBe(stepRef("image-0-init", "uploadUrl"));
    expect(put?.body).toEqual({ bytes: png, contentType: "image/png" });
    expect(put?.headers).toBeUndefined();
    expect(json(post).content).toEqual({
      media: { id: stepRef("image-0-init"), altText: "a shoe" },
    });
    expect(json(post).commentary).toBe("New\n\nhttps://shop.example");
  });

  it("posts several images as multiImage, at most 20, bytes only", () => {
    const images = Array.from({ length: 3 }, () => ({ data: png, mimeType: "image/png" }));
    const r = render({ text: "x", media: images });
    expect(json(r.operations.at(-1)).content).toEqual({
      multiImage: {
        images: [
          { id: stepRef("image-0-init") },
          { id: stepRef("image-1-init") },
          { id: stepRef("image-2-init") },
        ],
      },
    });
    const many = Array.from({ length: 21 }, () => ({ data: png, mimeType: "image/png" }));
    expect(thrown(() => render({ text: "x", media: many })).field).toBe("media");
    expect(
      thrown(() => render({ text: "x", media: [{ url: "https://c.example/a.png" }] })).field,
    ).toBe("media[0].data");
    expect(
      thrown(() => render({ text: "x", media: [{ data: png, mimeType: "video/mp4" }] })).field,
    ).toBe("media[0].mimeType");
  });

  it("answers a post with a comment, and a comment with a reply on its post", () => {
    const post = adapter().render(
      { text: "Thanks (really)" },
      { kind: "feed", reply: { messageId: "urn:li:share:71" } },
      ctx,
    );
    expect(post.operations[0]).toMatchObject({
      step: "comment",
      route: "comments",
      path: "/socialActions/urn%3Ali%3Ashare%3A71/comments",
    });
    expect(json(post.operations[0])).toEqual({
      actor: ORG,
      object: "urn:li:share:71",
      message: { text: "Thanks (really)" },
    });
    const comment = "urn:li:comment:(urn:li:activity:7094637247890620418,7094977717598625792)";
    const reply = render({ text: "Yes", replyTo: comment });
    expect(reply.operations[0]?.path).toBe(
      "/socialActions/urn%3Ali%3Aactivity%3A7094637247890620418/comments",
    );
    expect(json(reply.operations[0])).toMatchObject({
      object: "urn:li:activity:7094637247890620418",
      parentComment: comment,
    });
  });

  it("takes commentary from overrides as written and measures it", () => {
    const r = render({
      text: "ignored",
      overrides: {
        linkedin: { commentary: "Hi @[Herald](urn:li:organization:1)", visibility: "CONNECTIONS" },
      },
    });
    expect(json(r.operations[0])).toMatchObject({
      commentary: "Hi @[Herald](urn:li:organization:1)",
      visibility: "CONNECTIONS",
    });
    expect(thrown(() => render({ text: "x".repeat(3001) })).rule).toMatch(/max 3000/);
  });
});

describe("linkedin authors", () => {
  it("posts as the account's URN, short name or the author function", () => {
    const many = linkedin({ tokens: () => ({ accessToken: "t" }) });
    const author = (account: string) =>
      json(many.render({ text: "x" }, feed, { ...ctx, account }).operations[0]).author;
    expect(author("urn:li:person:abc123")).toBe("urn:li:person:abc123");
    expect(author("organization-42")).toBe("urn:li:organization:42");
    expect(author("org-43")).toBe("urn:li:organization:43");
    expect(author("person-xyz")).toBe("urn:li:person:xyz");
    expect(thrown(() => author("user-42")).field).toBe("to.account");
    const mapped = linkedin({
      tokens: () => ({ accessToken: "t" }),
      author: (a) => `urn:li:person:${a.replace("user-", "")}`,
    });
    expect(
      json(mapped.render({ text: "x" }, feed, { ...ctx, account: "user-42" }).operations[0]).author,
    ).toBe("urn:li:person:42");
  });

  it("refuses destinations other than the feed", () => {
    expect(
      thrown(() => adapter().render({ text: "x" }, { kind: "chat", chat: "1" }, ctx)).field,
    ).toBe("to");
  });
});
