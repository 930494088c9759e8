// WeChat webhooks against hostile bodies: a forged safe-mode body is refused on its
// msg_signature before anything parses it (the old hook parsed the whole envelope first, about
// 200 ms of CPU for a 1 MB forged body), and the XML parser is linear in its input.
// Signatures and AES messages are made HERE with node:crypto, never with the code under test.
import { randomBytes } from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { wechat } from "../../src/adapters/wechat/index.js";
import * as xml from "../../src/adapters/wechat/xml.js";
import { createHerald } from "../../src/index.js";
import type { WebhookCrypto } from "../../src/webhooks/contract.js";
import { createNodeCrypto } from "../../src/webhooks/node.js";
import { expectLinear } from "../helpers/linear.js";
import { AES_KEY, APP_ID, encrypt, NONCE, NOW, sha1, TOKEN, TS } from "./wechat-fixture.js";

// the full parser, spied on: every parse the hook makes goes through this
vi.mock("../../src/adapters/wechat/xml.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/adapters/wechat/xml.js")>();
  return { ...real, parseWechatXml: vi.fn(real.parseWechatXml) };
});
const parseSpy = vi.mocked(xml.parseWechatXml);
const { parseWechatXml } = await vi.importActual<typeof import("../../src/adapters/wechat/xml.js")>(
  "../../src/adapters/wechat/xml.js",
);

function safeModePost(body: string, msgSignature: string) {
  const u = new URL("https://shop.example/webhooks/wechat");
  u.searchParams.set("signature", sha1([TOKEN, TS, NONCE]));
  u.searchParams.set("timestamp", TS);
  u.searchParams.set("nonce", NONCE);
  u.searchParams.set("encrypt_type", "aes");
  u.searchParams.set("msg_signature", msgSignature);
  return new Request(u, { method: "POST", body });
}

/** node:crypto, counting the bytes given to `digest`. */
function countingCrypto() {
  const real = createNodeCrypto();
  const counted = { digested: 0 };
  const crypto: WebhookCrypto = {
    ...real,
    digest(algorithm, data) {
      counted.digested += typeof data === "string" ? Buffer.byteLength(data) : data.length;
      return real.digest(algorithm, data);
    },
  };
  return { crypto, counted };
}

function client() {
  const { crypto, counted } = countingCrypto();
  const herald = createHerald({
    adapters: [
      wechat({ appId: APP_ID, appSecret: "s3cret", token: TOKEN, encodingAESKey: AES_KEY }),
    ],
    clock: { now: () => NOW, sleep: () => Promise.resolve() },
    webhooks: { crypto },
  });
  const texts: string[] = [];
  herald.webhooks.on("message", (event) => {
    texts.push(event.text ?? "");
  });
  return { herald, counted, texts };
}

/** A forged envelope of about `bytes`: many elements (costly to parse), then an Encrypt text. */
function forgedEnvelope(bytes: number): { body: string; encrypted: string } {
  const encrypted = randomBytes(3_000).toString("base64");
  const filler = "<Junk><![CDATA[x]]></Junk>".repeat(Math.ceil((bytes - 4_200) / 26));
  return {
    body: `<xml><ToUserName><![CDATA[gh_shop]]></ToUserName>${filler}<Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`,
    encrypted,
  };
}

beforeEach(() => {
  parseSpy.mockClear();
});

describe("WeChat safe mode: msg_signature first", () => {
  it("refuses a forged 1 MB body (401) without ever entering the parser", async () => {
    const { herald, counted } = client();
    const { body, encrypted } = forgedEnvelope(1_000_000);
    expect(body.length).toBeGreaterThan(990_000);
    const response = await herald.webhooks.handle(safeModePost(body, "0".repeat(40)));
    expect(response.status).toBe(401);
    expect(parseSpy).not.toHaveBeenCalled();
    // what was hashed: the token, timestamp, nonce and the Encrypt text, nothing of the rest
    expect(counted.digested).toBe(TOKEN.length + TS.length + NONCE.length + encrypted.length);
  });

  it("refuses a body with no Encrypt element, or one that is not base64, without parsing", async () => {
    const { herald } = client();
    const bodies = [
      `<xml>${"<a>1</a>".repeat(100_000)}</xml>`,
      "<xml><Encrypt><![CDATA[not base64!]]></Encrypt></xml>",
      "<xml><Encrypt>abc=",
    ];
    for (const body of bodies) {
      const response = await herald.webhooks.handle(safeModePost(body, sha1([TOKEN, TS, NONCE])));
      expect(response.status).toBe(401);
    }
    expect(parseSpy).not.toHaveBeenCalled();
  });

  it("decrypts a signed body and parses only the decrypted message", async () => {
    const { herald, texts } = client();
    const message =
      "<xml><ToUserName><![CDATA[gh_shop]]></ToUserName><FromUserName><![CDATA[o-alice]]></FromUserName><CreateTime>1795654800</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[还有货吗?]]></Content><MsgId>1</MsgId></xml>";
    const encrypted = encrypt(message);
    const body = `<xml><ToUserName><![CDATA[gh_shop]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`;
    const response = await herald.webhooks.handle(
      safeModePost(body, sha1([TOKEN, TS, NONCE, encrypted])),
    );
    expect(response.status).toBe(200);
    expect(texts).toEqual(["还有货吗?"]);
    expect(parseSpy.mock.calls).toEqual([[message]]);
  });
});

describe("parseWechatXml is linear", () => {
  const N = 125_000;
  const shapes: Record<string, (bytes: number) => string> = {
    "many references": (n) => `<xml><A>${"&amp;&#x4E2D;".repeat(n / 13)}</A></xml>`,
    "many siblings": (n) => `<xml>${"<a>x</a>".repeat(n / 8)}</xml>`,
    "many repeated children": (n) => `<xml><C>${"<item><K>1</K></item>".repeat(n / 21)}</C></xml>`,
    "many CDATA pieces": (n) => `<xml><A>${"y<![CDATA[x]]>".repeat(n / 14)}</A></xml>`,
    "unclosed elements, then text": (n) => `<xml>${"<a>".repeat(15)}${"x".repeat(n)}`,
    "an unterminated reference run": (n) => `<xml><A>&${"a".repeat(n)}</A></xml>`,
    "one long name": (n) => `<xml><${"a".repeat(n)}>x</${"a".repeat(n)}></xml>`,
  };
  it.each(Object.entries(shapes))("%s: 8x the input, under 24x the time", (_name, make) => {
    // a quadratic parser takes 64x
    expectLinear(make, parseWechatXml, N);
  });

  it("reads element names of Object.prototype as elements, and refuses them as entities", () => {
    expect(parseWechatXml("<xml><constructor>a</constructor><toString>b</toString></xml>")).toEqual(
      { constructor: "a", toString: "b" },
    );
    expect(() => parseWechatXml("<xml><A>&constructor;</A></xml>")).toThrow(xml.XmlError);
  });
});
