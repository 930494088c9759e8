// The two crypto tools (Web Crypto everywhere, node:crypto on Node) agree with each other and
// with node:crypto used directly, on random inputs.
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  generateKeyPairSync,
  randomBytes,
  sign,
} from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createNodeCrypto } from "../../src/webhooks/crypto-node.js";
import { constantTimeEqual, createWebCrypto } from "../../src/webhooks/crypto-web.js";
import { fromBase64, fromHex, toBase64, toHex } from "../../src/webhooks/encoding.js";

const tools = { web: createWebCrypto(), node: createNodeCrypto() };
const bytes = fc.uint8Array({ maxLength: 2048 });
const algorithms = fc.constantFrom("SHA-1", "SHA-256", "SHA-512") as fc.Arbitrary<
  "SHA-1" | "SHA-256" | "SHA-512"
>;
const nodeName = { "SHA-1": "sha1", "SHA-256": "sha256", "SHA-512": "sha512" } as const;

describe.each(Object.entries(tools))("%s crypto", (_name, crypto) => {
  it("hmac and digest equal node:crypto's", async () => {
    await fc.assert(
      fc.asyncProperty(algorithms, fc.string(), bytes, async (algorithm, key, data) => {
        const expected = createHmac(nodeName[algorithm], key).update(data).digest();
        expect(Buffer.from(await crypto.hmac(algorithm, key, data))).toEqual(expected);
        const digest = createHash(nodeName[algorithm]).update(data).digest();
        expect(Buffer.from(await crypto.digest(algorithm, data))).toEqual(digest);
      }),
      { numRuns: 200 },
    );
  });

  it("AES-CBC without padding: decrypts node's ciphertext, encrypts to node's", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(16, 24, 32),
        fc.integer({ min: 1, max: 8 }),
        async (keyLength, blocks) => {
          const key = randomBytes(keyLength);
          const iv = randomBytes(16);
          const plain = randomBytes(16 * blocks);
          const cipher = createCipheriv(`aes-${keyLength * 8}-cbc`, key, iv).setAutoPadding(false);
          const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
          expect(Buffer.from(await crypto.aesCbcDecrypt(key, iv, sealed))).toEqual(plain);
          expect(Buffer.from(await crypto.aesCbcEncrypt(key, iv, plain))).toEqual(sealed);
          const decipher = createDecipheriv(`aes-${keyLength * 8}-cbc`, key, iv).setAutoPadding(
            false,
          );
          expect(Buffer.concat([decipher.update(sealed), decipher.final()])).toEqual(plain);
        },
      ),
      { numRuns: 50 },
    );
  });

  it("Ed25519: accepts a valid signature, refuses a changed message or a bad key", async () => {
    const { publicKey, privateKey } = generateKeyPairSync("ed25519");
    const raw = publicKey.export({ format: "der", type: "spki" }).subarray(-32);
    const message = Buffer.from('1700000000{"type":1}');
    const signature = sign(null, message, privateKey);
    expect(await crypto.ed25519Verify(raw, signature, message)).toBe(true);
    expect(await crypto.ed25519Verify(raw, signature, Buffer.from('1700000001{"type":1}'))).toBe(
      false,
    );
    expect(await crypto.ed25519Verify(new Uint8Array(3), signature, message)).toBe(false);
  });

  it("timingSafeEqual: equal bytes only", () => {
    fc.assert(
      fc.property(bytes, bytes, (a, b) => {
        expect(crypto.timingSafeEqual(a, b)).toBe(Buffer.from(a).equals(Buffer.from(b)));
        expect(crypto.timingSafeEqual(a, Uint8Array.from(a))).toBe(true);
      }),
    );
  });
});

describe("encodings", () => {
  it("hex and base64 round-trip and match Buffer's", () => {
    fc.assert(
      fc.property(bytes, (data) => {
        expect(toHex(data)).toBe(Buffer.from(data).toString("hex"));
        expect(toBase64(data)).toBe(Buffer.from(data).toString("base64"));
        expect(fromHex(toHex(data))).toEqual(data);
        expect(fromBase64(toBase64(data))).toEqual(data);
      }),
    );
  });

  it("invalid input decodes to undefined, never throws", () => {
    expect(fromHex("abc")).toBeUndefined();
    expect(fromHex("zz")).toBeUndefined();
    expect(fromBase64("a$b")).toBeUndefined();
    expect(fromBase64("abcde")).toBeUndefined();
    expect(constantTimeEqual(new Uint8Array(2), new Uint8Array(3))).toBe(false);
  });
});
