export {
  type AuthorizationRequest,
  authorizationUrl,
  exchangeCode,
  type OAuthClient,
  type OAuthProvider,
  refreshTokens,
  requestTokens,
  type TokenRequestOptions,
} from "./oauth2.js";
export { createPkce, type Pkce, randomToken } from "./pkce.js";
export {
  bearerCredentials,
  createTokenAuth,
  type OAuthTokens,
  type TokenAuthOptions,
  type TokenSource,
} from "./tokens.js";
