/**
 * Telegram webhooks (https://core.telegram.org/bots/api#setwebhook): every Update is POSTed as
 * JSON with the header `X-Telegram-Bot-Api-Secret-Token` equal to the `secret_token` given to
 * `setWebhook`. There is no handshake and no signature over the body.
 */
import type {
  AdapterWebhooks,
  WebhookCrypto,
  WebhookEventOutput,
} from "../../webhooks/contract.js";
import type { EventAuthor, NormalizedEvent } from "../../webhooks/events.js";
import { isJsonObject, type JsonObject, parseJsonObject } from "../../webhooks/json.js";
import { idOf, listOf, obj, secondsToMs, strOf } from "../../webhooks/read.js";
import { TELEGRAM } from "./types.js";
import { TELEGRAM_UPDATE_KINDS, type TelegramUpdate } from "./update-types.js";

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
  if (id === undefined) return undefined;
  const name = [strOf(u.first_name), strOf(u.last_name)].filter(Boolean).join(" ");
  const username = strOf(u.username);
  return { id, ...(name ? { name } : {}), ...(username ? { username } : {}) };
}

/** Whether a ChatMember is in the chat (`restricted` members say so with `is_member`). */
function isInside(member: unknown): boolean {
  const m = obj(member);
  return INSIDE.has(String(m.status)) || (m.status === "restricted" && m.is_member === true);
}

/** The text of a reaction: the emoji, `custom:<id>` or `paid` (https://core.telegram.org/bots/api#reactiontype). */
function reactionText(reaction: unknown): string | undefined {
  const r = obj(reaction);
  if (r.type === "emoji") return strOf(r.emoji);
  if (r.type === "custom_emoji") return `custom:${strOf(r.custom_emoji_id) ?? ""}`;
  if (r.type === "paid") return "paid";
  return undefined;
}

interface Context {
  account: string;
  id: string;
  receivedAt: number;
}

function base(context: Context, time: number | undefined, raw: unknown) {
  return {
    platform: TELEGRAM,
    account: context.account,
    id: context.id,
    time: new Date(time ?? context.receivedAt),
    raw,
  };
}

function replyTarget(account: string, chat: string, messageId?: string) {
  return {
    platform: TELEGRAM,
    account,
    chat,
    ...(messageId !== undefined ? { reply: { messageId } } : {}),
  };
}

function fromMessage(message: JsonObject, context: Context): NormalizedEvent[] {
  const chat = obj(message.chat);
  const chatId = idOf(chat.id);
  const messageId = idOf(message.message_id);
  if (chatId === undefined || messageId === undefined) return [];
  const text = strOf(message.text) ?? strOf(message.caption);
  const common = {
    ...base(context, secondsToMs(message.date), message),
    author: authorOf(message.from),
    ...(text !== undefined ? { text } : {}),
    replyTo: replyTarget(context.account, chatId, messageId),
  };
  // a reply in a channel's discussion group to the automatic forward of a channel post is a
  // comment on that post (https://core.telegram.org/bots/api#message: is_automatic_forward)
  const parent = obj(message.reply_to_message);
  if (parent.is_automatic_forward === true) {
    const origin = obj(parent.forward_origin);
    const postId = idOf(origin.message_id) ?? idOf(parent.message_id);
    if (postId !== undefined) return [{ ...common, type: "comment", postId, commentId: messageId }];
  }
  return [{ ...common, type: "message", chatId, messageId, direct: chat.type === "private" }];
}

function fromReaction(update: JsonObject, context: Context): NormalizedEvent[] {
  const chatId = idOf(obj(update.chat).id);
  const targetId = idOf(update.message_id);
  if (chatId === undefined || targetId === undefined) return [];
  const before = listOf(update.old_reaction).map(reactionText);
  const after = listOf(update.new_reaction).map(reactionText);
  const common = {
    ...base(context, secondsToMs(update.date), update),
    author: authorOf(update.user) ?? authorOf(update.actor_chat),
    replyTo: replyTarget(context.account, chatId, targetId),
    targetId,
    chatId,
  };
  const changes = [
    ...after.filter((r) => r !== undefined && !before.includes(r)).map((r) => [r, false] as const),
    ...before.filter((r) => r !== undefined && !after.includes(r)).map((r) => [r, true] as const),
  ];
  return changes.map(([reaction, removed]) => ({
    ...common,
    type: "reaction",
    reaction: reaction as string,
    removed,
  }));
}

/**
 * A member joining or leaving: `chat_member` for channels and groups the bot administers, and
 * `my_chat_member` in a private chat, where "kicked" means the user blocked the bot.
 */
function fromMembership(update: JsonObject, context: Context, mine: boolean): NormalizedEvent[] {
  const chat = obj(update.chat);
  const chatId = idOf(chat.id);
  if (chatId === undefined || (mine && chat.type !== "private")) return [];
  const was = isInside(update.old_chat_member);
  const is = isInside(update.new_chat_member);
  if (was === is) return [];
  const who = authorOf(obj(update.new_chat_member).user) ?? authorOf(update.from);
  const common = { ...base(context, secondsToMs(update.date), update), author: who };
  const chatField = mine ? {} : { chatId };
  if (!is) return [{ ...common, ...chatField, type: "unfollow" }];
  const replyTo = mine ? replyTarget(context.account, chatId) : undefined;
  return [{ ...common, ...chatField, type: "follow", ...(replyTo ? { replyTo } : {}) }];
}

function fromCallback(query: JsonObject, context: Context): NormalizedEvent[] {
  const message = obj(query.message);
  const chatId = idOf(obj(message.chat).id);
  const messageId = idOf(message.message_id);
  return [
    {
      ...base(context, undefined, query),
      type: "postback",
      author: authorOf(query.from),
      data: strOf(query.data) ?? strOf(query.game_short_name) ?? "",
      ...(chatId !== undefined ? { chatId, replyTo: replyTarget(context.account, chatId) } : {}),
      ...(messageId !== undefined ? { messageId } : {}),
    },
  ];
}

/** The normalized events of one Update's payload. */
function normalize(kind: string, payload: JsonObject, context: Context): NormalizedEvent[] {
  switch (kind) {
    case "message":
      return fromMessage(payload, context);
    case "message_reaction":
      return fromReaction(payload, context);
    case "chat_member":
      return fromMembership(payload, context, false);
    case "my_chat_member":
      return fromMembership(payload, context, true);
    case "callback_query":
      return fromCallback(payload, context);
    default:
      return [];
  }
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
      const context: Context = { account, id, receivedAt: request.receivedAt };
      const time = secondsToMs(payload.date);
      // the payload is typed by the Bot API's documented schema; at runtime it is checked to be
      // an object only, and the normalizers read it defensively
      const event = {
        name: `telegram.${kind as TelegramUpdateKind}`,
        payload,
        id,
        ...(time !== undefined ? { time } : {}),
        normalized: normalize(kind, payload, context),
      } as unknown as WebhookEventOutput<TelegramWebhookEvents>;
      return { ok: true, events: [event] };
    },
  };
}
