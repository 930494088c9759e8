import { AuthError } from "../transport/errors.js";
import { Redactor } from "../transport/redact.js";
import { createPkce, randomToken } from "./pkce.js";
import { fetchToken } from "./request.js";
import type { OAuthTokens } from "./tokens.js";

/** A platform's OAuth 2.0 endpoints and habits. */
export interface OAuthProvider {
  /** Platform name, for errors. */
  platform: string;
  /** Where the user is sent to authorize. */
  authorizeUrl: string;
  /** Where codes and refresh tokens are exchanged. */
  tokenUrl: string;
  /** How the client authenticates at the token endpoint: HTTP Basic or fields in the body. */
  clientAuth: "basic" | "body";
  /** Scope separator in the authorization URL (space in RFC 6749 §3.3; some platforms use commas). */
  scopeSeparator?: string;
}

/** The app's credentials. */
export interface OAuthClient {
  /** Client id (app id). */
  clientId: string;
  /** Client secret; absent for public clients using PKCE alone. */
  clientSecret?: string;
  /** The registered redirect URI. */
  redirectUri: string;
}

/** Options of {@link authorizationUrl}. */
export interface AuthorizationRequest {
  /** Scopes to ask for. */
  scopes: readonly string[];
  /** The anti-CSRF state, checked when the user comes back (see `randomToken`). */
  state: string;
  /** The PKCE challenge (`createPkce().challenge`), where the platform takes PKCE. */
  codeChallenge?: string;
  /** Extra query parameters the platform documents. */
  extra?: Record<string, string>;
}

/** A started authorization code flow with PKCE: send the user to `url`, keep the rest server-side. */
export interface PkceAuthorization {
  /** The authorization URL (with `state` and the S256 PKCE challenge). */
  url: string;
  /** Compare with the `state` the platform sends back to the redirect URI. */
  state: string;
  /** The PKCE verifier, for the code exchange ({@link exchangeCode}). */
  codeVerifier: string;
}

/**
 * Starts the authorization code flow with PKCE (RFC 7636): a fresh state and verifier, and the
 * URL with `extra` parameters the platform documents.
 */
export async function startPkceAuthorization(
  provider: OAuthProvider,
  client: OAuthClient,
  scopes: readonly string[],
  extra?: Record<string, string>,
): Promise<PkceAuthorization> {
  const pkce = await createPkce();
  const state = randomToken();
  const url = authorizationUrl(provider, client, {
    scopes,
    state,
    codeChallenge: pkce.challenge,
    ...(extra ? { extra } : {}),
  });
  return { url, state, codeVerifier: pkce.verifier };
}

/** Builds the URL that starts the authorization code flow (RFC 6749 §4.1.1, RFC 7636 §4.3). */
export function authorizationUrl(
  provider: OAuthProvider,
  client: OAuthClient,
  request: AuthorizationRequest,
): string {
  const url = new URL(provider.authorizeUrl);
  const params = url.searchParams;
  params.set("response_type", "code");
  params.set("client_id", client.clientId);
  params.set("redirect_uri", client.redirectUri);
  params.set("scope", request.scopes.join(provider.scopeSeparator ?? " "));
  params.set("state", request.state);
  if (request.codeChallenge) {
    params.set("code_challenge", request.codeChallenge);
    params.set("code_challenge_method", "S256");
  }
  for (const [name, value] of Object.entries(request.extra ?? {})) params.set(name, value);
  return url.toString();
}

/** Options of the token requests. */
export interface TokenRequestOptions {
  /** A `fetch` to use instead of the global one (tests, proxies). */
  fetch?: typeof fetch;
  /** Time source for `expiresAt`; `Date.now` by default. */
  now?: () => number;
  /** Token endpoint to use instead of the provider's (the simulator from `herald/testing`). */
  tokenUrl?: string;
  /**
   * Longest the request may take, its answer read in full, in ms (default 30 s; a send's
   * refresh takes the client's `timeoutMs`). Past it, an `AuthError` (status 0).
   */
  timeoutMs?: number;
  /** Ends the request (its reason is thrown); not for a refresh that other sends share. */
  signal?: AbortSignal;
}

interface TokenResponse {
  access_token?: unknown;
  refresh_token?: unknown;
  expires_in?: unknown;
  scope?: unknown;
  error?: unknown;
  error_description?: unknown;
}

/** Posts a grant to the token endpoint (RFC 6749 §4.1.3, §6) and reads the pair it answers. */
export async function requestTokens(
  provider: OAuthProvider,
  client: OAuthClient,
  grant: Record<string, string>,
  options: TokenRequestOptions = {},
): Promise<OAuthTokens> {
  const body = new URLSearchParams(grant);
  const headers: Record<string, string> = {
    "content-type": "application/x-www-form-urlencoded",
    accept: "application/json",
  };
  if (provider.clientAuth === "basic" && client.clientSecret !== undefined) {
    headers.authorization = `Basic ${btoa(`${client.clientId}:${client.clientSecret}`)}`;
  } else {
    body.set("client_id", client.clientId);
    if (client.clientSecret !== undefined) body.set("client_secret", client.clientSecret);
  }
  const secrets = [client.clientSecret ?? "", ...Object.values(grant)];
  const redactor = new Redactor(secrets);
  const fail = (status: number, reason: string): never => {
    throw new AuthError(provider.platform, status, redactor.text(reason));
  };
  const response = await fetchToken(
    options.tokenUrl ?? provider.tokenUrl,
    { method: "POST", headers, body },
    {
      platform: provider.platform,
      endpoint: "token endpoint",
      fetch: options.fetch,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      redact: (text) => redactor.text(text),
    },
  );
  const data = (
    typeof response.body === "object" && response.body !== null ? response.body : {}
  ) as TokenResponse;
  if (!response.ok || typeof data.access_token !== "string") {
    const reason = [data.error, data.error_description].filter((v) => typeof v === "string");
    return fail(response.status, reason.join(": ") || "the token endpoint refused the grant");
  }
  const now = (options.now ?? Date.now)();
  return {
    accessToken: data.access_token,
    ...(typeof data.refresh_token === "string" ? { refreshToken: data.refresh_token } : {}),
    ...(typeof data.expires_in === "number" ? { expiresAt: now + data.expires_in * 1000 } : {}),
    ...(typeof data.scope === "string" ? { scope: data.scope } : {}),
  };
}

/** Exchanges an authorization code (with the PKCE verifier where one was used) for tokens. */
export function exchangeCode(
  provider: OAuthProvider,
  client: OAuthClient,
  code: string,
  codeVerifier?: string,
  options?: TokenRequestOptions,
): Promise<OAuthTokens> {
  return requestTokens(
    provider,
    client,
    {
      grant_type: "authorization_code",
      code,
      redirect_uri: client.redirectUri,
      ...(codeVerifier ? { code_verifier: codeVerifier } : {}),
    },
    options,
  );
}

/**
 * Exchanges a refresh token for a new pair. A platform that does not send a new refresh token
 * keeps the old one valid, so it is carried over.
 */
export async function refreshTokens(
  provider: OAuthProvider,
  client: OAuthClient,
  tokens: OAuthTokens,
  options?: TokenRequestOptions,
): Promise<OAuthTokens> {
  if (!tokens.refreshToken) {
    throw new AuthError(provider.platform, 401, "no refresh token to renew the access token");
  }
  const renewed = await requestTokens(
    provider,
    client,
    { grant_type: "refresh_token", refresh_token: tokens.refreshToken },
    options,
  );
  return renewed.refreshToken ? renewed : { ...renewed, refreshToken: tokens.refreshToken };
}
