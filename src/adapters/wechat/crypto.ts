/**
 * WeChat's webhook signatures and safe (AES) mode
 * (https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Message_encryption_and_decryption_instructions.html):
 * `signature` = SHA-1 hex of the sorted, concatenated token, timestamp and nonce (and, for
 * `msg_signature`, the `Encrypt` text); the message is AES-256-CBC with key =
 * base64(EncodingAESKey + "="), IV = the key's first 16 bytes, PKCS#7 padded to 32 bytes, over
 * random(16) + msg_len (4 bytes, big endian) + msg + appid.
 */
import type { WebhookCrypto } from "../../webhooks/contract.js";
import { fromBase64, fromHex, utf8Text } from "../../webhooks/encoding.js";

/** EncodingAESKey length: "43位字符" (43 base64 characters, 32 bytes). */
const AES_KEY_CHARS = 43;
/** WeChat pads to 32-byte blocks (PKCS#7 with block size 32). */
const PAD_BLOCK = 32;
/** random(16) + msg_len(4) */
const HEADER_BYTES = 20;

/** The 32-byte AES key of an EncodingAESKey, or `undefined` when it is not one. */
export function aesKeyOf(encodingAESKey: string): Uint8Array | undefined {
  if (encodingAESKey.length !== AES_KEY_CHARS) return undefined;
  const key = fromBase64(`${encodingAESKey}=`);
  return key?.length === 32 ? key : undefined;
}

/** Whether `signature` (hex) is the SHA-1 of the sorted `parts` with one of the `tokens`. */
export async function matchesSignature(
  crypto: WebhookCrypto,
  tokens: readonly string[],
  parts: readonly string[],
  signature: string | null,
): Promise<boolean> {
  const given = fromHex(signature ?? "");
  if (given === undefined || given.length === 0) return false;
  let matched = false;
  // every token is tried, so the time taken does not say which one matched
  for (const token of tokens) {
    const joined = [token, ...parts].sort().join("");
    if (crypto.timingSafeEqual(await crypto.digest("SHA-1", joined), given)) matched = true;
  }
  return matched;
}

/** What decrypting an `Encrypt` text gave. */
export type Decrypted =
  | { ok: true; message: string }
  | { ok: false; reason: "undecryptable" | "appid" };

/**
 * Decrypts an `Encrypt` text with one of `keys` and checks the AppID inside. A wrong key shows
 * as bad padding or a length that does not fit (`undecryptable`); a message for another account
 * as a different AppID (`appid`).
 */
export async function decryptMessage(
  crypto: WebhookCrypto,
  keys: readonly Uint8Array[],
  encrypted: string,
  appId: string,
): Promise<Decrypted> {
  const data = fromBase64(encrypted);
  if (data === undefined || data.length === 0 || data.length % 16 !== 0) {
    return { ok: false, reason: "undecryptable" };
  }
  let reason: "undecryptable" | "appid" = "undecryptable";
  for (const key of keys) {
    let plain: Uint8Array;
    try {
      plain = await crypto.aesCbcDecrypt(key, key.subarray(0, 16), data);
    } catch {
      continue;
    }
    const pad = plain[plain.length - 1] ?? 0;
    if (pad < 1 || pad > PAD_BLOCK || pad > plain.length) continue;
    if (!plain.subarray(plain.length - pad).every((b) => b === pad)) continue;
    const body = plain.subarray(0, plain.length - pad);
    if (body.length < HEADER_BYTES) continue;
    const length = new DataView(body.buffer, body.byteOffset + 16, 4).getUint32(0);
    if (HEADER_BYTES + length > body.length) continue;
    const from = utf8Text(body.subarray(HEADER_BYTES + length));
    if (from !== appId) {
      reason = "appid";
      continue;
    }
    return { ok: true, message: utf8Text(body.subarray(HEADER_BYTES, HEADER_BYTES + length)) };
  }
  return { ok: false, reason };
}
