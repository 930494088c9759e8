/**
 * Facebook Login and Page tokens: the authorization URL (with the generic `authorizationUrl`
 * of `herald`), the code exchange, the long-lived token exchange, and the Page tokens of
 * `/me/accounts` (https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow,
 * https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived).
 */
import type { OAuthClient, OAuthProvider } from "../../auth/oauth2.js";
import type { OAuthTokens } from "../../auth/tokens.js";
import { AuthError, PlatformError } from "../../transport/errors.js";
import { Redactor } from "../../transport/redact.js";
import { FACEBOOK_GRAPH_URL, FACEBOOK_GRAPH_VERSION } from "./limits.js";

/** Options of the Facebook token calls. */
export interface FacebookTokenOptions {
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
export interface FacebookPage {
  /** The Page id: the account name to target it with (`facebook@<id>`). */
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

/**
 * Facebook Login's endpoints for `authorizationUrl` (scopes are comma separated:
 * `pages_manage_posts`, `pages_read_engagement`, `pages_manage_engagement`, `pages_show_list`).
 */
export function facebookOAuthProvider(graphVersion = FACEBOOK_GRAPH_VERSION): OAuthProvider {
  return {
    platform: "facebook",
    authorizeUrl: `https://www.facebook.com/${graphVersion}/dialog/oauth`,
    tokenUrl: `${FACEBOOK_GRAPH_URL}/${graphVersion}/oauth/access_token`,
    clientAuth: "body",
    scopeSeparator: ",",
  };
}

/** At most this many pages of `/me/accounts` are read (100 Pages each): our bound, 10,000 Pages. */
const MAX_ACCOUNT_PAGES = 100;
/** Pages per `/me/accounts` request (Graph cursor pagination `limit`; our choice). */
const ACCOUNTS_PER_REQUEST = 100;

function graphBase(options: FacebookTokenOptions): string {
  const host = (options.graphUrl ?? FACEBOOK_GRAPH_URL).replace(/\/+$/, "");
  return `${host}/${options.graphVersion ?? FACEBOOK_GRAPH_VERSION}`;
}

/** GETs a Graph URL and returns the JSON; errors become `AuthError` (190) or `PlatformError`, redacted. */
async function graphGet(
  url: URL,
  secrets: readonly string[],
  options: FacebookTokenOptions,
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
    throw new AuthError("facebook", 0, redactor.text(`Graph API unreachable: ${reason}`));
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  const error = (body.error ?? undefined) as { message?: unknown; code?: unknown } | undefined;
  if (response.ok && !error) return body;
  const message = redactor.text(
    typeof error?.message === "string" ? error.message : `HTTP ${response.status}`,
  );
  const code = typeof error?.code === "number" ? error.code : undefined;
  // 190: the token is invalid or expired (Graph API error handling)
  if (code === 190 || response.status === 401) {
    throw new AuthError("facebook", response.status, message);
  }
  throw new PlatformError("facebook", {
    status: response.status,
    message,
    ...(code !== undefined && { platformCode: code }),
  });
}

/** Reads `{ access_token, token_type, expires_in }`. */
function tokensOf(body: Record<string, unknown>, options: FacebookTokenOptions): OAuthTokens {
  if (typeof body.access_token !== "string") {
    throw new AuthError("facebook", 200, "the token endpoint answered without an access_token");
  }
  const now = (options.now ?? Date.now)();
  return {
    accessToken: body.access_token,
    ...(typeof body.expires_in === "number" && { expiresAt: now + body.expires_in * 1000 }),
  };
}

/**
 * Exchanges the `code` Facebook Login returned for a short-lived user token:
 * `GET /oauth/access_token?client_id&redirect_uri&client_secret&code` (plus `code_verifier`
 * when the authorization URL carried a PKCE challenge).
 */
export async function exchangeFacebookCode(
  client: OAuthClient,
  code: string,
  options: FacebookTokenOptions & { codeVerifier?: string } = {},
): Promise<OAuthTokens> {
  const url = new URL(`${graphBase(options)}/oauth/access_token`);
  url.searchParams.set("client_id", client.clientId);
  url.searchParams.set("redirect_uri", client.redirectUri);
  if (client.clientSecret !== undefined) url.searchParams.set("client_secret", client.clientSecret);
  url.searchParams.set("code", code);
  if (options.codeVerifier) url.searchParams.set("code_verifier", options.codeVerifier);
  const secrets = [client.clientSecret ?? "", code, options.codeVerifier ?? ""];
  return tokensOf(await graphGet(url, secrets, options), options);
}

/**
 * Exchanges a short-lived user token for a long-lived one (about 60 days):
 * `GET /oauth/access_token?grant_type=fb_exchange_token&client_id&client_secret&fb_exchange_token`.
 * Page tokens fetched with it do not expire.
 */
export async function exchangeLongLivedToken(
  client: Pick<OAuthClient, "clientId" | "clientSecret">,
  userToken: string,
  options: FacebookTokenOptions = {},
): Promise<OAuthTokens> {
  if (client.clientSecret === undefined) {
    throw new AuthError("facebook", 0, "the long-lived token exchange needs the app secret");
  }
  const url = new URL(`${graphBase(options)}/oauth/access_token`);
  url.searchParams.set("grant_type", "fb_exchange_token");
  url.searchParams.set("client_id", client.clientId);
  url.searchParams.set("client_secret", client.clientSecret);
  url.searchParams.set("fb_exchange_token", userToken);
  return tokensOf(await graphGet(url, [client.clientSecret, userToken], options), options);
}

/**
 * The Pages a user manages, with their Page access tokens: `GET /me/accounts` with the user
 * token, every page of the cursor pagination. Store each token under its Page id and hand them to
 * `facebook({ pageTokens })`.
 */
export async function fetchPageTokens(
  userToken: string,
  options: FacebookTokenOptions = {},
): Promise<FacebookPage[]> {
  const pages: FacebookPage[] = [];
  let after: string | undefined;
  for (let i = 0; i < MAX_ACCOUNT_PAGES; i++) {
    const url = new URL(`${graphBase(options)}/me/accounts`);
    url.searchParams.set("fields", "id,name,category,access_token,tasks");
    url.searchParams.set("limit", String(ACCOUNTS_PER_REQUEST));
    if (after !== undefined) url.searchParams.set("after", after);
    const body = await graphGet(url, [], options, userToken);
    for (const item of Array.isArray(body.data) ? body.data : []) {
      const page = item as Record<string, unknown>;
      if (typeof page.id !== "string" || typeof page.access_token !== "string") continue;
      pages.push({
        id: page.id,
        accessToken: page.access_token,
        tasks: Array.isArray(page.tasks) ? page.tasks.filter((t) => typeof t === "string") : [],
        ...(typeof page.name === "string" && { name: page.name }),
        ...(typeof page.category === "string" && { category: page.category }),
      });
    }
    const paging = (body.paging ?? {}) as { next?: unknown; cursors?: { after?: unknown } };
    after = typeof paging.cursors?.after === "string" ? paging.cursors.after : undefined;
    if (typeof paging.next !== "string" || after === undefined) return pages;
  }
  return pages;
}
