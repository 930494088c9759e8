import type { OAuthProvider, PkceAuthorization } from "../../auth/oauth2.js";
import { googleOAuth } from "../../families/google/oauth.js";

/**
 * Scopes for uploading (`youtube.upload`) and commenting (`youtube.force-ssl`, required by
 * comments.insert and commentThreads.insert) (developers.google.com/youtube/v3/guides/auth/installed-apps#identify-access-scopes).
 */
export const YOUTUBE_DEFAULT_SCOPES: readonly string[] = [
  "https://www.googleapis.com/auth/youtube.upload",
  "https://www.googleapis.com/auth/youtube.force-ssl",
];

const google = googleOAuth("youtube", YOUTUBE_DEFAULT_SCOPES);

/** Google's OAuth 2.0 endpoints for web server apps, as YouTube uses them. */
export const YOUTUBE_OAUTH: OAuthProvider = google.provider;

/** What {@link startYouTubeAuthorization} returns: send the user to `url`, keep the rest. */
export type YouTubeAuthorization = PkceAuthorization;

/**
 * Starts Google's authorization code flow with PKCE; `access_type=offline` and
 * `prompt=consent` make Google return a refresh token.
 */
export const startYouTubeAuthorization = google.start;

/** Exchanges the code Google sent to the redirect URI for the channel owner's tokens. */
export const exchangeYouTubeCode = google.exchange;

/** Renews an access token with the refresh token (Google keeps the refresh token: it is carried over). */
export const refreshYouTubeTokens = google.refresh;
