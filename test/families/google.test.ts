// The Google family on its own: a second Google platform (Google Business Profile) gets the same
// consent URL, code exchange and refresh under its own name.
import { describe, expect, it } from "vitest";
import { googleOAuth } from "../../src/families/google/oauth.js";
import { AuthError } from "../../src/transport/errors.js";

const client = { clientId: "cid", clientSecret: "csecret", redirectUri: "https://app.example/cb" };
const SCOPE = "https://www.googleapis.com/auth/business.manage";

/** A token endpoint on no network: records each request and answers `body` with `status`. */
function tokenEndpoint(status: number, body: unknown) {
  const seen: { url: string; form: URLSearchParams }[] = [];
  const fetch = async (url: string | URL | Request, init?: RequestInit) => {
    seen.push({ url: String(url), form: new URLSearchParams(String(init?.body)) });
    return new Response(JSON.stringify(body), { status });
  };
  return { seen, fetch: fetch as typeof globalThis.fetch };
}

describe("google family: OAuth", () => {
  const google = googleOAuth("google-business", [SCOPE]);

  it("asks offline consent with PKCE, the platform's default scopes unless others are named", async () => {
    const started = await google.start(client);
    const url = new URL(started.url);
    expect(url.origin + url.pathname).toBe("https://accounts.google.com/o/oauth2/v2/auth");
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: "cid",
      scope: SCOPE,
      state: started.state,
      code_challenge_method: "S256",
      access_type: "offline",
      prompt: "consent",
      include_granted_scopes: "true",
    });
    const other = new URL((await google.start(client, ["openid"])).url);
    expect(other.searchParams.get("scope")).toBe("openid");
  });

  it("exchanges the code with the verifier, and keeps the refresh token Google does not resend", async () => {
    const code = tokenEndpoint(200, {
      access_token: "ya29.a",
      refresh_token: "1//r",
      expires_in: 3599,
    });
    const tokens = await google.exchange(client, "4/code", "verifier", {
      fetch: code.fetch,
      now: () => 0,
    });
    expect(tokens).toEqual({ accessToken: "ya29.a", refreshToken: "1//r", expiresAt: 3_599_000 });
    expect(code.seen[0]?.url).toBe("https://oauth2.googleapis.com/token");
    expect(Object.fromEntries(code.seen[0]?.form ?? [])).toMatchObject({
      grant_type: "authorization_code",
      code: "4/code",
      code_verifier: "verifier",
      client_id: "cid",
      client_secret: "csecret",
    });
    const refresh = tokenEndpoint(200, { access_token: "ya29.b", expires_in: 3599 });
    const renewed = await google.refresh(client, tokens, { fetch: refresh.fetch, now: () => 0 });
    expect(renewed).toMatchObject({ accessToken: "ya29.b", refreshToken: "1//r" });
    expect(refresh.seen[0]?.form.has("redirect_uri")).toBe(false);
  });

  it("names the platform in a refused grant", async () => {
    const refused = tokenEndpoint(400, { error: "invalid_grant" });
    const failing = google.refresh(
      client,
      { accessToken: "a", refreshToken: "1//r" },
      { fetch: refused.fetch },
    );
    await expect(failing).rejects.toThrow(AuthError);
    await expect(failing).rejects.toMatchObject({ platform: "google-business" });
  });
});
