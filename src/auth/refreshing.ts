/**
 * The auth of an adapter posting with user tokens that its platform's OAuth flow renews (X,
 * YouTube): bearer tokens per account, refreshed with the app's client credentials.
 */
import type { AdapterAuth } from "../adapters/contract.js";
import type { PkceFlow } from "./flow.js";
import { bearerCredentials, createTokenAuth, type TokenAuthOptions } from "./tokens.js";

/** What the adapter's options give: the tokens, the app's client, where new pairs go. */
export interface RefreshingTokenOptions {
  /** The tokens, or a provider `(account) => tokens`. */
  tokens: TokenAuthOptions["tokens"];
  /** The app's OAuth 2.0 client id. */
  clientId: string;
  /** The client secret, for confidential clients. */
  clientSecret?: string;
  /** Called once after every refresh with the new pair. */
  onTokens?: TokenAuthOptions["onTokens"];
  /** A `fetch` for the token endpoint (tests, proxies). */
  fetch?: typeof fetch;
}

/**
 * `Authorization: Bearer` per account over {@link createTokenAuth}, renewing a pair with
 * `refresh` (a flow's refresh call) at `tokenUrl` shortly before it expires or when the platform
 * rejects it.
 */
export function refreshingBearerAuth(
  platform: string,
  refresh: PkceFlow["refresh"],
  options: RefreshingTokenOptions,
  tokenUrl: string,
): AdapterAuth {
  const client = {
    clientId: options.clientId,
    ...(options.clientSecret !== undefined ? { clientSecret: options.clientSecret } : {}),
  };
  return createTokenAuth({
    platform,
    tokens: options.tokens,
    // `request` carries the client's timeout, so a hanging token endpoint fails the send in time
    refresh: (current, _account, request) =>
      refresh(client, current, {
        tokenUrl,
        ...(options.fetch ? { fetch: options.fetch } : {}),
        ...request,
      }),
    ...(options.onTokens ? { onTokens: options.onTokens } : {}),
    toCredentials: bearerCredentials,
    headerNames: ["Authorization"],
  });
}
