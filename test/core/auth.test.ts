import { createHash } from "node:crypto";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  AuthError,
  authorizationUrl,
  bearerCredentials,
  createHerald,
  createPkce,
  createTokenAuth,
  exchangeCode,
  type OAuthProvider,
  type OAuthTokens,
  type PlatformAdapter,
  refreshTokens,
  type TokenAuthOptions,
} from "../../src/index.js";
import { ECHO_BASE_URL, echo } from "../helpers/echo-adapter.js";

const NOW = Date.UTC(2026, 10, 25, 12);
const TOKEN_URL = "https://auth.echo.example/token";

/** Tokens the imaginary platform accepts right now. */
const valid = new Set<string>();
const posts: { token: string | null; path: string }[] = [];
const grants: { body: URLSearchParams; authorization: string | null }[] = [];
let refreshCount = 0;

/** The platform's post endpoint: records the token, answers 401 unless it is valid now. */
async function answerPost(request: Request, before?: (token: string | null) => Promise<void>) {
  const token = request.headers.get("authorization")?.replace(/^Bearer /, "") ?? null;
  posts.push({ token, path: new URL(request.url).pathname });
  await before?.(token);
  if (!token || !valid.has(token)) {
    return HttpResponse.json({ error: `token ${token} is not valid` }, { status: 401 });
  }
  return HttpResponse.json({ id: `m${posts.length}` });
}

const server = setupServer(
  http.post(`${ECHO_BASE_URL}/post`, ({ request }) => answerPost(request)),
  http.post(TOKEN_URL, async ({ request }) => {
    const body = new URLSearchParams(await request.text());
    grants.push({ body, authorization: request.headers.get("authorization") });
    if (body.get("refresh_token") === "revoked-refresh") {
      return HttpResponse.json(
        { error: "invalid_grant", error_description: "refresh token revoked-refresh is revoked" },
        { status: 400 },
      );
    }
    refreshCount++;
    const accessToken = `access-${refreshCount}-${body.get("grant_type")}`;
    valid.add(accessToken);
    return HttpResponse.json({
      access_token: accessToken,
      refresh_token: `refresh-${refreshCount}`,
      expires_in: 7200,
      token_type: "bearer",
    });
  }),
);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  valid.clear();
  posts.length = 0;
  grants.length = 0;
  refreshCount = 0;
});
afterAll(() => server.close());

const provider: OAuthProvider = {
  platform: "echo",
  authorizeUrl: "https://auth.echo.example/authorize",
  tokenUrl: TOKEN_URL,
  clientAuth: "basic",
};
const client = {
  clientId: "app-1",
  clientSecret: "app-secret-xyz",
  redirectUri: "https://b.example/cb",
};

/** The echo adapter with OAuth tokens from `auth` instead of its static token. */
function oauthEcho(
  options: Omit<TokenAuthOptions, "platform" | "toCredentials" | "headerNames">,
): PlatformAdapter {
  const base = echo({ token: "unused-static-token" });
  return {
    ...base,
    secrets: [],
    authHeaders: () => ({}),
    auth: createTokenAuth({
      platform: "echo",
      toCredentials: bearerCredentials,
      headerNames: ["Authorization"],
      now: () => NOW,
      ...options,
    }),
  };
}

const clock = { now: () => NOW, sleep: async () => {} };
const fast = { retries: 2, minDelayMs: 1, maxDelayMs: 2, maxWaitMs: 1_000 };

describe("credentials per account", () => {
  it("refreshes an expired token once for 50 parallel sends, and calls onTokens once", async () => {
    const stored: [string, OAuthTokens][] = [];
    const adapter = oauthEcho({
      tokens: async () => ({ accessToken: "old-access", refreshToken: "r0", expiresAt: NOW - 1 }),
      refresh: (tokens) => refreshTokens(provider, client, tokens, { now: () => NOW }),
      onTokens: (account, tokens) => {
        stored.push([account, tokens]);
      },
    });
    const herald = createHerald({ adapters: [adapter], clock, retry: fast });
    const reports = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        herald.send(
          { text: `hi ${i}` },
          { to: { platform: "echo", account: "user-42", chat: `c${i}` } },
        ),
      ),
    );
    expect(reports.every((r) => r.targets[0]?.status === "sent")).toBe(true);
    expect(refreshCount).toBe(1);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.[0]).toBe("user-42");
    expect(grants[0]?.body.get("grant_type")).toBe("refresh_token");
    expect(grants[0]?.body.get("refresh_token")).toBe("r0");
    expect(grants[0]?.authorization).toBe(`Basic ${btoa("app-1:app-secret-xyz")}`);
    expect(new Set(posts.map((p) => p.token))).toEqual(new Set(["access-1-refresh_token"]));
    await herald.close();
  });

  it("renews a token the platform rejects (401) once, even for concurrent requests", async () => {
    // the three requests are all in flight with the revoked token before any 401 answers
    let arrived = 0;
    let allIn!: () => void;
    const barrier = new Promise<void>((resolve) => {
      allIn = resolve;
    });
    server.use(
      http.post(`${ECHO_BASE_URL}/post`, ({ request }) =>
        answerPost(request, async (token) => {
          if (token !== "revoked-access") return;
          if (++arrived === 3) allIn();
          await barrier;
        }),
      ),
    );
    const adapter = oauthEcho({
      tokens: { accessToken: "revoked-access", refreshToken: "r0", expiresAt: NOW + 3_600_000 },
      refresh: (tokens) => refreshTokens(provider, client, tokens, { now: () => NOW }),
    });
    const herald = createHerald({ adapters: [adapter], clock, retry: fast });
    const reports = await Promise.all(
      ["a", "b", "c"].map((chat) => herald.send({ text: "x" }, { to: `echo:${chat}` })),
    );
    expect(reports.map((r) => r.targets[0]?.status)).toEqual(["sent", "sent", "sent"]);
    expect(refreshCount).toBe(1);
    expect(posts.filter((p) => p.token === "revoked-access")).toHaveLength(3);
    expect(posts.filter((p) => p.token === "access-1-refresh_token")).toHaveLength(3);
    await herald.close();
  });

  it("keeps each account's tokens apart and names the account in the report", async () => {
    valid.add("tok-user-1");
    valid.add("tok-user-2");
    const adapter = oauthEcho({ tokens: (account) => ({ accessToken: `tok-${account}` }) });
    const herald = createHerald({ adapters: [adapter], clock, retry: fast });
    const report = await herald.send(
      { text: "x" },
      { to: ["echo@user-1:room", { platform: "echo", account: "user-2", chat: "room" }] },
    );
    expect(report.targets.map((t) => [t.target, t.account, t.status])).toEqual([
      ["echo@user-1:room", "user-1", "sent"],
      ["echo@user-2:room", "user-2", "sent"],
    ]);
    expect(posts.map((p) => p.token).sort()).toEqual(["tok-user-1", "tok-user-2"]);
    await herald.close();
  });

  it("fails with an AuthError, tokens redacted, when a rejected token cannot be renewed", async () => {
    const adapter = oauthEcho({
      tokens: { accessToken: "dead-access-token", refreshToken: "revoked-refresh" },
      refresh: (tokens) => refreshTokens(provider, client, tokens, { now: () => NOW }),
    });
    const herald = createHerald({ adapters: [adapter], clock, retry: fast });
    const report = await herald.send({ text: "x" }, { to: "echo:room" });
    const error = report.targets[0]?.error;
    expect(report.targets[0]?.status).toBe("failed");
    expect(error).toBeInstanceOf(AuthError);
    expect(error?.message).toContain("invalid_grant");
    expect(error?.message).not.toContain("revoked-refresh");
    expect(error?.message).not.toContain("dead-access-token");
    await herald.close();
  });

  it("fails with an AuthError when a token without a refresh token expires", async () => {
    const adapter = oauthEcho({ tokens: { accessToken: "short-lived", expiresAt: NOW - 5 } });
    const herald = createHerald({ adapters: [adapter], clock, retry: fast });
    const report = await herald.send({ text: "x" }, { to: "echo:room" });
    expect(report.targets[0]?.error).toBeInstanceOf(AuthError);
    expect(report.targets[0]?.error?.message).toMatch(/no refresh token/);
    expect(posts).toHaveLength(0);
    await herald.close();
  });

  it("refuses an account no adapter serves when no adapter takes any account", async () => {
    valid.add("t-static");
    const herald = createHerald({ adapters: [oauthEcho({ tokens: { accessToken: "t-static" } })] });
    expect(() => herald.preview({ text: "x" }, { to: "echo@other:room" })).toThrow(
      /account "other"/,
    );
    const preview = herald.preview({ text: "x" }, { to: "echo:room" });
    expect(preview.targets[0]?.requests[0]?.headers.Authorization).toBe("[redacted]");
  });
});

describe("OAuth 2.0 helpers", () => {
  it("creates a PKCE pair whose challenge is BASE64URL(SHA-256(verifier))", async () => {
    const pkce = await createPkce();
    expect(pkce.verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    const expected = createHash("sha256").update(pkce.verifier).digest("base64url");
    expect(pkce.challenge).toBe(expected);
  });

  it("builds the authorization URL with state and the S256 challenge", () => {
    const url = new URL(
      authorizationUrl(provider, client, {
        scopes: ["tweet.write", "offline.access"],
        state: "st-1",
        codeChallenge: "ch-1",
      }),
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: "code",
      client_id: "app-1",
      redirect_uri: "https://b.example/cb",
      scope: "tweet.write offline.access",
      state: "st-1",
      code_challenge: "ch-1",
      code_challenge_method: "S256",
    });
  });

  it("exchanges a code with the verifier, client credentials in the body when asked", async () => {
    const tokens = await exchangeCode(
      { ...provider, clientAuth: "body" },
      client,
      "code-1",
      "ver-1",
      {
        now: () => NOW,
      },
    );
    expect(tokens).toEqual({
      accessToken: "access-1-authorization_code",
      refreshToken: "refresh-1",
      expiresAt: NOW + 7_200_000,
    });
    expect(Object.fromEntries(grants[0]!.body)).toEqual({
      grant_type: "authorization_code",
      code: "code-1",
      redirect_uri: "https://b.example/cb",
      code_verifier: "ver-1",
      client_id: "app-1",
      client_secret: "app-secret-xyz",
    });
    expect(grants[0]?.authorization).toBeNull();
  });
});
