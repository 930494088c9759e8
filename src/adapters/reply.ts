import type { Message } from "../message/schema.js";
import type { Destination } from "./contract.js";

/**
 * The message with `replyTo` taken from the destination's reply context (a webhook event's
 * `replyTo` target) when the message names none itself: for adapters that reply by message id
 * (Telegram `reply_parameters`, Mastodon `in_reply_to_id`).
 */
export function withReplyContext(message: Message, destination: Destination): Message {
  const reply =
    destination.kind === "chat" || destination.kind === "feed" ? destination.reply : undefined;
  if (message.replyTo !== undefined || reply?.messageId === undefined) return message;
  return { ...message, replyTo: reply.messageId };
}
