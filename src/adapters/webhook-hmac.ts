/**
 * Hex HMAC-SHA256 signatures of webhook deliveries (Meta's `X-Hub-Signature-256`, LinkedIn's
 * `X-LI-Signature`, and the many platforms that sign the same way), for adapters' webhook hooks.
 * Crypto comes from the core ({@link WebhookCrypto}), so this runs on every runtime.
 *
 * @packageDocumentation
 */
import type { VerifyResult, WebhookCrypto } from "../webhooks/contract.js";

const encoder = new TextEncoder();

/** Lower-case hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) out += byte.toString(16).padStart(2, "0");
  return out;
}

/** The bytes a hex string stands for; `undefined` when it is not hex of an even length. */
export function fromHex(text: string): Uint8Array | undefined {
  if (text.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(text)) return undefined;
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** `prefix` (UTF-8) followed by `body`, as one byte string. */
export function prefixed(prefix: string, body: Uint8Array): Uint8Array {
  const head = encoder.encode(prefix);
  const out = new Uint8Array(head.length + body.length);
  out.set(head);
  out.set(body, head.length);
  return out;
}

/** SHA-256 digests are 32 bytes (FIPS 180-4), 64 hex digits. */
const SHA256_BYTES = 32;

/**
 * Checks a hex HMAC-SHA256 `signature` (already stripped of any `sha256=` prefix) against every
 * secret (rotation) and every candidate signed `input`, each comparison in constant time.
 * `missing` without a signature or secret, `malformed` when it is not 64 hex digits.
 */
export async function verifyHexHmac(
  crypto: WebhookCrypto,
  secrets: readonly string[],
  inputs: readonly Uint8Array[],
  signature: string | undefined,
): Promise<VerifyResult> {
  if (signature === undefined || signature === "" || secrets.length === 0) {
    return { ok: false, reason: "missing" };
  }
  const expected = fromHex(signature.trim());
  if (expected === undefined || expected.length !== SHA256_BYTES) {
    return { ok: false, reason: "malformed" };
  }
  for (const secret of secrets) {
    for (const input of inputs) {
      const actual = await crypto.hmac("SHA-256", secret, input);
      if (crypto.timingSafeEqual(actual, expected)) return { ok: true };
    }
  }
  return { ok: false, reason: "mismatch" };
}

/** Secrets given as one string or a list (rotation: the current one first), blanks dropped. */
export function secretList(value: string | readonly string[] | undefined): string[] {
  const list = typeof value === "string" ? [value] : [...(value ?? [])];
  return list.filter((s) => typeof s === "string" && s.trim() !== "");
}
