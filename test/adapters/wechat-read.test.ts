import { describe, expect, it } from "vitest";
import { readWechatResponse, WECHAT_ERRORS } from "../../src/adapters/wechat/index.js";
import { stableTokenAuth } from "../../src/adapters/wechat/token.js";
import type { Operation } from "../../src/index.js";

const mass: Omit<Operation, "poll"> = {
  step: "mass",
  route: "mass",
  method: "POST",
  path: "/cgi-bin/message/mass/send",
  idempotency: "key",
};
const read = (body: unknown, headers: Record<string, string> = {}, operation = mass) =>
  readWechatResponse(operation, { status: 200, headers: new Headers(headers), body });

describe("readWechatResponse (HTTP 200 with errcode)", () => {
  it("reads a mass job as pending with its msg_id, and mass/get phases", () => {
    expect(
      read({
        errcode: 0,
        errmsg: "send job submission success",
        msg_id: 34182,
        msg_data_id: 206227730,
      }),
    ).toEqual({
      ok: true,
      id: "34182",
      values: { msg_id: "34182", msg_data_id: "206227730" },
      pending: true,
    });
    const get = { ...mass, step: "mass-get", route: "mass-get" };
    expect(read({ msg_id: 1, msg_status: "SENDING" }, {}, get)).toMatchObject({
      ok: true,
      pending: true,
    });
    expect(read({ msg_id: 1, msg_status: "SEND_SUCCESS" }, {}, get)).toMatchObject({
      ok: true,
      id: "1",
    });
    expect(read({ msg_id: 1, msg_status: "SEND_FAIL" }, {}, get)).toMatchObject({ ok: false });
  });

  it("maps the codes Herald acts on", () => {
    for (const code of [40001, 40014, 42001])
      expect(read({ errcode: code, errmsg: "x" }).failure?.kind).toBe("auth");
    expect(read({ errcode: -1, errmsg: "system error" }).failure).toMatchObject({
      kind: "transient",
      retryable: true,
    });
    expect(read({ errcode: 45011, errmsg: "minute" })).toMatchObject({
      failure: { kind: "rate-limit", retryable: true },
      retryAfterMs: 60_000,
    });
    expect(read({ errcode: 45066, errmsg: "too fast" })).toMatchObject({
      failure: { kind: "rate-limit" },
      retryAfterMs: 60_000,
    });
    // 23:30 in Beijing: half an hour until the daily quota's day ends
    expect(
      read({ errcode: 45009, errmsg: "daily" }, { date: "Fri, 27 Nov 2026 15:30:00 GMT" })
        .retryAfterMs,
    ).toBe(1_800_000);
    expect(read({ errcode: 45009, errmsg: "daily" }).failure?.retryable).toBe(false);
    expect(read({ errcode: 45065, errmsg: "clientmsgid exist", msg_id: 777 })).toMatchObject({
      ok: true,
      id: "777",
      pending: true,
    });
    expect(
      read({ errcode: WECHAT_ERRORS.outsideWindow, errmsg: "out of time" }).failure,
    ).toMatchObject({ kind: "platform", code: 45015, retryable: false });
    expect(read({ errcode: 40130, errmsg: "size" }).failure?.kind).toBe("validation");
    expect(
      readWechatResponse(mass, { status: 502, headers: new Headers(), body: "<html>" }).failure
        ?.kind,
    ).toBe("transient");
  });
});

describe("stableTokenAuth", () => {
  it("forces a refresh when normal mode returns the very token WeChat rejected, at most every 30 s", async () => {
    const calls: boolean[] = [];
    let value = "token-a";
    const fetch = (async (_url: string, init: RequestInit) => {
      const force = (JSON.parse(String(init.body)) as { force_refresh: boolean }).force_refresh;
      calls.push(force);
      if (force) value = `token-${calls.length}`;
      return new Response(JSON.stringify({ access_token: value, expires_in: 7200 }));
    }) as typeof globalThis.fetch;
    let now = 0;
    const auth = stableTokenAuth({
      appId: "wx1",
      appSecret: "s",
      baseUrl: "https://api.weixin.qq.com",
      fetch,
      now: () => now,
    });
    const first = await auth.credentials("default");
    expect(first.query).toEqual({ access_token: "token-a" });
    const renewed = await Promise.all(
      Array.from({ length: 20 }, () => auth.credentials("default", first)),
    );
    expect(new Set(renewed.map((c) => c.query?.access_token))).toEqual(new Set(["token-3"]));
    expect(calls).toEqual([false, false, true]);
    now += 10_000;
    await expect(auth.credentials("default", renewed[0])).rejects.toThrow(/30 s/);
  });
});
