// What each platform's events become: the normalized events with ids, author, text, time, raw
// payload and a replyTo target; and the platform events with their typed payloads.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { NormalizedEvent, PlatformEvent } from "../../src/index.js";
import {
  lineBodies,
  mastodonPayload,
  mastodonReply,
  mastodonReport,
  T0,
  telegramUpdates,
} from "./fixtures.js";
import { type Platform, signed, webhookHerald } from "./helpers.js";

const NORMALIZED = [
  "message",
  "comment",
  "reaction",
  "share",
  "mention",
  "follow",
  "unfollow",
  "delivery",
  "postback",
] as const;

/** Delivers `body` and returns the normalized events, in order, and the platform events. */
async function deliver(platform: Platform, body: unknown, herald = webhookHerald()) {
  const normalized: NormalizedEvent[] = [];
  const platformEvents: PlatformEvent[] = [];
  for (const name of NORMALIZED) herald.webhooks.on(name, (e) => void normalized.push(e));
  // every platform event the fixtures hold
  for (const name of [
    "telegram.message",
    "telegram.message_reaction",
    "telegram.callback_query",
    "telegram.my_chat_member",
    "telegram.chat_member",
    "telegram.edited_message",
    "line.message",
    "line.follow",
    "line.postback",
    "line.unfollow",
    "mastodon.status.created",
    "mastodon.report.created",
  ] as const) {
    herald.webhooks.on(name, (e) => void platformEvents.push(e as PlatformEvent));
  }
  const response = await herald.webhooks.handle(signed(platform, JSON.stringify(body)));
  expect(response.status).toBe(200);
  return { normalized, platformEvents };
}

describe("Telegram", () => {
  it("a private message: a direct `message` answerable in the chat as a reply", async () => {
    const { normalized, platformEvents } = await deliver("telegram", telegramUpdates.message);
    expect(normalized).toEqual([
      {
        type: "message",
        platform: "telegram",
        account: "default",
        id: "700001",
        chatId: "4242",
        messageId: "51",
        direct: true,
        text: "Do you ship to Lyon?",
        author: { id: "4242", name: "Ada L", username: "ada" },
        time: new Date(T0),
        raw: telegramUpdates.message.message,
        replyTo: {
          platform: "telegram",
          account: "default",
          chat: "4242",
          reply: { messageId: "51" },
        },
      },
    ]);
    expect(platformEvents).toEqual([
      {
        name: "telegram.message",
        platform: "telegram",
        account: "default",
        id: "700001",
        time: new Date(T0),
        redelivery: false,
        payload: telegramUpdates.message.message,
      },
    ]);
  });

  it("a reaction change: one event per reaction added or taken back", async () => {
    const { normalized } = await deliver("telegram", telegramUpdates.reaction);
    expect(normalized.map((e) => e.type === "reaction" && [e.reaction, e.removed])).toEqual([
      ["❤", false],
      ["paid", false],
      ["👍", true],
    ]);
    expect(normalized[0]).toMatchObject({
      targetId: "77",
      chatId: "-1001234567890",
      author: { id: "4242" },
    });
  });

  it("a button press: a `postback` with its data", async () => {
    const { normalized } = await deliver("telegram", telegramUpdates.callback);
    expect(normalized).toMatchObject([
      {
        type: "postback",
        data: "buy:sku-9",
        chatId: "4242",
        messageId: "60",
        replyTo: { chat: "4242" },
      },
    ]);
  });

  it("a user blocking the bot: `unfollow`; joining a channel: `follow` of that channel", async () => {
    const blocked = await deliver("telegram", telegramUpdates.blocked);
    expect(blocked.normalized).toMatchObject([{ type: "unfollow", author: { id: "99" } }]);
    expect(blocked.normalized[0]?.replyTo).toBeUndefined();
    const joined = await deliver("telegram", telegramUpdates.joined);
    expect(joined.normalized).toMatchObject([
      { type: "follow", chatId: "-1009876543210", author: { id: "4242", username: "ada" } },
    ]);
  });

  it("a reply to a channel post in its discussion group: a `comment` on that post", async () => {
    const { normalized } = await deliver("telegram", telegramUpdates.comment);
    expect(normalized).toMatchObject([
      { type: "comment", postId: "345", commentId: "812", text: "Great deal!" },
    ]);
  });

  it("an edit: the platform event only", async () => {
    const { normalized, platformEvents } = await deliver("telegram", telegramUpdates.edited);
    expect(normalized).toEqual([]);
    expect(platformEvents.map((e) => e.name)).toEqual(["telegram.edited_message"]);
  });
});

describe("LINE", () => {
  it("a text message: `message` with a reply token valid for one minute", async () => {
    const herald = webhookHerald({ clock: { now: () => T0 + 500, sleep: async () => {} } });
    const { normalized, platformEvents } = await deliver("line", lineBodies.message, herald);
    const event = lineBodies.message.events[0]!;
    expect(normalized).toEqual([
      {
        type: "message",
        platform: "line",
        account: "default",
        id: event.webhookEventId,
        chatId: event.source.userId,
        messageId: "444573844083572737",
        direct: true,
        text: "Is the sale still on?",
        author: { id: event.source.userId },
        time: new Date(T0),
        raw: event,
        replyTo: {
          platform: "line",
          account: "default",
          chat: event.source.userId,
          reply: { token: event.replyToken, tokenExpiresAt: T0 + 500 + 60_000 },
        },
      },
    ]);
    expect(platformEvents[0]).toMatchObject({
      name: "line.message",
      id: event.webhookEventId,
      payload: event,
    });
  });

  it("several events in one delivery are dispatched in order", async () => {
    const { normalized, platformEvents } = await deliver("line", lineBodies.followAndPostback);
    expect(platformEvents.map((e) => e.name)).toEqual(["line.follow", "line.postback"]);
    expect(normalized).toMatchObject([
      { type: "follow", author: { id: "U4af4980629a2b3c4d5e6f708192a3b4c" } },
      {
        type: "postback",
        data: "action=buy&itemid=111",
        chatId: "C4af4980629a2b3c4d5e6f708192a3b4c",
      },
    ]);
  });

  it("an unfollow (block) has no replyTo", async () => {
    const { normalized } = await deliver("line", lineBodies.unfollow);
    expect(normalized).toHaveLength(1);
    expect(normalized[0]).toMatchObject({ type: "unfollow" });
    expect(normalized[0]?.replyTo).toBeUndefined();
  });

  it("a redelivery is flagged, and deduplicated by webhookEventId", async () => {
    const herald = webhookHerald();
    const seen: PlatformEvent[] = [];
    herald.webhooks.on("line.unfollow", (e) => void seen.push(e));
    const redelivered = structuredClone(lineBodies.unfollow);
    redelivered.events[0]!.deliveryContext.isRedelivery = true;
    await herald.webhooks.handle(signed("line", JSON.stringify(redelivered)));
    await herald.webhooks.handle(signed("line", JSON.stringify(lineBodies.unfollow)));
    expect(seen.map((e) => e.redelivery)).toEqual([true]);
  });

  it("an event without webhookEventId (an older payload): normalized, with an id from its content", async () => {
    // the text message example of https://developers.line.biz/en/reference/messaging-api/#message-event
    // as the reference showed it before webhookEventId and deliveryContext were added (also the
    // example of line-bot-sdk-nodejs's README of the time)
    const event = {
      replyToken: "nHuyWiB7yP5Zw52FIkcQobQuGDXCTA",
      type: "message",
      mode: "active",
      timestamp: 1462629479859,
      source: { type: "user", userId: "U4af4980629a2b3c4d5e6f708192a3b4c" },
      message: { id: "325708", type: "text", text: "Hello, world" },
    };
    const body = { destination: "xxxxxxxxxx", events: [event] };
    // the documented derivation, computed here with node:crypto
    const digest = createHash("sha256").update(JSON.stringify(event)).digest("hex");
    const id = `sha256:${digest.slice(0, 32)}`;
    const herald = webhookHerald();
    const first = await deliver("line", body, herald);
    expect(first.normalized).toMatchObject([
      {
        type: "message",
        id,
        messageId: "325708",
        text: "Hello, world",
        chatId: event.source.userId,
      },
    ]);
    expect(first.platformEvents).toMatchObject([{ name: "line.message", id, payload: event }]);
    // the same event delivered again is a duplicate; a different one is not
    const again = await deliver("line", body, herald);
    expect([...again.normalized, ...again.platformEvents]).toEqual([]);
    const other = { ...event, message: { ...event.message, id: "325709" } };
    const next = await deliver("line", { ...body, events: [other] }, herald);
    expect(next.normalized).toHaveLength(1);
    expect(next.normalized[0]?.id).not.toBe(id);
  });

  it("the console's Verify request (no events): 200, nothing dispatched", async () => {
    const { normalized, platformEvents } = await deliver("line", lineBodies.verify);
    expect([...normalized, ...platformEvents]).toEqual([]);
  });
});

describe("Mastodon", () => {
  it("a reply to the account's status: a `comment` answerable with a reply status", async () => {
    const { normalized, platformEvents } = await deliver(
      "mastodon",
      mastodonPayload("status.created", mastodonReply),
    );
    expect(normalized).toEqual([
      {
        type: "comment",
        platform: "mastodon",
        account: "default",
        id: "1101",
        postId: "1100",
        commentId: "1101",
        text: "@shop Does it come in blue? & red?",
        author: { id: "109348503340", name: "Ada", username: "ada@example.social" },
        time: new Date(T0),
        raw: mastodonReply,
        replyTo: { platform: "mastodon", account: "default", reply: { messageId: "1101" } },
      },
    ]);
    expect(platformEvents[0]).toMatchObject({
      name: "mastodon.status.created",
      payload: mastodonReply,
    });
  });

  it("a boost of the account's status is a `share`; a mention elsewhere a `mention`", async () => {
    const boost = {
      ...mastodonReply,
      id: "1200",
      in_reply_to_id: null,
      in_reply_to_account_id: null,
      mentions: [],
      content: "",
      reblog: { ...mastodonReply, id: "1100", account: { ...mastodonReply.account, id: "42" } },
    };
    const shared = await deliver("mastodon", mastodonPayload("status.created", boost));
    expect(shared.normalized).toMatchObject([{ type: "share", postId: "1100", shareId: "1200" }]);
    const mention = {
      ...mastodonReply,
      id: "1300",
      in_reply_to_id: null,
      in_reply_to_account_id: null,
    };
    const mentioned = await deliver("mastodon", mastodonPayload("status.created", mention));
    expect(mentioned.normalized).toMatchObject([{ type: "mention", postId: "1300" }]);
  });

  it("with webhookAccountId, engagement with other accounts is not normalized", async () => {
    const elsewhere = { ...mastodonReply, in_reply_to_account_id: "777", mentions: [] };
    const { normalized, platformEvents } = await deliver(
      "mastodon",
      mastodonPayload("status.created", elsewhere),
    );
    expect(normalized).toEqual([]);
    expect(platformEvents).toHaveLength(1);
  });

  it("a report: the platform event only, with the object as payload", async () => {
    const { normalized, platformEvents } = await deliver(
      "mastodon",
      mastodonPayload("report.created", mastodonReport),
    );
    expect(normalized).toEqual([]);
    expect(platformEvents[0]).toMatchObject({
      name: "mastodon.report.created",
      payload: { id: "8437", category: "violation" },
      time: new Date(T0),
    });
  });
});
