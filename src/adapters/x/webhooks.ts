import type {
  AdapterWebhooks,
  WebhookEventOutput,
  WebhookRequest,
  WebhookTools,
} from "../../webhooks/contract.js";
import { toBase64 } from "../../webhooks/encoding.js";
import type { EventAuthor, NormalizedEvent } from "../../webhooks/events.js";
import { parseJsonObject } from "../../webhooks/json.js";
import { verifyHmacHeader } from "../../webhooks/signature.js";
import type {
  XActivityTweet,
  XActivityUser,
  XDirectMessageEvent,
  XFavoriteEvent,
  XFollowEvent,
  XUserEvent,
  XWebhookEvents,
} from "./events.js";

const PLATFORM = "x";
const SIGNATURE_HEADER = "x-twitter-webhooks-signature";

type Output = WebhookEventOutput<XWebhookEvents>;

function author(user: XActivityUser | undefined): EventAuthor | undefined {
  if (user?.id_str === undefined) return undefined;
  return {
    id: user.id_str,
    ...(typeof user.name === "string" ? { name: user.name } : {}),
    ...(typeof user.screen_name === "string" ? { username: user.screen_name } : {}),
  };
}

function time(ms: unknown, fallback: number): number {
  const n = Number(ms);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

/** What one kind of Account Activity event becomes. */
interface Context {
  forUser: string;
  account: string;
  receivedAt: number;
}

function fromTweet(tweet: XActivityTweet, c: Context): Output {
  const at = time(tweet.timestamp_ms, c.receivedAt);
  const base = {
    platform: PLATFORM,
    account: c.account,
    time: new Date(at),
    raw: tweet,
    ...(author(tweet.user) ? { author: author(tweet.user) } : {}),
  };
  const text = tweet.extended_tweet?.full_text ?? tweet.text;
  const withText = text !== undefined ? { text } : {};
  const replyTo = { platform: PLATFORM, account: c.account, reply: { messageId: tweet.id_str } };
  const normalized: NormalizedEvent[] = [];
  const mine = (t: XActivityTweet | undefined) => t?.user?.id_str === c.forUser;
  if (tweet.user?.id_str === c.forUser) {
    // the account's own post: no engagement
  } else if (tweet.retweeted_status && mine(tweet.retweeted_status)) {
    const postId = tweet.retweeted_status.id_str;
    normalized.push({ ...base, type: "share", id: tweet.id_str, postId, shareId: tweet.id_str });
  } else if (tweet.in_reply_to_user_id_str === c.forUser && tweet.in_reply_to_status_id_str) {
    const postId = tweet.in_reply_to_status_id_str;
    normalized.push({
      ...base,
      ...withText,
      type: "comment",
      id: tweet.id_str,
      postId,
      commentId: tweet.id_str,
      replyTo,
    });
  } else if (tweet.quoted_status && mine(tweet.quoted_status)) {
    normalized.push({
      ...base,
      ...withText,
      type: "share",
      id: tweet.id_str,
      postId: tweet.quoted_status.id_str,
      shareId: tweet.id_str,
    });
  } else if (tweet.entities?.user_mentions?.some((m) => m.id_str === c.forUser)) {
    normalized.push({
      ...base,
      ...withText,
      type: "mention",
      id: tweet.id_str,
      postId: tweet.id_str,
      replyTo,
    });
  }
  return {
    name: "x.tweet_create",
    id: `tweet:${c.forUser}:${tweet.id_str}`,
    time: at,
    normalized,
    payload: { ...tweet, for_user_id: c.forUser },
  };
}

function fromFavorite(event: XFavoriteEvent, c: Context): Output {
  const at = time(event.timestamp_ms, c.receivedAt);
  const normalized: NormalizedEvent[] = [];
  const liker = author(event.user);
  if (event.favorited_status?.user?.id_str === c.forUser && event.user?.id_str !== c.forUser) {
    normalized.push({
      type: "reaction",
      platform: PLATFORM,
      account: c.account,
      id: event.id,
      ...(liker ? { author: liker } : {}),
      time: new Date(at),
      raw: event,
      targetId: event.favorited_status.id_str,
      reaction: "like",
      removed: false,
    });
  }
  return {
    name: "x.favorite",
    id: `favorite:${c.forUser}:${event.id}`,
    time: at,
    normalized,
    payload: { ...event, for_user_id: c.forUser },
  };
}

function fromFollow(event: XFollowEvent, c: Context): Output {
  const at = time(event.created_timestamp, c.receivedAt);
  const source = event.source?.id_str ?? "";
  const normalized: NormalizedEvent[] = [];
  const follower = author(event.source);
  if (event.target?.id_str === c.forUser && source !== c.forUser) {
    normalized.push({
      type: event.type === "unfollow" ? "unfollow" : "follow",
      platform: PLATFORM,
      account: c.account,
      id: `${event.type}:${source}:${at}`,
      ...(follower ? { author: follower } : {}),
      time: new Date(at),
      raw: event,
      // answering a follower is a Direct Message
      replyTo: { platform: PLATFORM, account: c.account, chat: source },
    });
  }
  return {
    name: "x.follow",
    id: `follow:${c.forUser}:${event.type}:${source}:${at}`,
    time: at,
    normalized,
    payload: { ...event, for_user_id: c.forUser },
  };
}

function fromDirectMessage(
  event: XDirectMessageEvent,
  users: Record<string, XActivityUser>,
  c: Context,
): Output {
  const at = time(event.created_timestamp, c.receivedAt);
  const sender = event.message_create?.sender_id;
  const normalized: NormalizedEvent[] = [];
  if (event.type === "message_create" && sender !== undefined && sender !== c.forUser) {
    const text = event.message_create?.message_data?.text;
    normalized.push({
      type: "message",
      platform: PLATFORM,
      account: c.account,
      id: event.id,
      author: author(users[sender]) ?? { id: sender },
      ...(text !== undefined ? { text } : {}),
      time: new Date(at),
      raw: event,
      chatId: sender,
      messageId: event.id,
      direct: true,
      replyTo: { platform: PLATFORM, account: c.account, chat: sender },
    });
  }
  return {
    name: "x.direct_message",
    id: `dm:${c.forUser}:${event.id}`,
    time: at,
    normalized,
    payload: { ...event, for_user_id: c.forUser },
  };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** An item of an `*_events` array the adapter does not read: to the `unknown` handlers. */
function unknownItem(key: string, item: unknown, forUser: string): Output {
  const payload = isObject(item) ? { ...item, for_user_id: forUser } : item;
  return { name: null, type: key.replace(/_events$/, ""), payload };
}

/** A revocation (`user_event`): the platform event and a normalized `revoke`. */
function fromUserEvent(event: XUserEvent, { forUser: user, account, receivedAt }: Context): Output {
  const revoke = event.revoke ?? {};
  const parsed = Date.parse(revoke.date_time ?? "");
  const at = Number.isFinite(parsed) ? parsed : receivedAt;
  const appId = revoke.target?.app_id;
  const normalized: NormalizedEvent[] = [];
  if (event.revoke !== undefined) {
    normalized.push({
      type: "revoke",
      platform: PLATFORM,
      account,
      id: `revoke:${user}:${appId ?? ""}:${at}`,
      author: { id: user },
      time: new Date(at),
      raw: event,
      ...(appId !== undefined && { appId }),
    });
  }
  return {
    name: "x.user_event",
    id: `user_event:${user}:${appId ?? ""}:${at}`,
    time: at,
    normalized,
    payload: { ...event, for_user_id: user },
  };
}

/** The user a `user_event` delivery is about, or `undefined` when it is not one. */
function revokingUser(body: Record<string, unknown>): string | undefined {
  const event = body.user_event as XUserEvent | undefined;
  const user = event?.revoke?.source?.user_id;
  return typeof user === "string" && user !== "" ? user : undefined;
}

/**
 * The webhook hook of the X adapter for the Account Activity API
 * (https://docs.x.com/x-api/webhooks/introduction):
 * - the CRC check: `GET ?crc_token=...` is answered
 *   `{"response_token": "sha256=" + base64(HMAC-SHA256(consumer secret, crc_token))}`;
 * - every delivery is signed: `x-twitter-webhooks-signature: sha256=<base64 HMAC-SHA256 of the
 *   raw body>` under the consumer secret; checked against each secret given (rotation);
 * - `tweet_create_events`, `favorite_events`, `follow_events` and `direct_message_events` become
 *   `x.*` events and, where the user is on the receiving end, normalized `comment`, `mention`,
 *   `share`, `reaction`, `follow`, `unfollow` and `message` events. Other keys reach `unknown`;
 * - a `user_event` (the user revoked the app's access; it carries no `for_user_id`) becomes
 *   `x.user_event` and a normalized `revoke`.
 */
export function xWebhooks(
  secrets: readonly string[],
  accountOf: (forUserId: string) => string,
): AdapterWebhooks<XWebhookEvents> {
  return {
    methods: ["POST"],
    async handshake(request: WebhookRequest, { crypto }: WebhookTools) {
      if (request.method !== "GET") return undefined;
      const token = request.url.searchParams.get("crc_token");
      const secret = secrets[0];
      if (!token || secret === undefined) return { status: 400, body: "crc_token required" };
      const digest = await crypto.hmac("SHA-256", secret, token);
      return {
        status: 200,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ response_token: `sha256=${toBase64(digest)}` }),
      };
    },
    verify: (request, { crypto }) =>
      verifyHmacHeader(crypto, request.headers.get(SIGNATURE_HEADER), {
        algorithm: "SHA-256",
        secrets,
        data: request.body,
        encoding: "base64",
        prefix: "sha256=",
      }),
    parse(request) {
      const body = parseJsonObject(request.text());
      if (body === undefined) return { ok: false, reason: "the body is not a JSON object" };
      const forUser = body.for_user_id ?? revokingUser(body);
      if (typeof forUser !== "string" || forUser === "") {
        return { ok: false, reason: "for_user_id missing: not an Account Activity delivery" };
      }
      const c: Context = { forUser, account: accountOf(forUser), receivedAt: request.receivedAt };
      const users = (body.users ?? {}) as Record<string, XActivityUser>;
      const events: Output[] = [];
      for (const [key, value] of Object.entries(body)) {
        if (key === "user_event" && isObject(value)) {
          events.push(fromUserEvent(value as XUserEvent, c));
          continue;
        }
        if (!key.endsWith("_events") || !Array.isArray(value)) continue;
        for (const item of value) {
          if (!isObject(item)) events.push(unknownItem(key, item, forUser));
          else if (key === "tweet_create_events") events.push(fromTweet(item as XActivityTweet, c));
          else if (key === "favorite_events") events.push(fromFavorite(item as XFavoriteEvent, c));
          else if (key === "follow_events") events.push(fromFollow(item as XFollowEvent, c));
          else if (key === "direct_message_events")
            events.push(fromDirectMessage(item as XDirectMessageEvent, users, c));
          else events.push(unknownItem(key, item, forUser));
        }
      }
      // a delivery with no event Herald reads (only `users`, empty arrays) still reaches a handler
      if (events.length === 0) events.push({ name: null, type: "account_activity", payload: body });
      return { ok: true, events };
    },
  };
}
