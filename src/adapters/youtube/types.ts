import type { OAuthTokens, TokenSource } from "../../auth/tokens.js";
import type { QuotaRule } from "../contract.js";
import type { CommonAdapterOptions } from "../options.js";
import type { WebSubLease } from "./websub.js";

/** A video's privacy (videos#status.privacyStatus). */
export type YouTubePrivacy = "public" | "unlisted" | "private";

/**
 * Options of the {@link youtube} factory.
 *
 * YouTube uploads and comments for a channel with a Google OAuth 2.0 user token (scopes
 * `youtube.upload` and `youtube.force-ssl`); Google's access tokens last an hour and are renewed
 * with the refresh token (`access_type=offline`), once per account however many requests wait.
 */
export interface YouTubeOptions extends CommonAdapterOptions {
  /** The channel owner's tokens, or a provider `(account) => tokens` serving many channels. */
  tokens: TokenSource;
  /** The OAuth client id (Google Cloud console, Credentials), needed to refresh tokens. */
  clientId: string;
  /** The OAuth client secret (sent in the token request body). */
  clientSecret?: string;
  /** Called once after every refresh with the new tokens. */
  onTokens?: (account: string, tokens: OAuthTokens) => void | Promise<void>;
  /** Privacy of uploaded videos when a message does not say (default `public`). */
  privacyStatus?: YouTubePrivacy;
  /** Bytes per upload piece: a multiple of 256 KiB (default 8 MiB). */
  chunkBytes?: number;
  /** Daily quotas replacing the defaults (a project granted more than 10,000 units). */
  quotas?: QuotaRule[];
  /** The Google token endpoint (default `https://oauth2.googleapis.com/token`). */
  tokenUrl?: string;
  /** A `fetch` for the token endpoint (tests, proxies). */
  fetch?: typeof fetch;
  /**
   * The `hub.secret` given when subscribing to channel feeds, or several while rotating:
   * enables webhooks (WebSub handshakes and `X-Hub-Signature` checks of Atom notifications).
   */
  hubSecret?: string | readonly string[];
  /** Channel ids whose feeds you subscribe to: handshakes for other topics are refused (404). */
  channels?: readonly string[];
  /** Called on every confirmed (un)subscription, with when to renew the lease. */
  onLease?: (lease: WebSubLease) => void;
}

/** Fields of `overrides.youtube`. */
export interface YouTubeOverrides {
  /** The title (default: the first line of `text`); at most 100 characters, no `<` `>`. */
  title?: string;
  /** The description (default: `text` after its first line); at most 5000 bytes, no `<` `>`. */
  description?: string;
  /** Tags; 500 characters in all by YouTube's counting. */
  tags?: string[];
  /** Privacy; a scheduled video is `private` until `publishAt`. */
  privacyStatus?: YouTubePrivacy;
  /** The category id (`22` People & Blogs). */
  categoryId?: string;
  /** Made for kids (status.selfDeclaredMadeForKids). */
  selfDeclaredMadeForKids?: boolean;
}

/** The `video` resource sent with `videos.insert` (snippet and status parts). */
export interface YouTubeVideoResource {
  /** snippet part. */
  snippet: {
    title: string;
    description?: string;
    tags?: string[];
    categoryId?: string;
  };
  /** status part. */
  status: {
    privacyStatus: YouTubePrivacy;
    publishAt?: string;
    selfDeclaredMadeForKids?: boolean;
  };
}
