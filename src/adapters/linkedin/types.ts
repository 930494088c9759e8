import type { OAuthTokens, TokenSource } from "../../auth/tokens.js";
import type { CommonAdapterOptions } from "../options.js";

/**
 * Options of the {@link linkedin} factory. Give `accessToken` (one member) or `tokens` (a pair,
 * or a provider serving any account a target names), and who posts: `author`, or accounts named
 * by URN (`urn:li:organization:123`, `urn:li:person:abc`) or as `organization-123` / `person-abc`.
 */
export interface LinkedInOptions extends CommonAdapterOptions {
  /** A member's OAuth 2.0 access token (60 days; scopes `w_member_social`, `w_organization_social`). */
  accessToken?: string;
  /**
   * Tokens instead of `accessToken`: one pair, or a provider `(account) => tokens` serving every
   * account a target names. With `clientId` and `clientSecret`, a pair with a refresh token is
   * refreshed before it expires and when LinkedIn rejects it (refresh tokens go to approved partners).
   */
  tokens?: TokenSource;
  /** Called once with every refreshed pair, so the backend can store it. */
  onTokens?: (account: string, tokens: OAuthTokens) => void | Promise<void>;
  /** The app's client id (token refresh). */
  clientId?: string;
  /**
   * The app's client secret (or several during a rotation, the current one first): token refresh,
   * and the webhooks' `challengeCode` answer and `X-LI-Signature` check.
   */
  clientSecret?: string | readonly string[];
  /** The token endpoint (default LinkedIn's; the simulator's in tests). */
  tokenUrl?: string;
  /**
   * Who posts: an author URN for the adapter's own account, or a function from an account name to
   * the URN (`(account) => "urn:li:organization:" + orgOf(account)`). Must be synchronous.
   */
  author?: string | ((account: string) => string);
  /** `Linkedin-Version` (YYYYMM; default `202607`). */
  version?: string;
  /** Who sees the posts (default `PUBLIC`). */
  visibility?: "PUBLIC" | "CONNECTIONS" | "LOGGED_IN";
  /** Longest commentary; default 3000 (unconfirmed). */
  maxCharacters?: number;
  /**
   * What `X-LI-Signature` signs. LinkedIn documents the HMAC "of the POST body prefixed by
   * `hmacsha256=`", which reads two ways (PLATFORMS.md: unconfirmed): `prefixed` (HMAC of
   * `"hmacsha256=" + body`), `body` (HMAC of the body, the header written `hmacsha256=<hex>`), or
   * `either` (default: both are tried; both need the client secret, so neither weakens the check).
   */
  signatureInput?: "prefixed" | "body" | "either";
}

/** What `message.overrides.linkedin` may hold: fields of the post body, merged in (`commentary` is sent as given, unescaped). */
export interface LinkedInOverrides {
  /** Little text sent as is (you escape it; mentions `@[Name](urn:li:organization:1)` work). */
  commentary?: string;
  /** The article of a link post: its title (default: the link), description, thumbnail image URN. */
  article?: { title?: string; description?: string; thumbnail?: string };
  /** Any other field of the Posts API body (`visibility`, `isReshareDisabledByAuthor`, ...). */
  [field: string]: unknown;
}

/**
 * One organization social action notification
 * (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-social-action-notifications).
 */
export interface LinkedInSocialActionNotification {
  /** Id for duplicate protection. */
  notificationId: number;
  /** The organization (`urn:li:organization:123`). */
  organizationalEntity: string;
  /** `LIKE`, `COMMENT`, `SHARE`, `SHARE_MENTION`, `ADMIN_COMMENT`, `COMMENT_EDIT`, `COMMENT_DELETE`. */
  action: string;
  /** The organization's post acted on. */
  sourcePost?: string;
  /** The post, decorated (`entity`, `owner`, `text`...). */
  decoratedSourcePost?: {
    entity?: string;
    owner?: string;
    text?: string;
    [field: string]: unknown;
  };
  /** What the action created: the comment or the share. */
  generatedActivity?: string;
  /** It, decorated: `{ comment: { entity, owner, text, object } }` or `{ share: {...} }`. */
  decoratedGeneratedActivity?: {
    comment?: { entity?: string; owner?: string; text?: string; object?: string };
    share?: { entity?: string; owner?: string; text?: string };
    [field: string]: unknown;
  };
  /** When (ms since the epoch). */
  lastModifiedAt?: number;
  /** The member whose subscription this is. */
  subscriber?: string;
  /** Other fields LinkedIn sends. */
  [field: string]: unknown;
}

/** The platform events of the LinkedIn adapter's webhooks, by name. */
export type LinkedInWebhookEvents = {
  /** One organization social action notification (a like, comment, share, mention...). */
  "linkedin.social_action": LinkedInSocialActionNotification;
};
