// herald/testing's checkAdapter: every built-in adapter passes it, the ntfy example of
// docs/adapters.md too, and each check fails the adapter that breaks its rule.
import { describe, expect, it } from "vitest";
import { ntfy } from "../../examples/custom-adapter.js";
import type { PlatformAdapter } from "../../src/adapters/contract.js";
import { facebook } from "../../src/adapters/facebook/index.js";
import { line } from "../../src/adapters/line/index.js";
import { linkedin } from "../../src/adapters/linkedin/index.js";
import { mastodon } from "../../src/adapters/mastodon/index.js";
import { telegram } from "../../src/adapters/telegram/index.js";
import { wechat } from "../../src/adapters/wechat/index.js";
import { weibo } from "../../src/adapters/weibo/index.js";
import { x } from "../../src/adapters/x/index.js";
import { youtube } from "../../src/adapters/youtube/index.js";
import { type AdapterCheckOptions, checkAdapter } from "../../src/testing/index.js";
import { echo } from "../helpers/echo-adapter.js";

const NOW = Date.parse("2026-12-07T12:00:00Z");
const LINE_USER = `U${"a".repeat(32)}`;

const BUILT_IN: Array<[string, () => PlatformAdapter, AdapterCheckOptions?]> = [
  [
    "telegram",
    () => telegram({ botToken: "123:secret-bot-token" }),
    { destination: { kind: "chat", chat: "@herald_news" } },
  ],
  [
    "line",
    () => line({ channelAccessToken: "line-channel-token" }),
    { destination: { kind: "chat", chat: LINE_USER } },
  ],
  [
    "mastodon",
    () => mastodon({ accessToken: "masto-token", instanceUrl: "https://mastodon.example" }),
  ],
  ["x", () => x({ clientId: "client", tokens: { accessToken: "x-user-token" } })],
  ["facebook", () => facebook({ pageId: "1234567890", pageAccessToken: "EAAPageToken" })],
  ["linkedin", () => linkedin({ accessToken: "AQVmember", author: "urn:li:organization:123" })],
  [
    "wechat",
    () => wechat({ appId: "wx1234567890abcdef", appSecret: "wechat-app-secret" }),
    // WeChat documents no text length for its message APIs (docs/adapters/wechat.md)
    { tooLong: false },
  ],
  [
    "youtube",
    () => youtube({ clientId: "client", tokens: { accessToken: "ya29.token" } }),
    { message: { text: "Launch", media: [{ data: new Uint8Array(64), mimeType: "video/mp4" }] } },
  ],
  [
    "weibo",
    () => weibo({ tokens: { accessToken: "weibo-token" }, safeDomain: "shop.example" }),
    { message: { text: "黑色星期五", link: "https://shop.example/bf" } },
  ],
];

describe("checkAdapter", () => {
  it.each(BUILT_IN)("%s passes every check", (_name, make, options) => {
    const result = checkAdapter(make(), { now: NOW, ...options });
    expect(result.problems.map((p) => `${p.check}: ${p.problem}`)).toEqual([]);
    expect(result.ok).toBe(true);
    const refusal = options?.tooLong === false ? [] : ["refusal"];
    expect(result.checks).toEqual([
      "identity",
      "limits",
      "secrets",
      "render",
      ...refusal,
      "responses",
    ]);
  });

  it("passes the ntfy adapter of examples/custom-adapter.ts", () => {
    expect(checkAdapter(ntfy({ token: "tk_ntfy" }), { now: NOW }).problems).toEqual([]);
  });

  describe("fails the adapter that breaks a rule", () => {
    const good = () => echo({ token: "tok" });
    const problemsOf = (adapter: PlatformAdapter, options?: AdapterCheckOptions) =>
      checkAdapter(adapter, { now: NOW, ...options }).problems.map(
        (p) => `${p.check}: ${p.problem}`,
      );

    it("the echo adapter of the tests passes (the control)", () => {
      expect(problemsOf(good())).toEqual([]);
    });

    it("identity: a platform or account that targets can not name, a relative base URL", () => {
      expect(
        problemsOf({ ...good(), platform: "My:Platform", account: "a@b", baseUrl: "/api" }),
      ).toEqual([
        'identity: platform "My:Platform" is not lower case letters, digits, - or _',
        'identity: account "a@b" is empty or holds a space, ":", "@" or "/"',
        'identity: baseUrl "/api" is not an absolute URL',
      ]);
    });

    it("limits: an empty window, a route rule with no route, a number with no source", () => {
      const limits = [
        { scope: "account" as const, max: 0, perMs: 1_000, source: "docs" },
        { scope: "route" as const, max: 5, perMs: 0, source: "" },
      ];
      expect(problemsOf({ ...good(), limits })).toEqual([
        "limits: limits[0].max 0 is not a positive integer",
        'limits: limits[1] has scope "route" and no route',
        "limits: limits[1].perMs 0 is not a positive window",
        "limits: limits[1].source is empty: name where the numbers come from (the platform's page)",
      ]);
    });

    it("secrets: a token sent in authHeaders and not listed in secrets", () => {
      expect(problemsOf({ ...good(), secrets: [] })).toEqual([
        'secrets: authHeaders() sends "authorization" holding no value of secrets: it would not be redacted',
      ]);
    });

    it("render: impure, mutating, or malformed operations", () => {
      const base = good();
      let calls = 0;
      const impure: PlatformAdapter = {
        ...base,
        render: (message, destination, context) => {
          const rendering = base.render(message, destination, context);
          calls++;
          return { ...rendering, warnings: [`call ${calls}`] };
        },
      };
      expect(problemsOf(impure)).toContain(
        "render: render gave two different answers for the same input: it must be pure",
      );
      const mutating: PlatformAdapter = {
        ...base,
        render: (message, destination, context) => {
          (message as { text?: string }).text = "changed";
          return base.render(message, destination, context);
        },
      };
      expect(problemsOf(mutating)[0]).toMatch(
        /^render: render threw on the sample message: .*read.only/i,
      );
      const malformed: PlatformAdapter = {
        ...base,
        render: () => ({
          operations: [
            {
              step: "a",
              route: "",
              method: "SEND" as "POST",
              path: "messages",
              idempotency: "key",
            },
            { step: "a", route: "r", method: "POST", path: "/m", idempotency: "maybe" as "none" },
          ],
        }),
      };
      expect(problemsOf(malformed, { tooLong: false })).toEqual([
        "render: operations[0].route is empty: the limiter counts requests by route",
        'render: operations[0].method "SEND" is not an HTTP method',
        'render: operations[0].path "messages" does not start with "/"',
        'render: operations[0] has idempotency "key" but no idempotencyHeader and no IDEMPOTENCY_KEY',
        'render: operations[1].idempotency "maybe" is not safe, key or none',
        'render: operations[1].step "a" repeats',
      ]);
    });

    it("refusal: a too-long text accepted, or refused with a plain Error", () => {
      const base = good();
      const lax: PlatformAdapter = {
        ...base,
        render: (m, d, c) => base.render({ ...m, text: "ok" }, d, c),
      };
      expect(problemsOf(lax)).toEqual([
        "refusal: render accepted the too-long message: refuse it before any request (ValidationError)",
      ]);
      const plain: PlatformAdapter = {
        ...base,
        render: (m, d, c) => {
          if ((m.text ?? "").length > 1_000) throw new Error("too long");
          return base.render(m, d, c);
        },
      };
      expect(problemsOf(plain)).toEqual([
        'refusal: render refused the too-long message with Error "too long", not a ValidationError',
      ]);
    });

    it("responses: throwing on a body, a 429 not a rate limit, an unclipped page, a 503 final", () => {
      const careless: PlatformAdapter = {
        ...good(),
        readResponse: (_operation, response) => {
          const body = response.body as { error: { message: string } };
          if (response.status < 400) return { ok: true, id: "1" };
          const message = body.error.message; // throws on a body without `error`
          return { ok: false, failure: { kind: "platform", message, retryable: false } };
        },
      };
      const problems = problemsOf(careless);
      expect(problems[0]).toMatch(/^responses: readResponse threw on HTTP 400 undefined/);
      const sloppy: PlatformAdapter = {
        ...good(),
        readResponse: (_operation, response) =>
          response.status < 400
            ? { ok: true, id: "1" }
            : {
                ok: false,
                failure: { kind: "platform", message: String(response.body), retryable: false },
              },
      };
      expect(problemsOf(sloppy)).toEqual([
        'responses: HTTP 401 undefined read as "platform", not auth',
        'responses: HTTP 429 undefined read as "platform", not rate-limit',
        "responses: HTTP 500 undefined read as not retryable",
        "responses: HTTP 400 eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee…: failure.message has 1000000 characters (at most 1000)",
      ]);
    });
  });
});
