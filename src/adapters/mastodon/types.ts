import type { CommonAdapterOptions } from "../options.js";

/**
 * Options of the {@link mastodon} factory.
 *
 * The numeric defaults are Mastodon's instance defaults (`configuration.statuses` of
 * https://docs.joinmastodon.org/entities/Instance/). An instance can change them: read
 * `GET /api/v2/instance` (`configuration.statuses.max_characters`,
 * `characters_reserved_per_url`, `max_media_attachments`) and pass what it says.
 */
export interface MastodonOptions extends CommonAdapterOptions {
  /** OAuth 2.0 access token of the account, with the `write:statuses` and `write:media` scopes. */
  accessToken: string;
  /** The instance, e.g. `https://mastodon.social`; the base URL. Required unless `baseUrl` is given. */
  instanceUrl?: string;
  /** Maximum length of a status (text plus content warning); default 500. */
  maxCharacters?: number;
  /** How many characters every URL counts as; default 23. */
  charactersReservedPerUrl?: number;
  /** Maximum media attachments per status; default 4. */
  maxMediaAttachments?: number;
  /**
   * The secret of an admin webhook (Preferences → Administration → Webhooks), which signs every
   * delivery (`X-Hub-Signature`); several while rotating. Without it `herald.webhooks` does not
   * accept Mastodon webhooks (404).
   */
  webhookSecret?: string | readonly string[];
  /**
   * The account's id on the instance: with it, only replies to, mentions of and boosts of this
   * account become `comment`, `mention` and `share` events (admin webhooks report every status
   * of the instance). Without it, every reply, mention and boost does.
   */
  webhookAccountId?: string;
}

/** The resolved settings `render` works with. */
export interface MastodonSettings {
  /** Maximum length of a status. */
  maxCharacters: number;
  /** How many characters every URL counts as. */
  charactersReservedPerUrl: number;
  /** Maximum media attachments per status. */
  maxMediaAttachments: number;
}

/** The JSON body of `POST /api/v1/statuses` as the adapter builds it (before overrides). */
export interface MastodonStatusBody {
  /** The text. */
  status?: string;
  /** Ids of uploaded media (step references until the core fills them in). */
  media_ids?: string[];
  /** The status this one replies to. */
  in_reply_to_id?: string;
  /** `public`, `unlisted`, `private` or `direct`. */
  visibility: string;
  /** ISO 8601 time at which Mastodon publishes the status. */
  scheduled_at?: string;
  /** Any field from `overrides.mastodon` (spoiler_text, sensitive, language, poll, ...). */
  [field: string]: unknown;
}
