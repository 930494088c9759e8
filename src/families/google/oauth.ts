/**
 * Google's OAuth 2.0 for web server apps, shared by every Google platform (YouTube today,
 * Google Business Profile next; developers.google.com/identity/protocols/oauth2/web-server):
 * users consent at `accounts.google.com/o/oauth2/v2/auth`; codes and refresh tokens are exchanged
 * at `oauth2.googleapis.com/token` with the client id and secret in the body.
 */
import { type PkceFlow, pkceFlow } from "../../auth/flow.js";
import type { OAuthProvider } from "../../auth/oauth2.js";

/**
 * `access_type=offline` and `prompt=consent` make Google return a refresh token;
 * `include_granted_scopes=true` keeps the scopes granted before (incremental authorization;
 * web-server guide, "Step 1: Set authorization parameters").
 */
const OFFLINE_CONSENT: Readonly<Record<string, string>> = {
  access_type: "offline",
  prompt: "consent",
  include_granted_scopes: "true",
};

/** Google's endpoints, named after the platform that uses them (for its errors). */
export function googleOAuthProvider(platform: string): OAuthProvider {
  return {
    platform,
    authorizeUrl: "https://accounts.google.com/o/oauth2/v2/auth",
    tokenUrl: "https://oauth2.googleapis.com/token",
    clientAuth: "body",
  };
}

/** A Google platform's flow: its provider, and the PKCE calls with offline consent. */
export interface GoogleOAuth extends PkceFlow {
  /** The endpoints, for `authorizationUrl` and a token source's refresh. */
  provider: OAuthProvider;
}

/**
 * The authorization code flow with PKCE of a Google platform, asking `defaultScopes` unless the
 * caller names others, always with offline consent so that Google returns a refresh token
 * (Google keeps the refresh token on a refresh: it is carried over).
 */
export function googleOAuth(platform: string, defaultScopes: readonly string[]): GoogleOAuth {
  const provider = googleOAuthProvider(platform);
  return { provider, ...pkceFlow(provider, defaultScopes, OFFLINE_CONSENT) };
}
