import type { OAuthProvider } from "../../auth/oauth2.js";

/**
 * LinkedIn's OAuth 2.0 endpoints (3-legged flow,
 * https://learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow), for
 * the generic helpers of `herald`: `authorizationUrl(LINKEDIN_OAUTH, client, { scopes, state })`,
 * `exchangeCode(LINKEDIN_OAUTH, client, code)` and `refreshTokens(LINKEDIN_OAUTH, client, tokens)`
 * (refresh tokens, 365 days, go to approved partners:
 * https://learn.microsoft.com/en-us/linkedin/shared/authentication/programmatic-refresh-tokens).
 * The client id and secret travel in the form body; scopes are space separated
 * (`w_member_social`, `w_organization_social`, `rw_organization_admin`).
 */
export const LINKEDIN_OAUTH: OAuthProvider = Object.freeze({
  platform: "linkedin",
  authorizeUrl: "https://www.linkedin.com/oauth/v2/authorization",
  tokenUrl: "https://www.linkedin.com/oauth/v2/accessToken",
  clientAuth: "body",
});
