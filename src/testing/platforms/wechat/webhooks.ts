/**
 * WeChat webhook requests made as WeChat makes them (接入概述 and 消息加解密说明 on
 * developers.weixin.qq.com): signed query parameters, and in safe mode the XML encrypted with
 * the EncodingAESKey. For testing `herald.webhooks.handle` or your own server.
 */
import { concatBytes, toBase64, toHex, utf8 } from "../../../webhooks/encoding.js";

/** Options of {@link signWechatWebhook}. */
export interface WechatWebhookOptions {
  /** The server configuration Token. */
  token: string;
  /** With the EncodingAESKey (43 characters) and the AppID: safe mode (`encrypt_type=aes`). */
  aes?: { encodingAESKey: string; appId: string };
  /** Unix seconds signed (default: now). */
  timestamp?: number;
  /** The nonce (default a fixed one). */
  nonce?: string;
  /** The URL (default `https://herald.test/webhooks/wechat`). */
  url?: string;
  /** The follower's openid, added to the query as WeChat does (default `o-sim-openid`). */
  openid?: string;
}

async function sha1Hex(parts: string[]): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-1",
    utf8([...parts].sort().join("")) as BufferSource,
  );
  return toHex(new Uint8Array(digest));
}

/** WeChat's `signature` (and `msg_signature` with the `Encrypt` text): SHA-1 of the sorted parts. */
export function wechatSignature(
  token: string,
  timestamp: string,
  nonce: string,
  encrypted?: string,
) {
  return sha1Hex(
    encrypted === undefined ? [token, timestamp, nonce] : [token, timestamp, nonce, encrypted],
  );
}

/**
 * Encrypts `xml` as WeChat's safe mode does: random(16) + msg_len (4 bytes, big endian) + msg +
 * appid, PKCS#7 padded to 32 bytes, AES-256-CBC with key = base64(EncodingAESKey + "=") and
 * IV = its first 16 bytes; base64.
 */
export async function encryptWechatMessage(
  xml: string,
  encodingAESKey: string,
  appId: string,
): Promise<string> {
  const key = Uint8Array.from(atob(`${encodingAESKey}=`), (c) => c.charCodeAt(0));
  const message = utf8(xml);
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, message.length);
  let plain = concatBytes(
    concatBytes(crypto.getRandomValues(new Uint8Array(16)), length),
    concatBytes(message, utf8(appId)),
  );
  const pad = 32 - (plain.length % 32);
  plain = concatBytes(plain, new Uint8Array(pad).fill(pad));
  const aes = await crypto.subtle.importKey("raw", key, "AES-CBC", false, ["encrypt"]);
  // Web Crypto adds its own 16-byte padding block: CBC leaves the blocks before it unchanged
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: "AES-CBC", iv: key.subarray(0, 16) },
      aes,
      plain as BufferSource,
    ),
  );
  return toBase64(sealed.subarray(0, plain.length));
}

/** A WeChat webhook POST of `xml`, signed (and encrypted with `aes`) as WeChat sends it. */
export async function signWechatWebhook(
  xml: string,
  options: WechatWebhookOptions,
): Promise<Request> {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = options.nonce ?? "1320562132";
  const url = new URL(options.url ?? "https://herald.test/webhooks/wechat");
  url.searchParams.set("signature", await wechatSignature(options.token, timestamp, nonce));
  url.searchParams.set("timestamp", timestamp);
  url.searchParams.set("nonce", nonce);
  url.searchParams.set("openid", options.openid ?? "o-sim-openid");
  let body = xml;
  if (options.aes) {
    const encrypted = await encryptWechatMessage(
      xml,
      options.aes.encodingAESKey,
      options.aes.appId,
    );
    url.searchParams.set("encrypt_type", "aes");
    url.searchParams.set(
      "msg_signature",
      await wechatSignature(options.token, timestamp, nonce, encrypted),
    );
    body = `<xml><ToUserName><![CDATA[gh_sim]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`;
  }
  return new Request(url, { method: "POST", headers: { "content-type": "text/xml" }, body });
}
