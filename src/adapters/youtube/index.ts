/**
 * The YouTube adapter (`herald/youtube`, Data API v3): video uploads by the resumable protocol
 * (resumed from the last acknowledged byte after an interruption), title, description and tags
 * within YouTube's limits, privacy, native scheduling (`status.publishAt`), comments and
 * replies, the daily quotas in units, Google OAuth 2.0 per account with refresh, and WebSub push
 * notifications of new videos.
 *
 * @packageDocumentation
 */
import { refreshingBearerAuth } from "../../auth/refreshing.js";
import { webhookSecrets } from "../../webhooks/secrets.js";
import type { PlatformAdapter } from "../contract.js";
import { resolveCommonOptions } from "../options.js";
import { youtubeAccountMetrics } from "./account-metrics.js";
import { youtubeEditing } from "./editing.js";
import { DEFAULT_CHUNK_BYTES, UPLOAD_GRANULE, YOUTUBE_LIMITS, YOUTUBE_QUOTAS } from "./limits.js";
import { youtubeMetrics } from "./metrics.js";
import { refreshYouTubeTokens, YOUTUBE_OAUTH } from "./oauth.js";
import { readYouTubeResponse } from "./read.js";
import { renderYouTube } from "./render.js";
import type { YouTubeOptions } from "./types.js";
import { type YouTubeWebhookEvents, youtubeWebhooks } from "./webhooks.js";

export type { YouTubeDeletedEntry, YouTubeFeed, YouTubeFeedEntry } from "./atom.js";
export { parseYouTubeFeed } from "./atom.js";
export {
  DEFAULT_CHUNK_BYTES,
  MAX_DESCRIPTION_BYTES,
  MAX_TAGS_LENGTH,
  MAX_TITLE,
  UPLOAD_GRANULE,
  YOUTUBE_COSTS,
  YOUTUBE_LIMITS,
  YOUTUBE_QUOTA_BUCKETS,
  YOUTUBE_QUOTAS,
} from "./limits.js";
export { tagsLength } from "./metadata.js";
export {
  exchangeYouTubeCode,
  refreshYouTubeTokens,
  startYouTubeAuthorization,
  YOUTUBE_DEFAULT_SCOPES,
  YOUTUBE_OAUTH,
  type YouTubeAuthorization,
} from "./oauth.js";
export { readYouTubeResponse, receivedBytes } from "./read.js";
export type {
  YouTubeOptions,
  YouTubeOverrides,
  YouTubePrivacy,
  YouTubeVideoResource,
} from "./types.js";
export { YOUTUBE_SIGNATURE_HEADER, type YouTubeWebhookEvents } from "./webhooks.js";
export {
  channelTopic,
  leaseRenewalAt,
  subscriptionForm,
  type WebSubLease,
  YOUTUBE_HUB,
} from "./websub.js";

import { type Refuse, refuser } from "../refuse.js";

const PLATFORM = "youtube";
const fail: Refuse = refuser(PLATFORM);

/**
 * Creates the YouTube adapter. With `tokens` as a provider `(account) => tokens`, one adapter
 * uploads for every channel of a backend (`{ platform: "youtube", account: "channel-42" }`),
 * each with its own tokens and its own quota ledger.
 *
 * @example youtube({ clientId, clientSecret, tokens: (account) => db.googleTokens(account), onTokens: (account, t) => db.saveGoogleTokens(account, t) })
 * @throws ValidationError when `clientId` or `tokens` is missing, or an option is malformed.
 */
export function youtube(options: YouTubeOptions): PlatformAdapter<YouTubeWebhookEvents> {
  if (typeof options.clientId !== "string" || options.clientId === "") {
    fail("clientId", "required", "the OAuth client id from the Google Cloud console (Credentials)");
  }
  const { tokens } = options;
  if (typeof tokens !== "function" && typeof tokens?.accessToken !== "string") {
    fail(
      "tokens",
      "an OAuthTokens object or a provider (account) => tokens",
      "see startYouTubeAuthorization and exchangeYouTubeCode",
    );
  }
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  if (!Number.isInteger(chunkBytes) || chunkBytes <= 0 || chunkBytes % UPLOAD_GRANULE !== 0) {
    fail("chunkBytes", `a positive multiple of ${UPLOAD_GRANULE} bytes (256 KiB)`);
  }
  const { account, baseUrl, limits } = resolveCommonOptions(PLATFORM, options, {
    // both the Data API (/youtube/v3) and the upload endpoint (/upload/youtube/v3) live here
    baseUrl: "https://www.googleapis.com",
    limits: YOUTUBE_LIMITS,
  });
  const hubSecrets = webhookSecrets(PLATFORM, "hubSecret", options.hubSecret);
  const tokenUrl = options.tokenUrl ?? YOUTUBE_OAUTH.tokenUrl;
  const auth = refreshingBearerAuth(PLATFORM, refreshYouTubeTokens, options, tokenUrl);
  const settings = { privacyStatus: options.privacyStatus ?? "public", chunkBytes } as const;
  return {
    platform: PLATFORM,
    account,
    baseUrl,
    capabilities: { destinations: ["feed"], nativeSchedule: true },
    limits,
    quotas: options.quotas ?? YOUTUBE_QUOTAS,
    secrets: [options.clientSecret ?? "", ...(hubSecrets ?? [])].filter((s) => s !== ""),
    authHeaders: () => ({}),
    auth,
    render: (message, destination, context) =>
      renderYouTube(message, destination, context, settings),
    readResponse: readYouTubeResponse,
    metrics: { ...youtubeMetrics, account: youtubeAccountMetrics },
    editing: youtubeEditing,
    ...(hubSecrets
      ? {
          webhooks: youtubeWebhooks({
            secrets: hubSecrets,
            account,
            ...(options.channels ? { channels: options.channels } : {}),
            ...(options.onLease ? { onLease: options.onLease } : {}),
          }),
        }
      : {}),
  };
}
