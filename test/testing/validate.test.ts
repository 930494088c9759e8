import { describe, expect, it } from "vitest";
import {
  createRequestValidator,
  hasSchema,
  type SpecPlatform,
  validateRequest,
} from "../../src/testing/validate.js";

/** Asserts that one message names `field` (messages start with the field's path). */
function expectProblem(problems: string[], field: string, text?: string): void {
  const hit = problems.find((p) => p.startsWith(`${field}:`));
  expect(hit, `no problem for ${field} in ${JSON.stringify(problems)}`).toBeDefined();
  if (text !== undefined) expect(hit).toContain(text);
}

describe("hasSchema", () => {
  it("knows every documented operation and nothing else", () => {
    const known: [SpecPlatform, string][] = [
      ["telegram", "sendMessage"],
      ["telegram", "sendPhoto"],
      ["telegram", "sendMediaGroup"],
      ["telegram", "getMe"],
      ["line", "push"],
      ["line", "multicast"],
      ["line", "broadcast"],
      ["line", "narrowcast"],
      ["line", "reply"],
      ["mastodon", "createStatus"],
      ["mastodon", "createMedia"],
    ];
    for (const [platform, op] of known)
      expect(hasSchema(platform, op), `${platform} ${op}`).toBe(true);
    expect(hasSchema("telegram", "sendPoll")).toBe(false);
    expect(hasSchema("line", "toString")).toBe(false);
    expect(hasSchema("discord" as SpecPlatform, "push")).toBe(false);
  });

  it("refuses to validate an operation without a schema", () => {
    expect(() => validateRequest("line", "narrowcastProgress", {})).toThrow(RangeError);
  });
});

describe("telegram", () => {
  // https://core.telegram.org/bots/api#sendmessage, #inlinekeyboardmarkup, #messageentity
  const message = {
    chat_id: "@shopnews",
    text: "Black Friday: 30% off https://shop.example/bf #sale",
    entities: [{ type: "hashtag", offset: 46, length: 5 }],
    link_preview_options: { is_disabled: true },
    reply_parameters: { message_id: 42, allow_sending_without_reply: true },
    reply_markup: { inline_keyboard: [[{ text: "Open shop", url: "https://shop.example/bf" }]] },
    disable_notification: false,
  };

  it("accepts a documented sendMessage body", () => {
    expect(validateRequest("telegram", "sendMessage", message)).toEqual([]);
    expect(
      validateRequest("telegram", "sendMessage", { chat_id: -1001234567890, text: "hi" }),
    ).toEqual([]);
  });

  it("names chat_id when it is missing", () => {
    const { chat_id: _, ...body } = message;
    const problems = validateRequest("telegram", "sendMessage", body);
    expect(problems).toEqual(["chat_id: is required"]);
  });

  it("catches unknown fields, wrong types and bad nested objects", () => {
    const problems = validateRequest("telegram", "sendMessage", {
      chat_id: 1,
      text: 42,
      parse_mod: "HTML",
      entities: [{ type: "bold", offset: "0" }],
      reply_parameters: {},
    });
    expectProblem(problems, "parse_mod", "not a field");
    expectProblem(problems, "text", "must be string");
    expectProblem(problems, "entities[0].length", "is required");
    expectProblem(problems, "entities[0].offset", "must be integer");
    expectProblem(problems, "reply_parameters.message_id", "is required");
  });

  it("checks reply markups against the union of keyboard types", () => {
    const good = { chat_id: 1, text: "?", reply_markup: { force_reply: true } };
    expect(validateRequest("telegram", "sendMessage", good)).toEqual([]);
    const bad = { chat_id: 1, text: "?", reply_markup: { keyboard: "yes" } };
    expect(validateRequest("telegram", "sendMessage", bad)).not.toEqual([]);
  });

  it("accepts sendPhoto by URL, file id or upload, and refuses an empty photo", () => {
    const url = { chat_id: 1, photo: "https://shop.example/bf.jpg", caption: "30% off" };
    expect(validateRequest("telegram", "sendPhoto", url)).toEqual([]);
    const upload = { chat_id: 1, photo: new Blob(["jpeg"], { type: "image/jpeg" }) };
    expect(validateRequest("telegram", "sendPhoto", upload, { encoding: "form" })).toEqual([]);
    expectProblem(validateRequest("telegram", "sendPhoto", { chat_id: 1, photo: "" }), "photo");
    expectProblem(validateRequest("telegram", "sendPhoto", { chat_id: 1 }), "photo", "is required");
  });

  it("checks sendMediaGroup items by their type, count and album mixing", () => {
    const photo = { type: "photo", media: "attach://photo1", caption: "first" };
    const video = { type: "video", media: "https://shop.example/bf.mp4", supports_streaming: true };
    const ok = { chat_id: 1, media: [photo, video] };
    expect(validateRequest("telegram", "sendMediaGroup", ok)).toEqual([]);

    // "must include 2-10 items" (https://core.telegram.org/bots/api#sendmediagroup)
    expectProblem(
      validateRequest("telegram", "sendMediaGroup", { chat_id: 1, media: [photo] }),
      "media",
    );
    const eleven = Array.from({ length: 11 }, () => photo);
    expectProblem(
      validateRequest("telegram", "sendMediaGroup", { chat_id: 1, media: eleven }),
      "media",
    );

    const sticker = { type: "sticker", media: "x" };
    const problems = validateRequest("telegram", "sendMediaGroup", {
      chat_id: 1,
      media: [photo, sticker],
    });
    expectProblem(problems, "media[1].type", "must be one of");
    const noMedia = validateRequest("telegram", "sendMediaGroup", {
      chat_id: 1,
      media: [photo, { type: "photo" }],
    });
    expectProblem(noMedia, "media[1].media", "is required");

    // Documents only group with documents.
    const document = { type: "document", media: "attach://file1" };
    const mixed = validateRequest("telegram", "sendMediaGroup", {
      chat_id: 1,
      media: [photo, document],
    });
    expectProblem(mixed, "media[0].type", '"document"');
  });

  it("reads multipart bodies: strings coerced, JSON-serialized fields parsed", () => {
    const form = new FormData();
    form.set("chat_id", "-1001234567890");
    form.set(
      "media",
      JSON.stringify([
        { type: "photo", media: "attach://p1" },
        { type: "photo", media: "attach://p2", has_spoiler: true },
      ]),
    );
    form.set("disable_notification", "true");
    form.set("reply_parameters", JSON.stringify({ message_id: 7 }));
    form.set("p1", new Blob(["a"]), "a.jpg");
    form.set("p2", new Blob(["b"]), "b.jpg");
    // Attached files travel under their own names, which are not fields of the method.
    expect(validateRequest("telegram", "sendMediaGroup", form, { encoding: "form" })).toEqual([]);
    form.delete("p2");
    form.set("extra", "1");
    const problems = validateRequest("telegram", "sendMediaGroup", form, { encoding: "form" });
    expect(problems.sort()).toEqual([
      "extra: is not a field of this request",
      'media[1].media: no file part named "p2" for attach://p2',
    ]);

    const plain = {
      chat_id: "1",
      text: "hi",
      entities: '[{"type":"bold","offset":"0","length":"2"}]',
    };
    expect(validateRequest("telegram", "sendMessage", plain, { encoding: "form" })).toEqual([]);
    // The same strings in a JSON body are wrong.
    expectProblem(validateRequest("telegram", "sendMessage", plain), "entities", "must be array");
    const broken = { chat_id: "1", text: "hi", reply_markup: "{not json" };
    const brokenProblems = validateRequest("telegram", "sendMessage", broken, { encoding: "form" });
    expectProblem(brokenProblems, "reply_markup", "JSON-serialized");
    const badBool = { chat_id: "1", text: "hi", disable_notification: "maybe" };
    expectProblem(
      validateRequest("telegram", "sendMessage", badBool, { encoding: "form" }),
      "disable_notification",
      "boolean",
    );
  });

  it("does not change the caller's form body while coercing", () => {
    const reply = { message_id: "7" };
    const body = { chat_id: "1", text: "hi", reply_parameters: reply };
    expect(validateRequest("telegram", "sendMessage", body, { encoding: "form" })).toEqual([]);
    expect(reply.message_id).toBe("7");
  });

  it("getMe takes no parameters", () => {
    expect(validateRequest("telegram", "getMe", undefined)).toEqual([]);
    expect(validateRequest("telegram", "getMe", {})).toEqual([]);
    expectProblem(validateRequest("telegram", "getMe", { chat_id: 1 }), "chat_id", "not a field");
  });
});

describe("line", () => {
  // https://developers.line.biz/en/reference/messaging-api/#send-push-message (example request)
  const hello = [
    { type: "text", text: "Hello, world1" },
    { type: "text", text: "Hello, world2" },
  ];

  it("accepts the documented push, multicast, broadcast and reply examples", () => {
    expect(validateRequest("line", "push", { to: "U4af4980629", messages: hello })).toEqual([]);
    expect(
      validateRequest("line", "multicast", { to: ["U4af4980629", "Ua0264c0bd4"], messages: hello }),
    ).toEqual([]);
    expect(validateRequest("line", "broadcast", { messages: hello })).toEqual([]);
    const reply = {
      replyToken: "nHuyWiB7yP5Zw52FIkcQobQuGDXCTA",
      messages: [
        { type: "text", text: "Hello, user" },
        { type: "text", text: "May I help you?" },
      ],
    };
    expect(validateRequest("line", "reply", reply)).toEqual([]);
  });

  it("checks each message against the subtype its type selects", () => {
    const image = {
      type: "image",
      originalContentUrl: "https://example.com/original.jpg",
      previewImageUrl: "https://example.com/preview.jpg",
    };
    const sticker = { type: "sticker", packageId: "446", stickerId: "1988" };
    expect(validateRequest("line", "push", { to: "U1", messages: [image, sticker] })).toEqual([]);

    const noText = validateRequest("line", "push", { to: "U1", messages: [{ type: "text" }] });
    expect(noText).toEqual(["messages[0].text: is required"]);
    const noPreview = validateRequest("line", "push", {
      to: "U1",
      messages: [{ type: "image", originalContentUrl: "https://example.com/o.jpg" }],
    });
    expectProblem(noPreview, "messages[0].previewImageUrl", "is required");
  });

  it("refuses an unknown message type and a message without type", () => {
    const unknown = validateRequest("line", "push", {
      to: "U1",
      messages: [{ type: "gif", url: "x" }],
    });
    expectProblem(unknown, "messages[0].type", '"text"');
    const untyped = validateRequest("line", "push", { to: "U1", messages: [{ text: "hi" }] });
    expectProblem(untyped, "messages[0].type", "is required");
  });

  it("enforces the documented counts", () => {
    const six = Array.from({ length: 6 }, () => ({ type: "text", text: "x" }));
    expectProblem(validateRequest("line", "push", { to: "U1", messages: six }), "messages");
    expectProblem(validateRequest("line", "push", { to: "U1", messages: [] }), "messages");
    const to = Array.from({ length: 501 }, (_, i) => `U${i}`);
    expectProblem(validateRequest("line", "multicast", { to, messages: hello }), "to");
    expectProblem(
      validateRequest("line", "reply", { messages: hello }),
      "replyToken",
      "is required",
    );
  });

  it("accepts the documented narrowcast example with nested operators", () => {
    // https://developers.line.biz/en/reference/messaging-api/#send-narrowcast-message
    const body = {
      messages: [{ type: "text", text: "test message" }],
      recipient: {
        type: "operator",
        and: [
          { type: "audience", audienceGroupId: 5614991017776 },
          { type: "operator", not: { type: "audience", audienceGroupId: 4389303728991 } },
        ],
      },
      filter: {
        demographic: {
          type: "operator",
          or: [
            {
              type: "operator",
              and: [
                { type: "gender", oneOf: ["male", "female"] },
                { type: "age", gte: "age_20", lt: "age_25" },
                { type: "appType", oneOf: ["android", "ios"] },
                { type: "area", oneOf: ["jp_23", "jp_05"] },
                { type: "subscriptionPeriod", gte: "day_7", lt: "day_30" },
              ],
            },
            {
              type: "operator",
              and: [
                { type: "age", gte: "age_35", lt: "age_40" },
                { type: "operator", not: { type: "gender", oneOf: ["male"] } },
              ],
            },
          ],
        },
      },
      limit: { max: 100, upToRemainingQuota: true },
      notificationDisabled: false,
    };
    expect(validateRequest("line", "narrowcast", body)).toEqual([]);
  });

  it("checks demographic filters by their type", () => {
    const messages = [{ type: "text", text: "sale" }];
    const age = (gte: string) => ({
      messages,
      filter: { demographic: { type: "age", gte, lt: "age_40" } },
    });
    expect(validateRequest("line", "narrowcast", age("age_20"))).toEqual([]);
    expectProblem(
      validateRequest("line", "narrowcast", age("age_21")),
      "filter.demographic.gte",
      '"age_20"',
    );

    const gender = { messages, filter: { demographic: { type: "gender", oneOf: ["other"] } } };
    expectProblem(validateRequest("line", "narrowcast", gender), "filter.demographic.oneOf[0]");
    const nested = {
      messages,
      filter: { demographic: { type: "operator", and: [{ type: "age", gte: "age_99" }] } },
    };
    expectProblem(validateRequest("line", "narrowcast", nested), "filter.demographic.and[0].gte");
    const kind = { messages, filter: { demographic: { type: "income" } } };
    expectProblem(validateRequest("line", "narrowcast", kind), "filter.demographic.type");
    const limit = { messages, limit: { max: 0 } };
    expectProblem(validateRequest("line", "narrowcast", limit), "limit.max");
  });
});

describe("mastodon", () => {
  // https://docs.joinmastodon.org/methods/statuses/#create
  it("accepts text, media, text+media and poll statuses", () => {
    const text = { status: "Black Friday: 30% off", visibility: "public", language: "en" };
    expect(validateRequest("mastodon", "createStatus", text)).toEqual([]);
    expect(validateRequest("mastodon", "createStatus", { media_ids: ["22348641"] })).toEqual([]);
    const both = { status: "Look", media_ids: ["22348641"], sensitive: true, spoiler_text: "cw" };
    expect(validateRequest("mastodon", "createStatus", both)).toEqual([]);
    const poll = { status: "Which?", poll: { options: ["a", "b"], expires_in: 86400 } };
    expect(validateRequest("mastodon", "createStatus", poll)).toEqual([]);
  });

  it("refuses an unknown visibility, an empty status and media with a poll", () => {
    const secret = validateRequest("mastodon", "createStatus", {
      status: "x",
      visibility: "secret",
    });
    expect(secret).toHaveLength(1);
    expectProblem(secret, "visibility", '"unlisted"');
    const empty = validateRequest("mastodon", "createStatus", { visibility: "public" });
    expectProblem(empty, "status", "is required");
    expectProblem(empty, "media_ids", "is required");
    const both = { media_ids: ["1"], poll: { options: ["a", "b"], expires_in: 60 } };
    expectProblem(
      validateRequest("mastodon", "createStatus", both),
      "(body)",
      "media_ids and poll",
    );
    const typed = { status: "x", sensitive: "yes", media_ids: [1] };
    const problems = validateRequest("mastodon", "createStatus", typed);
    expectProblem(problems, "sensitive", "boolean");
    expectProblem(problems, "media_ids[0]", "string");
  });

  it("reads urlencoded bodies with bracket keys", () => {
    const form = new URLSearchParams("status=hi&media_ids[]=1&media_ids[]=2&sensitive=true");
    expect(validateRequest("mastodon", "createStatus", form, { encoding: "form" })).toEqual([]);
    const poll = new URLSearchParams(
      "status=Which&poll[options][]=a&poll[options][]=b&poll[expires_in]=3600&poll[multiple]=no",
    );
    const problems = validateRequest("mastodon", "createStatus", poll, { encoding: "form" });
    expect(problems).toEqual(["poll.multiple: must be boolean"]);
  });

  it("createMedia is multipart: any non-empty file is accepted", () => {
    // https://docs.joinmastodon.org/methods/media/#v2
    const form = new FormData();
    form.set("file", new Blob(["png"], { type: "image/png" }), "sale.png");
    form.set("description", "A red sale banner");
    form.set("focus", "-0.5,0.25");
    expect(validateRequest("mastodon", "createMedia", form)).toEqual([]);
    expect(validateRequest("mastodon", "createMedia", { file: "raw bytes" })).toEqual([]);
    expectProblem(
      validateRequest("mastodon", "createMedia", { description: "x" }),
      "file",
      "required",
    );
    expectProblem(validateRequest("mastodon", "createMedia", { file: "" }), "file", "empty");
  });
});

describe("createRequestValidator", () => {
  it("gives independent validators with the same answers", () => {
    const a = createRequestValidator();
    const b = createRequestValidator();
    const body = { to: "U1", messages: [{ type: "text" }] };
    expect(a.validateRequest("line", "push", body)).toEqual(["messages[0].text: is required"]);
    expect(b.validateRequest("line", "push", body)).toEqual(
      a.validateRequest("line", "push", body),
    );
    expect(a.hasSchema("mastodon", "createMedia")).toBe(true);
  });
});
