import type { LimitRule } from "../contract.js";

/** Where Telegram documents its broadcast limits. */
export const TELEGRAM_LIMITS_SOURCE =
  "https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this";

/** Where Telegram documents paid broadcasts (`allow_paid_broadcast`). */
export const TELEGRAM_PAID_BROADCAST_SOURCE = "https://core.telegram.org/bots/api#sendmessage";

/**
 * The documented default limits of one bot: about 30 messages per second in bulk, no more than
 * one message per second to one private chat, and 20 messages per minute to one group or channel
 * (Bot FAQ, "My bot is hitting limits, how do I avoid this?").
 */
export const TELEGRAM_LIMITS: readonly LimitRule[] = [
  // FAQ: "the API will not allow bulk notifications to more than ~30 users per second"
  { scope: "account", max: 30, perMs: 1000, source: TELEGRAM_LIMITS_SOURCE },
  // FAQ: "avoid sending more than one message per second" in a particular chat
  { scope: "chat", chatKind: "private", max: 1, perMs: 1000, source: TELEGRAM_LIMITS_SOURCE },
  // FAQ: "your bot will not be able to send more than 20 messages per minute to the same group"
  { scope: "chat", chatKind: "group", max: 20, perMs: 60_000, source: TELEGRAM_LIMITS_SOURCE },
];

/**
 * The account limit with paid broadcasts: `allow_paid_broadcast` allows "up to 1000 messages
 * per second" for a fee (https://core.telegram.org/bots/api#sendmessage).
 */
export const TELEGRAM_PAID_BROADCAST_LIMIT: LimitRule = {
  scope: "account",
  max: 1000,
  perMs: 1000,
  source: TELEGRAM_PAID_BROADCAST_SOURCE,
};

/** The default limits, with the paid-broadcast account limit when `paidBroadcast` is on. */
export function defaultTelegramLimits(paidBroadcast: boolean): LimitRule[] {
  return paidBroadcast
    ? [TELEGRAM_PAID_BROADCAST_LIMIT, ...TELEGRAM_LIMITS.filter((r) => r.scope !== "account")]
    : [...TELEGRAM_LIMITS];
}
