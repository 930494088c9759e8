export {
  type AuthorizationRequest,
  authorizationUrl,
  exchangeCode,
  type OAuthClient,
  type OAuthProvider,
  type PkceAuthorization,
  refreshTokens,
  requestTokens,
  startPkceAuthorization,
  type TokenRequestOptions,
} from "./oauth2.js";
export { createPkce, type Pkce, randomToken } from "./pkce.js";
export {
  DEFAULT_TOKEN_TIMEOUT_MS,
  fetchToken,
  type TokenAnswer,
  type TokenFetchOptions,
} from "./request.js";
export {
  bearerCredentials,
  createTokenAuth,
  type OAuthTokens,
  type TokenAuthOptions,
  type TokenSource,
} from "./tokens.js";
