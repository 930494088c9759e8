import type { WindowLimit } from "../../types.js";
import { SlidingWindow } from "../../window.js";
import {
  fieldsOf,
  json,
  type PlatformEnv,
  type PlatformRequest,
  type PlatformSimulator,
  validationEncoding,
} from "../context.js";
import { audienceCount } from "../engagement.js";
import { TelegramListen } from "./listen.js";
import { TELEGRAM_POST_METHODS, type TelegramPostMethod, TelegramPosts } from "./posts.js";
import type { TelegramSentMessage } from "./records.js";
import { visibleText } from "./text.js";

export type { TelegramSentMessage } from "./records.js";

/** Telegram limits; each is a sliding window. */
export interface TelegramLimits {
  /** Messages per bot (default 30 per second). */
  perBot?: WindowLimit;
  /** Messages per private chat, positive chat id (default 1 per second). */
  perPrivateChat?: WindowLimit;
  /** Messages per group or channel, negative id or `@username` (default 20 per minute). */
  perGroup?: WindowLimit;
}

/** Telegram simulator options. */
export interface TelegramSimOptions {
  /** Accepted bot tokens (`123456:ABC...`). */
  botTokens: string[];
  /** Chat ids (as strings) that blocked the bot: sends there get 403. */
  blockedChats?: string[];
  /** Limits replacing the documented defaults. */
  limits?: TelegramLimits;
}

// core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this
const DEFAULT_LIMITS: Required<TelegramLimits> = {
  perBot: { limit: 30, windowMs: 1_000 }, // "no more than 30 messages per second"
  perPrivateChat: { limit: 1, windowMs: 1_000 }, // "avoid sending more than one message per second" to one chat
  perGroup: { limit: 20, windowMs: 60_000 }, // "not able to send more than 20 messages per minute" to one group
};
/** Message text limit in UTF-16 units after entity parsing (core.telegram.org/bots/api#sendmessage). */
const MAX_TEXT = 4096;
/** Caption limit after entity parsing (core.telegram.org/bots/api#sendphoto). */
const MAX_CAPTION = 1024;
/** Items in a media group (core.telegram.org/bots/api#sendmediagroup: "2-10 items"). */
const MEDIA_GROUP_MIN = 2;
const MEDIA_GROUP_MAX = 10;

const METHODS = [
  "getMe",
  "getChatMemberCount",
  "getUpdates",
  "sendMessage",
  "sendPhoto",
  "sendMediaGroup",
  ...TELEGRAM_POST_METHODS,
] as const;
type Method = (typeof METHODS)[number];
const METHOD_BY_LOWER = new Map<string, Method>(METHODS.map((m) => [m.toLowerCase(), m]));

/** The Bot API error body. */
function fail(status: number, description: string, extra: Record<string, unknown> = {}): Response {
  return json(status, { ok: false, error_code: status, description, ...extra });
}

/**
 * Telegram's 429: `retry_after` in whole seconds, at least 1, in `parameters`
 * (core.telegram.org/bots/api#responseparameters).
 */
function tooMany(waitMs: number): Response {
  const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
  return fail(429, `Too Many Requests: retry after ${retryAfter}`, {
    parameters: { retry_after: retryAfter },
  });
}

/** Simulated Telegram Bot API (`/bot<token>/<method>`). */
export class TelegramSimulator implements PlatformSimulator {
  /** Every message delivered, in order (a media group gives one entry per item). */
  readonly messages: TelegramSentMessage[] = [];
  /** Edits and deletes of those messages: `deleted`. */
  /** The bot's update queue for getUpdates: `listen.message(botId, { text })`, `listen.setWebhook(botId)`. */
  readonly listen = new TelegramListen(() => this.env.clock.now());
  readonly posts = new TelegramPosts(this.messages);
  readonly #tokens: Set<string>;
  readonly #blocked: Set<string>;
  readonly #perBot: SlidingWindow;
  readonly #perPrivate: SlidingWindow;
  readonly #perGroup: SlidingWindow;
  readonly #lastMessageId = new Map<string, number>();
  readonly #channelIds = new Map<string, number>();
  #mediaGroupSeq = 0;

  /** Creates the simulator from its options. */
  constructor(
    options: TelegramSimOptions,
    private readonly env: PlatformEnv,
  ) {
    this.#tokens = new Set(options.botTokens);
    this.#blocked = new Set(options.blockedChats ?? []);
    const limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.#perBot = new SlidingWindow(limits.perBot);
    this.#perPrivate = new SlidingWindow(limits.perPrivateChat);
    this.#perGroup = new SlidingWindow(limits.perGroup);
  }

  /** @inheritdoc */
  redactPath(path: string): string {
    return path.replace(/^\/bot[^/]*/, "/bot<token>");
  }

  /** @inheritdoc */
  reset(): void {
    this.messages.length = 0;
    this.posts.reset();
    this.listen.reset();
    this.#lastMessageId.clear();
    this.#channelIds.clear();
    this.#mediaGroupSeq = 0;
    this.#perBot.clear();
    this.#perPrivate.clear();
    this.#perGroup.clear();
  }

  /** @inheritdoc */
  serverError(status: number): Response {
    const text: Record<number, string> = {
      500: "Internal Server Error",
      502: "Bad Gateway",
      503: "Service Unavailable",
    };
    return fail(status, text[status] ?? "Internal Server Error");
  }

  /** @inheritdoc */
  tooManyRequests(_now: number, retryAfterMs: number): Response {
    return tooMany(retryAfterMs);
  }

  /** The members of a chat at `now`, as `getChatMemberCount` answers (grown from the clock). */
  memberCount(chat: string, now: number): number {
    return audienceCount(`telegram|${chat}`, "followers", now);
  }

  /** @inheritdoc */
  handle(request: PlatformRequest): Response {
    const match = /^\/bot([^/]+)\/([A-Za-z]+)\/?$/.exec(request.path);
    if (!match) return fail(404, "Not Found");
    const token = decodeURIComponent(match[1] as string);
    if (!this.#tokens.has(token)) return fail(401, "Unauthorized");
    const method = METHOD_BY_LOWER.get((match[2] as string).toLowerCase());
    if (!method) return fail(404, "Not Found");
    request.record.operation = method;
    const botId = token.split(":")[0] ?? token;

    if (request.body.error) return fail(400, "Bad Request: can't parse JSON object");
    const body: Record<string, unknown> = {
      ...Object.fromEntries(request.query),
      ...fieldsOf(request.body.value),
    };
    const encoding = request.body.encoding === "none" ? "form" : validationEncoding(request);
    const errors = this.env.validate("telegram", method, body, { encoding });
    request.record.schemaErrors = errors;
    if (errors.length > 0) return fail(400, `Bad Request: ${errors.join("; ")}`);

    if (method === "getUpdates") return this.listen.getUpdates(botId, body);
    if (method === "getMe") return json(200, { ok: true, result: this.#botUser(botId, true) });
    if (method === "getChatMemberCount") {
      // core.telegram.org/bots/api#getchatmembercount: "Returns Int on success"
      return json(200, { ok: true, result: this.memberCount(String(body.chat_id), request.now) });
    }
    if ((TELEGRAM_POST_METHODS as readonly string[]).includes(method)) {
      return this.posts.handle(method as TelegramPostMethod, body, botId, request.now);
    }

    const parseMode = typeof body.parse_mode === "string" ? body.parse_mode : undefined;
    const items = method === "sendMediaGroup" ? parseMedia(body.media) : undefined;
    if (items && (items.length < MEDIA_GROUP_MIN || items.length > MEDIA_GROUP_MAX)) {
      return fail(400, "Bad Request: wrong number of media group items: must include 2-10 items");
    }
    const texts: { text: string | undefined; caption: boolean }[] = [];
    if (method === "sendMessage") {
      const text = visibleText(String(body.text ?? ""), parseMode);
      if (text.trim() === "") return fail(400, "Bad Request: message text is empty");
      if (text.length > MAX_TEXT) return fail(400, "Bad Request: message is too long");
      texts.push({ text, caption: false });
    } else {
      const captions = items
        ? items.map((item) =>
            typeof item.caption === "string"
              ? visibleText(
                  item.caption,
                  typeof item.parse_mode === "string" ? item.parse_mode : undefined,
                )
              : undefined,
          )
        : [typeof body.caption === "string" ? visibleText(body.caption, parseMode) : undefined];
      for (const caption of captions) {
        if (caption !== undefined && caption.length > MAX_CAPTION) {
          return fail(400, "Bad Request: message caption is too long");
        }
        texts.push({ text: caption, caption: true });
      }
    }

    const chatId = String(body.chat_id);
    if (this.#blocked.has(chatId)) return fail(403, "Forbidden: bot was blocked by the user");

    const isGroup = chatId.startsWith("@") || chatId.startsWith("-");
    const chatWindow = isGroup ? this.#perGroup : this.#perPrivate;
    const chatKey = `${botId}|${chatId}`;
    const wait = Math.max(
      this.#perBot.wait(botId, request.now),
      chatWindow.wait(chatKey, request.now),
    );
    if (wait > 0) {
      request.rateLimited = true;
      return tooMany(wait);
    }
    this.#perBot.hit(botId, request.now);
    chatWindow.hit(chatKey, request.now);

    const chat = this.#chat(chatId);
    const mediaGroupId = items ? String(13_000_000_000_000_000 + ++this.#mediaGroupSeq) : undefined;
    const sent = texts.map(({ text, caption }) => {
      const key = String(chat.id);
      const messageId = (this.#lastMessageId.get(key) ?? 0) + 1;
      this.#lastMessageId.set(key, messageId);
      const message: Record<string, unknown> = {
        message_id: messageId,
        ...(chat.type === "channel"
          ? { sender_chat: chat }
          : { from: this.#botUser(botId, false) }),
        chat,
        date: Math.floor(request.now / 1000),
        ...(mediaGroupId ? { media_group_id: mediaGroupId } : {}),
        ...(method === "sendMessage" ? { text } : { photo: photoSizes(messageId) }),
        ...(caption && text !== undefined ? { caption: text } : {}),
      };
      this.messages.push({ botId, chatId, messageId, method, text, time: request.now, message });
      return message;
    });
    return json(200, { ok: true, result: items ? sent : sent[0] });
  }

  #chat(chatId: string): Record<string, unknown> & { id: number; type: string } {
    if (chatId.startsWith("@")) {
      let id = this.#channelIds.get(chatId);
      if (id === undefined) {
        // Channel ids look like -100xxxxxxxxxx (core.telegram.org/bots/api#chat).
        id = -1_000_000_000_000 - (this.#channelIds.size + 1);
        this.#channelIds.set(chatId, id);
      }
      return { id, type: "channel", title: chatId.slice(1), username: chatId.slice(1) };
    }
    const id = Number(chatId);
    if (id < 0)
      return { id, type: id <= -1_000_000_000_000 ? "supergroup" : "group", title: `Group ${-id}` };
    return { id, type: "private", first_name: `User ${id}` };
  }

  #botUser(botId: string, full: boolean): Record<string, unknown> {
    const user: Record<string, unknown> = {
      id: Number(botId) || 1,
      is_bot: true,
      first_name: "Herald Simulator Bot",
      username: `herald_sim_${botId}_bot`,
    };
    if (full) {
      user.can_join_groups = true;
      user.can_read_all_group_messages = false;
      user.supports_inline_queries = false;
    }
    return user;
  }
}

function parseMedia(value: unknown): Record<string, unknown>[] {
  let media = value;
  if (typeof media === "string") {
    try {
      media = JSON.parse(media) as unknown;
    } catch {
      return [];
    }
  }
  return Array.isArray(media) ? media.map(fieldsOf) : [];
}

function photoSizes(messageId: number): Record<string, unknown>[] {
  return [
    { file_id: `sim-photo-${messageId}-s`, file_unique_id: `s${messageId}`, width: 90, height: 90 },
    {
      file_id: `sim-photo-${messageId}-m`,
      file_unique_id: `m${messageId}`,
      width: 800,
      height: 800,
    },
  ];
}
