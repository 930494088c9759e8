// The WeChat webhook tests' account and their independent implementation of WeChat's
// algorithms (消息加解密说明), made with node:crypto, never with the code under test.
import { createCipheriv, createHash, randomBytes } from "node:crypto";

export const TOKEN = "wx-server-token";
export const APP_ID = "wx1234567890abcdef";
/** 43 characters, as WeChat generates them. */
export const AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
export const NOW = Date.UTC(2026, 10, 27, 1);
export const TS = String(NOW / 1000);
export const NONCE = "1320562132";

/** SHA-1 (hex) of the parts sorted and joined: WeChat's signature and msg_signature. */
export const sha1 = (parts: string[]) =>
  createHash("sha1")
    .update([...parts].sort().join(""))
    .digest("hex");

/** A message encrypted for safe mode: AES-256-CBC, random(16) + length + message + AppID, PKCS#7 to 32. */
export function encrypt(message: string, encodingAESKey = AES_KEY, appId = APP_ID): string {
  const key = Buffer.from(`${encodingAESKey}=`, "base64");
  const body = Buffer.from(message, "utf8");
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const plain = Buffer.concat([randomBytes(16), length, body, Buffer.from(appId)]);
  const pad = 32 - (plain.length % 32);
  const cipher = createCipheriv("aes-256-cbc", key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([
    cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])),
    cipher.final(),
  ]).toString("base64");
}
