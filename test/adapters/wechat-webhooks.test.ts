// WeChat webhooks through herald.webhooks.handle. Signatures and AES-mode messages are made
// HERE with node:crypto, following WeChat's documented algorithm (消息加解密说明), never with
// the code under test.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseWechatXml, wechat } from "../../src/adapters/wechat/index.js";
import { createHerald, type NormalizedEvent } from "../../src/index.js";
import { signWechatWebhook } from "../../src/testing/index.js";
import { AES_KEY, APP_ID, encrypt, NONCE, NOW, sha1, TOKEN, TS } from "./wechat-fixture.js";

const OTHER_KEY = "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut";

function url(extra: Record<string, string> = {}, token = TOKEN) {
  const u = new URL("https://shop.example/webhooks/wechat");
  u.searchParams.set("signature", sha1([token, TS, NONCE]));
  u.searchParams.set("timestamp", TS);
  u.searchParams.set("nonce", NONCE);
  u.searchParams.set("openid", "o-alice");
  for (const [k, v] of Object.entries(extra)) u.searchParams.set(k, v);
  return u;
}

const plainPost = (xml: string, token = TOKEN) =>
  new Request(url({}, token), { method: "POST", body: xml });

function aesPost(xml: string, key = AES_KEY, appId = APP_ID) {
  const encrypted = encrypt(xml, key, appId);
  const body = `<xml><ToUserName><![CDATA[gh_shop]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`;
  const u = url({ encrypt_type: "aes", msg_signature: sha1([TOKEN, TS, NONCE, encrypted]) });
  return new Request(u, { method: "POST", body });
}

const xml = (fields: Record<string, string | number>) =>
  `<xml>${Object.entries(fields)
    .map(([k, v]) =>
      typeof v === "number" ? `<${k}>${v}</${k}>` : `<${k}><![CDATA[${v}]]></${k}>`,
    )
    .join("")}</xml>`;
const base = { ToUserName: "gh_shop", FromUserName: "o-alice", CreateTime: NOW / 1000 };
const TEXT = xml({
  ...base,
  MsgType: "text",
  Content: "还有货吗? <in stock> & more",
  MsgId: "23456789012345678",
});

function client(options: { encodingAESKey?: string } = {}) {
  const herald = createHerald({
    adapters: [wechat({ appId: APP_ID, appSecret: "s3cret", token: TOKEN, ...options })],
    clock: { now: () => NOW, sleep: () => Promise.resolve() },
  });
  const events: NormalizedEvent[] = [];
  for (const type of ["message", "follow", "unfollow", "postback", "delivery"] as const) {
    herald.webhooks.on(type, (e) => {
      events.push(e);
    });
  }
  return { herald, events };
}

describe("WeChat webhooks: handshake and signatures", () => {
  it("echoes echostr when the signature is SHA-1 of the sorted token, timestamp and nonce", async () => {
    const { herald } = client();
    const ok = await herald.webhooks.handle(new Request(url({ echostr: "echo-123" })));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("echo-123");
    const bad = await herald.webhooks.handle(
      new Request(url({ echostr: "echo-123" }, "wrong-token")),
    );
    expect(bad.status).toBe(401);
    expect(await bad.text()).not.toContain("echo-123");
  });

  it("accepts a signed plain POST, answers `success`, and refuses a forged or stale one", async () => {
    const { herald, events } = client();
    const ok = await herald.webhooks.handle(plainPost(TEXT));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("success");
    expect(events).toHaveLength(1);
    expect((await herald.webhooks.handle(plainPost(TEXT, "wrong-token"))).status).toBe(401);
    const stale = url();
    const old = String(NOW / 1000 - 600);
    stale.searchParams.set("timestamp", old);
    stale.searchParams.set("signature", sha1([TOKEN, old, NONCE]));
    expect(
      (await herald.webhooks.handle(new Request(stale, { method: "POST", body: TEXT }))).status,
    ).toBe(401);
    expect(events).toHaveLength(1);
  });
});

describe("WeChat webhooks: safe (AES) mode", () => {
  it("decrypts a message encrypted by the documented algorithm", async () => {
    const { herald, events } = client({ encodingAESKey: AES_KEY });
    const response = await herald.webhooks.handle(aesPost(TEXT));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("success");
    expect(events).toEqual([
      expect.objectContaining({
        type: "message",
        text: "还有货吗? <in stock> & more",
        chatId: "o-alice",
        messageId: "23456789012345678",
        replyTo: { platform: "wechat", account: "default", chat: "o-alice" },
      }),
    ]);
  });

  it("refuses a message encrypted with another key, or carrying another AppID", async () => {
    const { herald, events } = client({ encodingAESKey: AES_KEY });
    expect((await herald.webhooks.handle(aesPost(TEXT, OTHER_KEY))).status).toBe(400);
    expect((await herald.webhooks.handle(aesPost(TEXT, AES_KEY, "wx-some-other-app"))).status).toBe(
      400,
    );
    expect(events).toEqual([]);
  });

  it("refuses a msg_signature that does not cover the Encrypt text", async () => {
    const { herald } = client({ encodingAESKey: AES_KEY });
    const request = aesPost(TEXT);
    const u = new URL(request.url);
    u.searchParams.set("msg_signature", sha1([TOKEN, TS, NONCE]));
    const forged = new Request(u, { method: "POST", body: await request.text() });
    expect((await herald.webhooks.handle(forged)).status).toBe(401);
  });

  it("reads what herald/testing's signWechatWebhook encrypts", async () => {
    const { herald, events } = client({ encodingAESKey: AES_KEY });
    const request = await signWechatWebhook(TEXT, {
      token: TOKEN,
      timestamp: NOW / 1000,
      aes: { encodingAESKey: AES_KEY, appId: APP_ID },
    });
    expect((await herald.webhooks.handle(request)).status).toBe(200);
    expect(events.map((e) => e.type)).toEqual(["message"]);
  });
});

describe("WeChat webhooks: events", () => {
  it("normalizes subscribe, unsubscribe, CLICK and MASSSENDJOBFINISH", async () => {
    const { herald, events } = client();
    const platform: string[] = [];
    herald.webhooks.on("wechat.event.CLICK", (e) => {
      platform.push(`${e.name}:${e.payload.EventKey}`);
    });
    const deliveries = [
      xml({ ...base, MsgType: "event", Event: "subscribe", EventKey: "" }),
      xml({ ...base, CreateTime: NOW / 1000 + 1, MsgType: "event", Event: "unsubscribe" }),
      xml({
        ...base,
        CreateTime: NOW / 1000 + 2,
        MsgType: "event",
        Event: "CLICK",
        EventKey: "V1001_TODAY",
      }),
      `<xml><ToUserName><![CDATA[gh_shop]]></ToUserName><FromUserName><![CDATA[o-system]]></FromUserName><CreateTime>${NOW / 1000}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[MASSSENDJOBFINISH]]></Event><MsgID>1000001625</MsgID><Status><![CDATA[err(30003)]]></Status><TotalCount>100</TotalCount><FilterCount>80</FilterCount><SentCount>75</SentCount><ErrorCount>5</ErrorCount><CopyrightCheckResult><Count>1</Count><ResultList><item><ArticleIdx>1</ArticleIdx><UserDeclareState>0</UserDeclareState></item></ResultList><CheckState>2</CheckState></CopyrightCheckResult></xml>`,
    ];
    for (const body of deliveries) {
      expect((await herald.webhooks.handle(plainPost(body))).status).toBe(200);
    }
    expect(events.map((e) => e.type)).toEqual(["follow", "unfollow", "postback", "delivery"]);
    expect(events[0]).toMatchObject({ replyTo: { chat: "o-alice" }, author: { id: "o-alice" } });
    expect(events[1]).not.toHaveProperty("replyTo");
    expect(events[2]).toMatchObject({ data: "V1001_TODAY", chatId: "o-alice" });
    expect(events[3]).toMatchObject({
      messageId: "1000001625",
      status: "failed",
      error: "err(30003)",
      counts: { total: 100, sent: 75, failed: 5, filtered: 20 },
    });
    expect(platform).toEqual(["wechat.event.CLICK:V1001_TODAY"]);
  });

  it("drops a redelivery of the same message (MsgId)", async () => {
    const { herald, events } = client();
    await herald.webhooks.handle(plainPost(TEXT));
    await herald.webhooks.handle(plainPost(TEXT));
    expect(events).toHaveLength(1);
  });

  it("answers 400 for a body that is not WeChat's XML", async () => {
    const { herald } = client();
    for (const body of [
      "{}",
      "<xml><a>1</b></xml>",
      '<!DOCTYPE x [<!ENTITY a "b">]><xml/>',
      "<xml a='1'/>",
    ]) {
      expect((await herald.webhooks.handle(plainPost(body))).status).toBe(400);
    }
  });
});

describe("parseWechatXml", () => {
  it("reads CDATA, entities, nesting and repeated elements", () => {
    expect(
      parseWechatXml(
        '<?xml version="1.0"?>\n<xml><A><![CDATA[x <y> ]]]]><![CDATA[>]]></A><B>1 &lt; 2 &#x4E2D;</B><C><item><K>1</K></item><item><K>2</K></item></C><D/></xml>',
      ),
    ).toEqual({ A: "x <y> ]]>", B: "1 < 2 中", C: { item: [{ K: "1" }, { K: "2" }] }, D: "" });
  });

  it("round-trips any flat message and never throws anything but XmlError (fuzz)", () => {
    const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,11}$/);
    const value = fc.string({ maxLength: 40 }).filter((s) => !s.includes("]]>"));
    fc.assert(
      fc.property(fc.dictionary(name, value, { maxKeys: 8 }), (fields) => {
        const text = `<xml>${Object.entries(fields)
          .map(([k, v]) => `<${k}><![CDATA[${v}]]></${k}>`)
          .join("")}</xml>`;
        expect(parseWechatXml(text)).toEqual(fields);
      }),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (junk) => {
        try {
          parseWechatXml(junk);
        } catch (error) {
          expect((error as Error).name).toBe("XmlError");
        }
      }),
    );
  });
});
