/**
 * Signature checks shared by the adapters' webhook hooks, over the injected crypto: an HMAC
 * checked against every configured secret (rotation) in constant time, and a signed timestamp
 * checked against a tolerance.
 */
import type { HashAlgorithm, VerifyResult, WebhookCrypto } from "./contract.js";
import { fromBase64, fromHex } from "./encoding.js";

/** What {@link matchesHmac} checks. */
export interface HmacCheck {
  /** The hash of the HMAC. */
  algorithm: HashAlgorithm;
  /** Every secret currently accepted (new and old during a rotation). */
  secrets: readonly string[];
  /** The signed bytes (usually the raw body, or `timestamp + body`). */
  data: string | Uint8Array;
  /** The signature as sent, without its prefix (`sha256=`). */
  signature: string;
  /** How the signature is written. */
  encoding: "hex" | "base64";
}

/**
 * Whether `signature` is the HMAC of `data` under one of `secrets`, compared in constant time.
 * A signature that does not decode, or no secret at all, is no match.
 */
export async function matchesHmac(crypto: WebhookCrypto, check: HmacCheck): Promise<boolean> {
  const given = check.encoding === "hex" ? fromHex(check.signature) : fromBase64(check.signature);
  if (given === undefined || given.length === 0) return false;
  let matched = false;
  // every secret is tried, so the time taken does not say which one matched
  for (const secret of check.secrets) {
    const expected = await crypto.hmac(check.algorithm, secret, check.data);
    if (crypto.timingSafeEqual(expected, given)) matched = true;
  }
  return matched;
}

/**
 * Verifies a signature header holding an HMAC (`sha256=<hex>` style when `prefix` is given).
 * Missing header → `missing`, wrong prefix or encoding → `malformed`, no match → `mismatch`.
 */
export async function verifyHmacHeader(
  crypto: WebhookCrypto,
  header: string | null,
  check: Omit<HmacCheck, "signature"> & { prefix?: string },
): Promise<VerifyResult> {
  if (header === null || header === "") return { ok: false, reason: "missing" };
  const prefix = check.prefix ?? "";
  if (!header.startsWith(prefix)) return { ok: false, reason: "malformed" };
  const signature = header.slice(prefix.length).trim();
  if (await matchesHmac(crypto, { ...check, signature })) return { ok: true };
  return { ok: false, reason: "mismatch" };
}

/**
 * Checks a signed timestamp (in seconds since the epoch, as Slack and Discord send it) against
 * the receiving time: more than `toleranceMs` away either way is `expired` (a replay or a skewed
 * clock), something other than an integer is `malformed`.
 */
export function checkTimestamp(
  seconds: string | null,
  receivedAt: number,
  toleranceMs: number,
): VerifyResult {
  if (seconds === null || seconds === "") return { ok: false, reason: "missing" };
  if (!/^\d{1,12}$/.test(seconds)) return { ok: false, reason: "malformed" };
  if (Math.abs(receivedAt - Number(seconds) * 1000) > toleranceMs) {
    return { ok: false, reason: "expired" };
  }
  return { ok: true };
}
