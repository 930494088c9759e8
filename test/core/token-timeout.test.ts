// Token endpoints that hang, on a real local server (127.0.0.1): WeChat's stable_token and an X
// refresh end after the client's timeoutMs as failed (an AuthError: no message was sent), a
// cancel during a hanging refresh settles the delivery at once, and one caller's cancel does not
// abort the refresh other sends share.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { wechat } from "../../src/adapters/wechat/index.js";
import { x } from "../../src/adapters/x/index.js";
import {
  AuthError,
  createHerald,
  type DeliveryReport,
  DeliveryUnknownError,
  fetchToken,
  type PlatformAdapter,
} from "../../src/index.js";
import { echo } from "../helpers/echo-adapter.js";

/** What the server does per path: hang (never answer), or answer after `delayMs`. */
type Route = { hang: true } | { delayMs?: number; status?: number; json: unknown };

const routes = new Map<string, Route>();
const seen: string[] = [];
const open = new Set<ServerResponse>();
let server: Server;
let base: string;

function handle(request: IncomingMessage, response: ServerResponse): void {
  const path = new URL(request.url ?? "/", "http://localhost").pathname;
  seen.push(path);
  request.resume();
  const route = routes.get(path);
  if (!route) {
    response.writeHead(404).end();
    return;
  }
  if ("hang" in route) {
    open.add(response); // never answered; closed by the test's end
    response.on("close", () => open.delete(response));
    return;
  }
  setTimeout(() => {
    response.writeHead(route.status ?? 200, { "content-type": "application/json" });
    response.end(JSON.stringify(route.json));
  }, route.delayMs ?? 0);
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
beforeEach(() => {
  routes.clear();
  seen.length = 0;
});
afterAll(async () => {
  for (const response of open) response.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** The report, or "pending" if the delivery has not settled within `ms`. */
async function within(delivery: PromiseLike<DeliveryReport>, ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<"pending">((resolve) => {
    timer = setTimeout(() => resolve("pending"), ms);
  });
  try {
    return await Promise.race([delivery, late]);
  } finally {
    clearTimeout(timer);
  }
}

const TIMEOUT_MS = 300;
/** Slack for the machine (two shared cores) beyond the timeout: our choice. */
const SLACK_MS = 1_500;

const xAdapter = () =>
  x({
    clientId: "x-client",
    clientSecret: "x-client-secret",
    baseUrl: base,
    // expired: the first send refreshes at POST /2/oauth2/token
    tokens: { accessToken: "x-old", refreshToken: "x-refresh", expiresAt: Date.now() - 1 },
  });

describe("token endpoints that never answer", () => {
  it("WeChat: a hanging stable_token fails the send after timeoutMs, with nothing sent", async () => {
    routes.set("/cgi-bin/stable_token", { hang: true });
    const herald = createHerald({
      adapters: [
        wechat({ appId: "wx1234567890abcdef", appSecret: "wechat-secret-123", baseUrl: base }),
      ],
      timeoutMs: TIMEOUT_MS,
      retry: { retries: 0 },
    });
    const started = Date.now();
    const report = await within(herald.send({ text: "hi" }, { to: "wechat:o-follower" }), 5_000);
    const elapsed = Date.now() - started;
    console.log(
      `WeChat stable_token hanging: send settled in ${elapsed} ms (timeout ${TIMEOUT_MS})`,
    );
    expect(report).not.toBe("pending");
    const target = (report as DeliveryReport).targets[0]!;
    expect(target.status).toBe("failed");
    expect(target.error).toBeInstanceOf(AuthError);
    expect(target.error?.message).toMatch(/stable_token did not answer within 300 ms/);
    expect(target.error?.message).not.toContain("wechat-secret-123");
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 10);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    expect(seen).toEqual(["/cgi-bin/stable_token"]); // no message request left
    await herald.close();
  });

  it("X: a hanging refresh fails the send after timeoutMs, with nothing posted", async () => {
    routes.set("/2/oauth2/token", { hang: true });
    const herald = createHerald({
      adapters: [xAdapter()],
      timeoutMs: TIMEOUT_MS,
      retry: { retries: 0 },
    });
    const started = Date.now();
    const report = await within(herald.send({ text: "hi" }, { to: "x" }), 5_000);
    const elapsed = Date.now() - started;
    console.log(`X refresh hanging: send settled in ${elapsed} ms (timeout ${TIMEOUT_MS})`);
    expect(report).not.toBe("pending");
    const target = (report as DeliveryReport).targets[0]!;
    expect(target.status).toBe("failed");
    expect(target.error).toBeInstanceOf(AuthError);
    expect(target.error?.message).toMatch(/token endpoint did not answer within 300 ms/);
    expect(target.error?.message).not.toMatch(/x-refresh|x-client-secret/);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    expect(seen).toEqual(["/2/oauth2/token"]);
    await herald.close();
  });

  it("a cancel during a hanging refresh settles the delivery at once, skipped", async () => {
    routes.set("/2/oauth2/token", { hang: true });
    const herald = createHerald({ adapters: [xAdapter()], timeoutMs: 20_000 });
    const delivery = herald.send({ text: "hi" }, { to: "x" });
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).toEqual(["/2/oauth2/token"]); // the refresh is hanging now
    const cancelled = Date.now();
    delivery.cancel();
    const report = await within(delivery, 2_000);
    console.log(`cancel during a hanging refresh: settled ${Date.now() - cancelled} ms after`);
    expect(report).not.toBe("pending");
    expect((report as DeliveryReport).targets[0]?.status).toBe("skipped");
    expect(Date.now() - cancelled).toBeLessThan(500);
    await herald.close();
  });

  it("one send's cancel leaves the refresh it shares with another send running", async () => {
    routes.set("/2/oauth2/token", {
      delayMs: 400,
      json: { access_token: "x-new", refresh_token: "x-refresh-2", expires_in: 7200 },
    });
    routes.set("/2/tweets", { status: 201, json: { data: { id: "1900", text: "hi" } } });
    const herald = createHerald({ adapters: [xAdapter()], timeoutMs: 5_000 });
    const first = herald.send({ text: "one" }, { to: "x" });
    const second = herald.send({ text: "two" }, { to: "x" });
    await new Promise((r) => setTimeout(r, 50));
    const cancelled = Date.now();
    first.cancel();
    const firstReport = await within(first, 2_000);
    expect(Date.now() - cancelled).toBeLessThan(300); // did not wait for the refresh
    expect(firstReport).not.toBe("pending");
    expect((firstReport as DeliveryReport).targets[0]?.status).toBe("skipped");
    const secondReport = await within(second, 3_000);
    expect((secondReport as DeliveryReport).targets[0]?.status).toBe("sent");
    expect(seen.filter((p) => p === "/2/oauth2/token")).toHaveLength(1);
    expect(seen.filter((p) => p === "/2/tweets")).toHaveLength(1);
    await herald.close();
  });
});

describe("after an attempt that may have been processed", () => {
  /**
   * A keyed create whose first attempt gets a 500 (it may have been processed), on an adapter
   * whose credentials come from a token endpoint that hangs from the second attempt on.
   */
  function keyedEcho(): PlatformAdapter {
    let calls = 0;
    return {
      ...echo({ token: "echo-token", keyed: true }),
      baseUrl: base,
      auth: {
        anyAccount: false,
        headerNames: [],
        async credentials(_account, _rejected, context) {
          if (calls++ === 0) return { secrets: [] };
          await fetchToken(
            `${base}/token`,
            { method: "POST" },
            {
              platform: "echo",
              endpoint: "token endpoint",
              timeoutMs: context?.timeoutMs,
            },
          );
          return { secrets: [] };
        },
      },
    };
  }

  it("a retry whose token request times out leaves it unknown, not failed", async () => {
    routes.set("/post", { status: 500, json: { error: "overloaded" } });
    routes.set("/token", { hang: true });
    const herald = createHerald({
      adapters: [keyedEcho()],
      timeoutMs: TIMEOUT_MS,
      retry: { retries: 2, minDelayMs: 1, maxDelayMs: 2 },
    });
    const report = await within(herald.send({ text: "hi" }, { to: "echo:room" }), 5_000);
    const target = (report as DeliveryReport).targets[0]!;
    expect(target.status).toBe("unknown");
    expect(target.error).toBeInstanceOf(DeliveryUnknownError);
    expect(target.error?.message).toMatch(
      /HTTP 500.*earlier attempt.*did not answer within 300 ms/,
    );
    expect(seen).toEqual(["/post", "/token"]);
    await herald.close();
  });

  it("a cancel during the backoff after it leaves it unknown, not skipped", async () => {
    routes.set("/post", { status: 500, json: { error: "overloaded" } });
    const herald = createHerald({
      adapters: [{ ...keyedEcho(), auth: undefined } as PlatformAdapter],
      retry: { retries: 2, minDelayMs: 10_000, maxDelayMs: 10_000 },
    });
    const delivery = herald.send({ text: "hi" }, { to: "echo:room" });
    delivery.on("retry", () => delivery.cancel());
    const report = await within(delivery, 2_000);
    expect(report).not.toBe("pending");
    expect((report as DeliveryReport).targets[0]?.status).toBe("unknown");
    expect(seen).toEqual(["/post"]);
    await herald.close();
  });

  it("a cancel while an unkeyed create is in flight, which then times out: unknown, not skipped", async () => {
    routes.set("/post", { hang: true });
    const herald = createHerald({
      adapters: [{ ...echo({ token: "echo-token" }), baseUrl: base }],
      timeoutMs: TIMEOUT_MS,
    });
    const delivery = herald.send({ text: "hi" }, { to: "echo:room" });
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toEqual(["/post"]); // it reached the server
    delivery.cancel();
    const report = await within(delivery, 2_000);
    expect((report as DeliveryReport).targets[0]?.status).toBe("unknown");
    await herald.close();
  });
});
