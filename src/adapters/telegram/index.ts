/**
 * The Telegram adapter (`herald/telegram`): the {@link telegram} factory and the text helpers
 * for Telegram's formatting modes.
 *
 * @packageDocumentation
 */

export type * from "../../generated/telegram/update-types.js";
export { type TelegramOptions, telegram } from "./adapter.js";
export { escapeHtml } from "./html.js";
export { TELEGRAM_LIMITS, TELEGRAM_PAID_BROADCAST_LIMIT } from "./limits.js";
export { escapeMarkdownV2, escapeMarkdownV2Code, escapeMarkdownV2Url, md } from "./markdown.js";
export type { TelegramParseMode } from "./types.js";
export { verifyTelegramSecret } from "./verify.js";
export {
  TELEGRAM_SECRET_HEADER,
  type TelegramUpdateKind,
  type TelegramWebhookEvents,
} from "./webhooks.js";
