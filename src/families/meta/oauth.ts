/**
 * Facebook Login, the OAuth of every Meta platform reached through a Facebook app: the
 * authorization dialog's endpoints, the code exchange, the long-lived token exchange and the Page
 * tokens of `/me/accounts` (https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow,
 * https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived).
 * Errors name the platform the calls are made for.
 */
import type { OAuthClient, OAuthProvider } from "../../auth/oauth2.js";
import type { OAuthTokens } from "../../auth/tokens.js";
import { AuthError, PlatformError } from "../../transport/errors.js";
import { Redactor } from "../../transport/redact.js";
import { readGraphError } from "./errors.js";
import { GRAPH_API_URL, GRAPH_API_VERSION, graphRoot } from "./graph.js";

/** Options of the Graph token calls. */
export interface GraphTokenOptions {
  /** A `fetch` to use instead of the global one (tests, proxies). */
  fetch?: typeof fetch;
  /** Time source for `expiresAt`; `Date.now` by default. */
  now?: () => number;
  /** The Graph API host (default `https://graph.facebook.com`; the simulator's URL in tests). */
  graphUrl?: string;
  /** Graph API version (default `v23.0`). */
  graphVersion?: string;
}

/** A Page the user can act on, with its Page access token. */
export interface GraphPage {
  /** The Page id: the account name to target it with. */
  id: string;
  /** The Page's name. */
  name?: string;
  /** Its category. */
  category?: string;
  /** The Page access token (does not expire when fetched with a long-lived user token). */
  accessToken: string;
  /** What the user may do on the Page (`CREATE_CONTENT`, `MODERATE`, `MANAGE`...). */
  tasks: string[];
}

/** The Facebook Login calls, bound to the platform their errors name. */
export interface FacebookLogin {
  /** The dialog and token endpoints for `authorizationUrl` (scopes comma separated). */
  provider(graphVersion?: string): OAuthProvider;
  /**
   * Exchanges the `code` the dialog returned for a short-lived user token:
   * `GET /oauth/access_token?client_id&redirect_uri&client_secret&code` (plus `code_verifier`
   * when the authorization URL carried a PKCE challenge).
   */
  exchangeCode(
    client: OAuthClient,
    code: string,
    options?: GraphTokenOptions & { codeVerifier?: string },
  ): Promise<OAuthTokens>;
  /**
   * Exchanges a short-lived user token for a long-lived one (about 60 days):
   * `GET /oauth/access_token?grant_type=fb_exchange_token&client_id&client_secret&fb_exchange_token`.
   * Page tokens fetched with it do not expire.
   */
  exchangeLongLivedToken(
    client: Pick<OAuthClient, "clientId" | "clientSecret">,
    userToken: string,
    options?: GraphTokenOptions,
  ): Promise<OAuthTokens>;
  /** The Pages a user manages, with their Page tokens: `GET /me/accounts`, every page of it. */
  fetchPageTokens(userToken: string, options?: GraphTokenOptions): Promise<GraphPage[]>;
}

/** At most this many pages of `/me/accounts` are read (100 Pages each): our bound, 10,000 Pages. */
const MAX_ACCOUNT_PAGES = 100;
/** Pages per `/me/accounts` request (Graph cursor pagination `limit`; our choice). */
const ACCOUNTS_PER_REQUEST = 100;

const rootOf = (options: GraphTokenOptions): string =>
  graphRoot(options.graphUrl ?? GRAPH_API_URL, options.graphVersion ?? GRAPH_API_VERSION);

/** Reads `{ access_token, token_type, expires_in }`. */
function tokensOf(
  platform: string,
  body: Record<string, unknown>,
  options: GraphTokenOptions,
): OAuthTokens {
  if (typeof body.access_token !== "string") {
    throw new AuthError(platform, 200, "the token endpoint answered without an access_token");
  }
  const now = (options.now ?? Date.now)();
  return {
    accessToken: body.access_token,
    ...(typeof body.expires_in === "number" && { expiresAt: now + body.expires_in * 1000 }),
  };
}

/** The Page of one `/me/accounts` item; `undefined` without an id and a token. */
function pageOf(item: unknown): GraphPage | undefined {
  const page = item as Record<string, unknown>;
  if (typeof page.id !== "string" || typeof page.access_token !== "string") return undefined;
  return {
    id: page.id,
    accessToken: page.access_token,
    tasks: Array.isArray(page.tasks) ? page.tasks.filter((t) => typeof t === "string") : [],
    ...(typeof page.name === "string" && { name: page.name }),
    ...(typeof page.category === "string" && { category: page.category }),
  };
}

/** The Facebook Login calls of `platform` (`"facebook"`; Instagram and Messenger next). */
export function facebookLogin(platform: string): FacebookLogin {
  /** GETs a Graph URL and returns the JSON; errors become `AuthError` (190) or `PlatformError`, redacted. */
  async function graphGet(
    url: URL,
    secrets: readonly string[],
    options: GraphTokenOptions,
    token?: string,
  ): Promise<Record<string, unknown>> {
    const redactor = new Redactor([...secrets, ...(token ? [token] : [])]);
    let response: Response;
    try {
      response = await (options.fetch ?? fetch)(url, {
        headers: { accept: "application/json", ...(token && { authorization: `Bearer ${token}` }) },
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new AuthError(platform, 0, redactor.text(`Graph API unreachable: ${reason}`));
    }
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (response.ok && !body.error) return body;
    const error = readGraphError(body);
    const message = redactor.text(error.message ?? `HTTP ${response.status}`);
    // 190: the token is invalid or expired (Graph API error handling)
    if (error.code === 190 || response.status === 401) {
      throw new AuthError(platform, response.status, message);
    }
    throw new PlatformError(platform, {
      status: response.status,
      message,
      ...(error.code !== undefined && { platformCode: error.code }),
    });
  }

  return {
    provider: (graphVersion = GRAPH_API_VERSION) => ({
      platform,
      authorizeUrl: `https://www.facebook.com/${graphVersion}/dialog/oauth`,
      tokenUrl: `${GRAPH_API_URL}/${graphVersion}/oauth/access_token`,
      clientAuth: "body",
      scopeSeparator: ",",
    }),

    async exchangeCode(client, code, options = {}) {
      const url = new URL(`${rootOf(options)}/oauth/access_token`);
      url.searchParams.set("client_id", client.clientId);
      url.searchParams.set("redirect_uri", client.redirectUri);
      if (client.clientSecret !== undefined) {
        url.searchParams.set("client_secret", client.clientSecret);
      }
      url.searchParams.set("code", code);
      if (options.codeVerifier) url.searchParams.set("code_verifier", options.codeVerifier);
      const secrets = [client.clientSecret ?? "", code, options.codeVerifier ?? ""];
      return tokensOf(platform, await graphGet(url, secrets, options), options);
    },

    async exchangeLongLivedToken(client, userToken, options = {}) {
      if (client.clientSecret === undefined) {
        throw new AuthError(platform, 0, "the long-lived token exchange needs the app secret");
      }
      const url = new URL(`${rootOf(options)}/oauth/access_token`);
      url.searchParams.set("grant_type", "fb_exchange_token");
      url.searchParams.set("client_id", client.clientId);
      url.searchParams.set("client_secret", client.clientSecret);
      url.searchParams.set("fb_exchange_token", userToken);
      const body = await graphGet(url, [client.clientSecret, userToken], options);
      return tokensOf(platform, body, options);
    },

    async fetchPageTokens(userToken, options = {}) {
      const pages: GraphPage[] = [];
      let after: string | undefined;
      for (let i = 0; i < MAX_ACCOUNT_PAGES; i++) {
        const url = new URL(`${rootOf(options)}/me/accounts`);
        url.searchParams.set("fields", "id,name,category,access_token,tasks");
        url.searchParams.set("limit", String(ACCOUNTS_PER_REQUEST));
        if (after !== undefined) url.searchParams.set("after", after);
        const body = await graphGet(url, [], options, userToken);
        for (const item of Array.isArray(body.data) ? body.data : []) {
          const page = pageOf(item);
          if (page) pages.push(page);
        }
        const paging = (body.paging ?? {}) as { next?: unknown; cursors?: { after?: unknown } };
        after = typeof paging.cursors?.after === "string" ? paging.cursors.after : undefined;
        if (typeof paging.next !== "string" || after === undefined) return pages;
      }
      return pages;
    },
  };
}
