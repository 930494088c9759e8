/**
 * The Facebook Pages adapter (`herald/facebook`): Page posts with links, photos, several photos
 * and video, comments as replies, native scheduling and targeting, per-Page tokens, and the
 * Page webhooks (feed changes and mentions).
 *
 * @packageDocumentation
 */
import type { OAuthTokens, TokenSource } from "../../auth/tokens.js";
import { graphAuth } from "../../families/meta/auth.js";
import { graphRoot, isGraphVersion } from "../../families/meta/graph.js";
import { webhookSecrets } from "../../webhooks/secrets.js";
import type { PlatformAdapter } from "../contract.js";
import { resolveCommonOptions } from "../options.js";
import { facebookAccountMetrics } from "./account-metrics.js";
import { facebookEditing } from "./editing.js";
import {
  DEFAULT_MAX_CHARACTERS,
  FACEBOOK_GRAPH_URL,
  FACEBOOK_GRAPH_VERSION,
  FACEBOOK_LIMITS,
} from "./limits.js";
import { facebookMetrics } from "./metrics.js";
import { readFacebookResponse } from "./read.js";
import { renderFacebook } from "./render.js";
import type { FacebookOptions, FacebookWebhookEvents, PageToken } from "./types.js";
import { facebookWebhooks } from "./webhooks.js";

export { appSecretProof } from "../../families/meta/auth.js";
export { FACEBOOK_GRAPH_URL, FACEBOOK_GRAPH_VERSION, FACEBOOK_LIMITS } from "./limits.js";
export {
  exchangeFacebookCode,
  exchangeLongLivedToken,
  type FacebookPage,
  type FacebookTokenOptions,
  facebookOAuthProvider,
  fetchPageTokens,
} from "./oauth.js";
export { type TargetingSettings, toFacebookTargeting } from "./targeting.js";
export type {
  FacebookActor,
  FacebookFeedValue,
  FacebookMentionValue,
  FacebookOptions,
  FacebookOverrides,
  FacebookPageChange,
  FacebookTargetingSpec,
  FacebookWebhookEvents,
  PageToken,
} from "./types.js";

import { type Refuse, refuser } from "../refuse.js";

const PLATFORM = "facebook";
/** Page ids are numeric (Graph API: a Page's `id` field, "numeric string"). */
const PAGE_ID = /^\d+$/;

const invalid: Refuse = refuser(PLATFORM);

const asTokens = (token: PageToken): OAuthTokens =>
  typeof token === "string" ? { accessToken: token } : token;

/**
 * Creates the Facebook Pages adapter (Graph API). One Page with `pageId` + `pageAccessToken`, or
 * any Page a target names with `pageTokens` (`{ platform: "facebook", account: "<page-id>" }`).
 *
 * @example facebook({ pageId: "1234567890", pageAccessToken: process.env.FB_PAGE_TOKEN!, appSecret })
 * @example facebook({ pageTokens: (pageId) => db.pageToken(pageId), appSecret, webhookVerifyToken })
 */
export function facebook(options: FacebookOptions): PlatformAdapter<FacebookWebhookEvents> {
  const { pageId, pageAccessToken, pageTokens } = options ?? {};
  if ((pageAccessToken === undefined) === (pageTokens === undefined)) {
    invalid(
      "pageAccessToken",
      "give pageAccessToken (one Page) or pageTokens (many Pages), not both or neither",
    );
  }
  if (
    pageAccessToken !== undefined &&
    (typeof pageAccessToken !== "string" || !pageAccessToken.trim())
  ) {
    invalid("pageAccessToken", "a non-empty Page access token");
  }
  if (pageTokens !== undefined && typeof pageTokens !== "function") {
    invalid("pageTokens", "a function (pageId) => token");
  }
  if (pageId !== undefined && !PAGE_ID.test(pageId)) invalid("pageId", "a numeric Page id");
  if (pageAccessToken !== undefined && pageId === undefined) {
    invalid("pageId", "required with pageAccessToken", "the id of the Page the token belongs to");
  }
  const version = options.graphVersion ?? FACEBOOK_GRAPH_VERSION;
  if (!isGraphVersion(version)) invalid("graphVersion", 'a Graph API version such as "v23.0"');
  const maxCharacters = options.maxCharacters ?? DEFAULT_MAX_CHARACTERS;
  if (!Number.isInteger(maxCharacters) || maxCharacters < 1) {
    invalid("maxCharacters", "a positive integer");
  }
  const host = resolveCommonOptions(PLATFORM, options, {
    baseUrl: FACEBOOK_GRAPH_URL,
    limits: FACEBOOK_LIMITS,
  });
  const appSecrets = webhookSecrets(PLATFORM, "appSecret", options.appSecret) ?? [];
  const account = host.account;

  /** The Page of an account: the configured Page for the adapter's own, else the account itself. */
  const pageOf = (name: string | undefined): string => {
    const target = name ?? account;
    if (target === account && pageId !== undefined) return pageId;
    if (pageTokens !== undefined && PAGE_ID.test(target)) return target;
    return invalid(
      "to.account",
      `"${target}" is not a Facebook Page id`,
      'name the Page: { platform: "facebook", account: "<page-id>" }',
    );
  };
  const accountOf = (page: string): string => (page === pageId ? account : page);

  const tokens: TokenSource =
    pageTokens !== undefined
      ? async (name) => asTokens(await pageTokens(pageOf(name)))
      : { accessToken: pageAccessToken as string };
  const proof = options.appSecretProof ?? appSecrets.length > 0;
  const webhooks =
    appSecrets.length > 0
      ? facebookWebhooks({ appSecrets, verifyToken: options.webhookVerifyToken, accountOf })
      : undefined;
  const targeting = {
    field: options.segmentField ?? "feed_targeting",
    localeKeys: options.localeKeys ?? {},
  } as const;

  return {
    platform: PLATFORM,
    account,
    baseUrl: graphRoot(host.baseUrl, version),
    capabilities: { destinations: ["feed", "segment"], nativeSchedule: true },
    limits: host.limits,
    secrets: [
      ...(pageAccessToken !== undefined ? [pageAccessToken] : []),
      ...appSecrets,
      ...(options.webhookVerifyToken ? [options.webhookVerifyToken] : []),
    ],
    authHeaders: () => ({}),
    auth: graphAuth(PLATFORM, tokens, proof ? appSecrets[0] : undefined),
    render: (message, destination, context) =>
      renderFacebook(message, destination, context, { pageOf, maxCharacters, targeting }),
    readResponse: readFacebookResponse,
    metrics: { ...facebookMetrics, account: facebookAccountMetrics(pageOf) },
    editing: facebookEditing(maxCharacters),
    ...(webhooks && { webhooks }),
  };
}
