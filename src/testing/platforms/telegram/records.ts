// What the simulated Telegram records of what it created: the types both the simulator (telegram.ts)
// and its post API (telegram-posts.ts) hold, below both.

/** A message the simulated Telegram really delivered. */
export interface TelegramSentMessage {
  /** Bot id (the number before `:` in its token). */
  botId: string;
  /** `chat_id` as sent by the client. */
  chatId: string;
  /** Id of the message in its chat. */
  messageId: number;
  /** Bot API method that sent it. */
  method: string;
  /** Text or caption after parsing markup. */
  text: string | undefined;
  /** Simulator time of delivery (ms). */
  time: number;
  /** The Message object returned to the client. */
  message: Record<string, unknown>;
}
