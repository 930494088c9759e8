/**
 * LINE webhooks (https://developers.line.biz/en/reference/messaging-api/#webhooks): a POST of
 * `{ destination, events: [...] }` signed with `x-line-signature`, the base64 HMAC-SHA256 of the
 * raw body under the channel secret. No handshake (the console's "Verify" button sends an empty
 * `events` array, answered 200). Events without `webhookEventId` (older payloads) get an id
 * derived from their content (`sha256:` and 16 bytes of the SHA-256 of the event, in hex).
 */

import { LINE_EVENT_TYPES, type LineEvent } from "../../generated/line/webhook-types.js";
import type {
  AdapterWebhooks,
  WebhookCrypto,
  WebhookEventOutput,
} from "../../webhooks/contract.js";
import { toHex } from "../../webhooks/encoding.js";
import type { NormalizedEvent } from "../../webhooks/events.js";
import { isJsonObject, type JsonObject, parseJsonObject } from "../../webhooks/json.js";
import { idOf, listOf, obj, strOf } from "../../webhooks/read.js";
import { verifyHmacHeader } from "../../webhooks/signature.js";

/** The LINE webhook event types (`follow`, `message`, ...), from the spec. */
export type LineEventType = (typeof LINE_EVENT_TYPES)[number];

/** LINE platform events by name (`line.follow`), payload typed from LINE's webhook spec. */
export type LineWebhookEvents = {
  [K in LineEventType as `line.${K}`]: Extract<LineEvent, { type: K }>;
};

/** The signature header (https://developers.line.biz/en/reference/messaging-api/#signature-validation). */
export const LINE_SIGNATURE_HEADER = "x-line-signature";

/**
 * How long a reply token is usable: "must be used within one minute after receiving the
 * webhook" (https://developers.line.biz/en/reference/messaging-api/#send-reply-message); after
 * that, `replyTo` targets fall back to a push.
 */
export const LINE_REPLY_TOKEN_VALIDITY_MS = 60_000;

const TYPES: ReadonlySet<string> = new Set(LINE_EVENT_TYPES);

interface Context {
  account: string;
  receivedAt: number;
}

/** The chat of an event's source: the group, the room, or the user (https://developers.line.biz/en/reference/messaging-api/#source-user). */
function chatOf(source: JsonObject): string | undefined {
  return idOf(source.groupId) ?? idOf(source.roomId) ?? idOf(source.userId);
}

/**
 * The id of an event without `webhookEventId` (payloads from before LINE added it, and
 * replays of them): `sha256:` and the first 16 bytes, in hex, of the SHA-256 of the event
 * re-serialized as JSON. The same event in the same delivery bytes always gets the same id, so
 * duplicate protection holds for such events as well.
 */
async function derivedId(event: unknown, crypto: WebhookCrypto): Promise<string> {
  const digest = await crypto.digest("SHA-256", JSON.stringify(event));
  // 16 bytes (128 bits): collisions between distinct events are out of reach
  return `sha256:${toHex(digest.subarray(0, 16))}`;
}

function normalize(event: JsonObject, id: string, context: Context): NormalizedEvent[] {
  const source = obj(event.source);
  const chatId = chatOf(source);
  const userId = idOf(source.userId);
  const token = strOf(event.replyToken);
  const base = {
    platform: "line",
    account: context.account,
    id,
    time: new Date(typeof event.timestamp === "number" ? event.timestamp : context.receivedAt),
    raw: event,
    ...(userId !== undefined ? { author: { id: userId } } : {}),
  };
  // a reply token while it is valid, a push to the chat after (see ReplyContext)
  const reply =
    token === undefined
      ? {}
      : { reply: { token, tokenExpiresAt: context.receivedAt + LINE_REPLY_TOKEN_VALIDITY_MS } };
  const answerable = {
    ...base,
    ...(chatId !== undefined
      ? { replyTo: { platform: "line", account: context.account, chat: chatId, ...reply } }
      : {}),
  };
  switch (event.type) {
    case "message": {
      const message = obj(event.message);
      const messageId = idOf(message.id);
      if (chatId === undefined || messageId === undefined) return [];
      const text = strOf(message.text);
      const common = { ...answerable, ...(text !== undefined ? { text } : {}) };
      const out: NormalizedEvent[] = [
        { ...common, type: "message", chatId, messageId, direct: source.type === "user" },
      ];
      // a mention of the bot itself (https://developers.line.biz/en/reference/messaging-api/#wh-text: isSelf)
      const mentionees = listOf(obj(message.mention).mentionees).map(obj);
      if (mentionees.some((m) => m.isSelf === true)) {
        out.push({ ...common, type: "mention", postId: messageId });
      }
      return out;
    }
    case "follow":
      return [{ ...answerable, type: "follow" }];
    case "unfollow":
      // a blocked account cannot be answered: no replyTo
      return [{ ...base, type: "unfollow" }];
    case "postback": {
      const data = strOf(obj(event.postback).data);
      if (data === undefined) return [];
      return [
        { ...answerable, type: "postback", data, ...(chatId !== undefined ? { chatId } : {}) },
      ];
    }
    default:
      return [];
  }
}

function output(
  event: unknown,
  id: string,
  context: Context,
): WebhookEventOutput<LineWebhookEvents> {
  const e = obj(event);
  const type = strOf(e.type) ?? "unknown";
  const common = {
    id,
    ...(typeof e.timestamp === "number" ? { time: e.timestamp } : {}),
    redelivery: obj(e.deliveryContext).isRedelivery === true,
  };
  if (!TYPES.has(type) || !isJsonObject(event))
    return { name: null, type, payload: event, ...common };
  // typed by LINE's webhook spec; at runtime checked to be an object, and normalized defensively
  return {
    name: `line.${type as LineEventType}`,
    payload: event as never,
    ...common,
    normalized: normalize(e, id, context),
  };
}

/** Creates the webhook hook of a LINE adapter accepting any of the channel `secrets`. */
export function lineWebhooks(
  account: string,
  secrets: readonly string[],
): AdapterWebhooks<LineWebhookEvents> {
  return {
    verify: (request, { crypto }) =>
      verifyHmacHeader(crypto, request.headers.get(LINE_SIGNATURE_HEADER), {
        algorithm: "SHA-256",
        secrets,
        data: request.body,
        encoding: "base64",
      }),
    async parse(request, { crypto }) {
      const body = parseJsonObject(request.text());
      if (body === undefined || !Array.isArray(body.events)) {
        return { ok: false, reason: "not a LINE webhook body ({ destination, events: [...] })" };
      }
      const context: Context = { account, receivedAt: request.receivedAt };
      const events: unknown[] = body.events;
      const ids = await Promise.all(
        events.map((e) => idOf(obj(e).webhookEventId) ?? derivedId(e, crypto)),
      );
      return {
        ok: true,
        events: events.map((event, i) => output(event, ids[i] as string, context)),
      };
    },
  };
}
