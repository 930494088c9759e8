// sim.requests never holds a secret: docs/testing.md promises tokens are redacted there. Each
// whole record is serialized and searched for the secret strings, after real sends through the
// adapters (Weibo's access_token in the query, WeChat's in the query and its appsecret in the
// stable_token body, Facebook's code exchange) and after one request per simulated platform
// carrying that platform's credentials where it takes them (query, JSON, form, multipart,
// headers), while the platforms still receive them.
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { exchangeFacebookCode, exchangeLongLivedToken } from "../../src/adapters/facebook/index.js";
import { wechat } from "../../src/adapters/wechat/index.js";
import { weibo } from "../../src/adapters/weibo/index.js";
import { createHerald } from "../../src/index.js";
import {
  createSimulator,
  SIMULATOR_BASE_URLS,
  type SimPlatform,
  type Simulator,
} from "../../src/testing/index.js";
import { instantWaits } from "../integration/helpers.js";

const WEIBO_TOKEN = "wb-token-3f9a0c";
const WECHAT_APP = { appId: "wx1234567890abcdef", appSecret: "wechat-app-secret-77d1" };
const FB_APP = { id: "app-123", secret: "fb-app-secret-91ce" };
const FB_USER_TOKEN = "EAAShortUser-5be2";
const FB_CODE = "fb-code-from-login-0a1b";

const sim = createSimulator({
  weibo: { users: [{ id: "1404376560", accessToken: WEIBO_TOKEN }], safeDomains: ["shop.example"] },
  wechat: { apps: [WECHAT_APP], followers: { "o-alice": Date.now() } },
  facebook: {
    pages: [{ id: "2000000000", accessToken: "EAAPage-c4d5" }],
    users: [{ accessToken: FB_USER_TOKEN, pageIds: ["2000000000"] }],
    app: FB_APP,
    codes: { [FB_CODE]: FB_USER_TOKEN },
  },
});
const server = setupServer(...sim.handlers());
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => sim.reset());
afterAll(() => server.close());

/** Every record of `sim`, whole, as one string. */
const everything = (simulator: Simulator) => JSON.stringify(simulator.requests);

describe("sim.requests after real sends", () => {
  it("Weibo: no record holds the access_token, and Weibo still got it", async () => {
    const herald = createHerald({
      adapters: [weibo({ tokens: { accessToken: WEIBO_TOKEN }, safeDomain: "shop.example" })],
      clock: instantWaits,
    });
    const text = await herald.send({ text: "黑色星期五 https://shop.example/bf" }, { to: "weibo" });
    const picture = await herald.send(
      {
        text: "新品 https://shop.example/new",
        media: [{ data: new Uint8Array(64).fill(1), mimeType: "image/png" }],
      },
      { to: "weibo" },
    );
    expect([text.targets[0]?.status, picture.targets[0]?.status]).toEqual(["sent", "sent"]);
    expect(sim.weibo.posts).toHaveLength(2);
    expect(sim.requests.map((r) => r.encoding)).toEqual(["form", "multipart"]);
    expect(everything(sim)).not.toContain(WEIBO_TOKEN);
    expect(sim.requests[0]?.query.access_token).toBe("<redacted>");
    // the rest of the record is kept
    expect(sim.requests[0]?.body).toMatchObject({ status: "黑色星期五 https://shop.example/bf" });
    await herald.close();
  });

  it("WeChat: neither the issued access_token nor the appsecret is recorded", async () => {
    const herald = createHerald({
      adapters: [wechat({ ...WECHAT_APP })],
      clock: instantWaits,
    });
    const report = await herald.send({ text: "您的订单已发货" }, { to: "wechat:o-alice" });
    expect(report.targets[0]?.status).toBe("sent");
    expect(sim.wechat.tokenGrants).toHaveLength(1);
    expect(sim.requests.map((r) => r.operation)).toEqual(["stable_token", "message/custom/send"]);
    // the simulator issues tokens as wx-sim-token-<appid>-<n>
    const all = everything(sim);
    for (const secret of ["wx-sim-token", WECHAT_APP.appSecret]) expect(all).not.toContain(secret);
    expect(sim.requests[0]?.body).toMatchObject({ appid: WECHAT_APP.appId, secret: "<redacted>" });
    await herald.close();
  });

  it("Facebook: the code, the app secret and the exchanged token are not recorded", async () => {
    const client = {
      clientId: FB_APP.id,
      clientSecret: FB_APP.secret,
      redirectUri: "https://backend.example/fb/callback",
    };
    const short = await exchangeFacebookCode(client, FB_CODE);
    const long = await exchangeLongLivedToken(client, short.accessToken);
    const all = everything(sim);
    for (const secret of [FB_CODE, FB_APP.secret, FB_USER_TOKEN, long.accessToken]) {
      expect(all).not.toContain(secret);
    }
    expect(sim.requests[1]?.query).toMatchObject({
      client_id: FB_APP.id,
      grant_type: "fb_exchange_token",
      fb_exchange_token: "<redacted>",
    });
  });
});

/** A secret of the per-platform cases: unique, so that each can be searched for. */
const SECRET = (n: number) => `s3cr3t-${n}-d41d8cd9`;
const form = (fields: Record<string, string>) => new URLSearchParams(fields);
const multipart = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};
const json = (value: unknown, headers: Record<string, string> = {}) => ({
  body: JSON.stringify(value),
  headers: { "content-type": "application/json", ...headers },
});
const bearer = (n: number) => ({ authorization: `Bearer ${SECRET(n)}` });

/** One request per platform with its credentials where it takes them, and which they are. */
const CASES: Array<[SimPlatform, string, RequestInit, number[]]> = [
  [
    "telegram",
    `/bot${SECRET(1)}/setWebhook`,
    json({ url: "https://x.example", secret_token: SECRET(2) }),
    [1, 2],
  ],
  ["line", "/v2/bot/message/push", json({ to: "U1", messages: [] }, bearer(3)), [3]],
  ["mastodon", "/api/v1/statuses", { body: form({ status: "x" }), headers: bearer(4) }, [4]],
  [
    "x",
    "/2/oauth2/token",
    {
      body: form({
        grant_type: "authorization_code",
        code: SECRET(5),
        code_verifier: SECRET(6),
        client_id: "c",
      }),
      headers: { authorization: `Basic ${btoa(`c:${SECRET(7)}`)}` },
    },
    [5, 6, 7],
  ],
  [
    "x",
    "/2/oauth2/token",
    { body: form({ grant_type: "refresh_token", refresh_token: SECRET(8) }) },
    [8],
  ],
  [
    "facebook",
    `/v23.0/oauth/access_token?client_id=a&client_secret=${SECRET(9)}&grant_type=fb_exchange_token&fb_exchange_token=${SECRET(10)}`,
    { method: "GET" },
    [9, 10],
  ],
  [
    "facebook",
    "/v23.0/2000000000/feed",
    { body: form({ message: "x", access_token: SECRET(11) }) },
    [11],
  ],
  ["facebook", "/v23.0/2000000000/photos", json({ caption: "x", access_token: SECRET(12) }), [12]],
  [
    "linkedin",
    "/oauth/v2/accessToken",
    {
      body: form({
        grant_type: "authorization_code",
        code: SECRET(13),
        client_id: "c",
        client_secret: SECRET(14),
      }),
    },
    [13, 14],
  ],
  [
    "wechat",
    "/cgi-bin/stable_token",
    json({ grant_type: "client_credential", appid: "wx1", secret: SECRET(15) }),
    [15],
  ],
  [
    "wechat",
    `/cgi-bin/message/custom/send?access_token=${SECRET(16)}`,
    json({ touser: "o", msgtype: "text" }),
    [16],
  ],
  [
    "youtube",
    "/oauth2/v4/token",
    {
      body: form({
        grant_type: "refresh_token",
        client_id: "c",
        client_secret: SECRET(17),
        refresh_token: SECRET(18),
      }),
    },
    [17, 18],
  ],
  ["youtube", "/youtube/v3/videos", json({ snippet: { title: "x" } }, bearer(19)), [19]],
  [
    "weibo",
    `/2/statuses/share.json?access_token=${SECRET(20)}`,
    { body: form({ status: "x" }) },
    [20],
  ],
  [
    "weibo",
    "/2/statuses/share.json",
    { body: multipart({ status: "x", access_token: SECRET(21) }) },
    [21],
  ],
  // a secret deep inside a JSON body's objects and arrays
  [
    "telegram",
    "/bot1:x/setWebhook",
    json({ list: [{ deep: { access_token: SECRET(22) } }] }),
    [22],
  ],
];

describe("sim.requests for every simulated platform", () => {
  it.each(CASES)("%s %s: no secret in the record", async (platform, path, init, ids) => {
    const simulator = createSimulator();
    const request = new Request(`${SIMULATOR_BASE_URLS[platform]}${path}`, {
      method: "POST",
      ...init,
    });
    await simulator.handle(request, platform);
    expect(simulator.requests).toHaveLength(1);
    const record = everything(simulator);
    for (const secret of ids.map(SECRET)) {
      expect(record).not.toContain(secret);
      // as a Basic header carries it
      expect(record).not.toContain(btoa(`c:${secret}`));
    }
    expect(record).toContain("<redacted>");
  });

  it("keeps handles that are not credentials: LINE reply tokens, pagination tokens", async () => {
    const simulator = createSimulator();
    await simulator.handle(
      new Request(`${SIMULATOR_BASE_URLS.line}/v2/bot/message/reply`, {
        method: "POST",
        ...json({
          replyToken: "reply-1",
          messages: [{ type: "text", text: "x", quoteToken: "q-1" }],
        }),
      }),
      "line",
    );
    await simulator.handle(
      new Request(`${SIMULATOR_BASE_URLS.x}/2/users/1/tweets?pagination_token=page-2`),
      "x",
    );
    expect(simulator.requests[0]?.body).toMatchObject({
      replyToken: "reply-1",
      messages: [{ quoteToken: "q-1" }],
    });
    expect(simulator.requests[1]?.query).toEqual({ pagination_token: "page-2" });
  });
});
