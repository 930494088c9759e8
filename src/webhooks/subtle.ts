/**
 * Web Crypto's `SubtleCrypto` as far as Herald uses it, typed here rather than by the DOM lib's
 * `SubtleCrypto`, so that Herald's types compile in a project whose `lib` has no DOM (a Node
 * app's). `crypto.subtle` of every runtime is one. Bytes go in as `ArrayBuffer`, which every
 * TypeScript version Herald supports types the same way.
 */
export interface SubtleCryptoLike {
  /** Imports a raw key (`"HMAC"` with its hash, `"AES-CBC"`, `"Ed25519"`). */
  importKey(
    format: "raw",
    keyData: ArrayBuffer,
    algorithm: { name: string; hash?: string },
    extractable: boolean,
    keyUsages: Array<"sign" | "verify" | "encrypt" | "decrypt">,
  ): Promise<object>;
  /** An HMAC of `data` with an imported key. */
  sign(algorithm: "HMAC", key: object, data: ArrayBuffer): Promise<ArrayBuffer>;
  /** Checks a signature (`Ed25519`). */
  verify(
    algorithm: { name: string },
    key: object,
    signature: ArrayBuffer,
    data: ArrayBuffer,
  ): Promise<boolean>;
  /** A digest (`"SHA-256"`, `"SHA-1"`). */
  digest(algorithm: string, data: ArrayBuffer): Promise<ArrayBuffer>;
  /** AES-CBC encryption, PKCS#7 padding added. */
  encrypt(
    algorithm: { name: string; iv: ArrayBuffer },
    key: object,
    data: ArrayBuffer,
  ): Promise<ArrayBuffer>;
  /** AES-CBC decryption, PKCS#7 padding removed. */
  decrypt(
    algorithm: { name: string; iv: ArrayBuffer },
    key: object,
    data: ArrayBuffer,
  ): Promise<ArrayBuffer>;
}
