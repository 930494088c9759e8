import type { WebhookCrypto } from "../../webhooks/contract.js";
import { createWebCrypto } from "../../webhooks/crypto-web.js";
import { secretTokenMatches } from "./webhooks.js";

/**
 * Checks a Telegram webhook request yourself: whether the `X-Telegram-Bot-Api-Secret-Token`
 * header value equals one of `secrets` (the `secret_token` given to `setWebhook`; several while
 * rotating), compared in constant time. For servers that do not use `herald.webhooks.handle`.
 *
 * @example await verifyTelegramSecret(req.headers["x-telegram-bot-api-secret-token"], process.env.TG_SECRET!)
 */
export async function verifyTelegramSecret(
  header: string | null | undefined,
  secrets: string | readonly string[],
  crypto: WebhookCrypto = createWebCrypto(),
): Promise<boolean> {
  if (typeof header !== "string" || header === "") return false;
  return secretTokenMatches(crypto, header, typeof secrets === "string" ? [secrets] : secrets);
}
