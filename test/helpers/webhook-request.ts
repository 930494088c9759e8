// The core's side of a webhook hook, for testing adapters' hooks without the webhook core:
// a WebhookCrypto on node:crypto and a WebhookRequest from parts.
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  timingSafeEqual,
} from "node:crypto";
import type { WebhookCrypto, WebhookRequest, WebhookTools } from "../../src/webhooks/contract.js";

const algorithms = { "SHA-1": "sha1", "SHA-256": "sha256", "SHA-512": "sha512" } as const;

/** WebhookCrypto on node:crypto (Ed25519 is not needed by these adapters). */
export const nodeCrypto: WebhookCrypto = {
  hmac: async (algorithm, key, data) =>
    new Uint8Array(createHmac(algorithms[algorithm], key).update(data).digest()),
  digest: async (algorithm, data) =>
    new Uint8Array(createHash(algorithms[algorithm]).update(data).digest()),
  timingSafeEqual: (a, b) => a.length === b.length && timingSafeEqual(a, b),
  aesCbcDecrypt: async (key, iv, data) => {
    const decipher = createDecipheriv(`aes-${key.length * 8}-cbc`, key, iv).setAutoPadding(false);
    return new Uint8Array(Buffer.concat([decipher.update(data), decipher.final()]));
  },
  aesCbcEncrypt: async (key, iv, data) => {
    const cipher = createCipheriv(`aes-${key.length * 8}-cbc`, key, iv).setAutoPadding(false);
    return new Uint8Array(Buffer.concat([cipher.update(data), cipher.final()]));
  },
  ed25519Verify: async () => false,
};

/** The tools the core hands every hook. */
export const tools: WebhookTools = { crypto: nodeCrypto };

/** A webhook request as the core builds it. */
export function webhookRequest(
  url: string,
  init: {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    receivedAt?: number;
  } = {},
): WebhookRequest {
  const body = new TextEncoder().encode(init.body ?? "");
  return {
    method: init.method ?? "POST",
    url: new URL(url),
    headers: new Headers(init.headers),
    body,
    text: () => new TextDecoder().decode(body),
    receivedAt: init.receivedAt ?? Date.UTC(2026, 10, 27, 8),
  };
}

/** Hex HMAC-SHA256, as the platforms sign. */
export function hexHmac(secret: string, data: string): string {
  return createHmac("sha256", secret).update(data).digest("hex");
}
