import type { AdapterEditing, PostRef, RefusalReason } from "../../contract/editing.js";
import type { AdapterMetrics } from "../../contract/metrics.js";
import type { Message } from "../../message/schema.js";
import { ValidationError } from "../../transport/errors.js";
import type { Operation } from "../contract.js";
import { measure, resolveChat } from "./render.js";
import { MAX_CAPTION_LENGTH, MAX_TEXT_LENGTH, TELEGRAM, type TelegramParseMode } from "./types.js";

/**
 * "A message can only be deleted if it was sent less than 48 hours ago"
 * (https://core.telegram.org/bots/api#deletemessage).
 */
export const TELEGRAM_DELETE_WINDOW_MS = 48 * 3_600_000;

/** `deleteMessages` takes 1-100 message ids (https://core.telegram.org/bots/api#deletemessages). */
const MAX_DELETE_IDS = 100;

/** The chat and message ids of a ref (`123`, or an album's `123,124`). */
function target(ref: PostRef): {
  chat: string;
  chatId: number | string;
  kind: string;
  ids: number[];
} {
  if (ref.chat === undefined) {
    throw new ValidationError("ref.chat", "required: Telegram message ids are per chat", {
      platform: TELEGRAM,
      hint: 'pass the report, or { platform: "telegram", chat: "@shopnews", id: "42" }',
    });
  }
  const ids = ref.id.split(",").map(Number);
  if (ids.some((id) => !Number.isSafeInteger(id) || id <= 0) || ids.length > MAX_DELETE_IDS) {
    throw new ValidationError("ref.id", "1 to 100 message ids (positive integers) joined by ,", {
      platform: TELEGRAM,
    });
  }
  const { chatId, kind } = resolveChat(ref.chat, "ref.chat");
  return { chat: ref.chat, chatId, kind, ids };
}

function call(
  token: string,
  step: string,
  method: string,
  t: ReturnType<typeof target>,
  fields: Record<string, unknown>,
): Operation {
  return {
    step,
    route: method,
    method: "POST",
    path: `/bot${token}/${method}`,
    body: { json: { chat_id: t.chatId, ...fields } },
    // an edit to the same content, or a second delete, changes nothing more
    idempotency: "safe",
    chat: t.chat,
    chatKind: t.kind,
  };
}

/** Bot API descriptions of refusals, lower-cased (https://core.telegram.org/bots/api#editmessagetext). */
const REFUSALS: ReadonlyArray<[RegExp, RefusalReason]> = [
  [/message to (delete|edit) not found|message_id_invalid/, "not-found"],
  // what Telegram answers past the 48 hours of deleteMessage
  [/message can't be deleted for everyone/, "too-old"],
  [/message can't be (deleted|edited)/, "not-allowed"],
  [/there is no (text|caption) in the message to edit/, "not-supported"],
];

/**
 * Edits with `editMessageText` (an album's caption, or `overrides.telegram.edit: "caption"`,
 * with `editMessageCaption`) and deletes with `deleteMessage` (`deleteMessages` for an album),
 * refusing deletes past Telegram's 48 hours when the ref says when it was sent.
 */
export function telegramEditing(
  token: string,
  parseMode: TelegramParseMode | undefined,
): AdapterEditing {
  return {
    edit(ref, message: Message) {
      const t = target(ref);
      if (message.media !== undefined && message.media.length > 0) {
        throw new ValidationError("media", "an edit replaces the text or caption only", {
          platform: TELEGRAM,
        });
      }
      const caption = t.ids.length > 1 || message.overrides?.[TELEGRAM]?.edit === "caption";
      const text = message.text ?? "";
      const mode = parseMode === undefined ? {} : { parse_mode: parseMode };
      if (caption) {
        measure(text, parseMode, "caption", MAX_CAPTION_LENGTH);
        const fields = { message_id: t.ids[0], caption: text, ...mode };
        return { operations: [call(token, "edit", "editMessageCaption", t, fields)] };
      }
      measure(text, parseMode, "text", MAX_TEXT_LENGTH);
      return {
        operations: [
          call(token, "edit", "editMessageText", t, { message_id: t.ids[0], text, ...mode }),
        ],
      };
    },
    delete(ref, context) {
      const t = target(ref);
      if (ref.sentAt !== undefined && context.now - ref.sentAt >= TELEGRAM_DELETE_WINDOW_MS) {
        return {
          refused: {
            reason: "too-old",
            message: "a message can only be deleted if it was sent less than 48 hours ago",
            hint: "edit it instead (herald.edit, or recall with a correction)",
          },
        };
      }
      const operation =
        t.ids.length > 1
          ? call(token, "delete", "deleteMessages", t, { message_ids: t.ids })
          : call(token, "delete", "deleteMessage", t, { message_id: t.ids[0] });
      return { operations: [operation] };
    },
    refusal({ status, message }) {
      const text = message.toLowerCase();
      const found = REFUSALS.find(([pattern]) => pattern.test(text));
      if (found) return found[1];
      return status === 403 ? "not-allowed" : undefined;
    },
  };
}

/** The Bot API has no method that reads a message's views or reactions: every metric is absent. */
export const telegramMetrics: AdapterMetrics = {
  native: [],
  render: () => ({
    refused: {
      reason: "not-supported",
      message: "the Bot API has no method that reads the views or reactions of a message",
      hint: "count reactions from message_reaction_count webhook updates",
    },
  }),
  read: () => [],
};
