/**
 * One provider's authorization code flow with PKCE, bound to it: what a platform module (X, the
 * Google family) exports under its own names instead of writing the three calls out again.
 */
import {
  exchangeCode,
  type OAuthClient,
  type OAuthProvider,
  type PkceAuthorization,
  refreshTokens,
  startPkceAuthorization,
  type TokenRequestOptions,
} from "./oauth2.js";
import type { OAuthTokens } from "./tokens.js";

/** The three calls of a provider's flow. */
export interface PkceFlow {
  /** Starts the flow: a fresh state and verifier, and the URL (the default scopes unless given). */
  start(client: OAuthClient, scopes?: readonly string[]): Promise<PkceAuthorization>;
  /** Exchanges the code sent to the redirect URI, with the PKCE verifier, for the user's tokens. */
  exchange(
    client: OAuthClient,
    code: string,
    codeVerifier: string,
    options?: TokenRequestOptions,
  ): Promise<OAuthTokens>;
  /** Renews tokens with their refresh token (kept when the platform sends no new one). */
  refresh(
    client: Omit<OAuthClient, "redirectUri">,
    tokens: OAuthTokens,
    options?: TokenRequestOptions,
  ): Promise<OAuthTokens>;
}

/**
 * Binds {@link startPkceAuthorization}, {@link exchangeCode} and {@link refreshTokens} to
 * `provider`, with the scopes asked for by default and the `extra` authorization parameters the
 * platform documents (Google's `access_type=offline`).
 */
export function pkceFlow(
  provider: OAuthProvider,
  defaultScopes: readonly string[],
  extra?: Record<string, string>,
): PkceFlow {
  return {
    start: (client, scopes = defaultScopes) =>
      startPkceAuthorization(provider, client, scopes, extra),
    exchange: (client, code, codeVerifier, options) =>
      exchangeCode(provider, client, code, codeVerifier, options),
    // a refresh grant carries no redirect_uri (RFC 6749 §6)
    refresh: (client, tokens, options) =>
      refreshTokens(provider, { ...client, redirectUri: "" }, tokens, options),
  };
}
