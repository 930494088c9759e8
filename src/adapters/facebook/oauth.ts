/**
 * Facebook Login and Page tokens for the Facebook adapter: the Meta family's calls
 * (src/families/meta/oauth.ts) under the names `herald/facebook` exports, their errors naming
 * `facebook`.
 */
import {
  facebookLogin,
  type GraphPage,
  type GraphTokenOptions,
} from "../../families/meta/oauth.js";

/** Options of the Facebook token calls. */
export type FacebookTokenOptions = GraphTokenOptions;

/** A Page the user can act on, with its Page access token; its `id` is the account to target (`facebook@<id>`). */
export type FacebookPage = GraphPage;

const login = facebookLogin("facebook");

/**
 * Facebook Login's endpoints for `authorizationUrl` (scopes are comma separated:
 * `pages_manage_posts`, `pages_read_engagement`, `pages_manage_engagement`, `pages_show_list`).
 */
export const facebookOAuthProvider = login.provider;

/**
 * Exchanges the `code` Facebook Login returned for a short-lived user token:
 * `GET /oauth/access_token?client_id&redirect_uri&client_secret&code` (plus `code_verifier`
 * when the authorization URL carried a PKCE challenge).
 */
export const exchangeFacebookCode = login.exchangeCode;

/**
 * Exchanges a short-lived user token for a long-lived one (about 60 days):
 * `GET /oauth/access_token?grant_type=fb_exchange_token&client_id&client_secret&fb_exchange_token`.
 * Page tokens fetched with it do not expire.
 */
export const exchangeLongLivedToken = login.exchangeLongLivedToken;

/**
 * The Pages a user manages, with their Page access tokens: `GET /me/accounts` with the user
 * token, every page of the cursor pagination. Store each token under its Page id and hand them to
 * `facebook({ pageTokens })`.
 */
export const fetchPageTokens = login.fetchPageTokens;
