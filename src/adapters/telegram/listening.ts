import {
  type AdapterListening,
  type HeardItem,
  type ListenReading,
  matchedKeywords,
} from "../../contract/listening.js";
import { objectOf } from "../../contract/metrics.js";

const GET_UPDATES_DOC = "https://core.telegram.org/bots/api#getupdates";
/** Updates per poll: getUpdates `limit` "Values between 1-100 are accepted" (GET_UPDATES_DOC). */
const LIMIT = 100;
/**
 * Long polling `timeout` in seconds: our choice, below the client's default 30 s request
 * timeout, so Telegram answers (empty) before the transport gives up.
 */
const LONG_POLL_SECONDS = 20;
/** Wait between polls when nothing more is waiting: our choice; the long poll already waits. */
const INTERVAL_MS = 1_000;

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** An update's message or channel post as a heard item, when it matches the query. */
function heard(
  update: Record<string, unknown>,
  botUsername: string | undefined,
  query: Parameters<AdapterListening["read"]>[3]["query"],
  now: number,
): HeardItem | undefined {
  // https://core.telegram.org/bots/api#update: message, channel_post
  const message = objectOf(update.message ?? update.channel_post);
  const text = str(message.text) ?? str(message.caption) ?? "";
  const chat = objectOf(message.chat);
  const chatId = chat.id;
  const messageId = message.message_id;
  if (text === "" || chatId === undefined || messageId === undefined) return undefined;
  const mention =
    query.mentions === true &&
    botUsername !== undefined &&
    text.toLowerCase().includes(`@${botUsername.toLowerCase()}`);
  const matched = matchedKeywords(text, query);
  if (!mention && matched.length === 0) return undefined;
  const from = objectOf(message.from ?? message.sender_chat);
  const handle = str(from.username);
  const name = str(from.first_name) ?? str(from.title);
  const username = str(chat.username);
  const date = typeof message.date === "number" ? message.date * 1000 : now;
  return {
    kind: mention ? "mention" : "keyword",
    id: `${String(chatId)}:${String(messageId)}`,
    author: {
      id: String(from.id ?? chatId),
      ...(handle !== undefined ? { handle } : {}),
      ...(name !== undefined ? { name } : {}),
    },
    text,
    ...(username !== undefined ? { url: `https://t.me/${username}/${String(messageId)}` } : {}),
    createdAt: date,
    ...(matched.length > 0 ? { matched } : {}),
    raw: message,
  };
}

/**
 * Listening on Telegram with `getUpdates` long polling (GET_UPDATES_DOC): the bot's messages
 * and channel posts that mention it (`@botUsername`) or contain a keyword. The offset is the
 * cursor: it moves past an update only once the items before it are delivered, and Telegram
 * forgets updates below the offset it is sent. `getUpdates` is refused (409) while a webhook is
 * set: the error says so.
 */
export function telegramListening(
  botToken: string,
  botUsername: string | undefined,
): AdapterListening {
  return {
    intervalMs: INTERVAL_MS,
    source: GET_UPDATES_DOC,
    sources(query) {
      if (query.mentions && botUsername === undefined && !query.keywords?.length) {
        return {
          refused: {
            reason: "not-supported",
            message: "mentions of the bot need its username",
            hint: 'telegram({ botToken, botUsername: "shop_bot" })',
          },
        };
      }
      return [{ id: "updates", kind: "message", params: {} }];
    },
    poll: (_source, cursor) => ({
      step: "updates",
      route: "getUpdates",
      method: "POST",
      path: `/bot${botToken}/getUpdates`,
      body: {
        json: {
          ...(cursor !== undefined ? { offset: Number(cursor) } : {}),
          limit: LIMIT,
          timeout: LONG_POLL_SECONDS,
          allowed_updates: ["message", "channel_post"],
        },
      },
      idempotency: "safe",
    }),
    read(_source, body, _cursor, { now, query }): ListenReading {
      const result = objectOf(body).result;
      if (!Array.isArray(result)) return { invalid: "no result list" };
      if (result.length > LIMIT) return { invalid: `${result.length} updates, more than ${LIMIT}` };
      let last: number | undefined;
      const items: HeardItem[] = [];
      for (const entry of result) {
        const update = objectOf(entry);
        const id = update.update_id;
        if (typeof id !== "number" || !Number.isSafeInteger(id)) continue;
        if (last === undefined || id > last) last = id;
        const item = heard(update, botUsername, query, now);
        if (item) items.push(item);
      }
      return {
        items,
        ...(last !== undefined ? { cursor: String(last + 1) } : {}),
        more: result.length >= LIMIT,
      };
    },
    failureHint: (status) =>
      status === 409
        ? "getUpdates is refused while a webhook is set: call deleteWebhook, or take updates through herald.webhooks"
        : undefined,
  };
}
