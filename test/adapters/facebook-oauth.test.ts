// Facebook Login against the simulated Graph API: the authorization URL, the code exchange, the
// long-lived token exchange and the Page tokens of /me/accounts, then posting with one of them.
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  exchangeFacebookCode,
  exchangeLongLivedToken,
  facebook,
  facebookOAuthProvider,
  fetchPageTokens,
} from "../../src/adapters/facebook/index.js";
import { AuthError, authorizationUrl, createHerald, createPkce } from "../../src/index.js";
import { createSimulator } from "../../src/testing/index.js";

const NOW = Date.UTC(2026, 10, 27, 8);
const app = { id: "app-123", secret: "app-secret-xyz" };
const client = {
  clientId: app.id,
  clientSecret: app.secret,
  redirectUri: "https://backend.example/fb/callback",
};
const pages = Array.from({ length: 105 }, (_, i) => ({
  id: String(2_000_000_000 + i),
  accessToken: `EAAPage${i}`,
}));
const sim = createSimulator({
  facebook: {
    pages,
    users: [{ accessToken: "EAAShortUser", pageIds: pages.map((p) => p.id) }],
    app,
    codes: { "code-from-login": "EAAShortUser" },
  },
});
const server = setupServer(...sim.handlers());
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

describe("Facebook Login", () => {
  it("builds the dialog URL with comma-separated scopes, state and PKCE", async () => {
    const pkce = await createPkce();
    const url = new URL(
      authorizationUrl(facebookOAuthProvider("v23.0"), client, {
        scopes: ["pages_manage_posts", "pages_read_engagement", "pages_show_list"],
        state: "st-42",
        codeChallenge: pkce.challenge,
      }),
    );
    expect(url.origin + url.pathname).toBe("https://www.facebook.com/v23.0/dialog/oauth");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: "code",
      client_id: app.id,
      redirect_uri: client.redirectUri,
      scope: "pages_manage_posts,pages_read_engagement,pages_show_list",
      state: "st-42",
      code_challenge: pkce.challenge,
      code_challenge_method: "S256",
    });
  });

  it("exchanges the code, then the short-lived token for a long-lived one", async () => {
    const short = await exchangeFacebookCode(client, "code-from-login", { now: () => NOW });
    expect(short).toEqual({ accessToken: "EAAShortUser", expiresAt: NOW + 3_600_000 });
    const long = await exchangeLongLivedToken(client, short.accessToken, { now: () => NOW });
    expect(long.accessToken).toMatch(/^EAAlong/);
    expect(long.expiresAt).toBe(NOW + 60 * 86_400_000);
    const [exchange] = sim.requests.filter((r) => r.query.grant_type === "fb_exchange_token");
    expect(exchange?.query).toMatchObject({ client_id: app.id, fb_exchange_token: "<redacted>" });
  });

  it("refuses a used code and a wrong secret without echoing them", async () => {
    const used = exchangeFacebookCode(client, "code-from-login");
    await expect(used).rejects.toBeInstanceOf(Error);
    const wrong = exchangeLongLivedToken(
      { clientId: app.id, clientSecret: "nope-secret" },
      "EAAShortUser",
    );
    await expect(wrong).rejects.toThrow(/client secret/);
    await expect(wrong).rejects.not.toThrow(/nope-secret/);
    const badToken = fetchPageTokens("EAAUnknownUser");
    await expect(badToken).rejects.toBeInstanceOf(AuthError);
  });

  it("reads every Page token of /me/accounts across pages of results, and posts with one", async () => {
    const long = await exchangeLongLivedToken(client, "EAAShortUser");
    const before = sim.requests.filter((r) => r.operation === "meAccounts").length;
    const found = await fetchPageTokens(long.accessToken);
    expect(found).toHaveLength(105);
    expect(found[104]).toEqual({
      id: pages[104]?.id,
      name: `Page ${pages[104]?.id}`,
      category: "Business",
      accessToken: "EAAPage104",
      tasks: ["ADVERTISE", "ANALYZE", "CREATE_CONTENT", "MESSAGING", "MODERATE", "MANAGE"],
    });
    expect(sim.requests.filter((r) => r.operation === "meAccounts")).toHaveLength(before + 2);

    const tokens = new Map(found.map((p) => [p.id, p.accessToken]));
    const herald = createHerald({
      adapters: [facebook({ pageTokens: (pageId) => tokens.get(pageId) ?? "" })],
    });
    const report = await herald.send(
      { text: "Hello from page 7" },
      { to: `facebook@${pages[7]?.id}` },
    );
    expect(report.targets[0]?.status).toBe("sent");
    expect(sim.facebook.posts.at(-1)?.pageId).toBe(pages[7]?.id);
    await herald.close();
  });
});
