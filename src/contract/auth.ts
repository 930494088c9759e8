/**
 * The auth facet of the adapter contract: credentials fetched per account at send time (OAuth
 * tokens from a provider, tokens that expire), in addition to the core's `authHeaders()`. An
 * adapter whose credentials are fixed (a bot token) has no such facet.
 *
 * @packageDocumentation
 */

/** The auth facet: a member of {@link PlatformAdapter} when the adapter has it. */
export interface AuthFacet {
  /**
   * Credentials fetched per account at send time (OAuth tokens from a provider, tokens that
   * expire). When present, the core asks it before every attempt, in addition to `authHeaders()`.
   */
  readonly auth?: AdapterAuth;
}

/** Credentials for the requests of one account, as an {@link AdapterAuth} returns them. */
export interface Credentials {
  /** Headers to add to each request (e.g. `Authorization: Bearer ...`). */
  headers?: Record<string, string>;
  /** Query parameters to add to each request (e.g. WeChat's `access_token`). */
  query?: Record<string, string>;
  /** The secret values inside, which the core then redacts from everything it reports. */
  secrets: readonly string[];
}

/**
 * How an adapter gets credentials at send time. Built-in adapters build it with
 * `createTokenAuth` (single-flight refresh, `onTokens`); custom adapters may implement it.
 */
export interface AdapterAuth {
  /**
   * When true, the adapter serves every account a target names (`{ platform: "x", account:
   * "user-42" }`), each with its own credentials and its own rate-limit buckets.
   */
  readonly anyAccount: boolean;
  /** Names of the headers the credentials carry, shown as `[redacted]` in previews. */
  readonly headerNames: readonly string[];
  /**
   * Credentials for a request made for `account`; called before every attempt, so cache them.
   * With `rejected`, the platform refused those credentials (401): return renewed ones (one
   * refresh per account even when many callers ask at once), or throw an `AuthError` when they
   * cannot be renewed. The core asks again at most once per request. Run token requests
   * within `context.timeoutMs` (`fetchToken` does): the core stops waiting when the send is
   * cancelled, not when a token request hangs.
   */
  credentials(account: string, rejected?: Credentials, context?: AuthContext): Promise<Credentials>;
}

/** What the core tells {@link AdapterAuth.credentials} on each call. */
export interface AuthContext {
  /** The client's `timeoutMs`: the longest one token request may take, its answer read in full. */
  readonly timeoutMs: number;
  /**
   * The send's cancellation: the core stops waiting for the credentials when it aborts. End a
   * token request of this caller alone with it, never one that other sends share (a refresh
   * many wait for keeps its own timeout).
   */
  readonly signal: AbortSignal;
}
