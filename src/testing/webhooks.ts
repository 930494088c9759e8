/**
 * Signed webhook requests, made exactly as each platform makes them, for testing webhook
 * handlers (Herald's `herald.webhooks.handle`, or your own server) without the platform.
 */
import { createWebCrypto } from "../webhooks/crypto-web.js";
import { concatBytes, toBase64, toHex, utf8 } from "../webhooks/encoding.js";

/** The platforms {@link signWebhook} signs for. */
export type SignedWebhookPlatform =
  | "telegram"
  | "line"
  | "mastodon"
  | "x"
  | "facebook"
  | "linkedin"
  | "youtube";

/** Options of the signing helpers. */
export interface SignWebhookOptions {
  /** The URL the request goes to (default `https://herald.test/webhooks/<platform>`). */
  url?: string;
  /** Extra headers, set after the platform's own (to test a tampered or missing one). */
  headers?: Record<string, string>;
}

/** The body as sent: a string as it is (byte for byte), anything else as JSON. */
function raw(body: unknown): string {
  return typeof body === "string" ? body : JSON.stringify(body);
}

function request(
  platform: SignedWebhookPlatform,
  body: string,
  signature: Record<string, string>,
  options: SignWebhookOptions,
): Request {
  const headers = new Headers({ "content-type": "application/json", ...signature });
  for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
  return new Request(options.url ?? `https://herald.test/webhooks/${platform}`, {
    method: "POST",
    headers,
    body,
  });
}

/** LINE's `x-line-signature` of a raw body: base64 HMAC-SHA256 under the channel secret. */
export async function lineSignature(
  body: string | Uint8Array,
  channelSecret: string,
): Promise<string> {
  return toBase64(await createWebCrypto().hmac("SHA-256", channelSecret, utf8(body)));
}

/** Mastodon's `X-Hub-Signature` of a raw body: `sha256=` and the hex HMAC-SHA256 under the secret. */
export async function mastodonSignature(
  body: string | Uint8Array,
  secret: string,
): Promise<string> {
  return `sha256=${toHex(await createWebCrypto().hmac("SHA-256", secret, utf8(body)))}`;
}

/** The signature headers each platform sends with a raw body. */
const SIGNERS: Record<
  SignedWebhookPlatform,
  (body: string, secret: string) => Promise<Record<string, string>>
> = {
  telegram: async (_body, secret) => ({ "x-telegram-bot-api-secret-token": secret }),
  line: async (body, secret) => ({ "x-line-signature": await lineSignature(body, secret) }),
  mastodon: async (body, secret) => ({ "x-hub-signature": await mastodonSignature(body, secret) }),
  x: async (body, secret) => ({ "x-twitter-webhooks-signature": await xSignature(body, secret) }),
  facebook: async (body, secret) => ({
    "x-hub-signature-256": await facebookSignature(body, secret),
  }),
  linkedin: async (body, secret) => ({ "x-li-signature": await linkedinSignature(body, secret) }),
  youtube: async (body, secret) => ({
    "content-type": "application/atom+xml",
    "x-hub-signature": await youtubeSignature(body, secret),
  }),
};

/**
 * The `X-Hub-Signature` of a YouTube (WebSub) notification: `sha1=` and the hex HMAC-SHA1 of
 * the raw body under the subscription's `hub.secret` (WebSub §8).
 */
export async function youtubeSignature(
  body: string | Uint8Array,
  hubSecret: string,
): Promise<string> {
  return `sha1=${toHex(await createWebCrypto().hmac("SHA-1", hubSecret, utf8(body)))}`;
}

/** A YouTube push notification: the Atom XML as it is, signed with `X-Hub-Signature`. */
export const signYouTubeWebhook = (
  atomXml: string,
  hubSecret: string,
  options?: SignWebhookOptions,
) => signWebhook("youtube", atomXml, hubSecret, options);

/**
 * X's `x-twitter-webhooks-signature` of a raw body: `sha256=` and the base64 HMAC-SHA256 under
 * the app's consumer secret (https://docs.x.com/x-api/webhooks/introduction).
 */
export async function xSignature(
  body: string | Uint8Array,
  consumerSecret: string,
): Promise<string> {
  return `sha256=${toBase64(await createWebCrypto().hmac("SHA-256", consumerSecret, utf8(body)))}`;
}

/** An X Account Activity delivery (`{ for_user_id, ..._events }`) signed with `x-twitter-webhooks-signature`. */
export const signXWebhook = (
  payload: unknown,
  consumerSecret: string,
  options?: SignWebhookOptions,
) => signWebhook("x", payload, consumerSecret, options);

/**
 * Meta's `X-Hub-Signature-256` of a raw body: `sha256=` and the hex HMAC-SHA256 under the app
 * secret (https://developers.facebook.com/docs/graph-api/webhooks/getting-started).
 */
export async function facebookSignature(
  body: string | Uint8Array,
  appSecret: string,
): Promise<string> {
  return `sha256=${toHex(await createWebCrypto().hmac("SHA-256", appSecret, utf8(body)))}`;
}

/**
 * LinkedIn's `X-LI-Signature` of a raw body as the docs read literally: the hex HMAC-SHA256 of
 * `"hmacsha256=" + body` under the client secret (the exact input is unconfirmed: PLATFORMS.md).
 */
export async function linkedinSignature(
  body: string | Uint8Array,
  clientSecret: string,
): Promise<string> {
  const data = concatBytes(utf8("hmacsha256="), utf8(body));
  return toHex(await createWebCrypto().hmac("SHA-256", clientSecret, data));
}

/** A Facebook Page webhook request: `{ object: "page", entry }` signed with `X-Hub-Signature-256`. */
export const signFacebookWebhook = (
  payload: unknown,
  appSecret: string,
  options?: SignWebhookOptions,
) => signWebhook("facebook", payload, appSecret, options);

/** A LinkedIn notification request: `{ type, notifications }` signed with `X-LI-Signature`. */
export const signLinkedInWebhook = (
  payload: unknown,
  clientSecret: string,
  options?: SignWebhookOptions,
) => signWebhook("linkedin", payload, clientSecret, options);

/**
 * A webhook request for `platform`, signed the way that platform signs it.
 *
 * @example
 * const request = await signWebhook("line", { destination: "U...", events: [followEvent] }, "channel-secret");
 * expect((await herald.webhooks.handle(request)).status).toBe(200);
 */
export async function signWebhook(
  platform: SignedWebhookPlatform,
  body: unknown,
  secret: string,
  options: SignWebhookOptions = {},
): Promise<Request> {
  const text = raw(body);
  return request(platform, text, await SIGNERS[platform](text, secret), options);
}

/** A Telegram webhook request: the Update as JSON, with `X-Telegram-Bot-Api-Secret-Token`. */
export const signTelegramWebhook = (
  update: unknown,
  secretToken: string,
  options?: SignWebhookOptions,
) => signWebhook("telegram", update, secretToken, options);

/** A LINE webhook request: `{ destination, events }` signed with `x-line-signature`. */
export const signLineWebhook = (
  body: unknown,
  channelSecret: string,
  options?: SignWebhookOptions,
) => signWebhook("line", body, channelSecret, options);

/** A Mastodon admin webhook request: `{ event, created_at, object }` signed with `X-Hub-Signature`. */
export const signMastodonWebhook = (
  payload: unknown,
  secret: string,
  options?: SignWebhookOptions,
) => signWebhook("mastodon", payload, secret, options);
