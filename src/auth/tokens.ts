import type { AdapterAuth, Credentials } from "../adapters/contract.js";
import { AuthError } from "../transport/errors.js";
import { DEFAULT_TOKEN_TIMEOUT_MS } from "./request.js";

/** An OAuth 2.0 token pair as Herald keeps it. */
export interface OAuthTokens {
  /** The access token sent with requests. */
  accessToken: string;
  /** The refresh token, when the platform issued one (X with `offline.access`, LinkedIn partners). */
  refreshToken?: string;
  /** When the access token expires, in ms since the epoch; unknown when absent. */
  expiresAt?: number;
  /** Granted scopes, space separated, as the platform returned them. */
  scope?: string;
}

/**
 * Where an adapter gets an account's tokens: one fixed pair, or a provider called with the account
 * name (a backend loading the tokens of its user `user-42` from its database).
 */
export type TokenSource = OAuthTokens | ((account: string) => OAuthTokens | Promise<OAuthTokens>);

/** Options of {@link createTokenAuth}. */
export interface TokenAuthOptions {
  /** Platform name, for error messages. */
  platform: string;
  /** The tokens or the provider. A provider makes the adapter serve any account a target names. */
  tokens: TokenSource;
  /**
   * Exchanges a refresh token for a new pair; without it, expired tokens are asked again from
   * `tokens`. Give `request.timeoutMs` to the token request (`refreshTokens(..., { timeoutMs })`):
   * every send of the account waits for this one refresh.
   */
  refresh?: (
    tokens: OAuthTokens,
    account: string,
    request: { timeoutMs: number },
  ) => Promise<OAuthTokens>;
  /** Called once after every refresh with the new pair, so the backend can store it. */
  onTokens?: (account: string, tokens: OAuthTokens) => void | Promise<void>;
  /** How a token is sent: header names and values. */
  toCredentials: (tokens: OAuthTokens) => Credentials;
  /** Header names `toCredentials` sets, shown redacted in previews. */
  headerNames: readonly string[];
  /** Refresh this long before `expiresAt`, in ms (default 60 s). */
  refreshBeforeMs?: number;
  /** Time source (for tests); `Date.now` by default. */
  now?: () => number;
}

/**
 * Renew tokens a minute before they expire: long enough for a request started with the old token
 * to finish, short against the shortest lifetime we meet (X: 2 hours, docs.x.com OAuth 2.0).
 */
const DEFAULT_REFRESH_BEFORE_MS = 60_000;

interface AccountTokens {
  tokens?: OAuthTokens;
  /** The load or refresh under way: every caller waits for the same one. */
  pending?: Promise<OAuthTokens>;
}

/**
 * Builds an {@link AdapterAuth} on OAuth 2.0 tokens: loads each account's tokens once, refreshes
 * them shortly before they expire and when the platform rejects them, one refresh per account at a
 * time however many requests are waiting, and hands every new pair to `onTokens`.
 *
 * If `onTokens` throws, the new pair is still used in this process, and the request that triggered
 * the refresh fails with an `AuthError` saying the tokens could not be stored.
 */
export function createTokenAuth(options: TokenAuthOptions): AdapterAuth {
  const now = options.now ?? Date.now;
  const refreshBeforeMs = options.refreshBeforeMs ?? DEFAULT_REFRESH_BEFORE_MS;
  const source = options.tokens;
  const provider = typeof source === "function" ? source : () => source;
  const accounts = new Map<string, AccountTokens>();

  const fail = (account: string, reason: string): never => {
    throw new AuthError(options.platform, 401, `tokens of ${account}: ${reason}`);
  };

  const load = async (account: string): Promise<OAuthTokens> => {
    const tokens = await provider(account);
    if (!tokens || typeof tokens.accessToken !== "string" || tokens.accessToken === "") {
      fail(account, "the token provider returned no accessToken");
    }
    return tokens;
  };

  const renew = async (
    account: string,
    current: OAuthTokens,
    timeoutMs: number,
  ): Promise<OAuthTokens> => {
    if (options.refresh && current.refreshToken) {
      const renewed = await options.refresh(current, account, { timeoutMs });
      try {
        await options.onTokens?.(account, renewed);
      } catch (error) {
        const state = accounts.get(account);
        if (state) state.tokens = renewed;
        const message = error instanceof Error ? error.message : String(error);
        fail(account, `refreshed, but onTokens failed to store them: ${message}`);
      }
      return renewed;
    }
    const reloaded = await load(account);
    if (reloaded.accessToken === current.accessToken) {
      fail(account, "expired or rejected, and there is no refresh token to renew it");
    }
    return reloaded;
  };

  /** Runs `task` as the account's single pending load/refresh. */
  const single = (account: string, task: () => Promise<OAuthTokens>): Promise<OAuthTokens> => {
    const state = accounts.get(account) ?? {};
    accounts.set(account, state);
    if (state.pending) return state.pending;
    const pending = task().then(
      (tokens) => {
        state.tokens = tokens;
        state.pending = undefined;
        return tokens;
      },
      (error: unknown) => {
        state.pending = undefined;
        throw error;
      },
    );
    state.pending = pending;
    return pending;
  };

  const expiring = (tokens: OAuthTokens) =>
    tokens.expiresAt !== undefined && tokens.expiresAt - now() <= refreshBeforeMs;

  return {
    anyAccount: typeof source === "function",
    headerNames: options.headerNames,
    async credentials(account, rejected, context) {
      // The refresh is shared by every send of the account: it keeps its own timeout, and a
      // caller's cancel only ends that caller's wait (the core's, around this call).
      const timeoutMs = context?.timeoutMs ?? DEFAULT_TOKEN_TIMEOUT_MS;
      const state = accounts.get(account);
      let tokens = state?.pending ? await state.pending : state?.tokens;
      if (!tokens) tokens = await single(account, () => load(account));
      const current = tokens;
      const wasRejected =
        rejected !== undefined &&
        options.toCredentials(current).secrets.every((s) => rejected.secrets.includes(s));
      if (wasRejected || expiring(current)) {
        tokens = await single(account, () => renew(account, current, timeoutMs));
      }
      return options.toCredentials(tokens);
    },
  };
}

/** `Authorization: Bearer <token>`, the usual way to send an OAuth 2.0 access token (RFC 6750 §2.1). */
export function bearerCredentials(tokens: OAuthTokens): Credentials {
  return {
    headers: { Authorization: `Bearer ${tokens.accessToken}` },
    secrets: [tokens.accessToken, ...(tokens.refreshToken ? [tokens.refreshToken] : [])],
  };
}
