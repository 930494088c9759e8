/**
 * The X adapter (`herald/x`, API v2): posts with text, images, GIFs and videos (chunked upload),
 * alt text, replies, quotes, polls and threads; Direct Messages; OAuth 2.0 user tokens per
 * account with refresh; Account Activity webhooks.
 *
 * @packageDocumentation
 */
import { refreshingBearerAuth } from "../../auth/refreshing.js";
import { ValidationError } from "../../transport/errors.js";
import { webhookSecrets } from "../../webhooks/secrets.js";
import type { PlatformAdapter } from "../contract.js";
import { resolveCommonOptions } from "../options.js";
import { xAccountMetrics } from "./account-metrics.js";
import { xEditing } from "./editing.js";
import type { XWebhookEvents } from "./events.js";
import { X_LIMITS } from "./limits.js";
import { xMetrics } from "./metrics.js";
import { refreshXTokens } from "./oauth.js";
import { readXResponse } from "./read.js";
import { renderX } from "./render.js";
import type { XOptions } from "./types.js";
import { xWebhooks } from "./webhooks.js";

export type {
  XActivityTweet,
  XActivityUser,
  XDirectMessageEvent,
  XFavoriteEvent,
  XFollowEvent,
  XWebhookEvents,
} from "./events.js";
export {
  countXLength,
  findXUrls,
  invalidXCharacter,
  splitForThread,
  TWITTER_TEXT_V3,
} from "./length.js";
export { X_LIMITS } from "./limits.js";
export {
  exchangeXCode,
  refreshXTokens,
  startXAuthorization,
  X_DEFAULT_SCOPES,
  X_OAUTH,
  type XAuthorization,
} from "./oauth.js";
export { readXRateLimit, X_DUPLICATE_CONTENT } from "./read.js";
export type { XOptions, XOverrides, XPostBody } from "./types.js";

const PLATFORM = "x";

/**
 * Creates the X adapter. With `tokens` as a provider `(account) => tokens`, one adapter posts
 * for every user of a backend (`{ platform: "x", account: "user-42" }`), each with its own
 * tokens and rate-limit buckets.
 *
 * @example x({ clientId, clientSecret, tokens: (account) => db.xTokens(account), onTokens: (account, t) => db.saveXTokens(account, t) })
 * @throws ValidationError when `clientId` or `tokens` is missing, or an option is malformed.
 */
export function x(options: XOptions): PlatformAdapter<XWebhookEvents> {
  const fail = (field: string, rule: string, hint: string): never => {
    throw new ValidationError(field, rule, { platform: PLATFORM, hint });
  };
  if (typeof options.clientId !== "string" || options.clientId === "") {
    fail(
      "clientId",
      "required",
      "the OAuth 2.0 client id of your X app (developer portal, Keys and tokens)",
    );
  }
  const { tokens } = options;
  if (typeof tokens !== "function" && typeof tokens?.accessToken !== "string") {
    fail(
      "tokens",
      "an OAuthTokens object or a provider (account) => tokens",
      "see startXAuthorization and exchangeXCode",
    );
  }
  const { account, baseUrl, limits } = resolveCommonOptions(PLATFORM, options, {
    baseUrl: "https://api.x.com", // docs.x.com/x-api: every v2 endpoint lives under api.x.com/2
    limits: X_LIMITS,
  });
  const consumerSecrets = webhookSecrets(PLATFORM, "consumerSecret", options.consumerSecret) ?? [];
  // the token endpoint lives on the API host, so a baseUrl (a proxy, the simulator) covers it
  const auth = refreshingBearerAuth(PLATFORM, refreshXTokens, options, `${baseUrl}/2/oauth2/token`);
  const webhookAccount =
    options.webhookAccount ??
    ((forUserId: string) => (typeof tokens === "function" ? forUserId : account));
  return {
    platform: PLATFORM,
    account,
    baseUrl,
    capabilities: { destinations: ["feed", "chat", "recipients"] },
    limits,
    secrets: [options.clientSecret ?? "", ...consumerSecrets].filter((s) => s !== ""),
    authHeaders: () => ({}),
    auth,
    render: (message, destination) => renderX(message, destination),
    readResponse: readXResponse,
    metrics: { ...xMetrics, account: xAccountMetrics },
    editing: xEditing,
    ...(consumerSecrets.length > 0 ? { webhooks: xWebhooks(consumerSecrets, webhookAccount) } : {}),
  };
}
