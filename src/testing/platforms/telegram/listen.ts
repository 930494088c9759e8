import { json } from "../context.js";

/** What Telegram answers to getUpdates while a webhook is set (core.telegram.org/bots/api#getupdates). */
const WEBHOOK_CONFLICT =
  "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";
/** Simulated senders' user ids start above this (simulator choice: apart from chat ids). */
const SENDER_ID_BASE = 5000;
/** getUpdates `limit`: "Values between 1-100 are accepted. Defaults to 100." */
const MAX_LIMIT = 100;

/** A message sent to the bot, or posted in a channel it administers. */
export interface TelegramIncoming {
  /** Chat id (default 1001). */
  chatId?: number;
  /** The chat's public username, for channels. */
  chatUsername?: string;
  /** The sender's username. */
  from?: string;
  /** The text. */
  text: string;
  /** A channel post instead of a message. */
  channel?: boolean;
}

/**
 * The bot's update queue on the simulated Telegram: `message(botId, ...)` adds an Update;
 * `getUpdates` serves them from `offset` (confirming, so forgetting, every update below it),
 * at most `limit`, at once (no long wait); `setWebhook(botId)` makes getUpdates answer 409.
 */
export class TelegramListen {
  readonly #queues = new Map<string, Array<Record<string, unknown>>>();
  readonly #webhooks = new Set<string>();
  #nextUpdate = 1;
  #nextMessage = 1;

  /** Serves updates at the simulator's time. */
  constructor(private readonly now: () => number) {}

  /** Queues an update for bot `botId`; returns it. */
  message(botId: string, incoming: TelegramIncoming): Record<string, unknown> {
    const chatId = incoming.chatId ?? 1001;
    const message = {
      message_id: this.#nextMessage++,
      date: Math.floor(this.now() / 1000),
      chat: incoming.channel
        ? { id: chatId, type: "channel", title: "Channel", username: incoming.chatUsername }
        : { id: chatId, type: "group", title: "Group" },
      ...(incoming.channel
        ? {}
        : {
            from: {
              id: SENDER_ID_BASE + chatId,
              is_bot: false,
              first_name: incoming.from ?? "someone",
              username: incoming.from ?? "someone",
            },
          }),
      text: incoming.text,
    };
    const update = {
      update_id: this.#nextUpdate++,
      [incoming.channel ? "channel_post" : "message"]: message,
    };
    const queue = this.#queues.get(botId) ?? [];
    queue.push(update);
    this.#queues.set(botId, queue);
    return update;
  }

  /** Sets (or with `false` deletes) a webhook for bot `botId`. */
  setWebhook(botId: string, set = true): void {
    if (set) this.#webhooks.add(botId);
    else this.#webhooks.delete(botId);
  }

  /** Answers getUpdates for bot `botId`. */
  getUpdates(botId: string, body: Record<string, unknown>): Response {
    if (this.#webhooks.has(botId)) {
      return json(409, { ok: false, error_code: 409, description: WEBHOOK_CONFLICT });
    }
    const offset = Number(body.offset ?? 0);
    const limit = Math.min(MAX_LIMIT, Math.max(1, Number(body.limit ?? MAX_LIMIT)));
    const queue = (this.#queues.get(botId) ?? []).filter(
      (u) => !(offset > 0 && Number(u.update_id) < offset),
    );
    this.#queues.set(botId, queue);
    return json(200, { ok: true, result: queue.slice(0, limit) });
  }

  /** Forgets every update and webhook. */
  reset(): void {
    this.#queues.clear();
    this.#webhooks.clear();
    this.#nextUpdate = 1;
    this.#nextMessage = 1;
  }
}
