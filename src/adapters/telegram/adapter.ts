import { ValidationError } from "../../transport/errors.js";
import { webhookSecrets } from "../../webhooks/secrets.js";
import type { AdapterCapabilities, PlatformAdapter } from "../contract.js";
import { type CommonAdapterOptions, resolveCommonOptions } from "../options.js";
import { withReplyContext } from "../reply.js";
import { telegramAccountMetrics } from "./account-metrics.js";
import { telegramEditing, telegramMetrics } from "./editing.js";
import { escapeTelegramValue } from "./escape-value.js";
import { defaultTelegramLimits } from "./limits.js";
import { telegramListening } from "./listening.js";
import { readTelegramResponse } from "./read.js";
import { type RenderSettings, renderTelegram } from "./render.js";
import { TELEGRAM, TELEGRAM_BASE_URL, type TelegramParseMode } from "./types.js";
import { TELEGRAM_SECRET_TOKEN, type TelegramWebhookEvents, telegramWebhooks } from "./webhooks.js";

/** Options of the {@link telegram} adapter factory. */
export interface TelegramOptions extends CommonAdapterOptions {
  /** The bot token from `@BotFather` (`123456789:AA...`); it goes into every request path. */
  botToken: string;
  /**
   * How message text and captions are formatted; plain text when omitted. Escape user input
   * with `escapeMarkdownV2`, the `md` template or `escapeHtml`.
   */
  parseMode?: TelegramParseMode;
  /**
   * Sets `allow_paid_broadcast: true` on every send (up to 1000 messages per second, for a fee
   * in Telegram Stars) and raises the default account limit to match.
   */
  paidBroadcast?: boolean;
  /**
   * The `secret_token` given to `setWebhook`, which Telegram sends back in the
   * `X-Telegram-Bot-Api-Secret-Token` header of every update; several while rotating (the new
   * one first). Without it `herald.webhooks` does not accept Telegram updates (404).
   */
  webhookSecret?: string | readonly string[];
  /** The bot's username (without `@`), for `herald.listen({ mentions: true })`: messages naming `@botUsername`. */
  botUsername?: string;
}

/** Bot tokens are `<bot id>:<secret>` (https://core.telegram.org/bots/api#authorizing-your-bot). */
const TOKEN = /^\d+:[A-Za-z0-9_-]+$/;

function fail(field: string, rule: string, hint?: string): never {
  throw new ValidationError(
    field,
    rule,
    hint === undefined ? { platform: TELEGRAM } : { platform: TELEGRAM, hint },
  );
}

/**
 * Creates the Telegram adapter: sends text, photos, videos and albums to channels, groups and
 * users through the Bot API, with the documented limits. The token is listed in `secrets` so
 * the core redacts it; it never appears in an error message.
 *
 * @example telegram({ botToken: process.env.TELEGRAM_BOT_TOKEN!, parseMode: "MarkdownV2" })
 */
export function telegram(options: TelegramOptions): PlatformAdapter<TelegramWebhookEvents> {
  if (typeof options !== "object" || options === null) fail("options", "an options object");
  const { botToken, parseMode, paidBroadcast = false } = options;
  if (typeof botToken !== "string" || botToken.length === 0) {
    fail("botToken", "required", "the token @BotFather gave, like 123456789:AA...");
  }
  if (!TOKEN.test(botToken)) {
    fail("botToken", "digits, a colon, then letters, digits, _ or -", "the token @BotFather gave");
  }
  if (parseMode !== undefined && parseMode !== "MarkdownV2" && parseMode !== "HTML") {
    fail("parseMode", 'one of "MarkdownV2", "HTML"');
  }
  if (typeof paidBroadcast !== "boolean") fail("paidBroadcast", "a boolean");
  const { account, baseUrl, limits } = resolveCommonOptions(TELEGRAM, options, {
    baseUrl: TELEGRAM_BASE_URL,
    limits: defaultTelegramLimits(paidBroadcast),
  });
  const webhookSecret = webhookSecrets(TELEGRAM, "webhookSecret", options.webhookSecret);
  webhookSecret?.forEach((secret, i) => {
    if (!TELEGRAM_SECRET_TOKEN.test(secret)) {
      const field =
        typeof options.webhookSecret === "string" ? "webhookSecret" : `webhookSecret[${i}]`;
      fail(field, "1-256 characters: A-Z, a-z, 0-9, _ and -", "Telegram's rule for secret_token");
    }
  });
  const settings: RenderSettings = { token: botToken, parseMode, paidBroadcast };
  const secrets = [botToken, ...(webhookSecret ?? [])];
  const capabilities: AdapterCapabilities = {
    destinations: ["chat", "recipients"],
    // no multicast in the Bot API: one request per chat
    recipientBatch: 1,
    nativeSchedule: false,
  };

  return {
    platform: TELEGRAM,
    account,
    baseUrl,
    capabilities,
    limits,
    secrets,
    authHeaders: () => ({}),
    render: (message, destination, context) =>
      renderTelegram(settings, withReplyContext(message, destination), destination, context),
    // only the bot token can appear in a Bot API answer (webhook secrets are never sent to it)
    readResponse: (operation, response) => readTelegramResponse(operation, response, [botToken]),
    escapeText: (value, message) => escapeTelegramValue(value, message, parseMode),
    metrics: { ...telegramMetrics, account: telegramAccountMetrics(botToken) },
    editing: telegramEditing(botToken, parseMode),
    listening: telegramListening(
      botToken,
      typeof options.botUsername === "string" && options.botUsername !== ""
        ? options.botUsername.replace(/^@/, "")
        : undefined,
    ),
    ...(webhookSecret ? { webhooks: telegramWebhooks(account, webhookSecret) } : {}),
  };
}
