import type { WebhookCrypto } from "../../webhooks/contract.js";
import { createWebCrypto } from "../../webhooks/crypto-web.js";
import { matchesHmac } from "../../webhooks/signature.js";

/**
 * Checks a LINE webhook request yourself: whether `signature` (the `x-line-signature` header) is
 * the base64 HMAC-SHA256 of the raw body under one of the channel `secrets` (several while
 * rotating), compared in constant time
 * (https://developers.line.biz/en/reference/messaging-api/#signature-validation). Pass the body
 * exactly as received, never a re-serialized object.
 *
 * @example await verifyLineSignature(rawBody, req.headers["x-line-signature"], process.env.LINE_CHANNEL_SECRET!)
 */
export async function verifyLineSignature(
  rawBody: string | Uint8Array,
  signature: string | null | undefined,
  secrets: string | readonly string[],
  crypto: WebhookCrypto = createWebCrypto(),
): Promise<boolean> {
  if (typeof signature !== "string" || signature === "") return false;
  return matchesHmac(crypto, {
    algorithm: "SHA-256",
    secrets: typeof secrets === "string" ? [secrets] : secrets,
    data: rawBody,
    signature,
    encoding: "base64",
  });
}
