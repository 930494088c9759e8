// Webhook payloads shaped as the platforms document them; `satisfies` checks each one against
// the types generated from the official specs (scripts/extract-specs.ts).
import type { LineCallbackRequest } from "../../src/adapters/line/index.js";
import type { MastodonAdminReport, MastodonStatus } from "../../src/adapters/mastodon/index.js";
import type { TelegramUpdate } from "../../src/adapters/telegram/index.js";

/** 2026-03-01T12:00:00Z, the time of every fixture. */
export const T0 = Date.UTC(2026, 2, 1, 12);
const seconds = T0 / 1000;

const tgUser = { id: 4242, is_bot: false, first_name: "Ada", last_name: "L", username: "ada" };
const tgPrivate = { id: 4242, type: "private" as const, first_name: "Ada" };
const tgGroup = { id: -1001234567890, type: "supergroup" as const, title: "Shop chat" };

/** Telegram updates (https://core.telegram.org/bots/api#update). */
export const telegramUpdates = {
  message: {
    update_id: 700001,
    message: {
      message_id: 51,
      date: seconds,
      chat: tgPrivate,
      from: tgUser,
      text: "Do you ship to Lyon?",
    },
  },
  reaction: {
    update_id: 700002,
    message_reaction: {
      chat: tgGroup,
      message_id: 77,
      user: tgUser,
      date: seconds,
      old_reaction: [{ type: "emoji", emoji: "👍" }],
      new_reaction: [{ type: "emoji", emoji: "❤" }, { type: "paid" }],
    },
  },
  callback: {
    update_id: 700003,
    callback_query: {
      id: "cbq-1",
      from: tgUser,
      chat_instance: "ci-1",
      data: "buy:sku-9",
      message: { message_id: 60, date: seconds, chat: tgPrivate, text: "Pick one" },
    },
  },
  blocked: {
    update_id: 700004,
    my_chat_member: {
      chat: tgPrivate,
      from: tgUser,
      date: seconds,
      old_chat_member: { status: "member", user: { id: 99, is_bot: true, first_name: "ShopBot" } },
      new_chat_member: {
        status: "kicked",
        user: { id: 99, is_bot: true, first_name: "ShopBot" },
        until_date: 0,
      },
    },
  },
  joined: {
    update_id: 700005,
    chat_member: {
      chat: { id: -1009876543210, type: "channel" as const, title: "Shop news" },
      from: tgUser,
      date: seconds,
      old_chat_member: { status: "left", user: tgUser },
      new_chat_member: { status: "member", user: tgUser },
    },
  },
  comment: {
    update_id: 700006,
    message: {
      message_id: 812,
      date: seconds,
      chat: tgGroup,
      from: tgUser,
      text: "Great deal!",
      reply_to_message: {
        message_id: 811,
        date: seconds - 60,
        chat: tgGroup,
        is_automatic_forward: true,
        text: "Black Friday: 30% off",
        forward_origin: {
          type: "channel",
          date: seconds - 60,
          chat: { id: -1009876543210, type: "channel" as const, title: "Shop news" },
          message_id: 345,
        },
      },
    },
  },
  edited: {
    update_id: 700007,
    edited_message: {
      message_id: 51,
      date: seconds,
      edit_date: seconds + 5,
      chat: tgPrivate,
      from: tgUser,
      text: "Do you ship to Lyon, France?",
    },
  },
} satisfies Record<string, TelegramUpdate>;

/** An update of a kind newer than the Bot API version the types come from. */
export const telegramFutureUpdate = {
  update_id: 700099,
  story_reaction: { story_id: 5, emoji: "🔥" },
};

const lineUser = "U4af4980629a2b3c4d5e6f708192a3b4c";
const lineGroup = "C4af4980629a2b3c4d5e6f708192a3b4c";
const lineBase = {
  timestamp: T0,
  mode: "active" as const,
  deliveryContext: { isRedelivery: false },
};

/** LINE webhook bodies (https://developers.line.biz/en/reference/messaging-api/#webhook-event-objects). */
export const lineBodies = {
  message: {
    destination: "Uxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    events: [
      {
        ...lineBase,
        type: "message",
        webhookEventId: "01JNZ2Y5Q8XKQ3M1V2B3N4M5P6",
        source: { type: "user", userId: lineUser },
        replyToken: "nHuyWiB7yP5Zw52FIkcQobQuGDXCTA",
        message: {
          id: "444573844083572737",
          type: "text",
          text: "Is the sale still on?",
          quoteToken: "q3Plxr4AgKd...",
        },
      },
    ],
  },
  followAndPostback: {
    destination: "Uxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    events: [
      {
        ...lineBase,
        type: "follow",
        webhookEventId: "01JNZ2Y5Q8XKQ3M1V2B3N4M5P7",
        source: { type: "user", userId: lineUser },
        replyToken: "757913772c4646b784d4b7ce46d12671",
        follow: { isUnblocked: false },
      },
      {
        ...lineBase,
        type: "postback",
        webhookEventId: "01JNZ2Y5Q8XKQ3M1V2B3N4M5P8",
        source: { type: "group", groupId: lineGroup, userId: lineUser },
        replyToken: "b60d432864f44d079f6d8efe86cf404b",
        postback: { data: "action=buy&itemid=111" },
      },
    ],
  },
  unfollow: {
    destination: "Uxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    events: [
      {
        ...lineBase,
        type: "unfollow",
        webhookEventId: "01JNZ2Y5Q8XKQ3M1V2B3N4M5P9",
        source: { type: "user", userId: lineUser },
      },
    ],
  },
  /** What the console's "Verify" button sends. */
  verify: { destination: "Uxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", events: [] },
} satisfies Record<string, LineCallbackRequest>;

/** A LINE event type the spec does not list (LINE Things scenario results). */
export const lineFutureBody = {
  destination: "Uxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
  events: [
    {
      ...lineBase,
      type: "things",
      webhookEventId: "01JNZ2Y5Q8XKQ3M1V2B3N4M5PA",
      source: { type: "user", userId: lineUser },
      things: { deviceId: "t2000", type: "link" },
    },
  ],
};

const mastodonAccount = {
  id: "109348503340",
  uri: "https://example.social/users/ada",
  indexable: true,
  username: "ada",
  acct: "ada@example.social",
  url: "https://example.social/@ada",
  display_name: "Ada",
  note: "",
  avatar: "https://example.social/avatars/ada.png",
  avatar_static: "https://example.social/avatars/ada.png",
  header: "https://example.social/headers/ada.png",
  header_static: "https://example.social/headers/ada.png",
  locked: false,
  fields: [],
  emojis: [],
  bot: false,
  group: false,
  discoverable: true,
  created_at: "2024-01-01T00:00:00.000Z",
  last_status_at: "2026-03-01",
  statuses_count: 3,
  followers_count: 1,
  following_count: 1,
};

/** A reply to the shop account's status 1100 (https://docs.joinmastodon.org/entities/Status/). */
export const mastodonReply = {
  id: "1101",
  uri: "https://example.social/users/ada/statuses/1101",
  url: "https://example.social/@ada/1101",
  created_at: new Date(T0).toISOString(),
  account: mastodonAccount,
  content:
    '<p><span class="h-card"><a href="https://shop.example/@shop">@shop</a></span> Does it come in blue?&nbsp;&amp; red?</p>',
  visibility: "public",
  sensitive: false,
  spoiler_text: "",
  media_attachments: [],
  mentions: [{ id: "42", username: "shop", acct: "shop", url: "https://shop.example/@shop" }],
  tags: [],
  emojis: [],
  reblogs_count: 0,
  favourites_count: 0,
  replies_count: 0,
  in_reply_to_id: "1100",
  in_reply_to_account_id: "42",
  reblog: null,
  language: "en",
  edited_at: null,
} satisfies MastodonStatus;

/** An admin webhook payload (https://docs.joinmastodon.org/admin/webhooks). */
export function mastodonPayload(event: string, object: unknown) {
  return { event, created_at: new Date(T0).toISOString(), object };
}

/** A report as `report.created` carries it (trimmed to the fields Herald reads). */
export const mastodonReport = {
  id: "8437",
  action_taken: false,
  category: "violation",
  comment: "",
  forwarded: true,
  created_at: new Date(T0).toISOString(),
  updated_at: new Date(T0).toISOString(),
} satisfies Partial<MastodonAdminReport>;
