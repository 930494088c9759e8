import type { OAuthTokens } from "../../auth/tokens.js";
import type { CommonAdapterOptions } from "../options.js";

/** A Page access token, or the token pair as the backend stores it. */
export type PageToken = string | OAuthTokens;

/**
 * Options of the {@link facebook} factory. Give either `pageId` with `pageAccessToken` (one
 * Page), or `pageTokens` (any Page a target names: `{ platform: "facebook", account: "<page-id>" }`).
 */
export interface FacebookOptions extends CommonAdapterOptions {
  /**
   * The Page id targets without an account post to. Required with `pageAccessToken`; with
   * `pageTokens` it names the Page of the adapter's own `account`.
   */
  pageId?: string;
  /** A Page access token of `pageId` (from `/me/accounts`, or a system user's). */
  pageAccessToken?: string;
  /**
   * Page tokens by Page id, for a backend posting to many Pages: the adapter then serves every
   * Page a target names, each with its own rate-limit buckets. Called once per Page, and again
   * when Facebook rejects the token (error 190).
   */
  pageTokens?: (pageId: string) => PageToken | Promise<PageToken>;
  /**
   * The app secret (or several during a rotation, the current one first): signs
   * `appsecret_proof` on every call and verifies webhook deliveries (`X-Hub-Signature-256`).
   */
  appSecret?: string | readonly string[];
  /** Send `appsecret_proof` with every call (default: true when `appSecret` is given). */
  appSecretProof?: boolean;
  /** The verify token of the webhook subscription (answered in the `hub.challenge` handshake). */
  webhookVerifyToken?: string;
  /** Graph API version in the base URL (default `v23.0`). */
  graphVersion?: string;
  /**
   * The field a segment becomes (unconfirmed which Meta still honors: PLATFORMS.md):
   * `feed_targeting` (default; News Feed targeting: countries, languages, age range, gender) or
   * `targeting` (who may see the post at all: countries, languages, minimum age).
   */
  segmentField?: "feed_targeting" | "targeting";
  /**
   * Facebook ad-locale keys for BCP 47 language tags (`{ en: [6, 24], fr: [9] }`), looked up with
   * the Targeting Search API (`type=adlocale`). Without a mapping a segment's `language` is refused.
   */
  localeKeys?: Readonly<Record<string, readonly number[]>>;
  /** Longest message; default 63,206 (unconfirmed). */
  maxCharacters?: number;
}

/** What `message.overrides.facebook` may hold: any Graph parameter of the request, merged in. */
export type FacebookOverrides = Record<string, unknown>;

/** A News Feed or audience targeting spec as the Graph API takes it (`targeting`, `feed_targeting`). */
export interface FacebookTargetingSpec {
  /** Countries (ISO 3166-1 alpha-2). */
  geo_locations?: { countries: string[] };
  /** Ad-locale keys. */
  locales?: number[];
  /** Minimum age (13–65). */
  age_min?: number;
  /** Maximum age, inclusive (13–65; `feed_targeting` only). */
  age_max?: number;
  /** 1 men, 2 women (`feed_targeting` only). */
  genders?: number[];
}

/** Who did something, as webhook payloads give it. */
export interface FacebookActor {
  /** Page-scoped or app-scoped user id (or a Page id). */
  id: string;
  /** Display name. */
  name?: string;
}

/**
 * The `value` of a Page `feed` change
 * (https://developers.facebook.com/docs/graph-api/webhooks/reference/page/#feed).
 */
export interface FacebookFeedValue {
  /** What changed: `comment`, `reaction`, `share`, `status`, `post`, `photo`, `video`, `like`... */
  item: string;
  /** `add`, `edited`, `remove`, `hide`, `unhide`, `block`... */
  verb: string;
  /** The post (`<page-id>_<post-id>`). */
  post_id?: string;
  /** The comment, for comments and reactions to comments. */
  comment_id?: string;
  /** The parent: the post, or the comment a reply answers. */
  parent_id?: string;
  /** The share's own post, for shares. */
  share_id?: string;
  /** `like`, `love`, `haha`, `wow`, `sad`, `angry`, `care`, for reactions. */
  reaction_type?: string;
  /** The text of a comment or post. */
  message?: string;
  /** A link shared. */
  link?: string;
  /** Who did it. */
  from?: FacebookActor;
  /** When (Unix seconds). */
  created_time?: number;
  /** Other fields Meta sends. */
  [field: string]: unknown;
}

/**
 * The `value` of a Page `mention` change: the Page was mentioned in a post or comment
 * (https://developers.facebook.com/docs/graph-api/webhooks/reference/page/#mention).
 */
export interface FacebookMentionValue {
  /** `post` or `comment`. */
  item: string;
  /** `add`, `edit` or `remove`. */
  verb: string;
  /** The post holding the mention. */
  post_id: string;
  /** The comment holding the mention, for comments. */
  comment_id?: string;
  /** Who mentioned the Page. */
  sender_id?: string;
  /** Their name. */
  sender_name?: string;
  /** When (Unix seconds), where Meta sends it. */
  created_time?: number;
  /** Other fields Meta sends. */
  [field: string]: unknown;
}

/** One change of a Page webhook entry, with the entry's Page id and time. */
export interface FacebookPageChange<F extends string, V> {
  /** The Page the change concerns (`entry[].id`). */
  pageId: string;
  /** When Meta sent the entry (`entry[].time`, Unix seconds). */
  time: number;
  /** The subscribed field. */
  field: F;
  /** The change, as Meta sent it. */
  value: V;
}

/** The platform events of the Facebook adapter's webhooks, by name. */
export type FacebookWebhookEvents = {
  /** A Page feed change: a comment, reaction, share, post... */
  "facebook.feed": FacebookPageChange<"feed", FacebookFeedValue>;
  /** A post or comment mentioning the Page. */
  "facebook.mention": FacebookPageChange<"mention", FacebookMentionValue>;
};
