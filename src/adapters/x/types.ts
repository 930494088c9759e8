import type { OAuthTokens, TokenSource } from "../../auth/tokens.js";
import type { CommonAdapterOptions } from "../options.js";

/**
 * Options of the {@link x} factory.
 *
 * X posts on behalf of a user with an OAuth 2.0 user token (Authorization Code with PKCE;
 * scopes `tweet.read tweet.write users.read media.write offline.access`, plus `dm.write` for
 * Direct Messages). Tokens last 2 hours; with `offline.access` X also gives a refresh token,
 * which Herald uses shortly before expiry and on a 401, once per account however many requests
 * wait, then hands the new pair to `onTokens`.
 */
export interface XOptions extends CommonAdapterOptions {
  /**
   * The user's tokens, or a provider called with the account a target names
   * (`{ platform: "x", account: "user-42" }`): then one adapter serves every user of a backend.
   */
  tokens: TokenSource;
  /** The app's OAuth 2.0 client id (needed to refresh tokens). */
  clientId: string;
  /** The client secret of a confidential client (sent with HTTP Basic); absent for public clients. */
  clientSecret?: string;
  /** Called once after every refresh with the new pair: store it, the old refresh token is spent. */
  onTokens?: (account: string, tokens: OAuthTokens) => void | Promise<void>;
  /**
   * The app's API secret (consumer secret), or several while rotating it: enables webhooks
   * (Account Activity CRC answers and `x-twitter-webhooks-signature` checks).
   */
  consumerSecret?: string | readonly string[];
  /**
   * The account name of a webhook delivery for the subscribed X user (`for_user_id`). Default:
   * the adapter's `account` when `tokens` is a fixed pair, else the X user id itself.
   */
  webhookAccount?: (forUserId: string) => string;
  /** A `fetch` for the token endpoint (tests, proxies); the global one by default. */
  fetch?: typeof fetch;
}

/**
 * Fields of `overrides.x`: merged into the body of `POST /2/tweets` (any field of
 * CreatePostsRequest: `reply_settings`, `poll`, `quote_tweet_id`, `community_id`...), except
 * `thread`, which Herald reads itself.
 */
export interface XOverrides {
  /**
   * Allow a text longer than one post to become a thread: a chain of replies, each within 280
   * weighted characters, cut at white space. Without it a longer text is a `ValidationError`.
   */
  thread?: boolean;
  /** A poll on the (first) post: 2–4 options of 1–25 characters, 5–10,080 minutes. */
  poll?: { options: string[]; duration_minutes?: number };
  /** The post quoted (its id). */
  quote_tweet_id?: string;
  /** Who may reply. */
  reply_settings?: "following" | "mentionedUsers" | "subscribers" | "verified";
  /** Any other CreatePostsRequest field. */
  [field: string]: unknown;
}

/** The JSON body of `POST /2/tweets` as the adapter builds it (CreatePostsRequest). */
export interface XPostBody {
  /** The text. */
  text?: string;
  /** Uploaded media (step references until the core fills them in). */
  media?: { media_ids: string[] };
  /** The post answered. */
  reply?: { in_reply_to_tweet_id: string };
  /** The post quoted. */
  quote_tweet_id?: string;
  /** A poll. */
  poll?: { options: string[]; duration_minutes: number };
  /** Any field from `overrides.x`. */
  [field: string]: unknown;
}
