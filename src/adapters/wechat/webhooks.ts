/**
 * WeChat webhooks (接入概述, https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Access_Overview.html):
 * a GET handshake echoing `echostr` once `signature` checks out, then POSTs of XML, signed in
 * the query (`signature`, `timestamp`, `nonce`) and, in safe mode (`encrypt_type=aes`),
 * encrypted with `msg_signature` over the `Encrypt` text. Answered `success`.
 */
import type {
  AdapterWebhooks,
  WebhookEventOutput,
  WebhookRequest,
  WebhookTools,
} from "../../webhooks/contract.js";
import type { NormalizedEvent } from "../../webhooks/events.js";
import { checkTimestamp } from "../../webhooks/signature.js";
import { decryptMessage, matchesSignature } from "./crypto.js";
import type { WechatWebhookEvents } from "./events.js";
import { WEBHOOK_TOLERANCE_MS } from "./limits.js";
import { findEncryptText, parseWechatXml, type XmlObject } from "./xml.js";

/** What the hook needs. */
export interface WechatWebhookConfig {
  /** The adapter's account. */
  account: string;
  /** The AppID every encrypted message must carry. */
  appId: string;
  /** Server configuration tokens (rotation). */
  tokens: readonly string[];
  /** AES keys from the EncodingAESKeys (none: plain mode only). */
  aesKeys: readonly Uint8Array[];
}

const MESSAGE_TYPES: ReadonlySet<string> = new Set([
  "text",
  "image",
  "voice",
  "video",
  "shortvideo",
  "location",
  "link",
]);
const EVENT_TYPES: ReadonlySet<string> = new Set([
  "subscribe",
  "unsubscribe",
  "SCAN",
  "LOCATION",
  "CLICK",
  "VIEW",
  "MASSSENDJOBFINISH",
  "TEMPLATESENDJOBFINISH",
]);

const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

function count(value: unknown): number {
  const n = Number(str(value) ?? Number.NaN);
  return Number.isInteger(n) && n >= 0 ? n : 0;
}

function isEncrypted(request: WebhookRequest): boolean {
  return request.url.searchParams.get("encrypt_type") === "aes";
}

/**
 * The `Encrypt` text of a safe-mode body, or `undefined`: found by a linear scan, never a
 * parse, since it is read before `msg_signature` is checked (an unauthenticated body). The
 * envelope is never parsed at all: what is verified is what gets decrypted.
 */
function encryptedText(request: WebhookRequest): string | undefined {
  return findEncryptText(request.text());
}

function normalize(payload: XmlObject, account: string, receivedAt: number): NormalizedEvent[] {
  const openid = str(payload.FromUserName) ?? "";
  const seconds = Number(str(payload.CreateTime));
  const time = new Date(Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : receivedAt);
  const replyTo = { platform: "wechat", account, chat: openid };
  const base = { platform: "wechat", account, time, raw: payload, author: { id: openid } };
  const event = str(payload.Event);
  const key = `${openid}:${str(payload.CreateTime) ?? ""}`;
  if (str(payload.MsgType) === "text") {
    const messageId = str(payload.MsgId) ?? key;
    return [
      {
        ...base,
        type: "message",
        id: messageId,
        text: str(payload.Content) ?? "",
        chatId: openid,
        messageId,
        direct: true,
        replyTo,
      },
    ];
  }
  switch (event) {
    case "subscribe":
      return [{ ...base, type: "follow", id: `${key}:subscribe`, replyTo }];
    case "unsubscribe":
      return [{ ...base, type: "unfollow", id: `${key}:unsubscribe` }];
    case "CLICK":
      return [
        {
          ...base,
          type: "postback",
          id: `${key}:CLICK`,
          data: str(payload.EventKey) ?? "",
          chatId: openid,
          replyTo,
        },
      ];
    case "MASSSENDJOBFINISH": {
      const messageId = str(payload.MsgID) ?? "";
      const status = str(payload.Status) ?? "";
      const total = count(payload.TotalCount);
      return [
        {
          ...base,
          type: "delivery",
          id: `mass:${messageId}`,
          messageId,
          status: status === "sendsuccess" ? "sent" : "failed",
          ...(status !== "sendsuccess" && { error: status }),
          counts: {
            total,
            sent: count(payload.SentCount),
            failed: count(payload.ErrorCount),
            // FilterCount is what is left after filtering: the rest was filtered out
            filtered: Math.max(0, total - count(payload.FilterCount)),
          },
        },
      ];
    }
    case "TEMPLATESENDJOBFINISH": {
      const messageId = str(payload.MsgID) ?? "";
      const status = str(payload.Status) ?? "";
      return [
        {
          ...base,
          type: "delivery",
          id: `template:${messageId}`,
          messageId,
          recipientId: openid,
          status: status === "success" ? "delivered" : "failed",
          ...(status !== "success" && { error: status }),
        },
      ];
    }
    default:
      return [];
  }
}

function output(
  payload: XmlObject,
  account: string,
  receivedAt: number,
): WebhookEventOutput<WechatWebhookEvents> {
  const type = str(payload.MsgType) ?? "";
  const event = str(payload.Event) ?? "";
  const seconds = Number(str(payload.CreateTime));
  // WeChat's advice: deduplicate messages by MsgId, events by FromUserName + CreateTime
  const id =
    str(payload.MsgId) ??
    (str(payload.MsgID) !== undefined ? `${event}:${str(payload.MsgID)}` : undefined) ??
    `${str(payload.FromUserName) ?? ""}:${str(payload.CreateTime) ?? ""}:${event}`;
  const common = { id, ...(Number.isFinite(seconds) && seconds > 0 && { time: seconds * 1000 }) };
  const name =
    type === "event"
      ? EVENT_TYPES.has(event)
        ? `wechat.event.${event}`
        : undefined
      : MESSAGE_TYPES.has(type)
        ? `wechat.message.${type}`
        : undefined;
  if (name === undefined) {
    return { name: null, type: type === "event" ? `event.${event}` : type, payload, ...common };
  }
  return {
    // checked against the known names above; the payload follows WeChat's documented fields
    name: name as keyof WechatWebhookEvents,
    payload: payload as never,
    ...common,
    normalized: normalize(payload, account, receivedAt),
  };
}

/** Creates the webhook hook of a WeChat adapter. */
export function wechatWebhooks(config: WechatWebhookConfig): AdapterWebhooks<WechatWebhookEvents> {
  const query = (request: WebhookRequest, name: string) => request.url.searchParams.get(name);
  const signedParts = (request: WebhookRequest) => [
    query(request, "timestamp") ?? "",
    query(request, "nonce") ?? "",
  ];

  return {
    async handshake(request: WebhookRequest, { crypto }: WebhookTools) {
      const echostr = query(request, "echostr");
      if (request.method !== "GET" || echostr === null) return undefined;
      const ok = await matchesSignature(
        crypto,
        config.tokens,
        signedParts(request),
        query(request, "signature"),
      );
      if (!ok) return { status: 401 };
      return {
        status: 200,
        body: echostr,
        headers: { "content-type": "text/plain; charset=utf-8" },
      };
    },
    async verify(request, { crypto }) {
      const time = checkTimestamp(
        query(request, "timestamp"),
        request.receivedAt,
        WEBHOOK_TOLERANCE_MS,
      );
      if (!time.ok) return time;
      if (isEncrypted(request)) {
        const signature = query(request, "msg_signature");
        const encrypted = encryptedText(request);
        if (signature === null || encrypted === undefined) return { ok: false, reason: "missing" };
        const ok = await matchesSignature(
          crypto,
          config.tokens,
          [...signedParts(request), encrypted],
          signature,
        );
        return ok ? { ok: true } : { ok: false, reason: "mismatch" };
      }
      const signature = query(request, "signature");
      if (signature === null) return { ok: false, reason: "missing" };
      const ok = await matchesSignature(crypto, config.tokens, signedParts(request), signature);
      return ok ? { ok: true } : { ok: false, reason: "mismatch" };
    },
    async parse(request, { crypto }) {
      let xml = request.text();
      if (isEncrypted(request)) {
        if (config.aesKeys.length === 0) {
          return { ok: false, reason: "an encrypted delivery, and no encodingAESKey to read it" };
        }
        const decrypted = await decryptMessage(
          crypto,
          config.aesKeys,
          encryptedText(request) ?? "",
          config.appId,
        );
        if (!decrypted.ok) {
          return {
            ok: false,
            reason:
              decrypted.reason === "appid"
                ? "the message is for another AppID"
                : "the message does not decrypt with the EncodingAESKey",
          };
        }
        xml = decrypted.message;
      }
      const payload = parseWechatXml(xml);
      return { ok: true, events: [output(payload, config.account, request.receivedAt)] };
    },
    success: {
      status: 200,
      body: "success",
      headers: { "content-type": "text/plain; charset=utf-8" },
    },
    methods: ["POST"],
  };
}
