// Webhook deliveries as each platform sends them, signed here with node:crypto from the platforms'
// documented algorithms (never with the code under test), plus the tampered variants.
import { signatureHeaders } from "../../webhooks/helpers.js";
import { type Platform, SECRETS } from "./fixtures.js";

/** One HTTP request to send to a server under test. */
export interface Delivery {
  platform: Platform;
  method: "POST";
  path: string;
  headers: Record<string, string>;
  body: string;
}

let sequence = 0;
/** A number no other delivery of this process uses (update ids, event ids, status ids). */
const next = () => ++sequence;

const NOW_S = Math.floor(Date.now() / 1000);
const LINE_USER = "U4af4980629d8ca9d9c1e3b5a1f2e3d4c"; // "U" + 32 hex: the shape of a LINE user id
const LINE_BOT = "Ufedcba9876543210fedcba9876543210";

/** A Telegram Update with a text message (https://core.telegram.org/bots/api#update). */
export function telegramMessage(text: string): string {
  const id = next();
  return JSON.stringify({
    update_id: 900_000 + id,
    message: {
      message_id: id,
      date: NOW_S,
      chat: { id: 4242, type: "private", first_name: "Ada" },
      from: { id: 4242, is_bot: false, first_name: "Ada", language_code: "en" },
      text,
    },
  });
}

/** A LINE webhook event envelope (https://developers.line.biz/en/reference/messaging-api/#webhook-event-objects). */
function lineEnvelope(event: Record<string, unknown>): string {
  const id = next();
  return JSON.stringify({
    destination: LINE_BOT,
    events: [
      {
        mode: "active",
        timestamp: NOW_S * 1000,
        source: { type: "user", userId: LINE_USER },
        // webhookEventId is a ULID: 26 Crockford base-32 characters.
        webhookEventId: `01JDRUNT1MES${String(id).padStart(14, "0")}`,
        deliveryContext: { isRedelivery: false },
        replyToken: `b60d432864f44d079f6d8efe86cf4${String(id).padStart(3, "0")}`,
        ...event,
      },
    ],
  });
}

/**
 * What LINE's console sends when the webhook URL is verified: no events
 * (https://developers.line.biz/en/reference/messaging-api/#response).
 */
export function lineVerification(): string {
  return JSON.stringify({ destination: LINE_BOT, events: [] });
}

/** A LINE text message event. */
export function lineMessage(text: string): string {
  const id = String(next());
  return lineEnvelope({
    type: "message",
    message: {
      id: `4687${id.padStart(14, "0")}`,
      type: "text",
      quoteToken: `q3Plxr4AgKd${id}`,
      text,
    },
  });
}

/** A LINE postback event (https://developers.line.biz/en/reference/messaging-api/#postback-event). */
export function linePostback(data: string): string {
  return lineEnvelope({ type: "postback", postback: { data } });
}

/** A LINE follow event (https://developers.line.biz/en/reference/messaging-api/#follow-event). */
export function lineFollow(): string {
  return lineEnvelope({ type: "follow", follow: { isUnblocked: false } });
}

/** A Mastodon admin webhook `status.created` (https://docs.joinmastodon.org/methods/admin/webhooks/). */
export function mastodonStatusCreated(text: string): string {
  const id = `1100000${String(next()).padStart(11, "0")}`; // a Snowflake-like id, as a string
  const at = new Date(NOW_S * 1000).toISOString();
  return JSON.stringify({
    event: "status.created",
    created_at: at,
    object: {
      id,
      created_at: at,
      in_reply_to_id: null,
      in_reply_to_account_id: null,
      sensitive: false,
      spoiler_text: "",
      visibility: "public",
      language: "en",
      uri: `https://mastodon.example/users/ada/statuses/${id}`,
      url: `https://mastodon.example/@ada/${id}`,
      replies_count: 0,
      reblogs_count: 0,
      favourites_count: 0,
      edited_at: null,
      content: `<p>${text}</p>`,
      reblog: null,
      application: null,
      account: {
        id: "109000000000000001",
        username: "ada",
        acct: "ada",
        display_name: "Ada",
        locked: false,
        bot: false,
        discoverable: true,
        group: false,
        created_at: "2024-01-01T00:00:00.000Z",
        note: "",
        url: "https://mastodon.example/@ada",
        uri: "https://mastodon.example/users/ada",
        avatar: "https://mastodon.example/avatars/original/missing.png",
        avatar_static: "https://mastodon.example/avatars/original/missing.png",
        header: "https://mastodon.example/headers/original/missing.png",
        header_static: "https://mastodon.example/headers/original/missing.png",
        followers_count: 1,
        following_count: 1,
        statuses_count: 1,
        last_status_at: at.slice(0, 10),
        emojis: [],
        fields: [],
      },
      media_attachments: [],
      mentions: [],
      tags: [],
      emojis: [],
      card: null,
      poll: null,
    },
  });
}

/** A delivery of `body` to `/webhooks/<platform>`, signed with `secret` (default: the current one). */
export function signed(
  platform: Platform,
  body: string,
  secret: string = SECRETS[platform].current,
): Delivery {
  return {
    platform,
    method: "POST",
    path: `/webhooks/${platform}`,
    // node:crypto, from each platform's documented algorithm (test/webhooks/helpers.ts)
    headers: { "content-type": "application/json", ...signatureHeaders(platform, body, secret) },
    body,
  };
}

/**
 * The same delivery altered on the way: its text ("hello" → "HELLO") changed after signing (LINE,
 * Mastodon). Telegram
 * signs nothing, it only sends the secret token: its tampered delivery carries a wrong token.
 */
export function tampered(delivery: Delivery): Delivery {
  if (delivery.platform === "telegram") {
    const headers = { ...delivery.headers, "x-telegram-bot-api-secret-token": "not-the-secret" };
    return { ...delivery, headers };
  }
  const body = delivery.body.replaceAll("hello", "HELLO");
  if (body === delivery.body)
    throw new Error("tampered() changes the word hello: the body has none");
  return { ...delivery, body };
}

/** One new text message event on `platform`, in the platform's own shape. */
export function messageOn(platform: Platform, text: string): string {
  if (platform === "telegram") return telegramMessage(text);
  if (platform === "line") return lineMessage(text);
  return mastodonStatusCreated(text);
}
