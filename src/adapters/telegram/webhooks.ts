/**
 * Telegram webhooks (https://core.telegram.org/bots/api#setwebhook): every Update is POSTed as
 * JSON with the header `X-Telegram-Bot-Api-Secret-Token` equal to the `secret_token` given to
 * `setWebhook`. There is no handshake and no signature over the body.
 */

import {
  TELEGRAM_UPDATE_KINDS,
  type TelegramUpdate,
} from "../../generated/telegram/update-types.js";
import type {
  AdapterWebhooks,
  WebhookCrypto,
  WebhookEventOutput,
} from "../../webhooks/contract.js";
import type { EventAuthor, NormalizedEvent } from "../../webhooks/events.js";
import { isJsonObject, type JsonObject, parseJsonObject } from "../../webhooks/json.js";
import { idOf, listOf, obj, secondsToMs, strOf } from "../../webhooks/read.js";
import { serviceFieldOf } from "./service-messages.js";
import { TELEGRAM } from "./types.js";

/** The kinds of Update (`message`, `message_reaction`, ...), from the Bot API spec. */
export type TelegramUpdateKind = (typeof TELEGRAM_UPDATE_KINDS)[number];

/** Telegram platform events by name (`telegram.message_reaction`), payload typed from the Bot API. */
export type TelegramWebhookEvents = {
  [K in TelegramUpdateKind as `telegram.${K}`]: NonNullable<TelegramUpdate[K]>;
};

/** The header Telegram sends the secret token in (https://core.telegram.org/bots/api#setwebhook). */
export const TELEGRAM_SECRET_HEADER = "x-telegram-bot-api-secret-token";

/** `secret_token`: "1-256 characters. Only characters A-Z, a-z, 0-9, _ and - are allowed" (https://core.telegram.org/bots/api#setwebhook). */
export const TELEGRAM_SECRET_TOKEN = /^[A-Za-z0-9_-]{1,256}$/;

/**
 * Whether `given` equals one of `secrets`, in constant time: SHA-256 digests are compared, so
 * the time taken does not even depend on the secrets' lengths.
 */
export async function secretTokenMatches(
  crypto: WebhookCrypto,
  given: string,
  secrets: readonly string[],
): Promise<boolean> {
  const givenDigest = await crypto.digest("SHA-256", given);
  let matched = false;
  for (const secret of secrets) {
    if (crypto.timingSafeEqual(await crypto.digest("SHA-256", secret), givenDigest)) matched = true;
  }
  return matched;
}

const KINDS: ReadonlySet<string> = new Set(TELEGRAM_UPDATE_KINDS);

/** Chat member statuses of someone inside the chat (https://core.telegram.org/bots/api#chatmember). */
const INSIDE = new Set(["creator", "administrator", "member"]);

function authorOf(user: unknown): EventAuthor | undefined {
  const u = obj(user);
  const id = idOf(u.id);
  const name = [strOf(u.first_name), strOf(u.last_name)].filter(Boolean).join(" ") || undefined;
  return id === undefined ? undefined : { id, name, username: strOf(u.username) };
}

/** Whether a ChatMember is in the chat (`restricted` members say so with `is_member`). */
function isInside(member: unknown): boolean {
  const m = obj(member);
  return INSIDE.has(String(m.status)) || m.is_member === true;
}

/** The text of a reaction: the emoji, `custom:<id>` or `paid` (https://core.telegram.org/bots/api#reactiontype). */
function reactionText(reaction: unknown): string | undefined {
  const r = obj(reaction);
  return r.type === "custom_emoji"
    ? `custom:${r.custom_emoji_id}`
    : r.type === "paid"
      ? "paid"
      : strOf(r.emoji);
}

/** The normalized events of one Update's payload (`kind` says which field of the Update it was). */
function normalize(
  kind: string,
  p: JsonObject,
  account: string,
  id: string,
  receivedAt: number,
): NormalizedEvent[] {
  const chat = obj(p.chat ?? obj(p.message).chat);
  const chatId = idOf(chat.id);
  const reply = (messageId?: string) =>
    chatId === undefined
      ? undefined
      : { platform: TELEGRAM, account, chat: chatId, reply: messageId ? { messageId } : undefined };
  const base = {
    platform: TELEGRAM,
    account,
    id,
    time: new Date(secondsToMs(p.date) ?? receivedAt),
    raw: p,
    author: authorOf(p.from ?? p.user) ?? authorOf(p.actor_chat),
  };
  if (kind === "message") {
    const messageId = idOf(p.message_id);
    if (chatId === undefined || messageId === undefined) return [];
    const service = serviceFieldOf(p);
    if (service === "web_app_data") {
      // data a Web App sent from a keyboard button (https://core.telegram.org/bots/api#webappdata)
      const data = strOf(obj(p.web_app_data).data) ?? "";
      return [{ ...base, type: "postback", data, chatId, messageId, replyTo: reply() }];
    }
    // a service message (a member joined, a pin, a payment...): the platform event only
    if (service !== undefined) return [];
    const common = { ...base, text: strOf(p.text) ?? strOf(p.caption), replyTo: reply(messageId) };
    // a reply in a channel's discussion group to the automatic forward of a channel post is a
    // comment on that post (https://core.telegram.org/bots/api#message: is_automatic_forward)
    const parent = obj(p.reply_to_message);
    const postId = idOf(obj(parent.forward_origin).message_id) ?? idOf(parent.message_id);
    if (parent.is_automatic_forward === true && postId !== undefined) {
      return [{ ...common, type: "comment", postId, commentId: messageId }];
    }
    return [{ ...common, type: "message", chatId, messageId, direct: chat.type === "private" }];
  }
  if (kind === "message_reaction") {
    const targetId = idOf(p.message_id);
    if (chatId === undefined || targetId === undefined) return [];
    const before = listOf(p.old_reaction).map(reactionText);
    const after = listOf(p.new_reaction).map(reactionText);
    // a Set: `to.includes` per reaction was quadratic in a long reaction list
    const changes = (from: typeof after, to: typeof after, removed: boolean) => {
      const kept = new Set(to);
      return from
        .filter((r): r is string => r !== undefined && !kept.has(r))
        .map((reaction) => ({
          ...base,
          replyTo: reply(targetId),
          type: "reaction" as const,
          targetId,
          chatId,
          reaction,
          removed,
        }));
    };
    return [...changes(after, before, false), ...changes(before, after, true)];
  }
  // a member joining or leaving: `chat_member` in channels and groups the bot administers;
  // `my_chat_member` in a private chat, where "kicked" means the user blocked the bot
  const mine = kind === "my_chat_member";
  if ((kind === "chat_member" || (mine && chat.type === "private")) && chatId !== undefined) {
    const joined = isInside(p.new_chat_member);
    if (joined === isInside(p.old_chat_member)) return [];
    const event = {
      ...base,
      author: authorOf(obj(p.new_chat_member).user) ?? base.author,
      chatId: mine ? undefined : chatId,
    };
    return [
      joined
        ? { ...event, type: "follow", replyTo: mine ? reply() : undefined }
        : { ...event, type: "unfollow" },
    ];
  }
  if (kind === "callback_query") {
    const messageId = idOf(obj(p.message).message_id);
    return [
      {
        ...base,
        type: "postback",
        data: strOf(p.data) ?? strOf(p.game_short_name) ?? "",
        chatId,
        messageId,
        replyTo: reply(),
      },
    ];
  }
  return [];
}

/** Creates the webhook hook of a Telegram adapter accepting any of `secrets`. */
export function telegramWebhooks(
  account: string,
  secrets: readonly string[],
): AdapterWebhooks<TelegramWebhookEvents> {
  return {
    async verify(request, { crypto }) {
      const given = request.headers.get(TELEGRAM_SECRET_HEADER);
      if (given === null || given === "") return { ok: false, reason: "missing" };
      return (await secretTokenMatches(crypto, given, secrets))
        ? { ok: true }
        : { ok: false, reason: "mismatch" };
    },
    parse(request) {
      const update = parseJsonObject(request.text());
      if (update === undefined || !Number.isSafeInteger(update.update_id)) {
        return { ok: false, reason: "not a Telegram Update (an object with an integer update_id)" };
      }
      const id = String(update.update_id);
      const kind = Object.keys(update).find((k) => k !== "update_id") ?? "empty";
      const payload = update[kind];
      if (!KINDS.has(kind) || !isJsonObject(payload)) {
        const unknown: WebhookEventOutput<TelegramWebhookEvents> = {
          name: null,
          type: kind,
          payload: update,
          id,
        };
        return { ok: true, events: [unknown] };
      }
      const time = secondsToMs(payload.date);
      // the payload is typed by the Bot API's documented schema; at runtime it is checked to be
      // an object only, and the normalizers read it defensively
      const event = {
        name: `telegram.${kind as TelegramUpdateKind}`,
        payload,
        id,
        ...(time !== undefined ? { time } : {}),
        normalized: normalize(kind, payload, account, id, request.receivedAt),
      } as unknown as WebhookEventOutput<TelegramWebhookEvents>;
      return { ok: true, events: [event] };
    },
  };
}
