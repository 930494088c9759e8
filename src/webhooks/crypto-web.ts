import type { HashAlgorithm, WebhookCrypto } from "./contract.js";
import { concatBytes, utf8 } from "./encoding.js";
import type { SubtleCryptoLike } from "./subtle.js";

/** AES block size in bytes (FIPS 197). */
const AES_BLOCK = 16;

/** At most this many HMAC keys are kept imported per client: our bound, far above a client's secrets. */
const MAX_CACHED_KEYS = 64;

/** Copies bytes into a fresh `ArrayBuffer` of their length, as Web Crypto takes them. */
function buffer(bytes: Uint8Array): ArrayBuffer {
  return new Uint8Array(bytes).buffer;
}

/**
 * Constant-time equality in plain JavaScript: every byte is compared, whatever differs first.
 * Lengths are public (a signature's length is fixed by its algorithm).
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/**
 * The {@link WebhookCrypto} of every runtime: Web Crypto (`crypto.subtle`). HMAC keys are
 * imported once per secret and kept (per instance, never shared between clients).
 */
export function createWebCrypto(
  subtle: SubtleCryptoLike = globalThis.crypto.subtle,
): WebhookCrypto {
  const hmacKeys = new Map<string, Promise<object>>();
  const importHmac = (algorithm: HashAlgorithm, key: Uint8Array): Promise<object> =>
    subtle.importKey(
      "raw",
      // Web Crypto refuses an empty key; HMAC pads keys with zero bytes (RFC 2104, section 2),
      // so one zero byte is the same key
      buffer(key.length === 0 ? new Uint8Array(1) : key),
      { name: "HMAC", hash: algorithm },
      false,
      ["sign"],
    );
  const hmacKey = (algorithm: HashAlgorithm, key: string | Uint8Array): Promise<object> => {
    if (typeof key !== "string") return importHmac(algorithm, key);
    const id = `${algorithm}:${key}`;
    let imported = hmacKeys.get(id);
    if (!imported) {
      if (hmacKeys.size >= MAX_CACHED_KEYS) hmacKeys.clear();
      imported = importHmac(algorithm, utf8(key));
      hmacKeys.set(id, imported);
    }
    return imported;
  };
  const aesKey = (key: Uint8Array, usage: "encrypt" | "decrypt") =>
    subtle.importKey("raw", buffer(key), { name: "AES-CBC" }, false, [usage]);

  return {
    async hmac(algorithm, key, data) {
      const signed = await subtle.sign("HMAC", await hmacKey(algorithm, key), buffer(utf8(data)));
      return new Uint8Array(signed);
    },
    async digest(algorithm, data) {
      return new Uint8Array(await subtle.digest(algorithm, buffer(utf8(data))));
    },
    timingSafeEqual: constantTimeEqual,
    async aesCbcDecrypt(key, iv, data) {
      if (data.length === 0 || data.length % AES_BLOCK !== 0) {
        throw new RangeError("AES-CBC data must be a non-empty multiple of 16 bytes");
      }
      // Web Crypto always strips PKCS#7 padding; to get the raw plaintext, append the block a
      // PKCS#7 encryption of nothing after the last ciphertext block would give, and let Web
      // Crypto strip exactly that block.
      const encryptKey = await aesKey(key, "encrypt");
      const last = data.subarray(data.length - AES_BLOCK);
      const pad = new Uint8Array(
        await subtle.encrypt({ name: "AES-CBC", iv: buffer(last) }, encryptKey, new ArrayBuffer(0)),
      );
      const plain = await subtle.decrypt(
        { name: "AES-CBC", iv: buffer(iv) },
        await aesKey(key, "decrypt"),
        buffer(concatBytes(data, pad)),
      );
      return new Uint8Array(plain);
    },
    async aesCbcEncrypt(key, iv, data) {
      if (data.length % AES_BLOCK !== 0) {
        throw new RangeError("AES-CBC data must be padded to a multiple of 16 bytes");
      }
      const sealed = await subtle.encrypt(
        { name: "AES-CBC", iv: buffer(iv) },
        await aesKey(key, "encrypt"),
        buffer(data),
      );
      // drop the block of PKCS#7 padding Web Crypto always adds
      return new Uint8Array(sealed, 0, data.length);
    },
    async ed25519Verify(publicKey, signature, data) {
      try {
        const key = await subtle.importKey("raw", buffer(publicKey), { name: "Ed25519" }, false, [
          "verify",
        ]);
        return await subtle.verify({ name: "Ed25519" }, key, buffer(signature), buffer(data));
      } catch {
        return false;
      }
    },
  };
}
