/**
 * The webhook side of the adapter contract: what an adapter gives the core so that
 * `herald.webhooks.handle(request)` can answer a platform's handshake, verify a delivery on its
 * raw bytes and turn it into events. Types only; the core (src/webhooks/handle.ts) drives it.
 *
 * The order the core follows for one HTTP request:
 * 1. method, body size limit (the raw bytes are read once, capped) and route to one adapter;
 * 2. {@link AdapterWebhooks.handshake} (subscription checks: Meta `hub.challenge`, X `crc_token`,
 *    LinkedIn `challengeCode`, WeChat `echostr`, WebSub); an answer ends the request;
 * 3. {@link AdapterWebhooks.verify} on the raw bytes: anything but `{ ok: true }` is a 401 and no
 *    handler runs;
 * 4. {@link AdapterWebhooks.parse} into platform events (and normalized ones): a throw or
 *    `{ ok: false }` is a 400;
 * 5. duplicates (by {@link WebhookEventOutput.id}) are dropped, the rest dispatched, and the
 *    platform gets {@link AdapterWebhooks.success} (or the parse's own `answer`).
 *
 * Adapters never import a crypto module: the core injects {@link WebhookCrypto} (Web Crypto
 * everywhere, `node:crypto` on Node), so adapters run on every runtime unchanged.
 *
 * @packageDocumentation
 */
import type { NormalizedEvent } from "./events.js";

/** Hash functions the injected crypto offers. */
export type HashAlgorithm = "SHA-1" | "SHA-256" | "SHA-512";

/**
 * Crypto primitives the core injects into every webhook hook. Every method works on raw bytes;
 * string inputs are UTF-8 encoded first.
 */
export interface WebhookCrypto {
  /** HMAC of `data` under `key`. */
  hmac(
    algorithm: HashAlgorithm,
    key: string | Uint8Array,
    data: string | Uint8Array,
  ): Promise<Uint8Array>;
  /** A plain digest (WeChat's SHA-1 signature of sorted strings). */
  digest(algorithm: HashAlgorithm, data: string | Uint8Array): Promise<Uint8Array>;
  /**
   * Constant-time equality of two byte strings: the time taken depends only on their lengths,
   * never on where they differ. Different lengths are unequal.
   */
  timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean;
  /**
   * AES-CBC decryption WITHOUT padding removal (`data` is a multiple of 16 bytes): the adapter
   * strips the padding itself, since some platforms pad to other block sizes (WeChat: PKCS#7
   * to 32 bytes). `key` is 16, 24 or 32 bytes, `iv` 16 bytes.
   */
  aesCbcDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Promise<Uint8Array>;
  /** AES-CBC encryption WITHOUT padding (`data` already padded to a multiple of 16 bytes). */
  aesCbcEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Promise<Uint8Array>;
  /**
   * Verifies an Ed25519 signature (Discord interactions): `publicKey` is the raw 32-byte key,
   * `signature` 64 bytes. Resolves `false` (never rejects) for a bad signature or a bad key.
   */
  ed25519Verify(publicKey: Uint8Array, signature: Uint8Array, data: Uint8Array): Promise<boolean>;
}

/** One webhook request as the core hands it to an adapter: the raw body already read and capped. */
export interface WebhookRequest {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The full request URL (query parameters of handshakes: `hub.challenge`, `crc_token`, ...). */
  readonly url: URL;
  /** The request headers (case-insensitive lookups). */
  readonly headers: Headers;
  /** The raw body bytes, exactly as received: sign and verify over these, never a re-serialization. */
  readonly body: Uint8Array;
  /** The body decoded as UTF-8 (computed once, on first use). */
  text(): string;
  /** When the core received the request, in ms since the epoch, from the client's clock. */
  readonly receivedAt: number;
}

/** What the core gives every hook besides the request. */
export interface WebhookTools {
  /** Crypto primitives (Web Crypto, or `node:crypto` on Node). */
  readonly crypto: WebhookCrypto;
}

/** An HTTP answer an adapter asks the core to send (handshake echo, success body). */
export interface WebhookAnswer {
  /** HTTP status. */
  status: number;
  /** The body; none when omitted. */
  body?: string | Uint8Array;
  /** Extra headers (e.g. `content-type`). */
  headers?: Record<string, string>;
}

/** Why a request failed verification; every reason is answered 401. */
export type VerifyFailure =
  /** No signature header (or no secret to check it with). */
  | "missing"
  /** The signature matches none of the configured secrets. */
  | "mismatch"
  /** The signed timestamp is outside the tolerance (a replay, or a skewed clock). */
  | "expired"
  /** The signature header is not in the platform's format. */
  | "malformed";

/** The outcome of {@link AdapterWebhooks.verify}. */
export type VerifyResult = { ok: true } | { ok: false; reason: VerifyFailure };

/**
 * Platform event payloads by event name (`"line.follow"`, `"telegram.message_reaction"`,
 * `"mastodon.status.created"`): the payload types follow the platform's documented schema.
 */
export type WebhookEventMap = { [name: string]: unknown };

/**
 * One platform event out of a delivery (a LINE delivery holds several, a Telegram one exactly
 * one Update). `E` is the adapter's {@link WebhookEventMap}.
 */
export type WebhookEventOutput<E extends WebhookEventMap = WebhookEventMap> =
  | {
      [K in keyof E & string]: {
        /** The event name, prefixed with the platform (`line.follow`). */
        name: K;
        /** The platform's payload for this one event. */
        payload: E[K];
      } & WebhookEventCommon;
    }[keyof E & string]
  | ({
      /** `null`: a type the adapter does not know yet; it reaches the `unknown` handlers. */
      name: null;
      /** The platform's own type name (`"message_reaction_count"`, `"beacon"`). */
      type: string;
      /** The payload as received. */
      payload: unknown;
    } & WebhookEventCommon);

/** What every platform event output carries besides its name and payload. */
export interface WebhookEventCommon {
  /**
   * The platform's id of this event, for duplicate and replay protection (LINE
   * `webhookEventId`, Telegram `update_id`); the core drops an id it has already seen for the
   * same platform account. Without one the event is always dispatched.
   */
  id?: string;
  /** The platform says this is a redelivery (LINE `deliveryContext.isRedelivery`). */
  redelivery?: boolean;
  /** When the platform says the event happened (ms since the epoch). */
  time?: number;
  /** The normalized events this platform event stands for (zero, one or several). */
  normalized?: NormalizedEvent[];
}

/** The outcome of {@link AdapterWebhooks.parse}. */
export type WebhookParseResult<E extends WebhookEventMap = WebhookEventMap> =
  | {
      ok: true;
      /** The events, in the platform's order; dispatched in that order. */
      events: Array<WebhookEventOutput<E>>;
      /**
       * An answer replacing {@link AdapterWebhooks.success} for this request (Slack's
       * `url_verification` challenge, Discord's PING → `{"type":1}`).
       */
      answer?: WebhookAnswer;
    }
  | {
      ok: false;
      /** What is malformed (answered 400; never holds a secret). */
      reason: string;
    };

/**
 * The webhook hook of a {@link PlatformAdapter}: present when the adapter was given what it needs
 * to verify deliveries (a secret). `E` maps the platform event names to their payload types; the
 * client infers `herald.webhooks.on(...)` names and payloads from it.
 */
export interface AdapterWebhooks<E extends WebhookEventMap = WebhookEventMap> {
  /**
   * HTTP methods of deliveries (default `["POST"]`). Other methods get 405 unless
   * {@link handshake} answers them.
   */
  readonly methods?: readonly string[];
  /**
   * Answers a subscription handshake (usually a GET: echo `hub.challenge`, HMAC a `crc_token`,
   * check WeChat's `signature` and echo `echostr`). Returns `undefined` when the request is not
   * a handshake, so the core goes on to verify it as a delivery. A handshake that fails its own
   * check answers 401/403 itself. Must not throw for any input; a throw is answered 400.
   */
  handshake?(
    request: WebhookRequest,
    tools: WebhookTools,
  ): WebhookAnswer | undefined | Promise<WebhookAnswer | undefined>;
  /**
   * Verifies the delivery on its raw bytes against every configured secret (rotation), in
   * constant time, with the timestamp tolerance where the platform signs a timestamp. Must not
   * throw for any input; a throw counts as a failure (401).
   */
  verify(request: WebhookRequest, tools: WebhookTools): Promise<VerifyResult>;
  /**
   * Turns a verified delivery into events (decrypting it first where the platform encrypts:
   * WeChat's AES mode). A throw counts as malformed (400).
   */
  parse(
    request: WebhookRequest,
    tools: WebhookTools,
  ): WebhookParseResult | Promise<WebhookParseResult>;
  /**
   * The answer to a delivery that was verified and parsed (default `{ status: 200 }` with an
   * empty body). WeChat wants the body `success`.
   */
  readonly success?: WebhookAnswer;
  /**
   * Type-only, never set: the platform event names this hook emits and their payload types
   * (`E`), from which the client types `herald.webhooks.on(...)`. Build `parse` results with
   * {@link WebhookEventOutput}`<E>` to have them checked against it.
   */
  readonly eventTypes?: E;
}
