/**
 * What every Meta webhook subscription shares
 * (https://developers.facebook.com/docs/graph-api/webhooks/getting-started): the GET
 * `hub.mode=subscribe` handshake echoing `hub.challenge` when `hub.verify_token` matches, and
 * `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>` on every delivery.
 */
import type {
  VerifyResult,
  WebhookAnswer,
  WebhookCrypto,
  WebhookRequest,
} from "../../webhooks/contract.js";
import { verifyHmacHeader } from "../../webhooks/signature.js";

const SIGNATURE_PREFIX = "sha256=";
const encoder = new TextEncoder();

const plainText = (): Record<string, string> => ({ "content-type": "text/plain; charset=utf-8" });

function forbidden(reason: string): WebhookAnswer {
  return { status: 403, body: reason, headers: plainText() };
}

/**
 * Answers the verification request of a subscription: `undefined` when the request is not one
 * (no GET with `hub.mode`), 403 for another `hub.mode` or a verify token that does not match
 * (compared in constant time; without a `verifyToken` every handshake is refused), else 200 with
 * `hub.challenge`.
 */
export function answerHubChallenge(
  request: WebhookRequest,
  crypto: WebhookCrypto,
  verifyToken: string | undefined,
): WebhookAnswer | undefined {
  const params = request.url.searchParams;
  if (request.method !== "GET" || !params.has("hub.mode")) return undefined;
  if (params.get("hub.mode") !== "subscribe") return forbidden("unknown hub.mode");
  const given = encoder.encode(params.get("hub.verify_token") ?? "");
  const expected = encoder.encode(verifyToken ?? "");
  if (verifyToken === undefined || !crypto.timingSafeEqual(given, expected)) {
    return forbidden("verify token mismatch");
  }
  return { status: 200, body: params.get("hub.challenge") ?? "", headers: plainText() };
}

/** Checks `X-Hub-Signature-256` over the raw body against every app secret (rotation). */
export async function verifyHubSignature(
  request: WebhookRequest,
  crypto: WebhookCrypto,
  appSecrets: readonly string[],
): Promise<VerifyResult> {
  return verifyHmacHeader(crypto, request.headers.get("x-hub-signature-256"), {
    algorithm: "SHA-256",
    secrets: appSecrets,
    data: request.body,
    encoding: "hex",
    prefix: SIGNATURE_PREFIX,
  });
}
