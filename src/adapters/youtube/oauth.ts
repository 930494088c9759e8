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
 * Google's OAuth 2.0 endpoints for web server apps
 * (developers.google.com/identity/protocols/oauth2/web-server): users consent at
 * `accounts.google.com/o/oauth2/v2/auth`; codes and refresh tokens are exchanged at
 * `oauth2.googleapis.com/token` with the client id and secret in the body.
 */
export const YOUTUBE_OAUTH: OAuthProvider = {
  platform: "youtube",
  authorizeUrl: "https://accounts.google.com/o/oauth2/v2/auth",
  tokenUrl: "https://oauth2.googleapis.com/token",
  clientAuth: "body",
};

/**
 * Scopes for uploading (`youtube.upload`) and commenting (`youtube.force-ssl`, required by
 * comments.insert and commentThreads.insert) (developers.google.com/youtube/v3/guides/auth/installed-apps#identify-access-scopes).
 */
export const YOUTUBE_DEFAULT_SCOPES: readonly string[] = [
  "https://www.googleapis.com/auth/youtube.upload",
  "https://www.googleapis.com/auth/youtube.force-ssl",
];

/** What {@link startYouTubeAuthorization} returns: send the user to `url`, keep the rest. */
export type YouTubeAuthorization = PkceAuthorization;

/**
 * Starts Google's authorization code flow with PKCE; `access_type=offline` and
 * `prompt=consent` make Google return a refresh token.
 */
export function startYouTubeAuthorization(
  client: OAuthClient,
  scopes: readonly string[] = YOUTUBE_DEFAULT_SCOPES,
): Promise<YouTubeAuthorization> {
  return startPkceAuthorization(YOUTUBE_OAUTH, client, scopes, {
    access_type: "offline",
    prompt: "consent",
    include_granted_scopes: "true",
  });
}

/** Exchanges the code Google sent to the redirect URI for the channel owner's tokens. */
export function exchangeYouTubeCode(
  client: OAuthClient,
  code: string,
  codeVerifier: string,
  options?: TokenRequestOptions,
): Promise<OAuthTokens> {
  return exchangeCode(YOUTUBE_OAUTH, client, code, codeVerifier, options);
}

/** Renews an access token with the refresh token (Google keeps the refresh token: it is carried over). */
export function refreshYouTubeTokens(
  client: Omit<OAuthClient, "redirectUri">,
  tokens: OAuthTokens,
  options?: TokenRequestOptions,
): Promise<OAuthTokens> {
  return refreshTokens(YOUTUBE_OAUTH, { ...client, redirectUri: "" }, tokens, options);
}
