import { json } from "../context.js";
import type { TelegramSentMessage } from "./records.js";
import { visibleText } from "./text.js";

/** Bot API methods on messages already sent that this file answers. */
export const TELEGRAM_POST_METHODS = [
  "editMessageText",
  "editMessageCaption",
  "deleteMessage",
  "deleteMessages",
] as const;

/** One of {@link TELEGRAM_POST_METHODS}. */
export type TelegramPostMethod = (typeof TELEGRAM_POST_METHODS)[number];

/** "sent less than 48 hours ago" (core.telegram.org/bots/api#deletemessage). */
const DELETE_WINDOW_MS = 48 * 3_600_000;
/** Text and caption limits after entity parsing (core.telegram.org/bots/api#editmessagetext, #editmessagecaption). */
const MAX_TEXT = 4096;
const MAX_CAPTION = 1024;

function fail(description: string, status = 400): Response {
  return json(status, { ok: false, error_code: status, description });
}

/**
 * Edits and deletes of messages on the simulated Telegram, with the Bot API's answers: not
 * found (never sent, or deleted), 48 hours for deletes, another bot's message, no text to
 * edit in a photo, and "message is not modified".
 */
export class TelegramPosts {
  /** `chatId|messageId` of the messages deleted, in order. */
  readonly deleted: string[] = [];

  /** Serves the messages the simulator delivered. */
  constructor(private readonly messages: readonly TelegramSentMessage[]) {}

  /** Answers one of {@link TELEGRAM_POST_METHODS} for bot `botId`, after the schema check. */
  handle(
    method: TelegramPostMethod,
    body: Record<string, unknown>,
    botId: string,
    now: number,
  ): Response {
    const chat = String(body.chat_id);
    if (method === "deleteMessage" || method === "deleteMessages") {
      const ids = method === "deleteMessage" ? [body.message_id] : parseIds(body.message_ids);
      const found = ids.map((id) => this.#find(chat, Number(id)));
      if (found.some((m) => m === undefined))
        return fail("Bad Request: message to delete not found");
      for (const m of found as TelegramSentMessage[]) {
        if (m.botId !== botId) return fail("Bad Request: message can't be deleted");
        if (now - m.time >= DELETE_WINDOW_MS)
          return fail("Bad Request: message can't be deleted for everyone");
      }
      for (const m of found as TelegramSentMessage[])
        this.deleted.push(`${m.chatId}|${m.messageId}`);
      return json(200, { ok: true, result: true });
    }
    const message = this.#find(chat, Number(body.message_id));
    if (!message) return fail("Bad Request: message to edit not found");
    if (message.botId !== botId) return fail("Bad Request: message can't be edited");
    const caption = method === "editMessageCaption";
    const isText = message.method === "sendMessage";
    if (caption === isText) {
      return fail(
        `Bad Request: there is no ${caption ? "caption" : "text"} in the message to edit`,
      );
    }
    const raw = caption ? body.caption : body.text;
    const text = visibleText(
      typeof raw === "string" ? raw : "",
      typeof body.parse_mode === "string" ? body.parse_mode : undefined,
    );
    if (!caption && text.trim() === "") return fail("Bad Request: message text is empty");
    if (text.length > (caption ? MAX_CAPTION : MAX_TEXT)) {
      return fail(
        `Bad Request: message ${caption ? "caption" : ""} is too long`.replace("  ", " "),
      );
    }
    if (text === message.text) {
      return fail(
        "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
      );
    }
    message.text = text;
    message.message = {
      ...message.message,
      ...(caption ? { caption: text } : { text }),
      edit_date: Math.floor(now / 1000),
    };
    return json(200, { ok: true, result: message.message });
  }

  #find(chat: string, messageId: number): TelegramSentMessage | undefined {
    if (this.deleted.includes(`${chat}|${messageId}`)) return undefined;
    return this.messages.find((m) => m.chatId === chat && m.messageId === messageId);
  }

  /** Forgets the deletes. */
  reset(): void {
    this.deleted.length = 0;
  }
}

function parseIds(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value !== "string") return [];
  try {
    const parsed = JSON.parse(value) as unknown;
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}
