import {
  exchangeCode,
  type OAuthClient,
  type OAuthProvider,
  type PkceAuthorization,
  refreshTokens,
  startPkceAuthorization,
  type TokenRequestOptions,
} from "../../auth/oauth2.js";
import type { OAuthTokens } from "../../auth/tokens.js";

/**
 * X's OAuth 2.0 endpoints (https://docs.x.com/fundamentals/authentication/oauth-2-0/authorization-code):
 * users authorize at `x.com/i/oauth2/authorize`; codes and refresh tokens are exchanged at
 * `api.x.com/2/oauth2/token`, where confidential clients authenticate with HTTP Basic.
 */
export const X_OAUTH: OAuthProvider = {
  platform: "x",
  authorizeUrl: "https://x.com/i/oauth2/authorize",
  tokenUrl: "https://api.x.com/2/oauth2/token",
  clientAuth: "basic",
};

/**
 * What posting needs (POST /2/tweets: `tweet.read tweet.write users.read`; uploads:
 * `media.write`; in the X OpenAPI spec's `security`), plus `offline.access` for a refresh token.
 * Add `dm.write` (and `dm.read`) for Direct Messages.
 */
export const X_DEFAULT_SCOPES: readonly string[] = [
  "tweet.read",
  "tweet.write",
  "users.read",
  "media.write",
  "offline.access",
];

/** What {@link startXAuthorization} returns: send the user to `url`, keep the rest server-side. */
export type XAuthorization = PkceAuthorization;

/** Starts X's Authorization Code flow with PKCE: a fresh state and verifier, and the URL. */
export function startXAuthorization(
  client: OAuthClient,
  scopes: readonly string[] = X_DEFAULT_SCOPES,
): Promise<XAuthorization> {
  return startPkceAuthorization(X_OAUTH, client, scopes);
}

/** Exchanges the code X sent to the redirect URI (with the PKCE verifier) for the user's tokens. */
export function exchangeXCode(
  client: OAuthClient,
  code: string,
  codeVerifier: string,
  options?: TokenRequestOptions,
): Promise<OAuthTokens> {
  return exchangeCode(X_OAUTH, client, code, codeVerifier, options);
}

/** Renews X tokens with their refresh token (X rotates it: store the new pair). */
export function refreshXTokens(
  client: Omit<OAuthClient, "redirectUri">,
  tokens: OAuthTokens,
  options?: TokenRequestOptions,
): Promise<OAuthTokens> {
  return refreshTokens(X_OAUTH, { ...client, redirectUri: "" }, tokens, options);
}
