import type { WebhookCrypto } from "../../webhooks/contract.js";
import { createWebCrypto } from "../../webhooks/crypto-web.js";
import { matchesHmac } from "../../webhooks/signature.js";

/**
 * Checks a Mastodon admin webhook request yourself: whether `signature` (the `X-Hub-Signature`
 * header, `sha256=<hex>`) is the HMAC-SHA256 of the raw body under one of `secrets` (several
 * while rotating), compared in constant time (https://docs.joinmastodon.org/admin/webhooks/).
 *
 * @example await verifyMastodonSignature(rawBody, req.headers["x-hub-signature"], process.env.MASTODON_WEBHOOK_SECRET!)
 */
export async function verifyMastodonSignature(
  rawBody: string | Uint8Array,
  signature: string | null | undefined,
  secrets: string | readonly string[],
  crypto: WebhookCrypto = createWebCrypto(),
): Promise<boolean> {
  if (typeof signature !== "string" || !signature.startsWith("sha256=")) return false;
  return matchesHmac(crypto, {
    algorithm: "SHA-256",
    secrets: typeof secrets === "string" ? [secrets] : secrets,
    data: rawBody,
    signature: signature.slice("sha256=".length),
    encoding: "hex",
  });
}
