import { pkceFlow } from "../../auth/flow.js";
import type { OAuthProvider, PkceAuthorization } from "../../auth/oauth2.js";

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

const flow = pkceFlow(X_OAUTH, X_DEFAULT_SCOPES);

/** Starts X's Authorization Code flow with PKCE: a fresh state and verifier, and the URL. */
export const startXAuthorization = flow.start;

/** Exchanges the code X sent to the redirect URI (with the PKCE verifier) for the user's tokens. */
export const exchangeXCode = flow.exchange;

/** Renews X tokens with their refresh token (X rotates it: store the new pair). */
export const refreshXTokens = flow.refresh;
