/**
 * The Mastodon adapter (`herald/mastodon`): posts statuses, with media, replies, content
 * warnings, polls and native scheduling, on the account's feed.
 *
 * @packageDocumentation
 */
import { ValidationError } from "../../transport/errors.js";
import { webhookSecrets } from "../../webhooks/secrets.js";
import type { PlatformAdapter } from "../contract.js";
import { resolveCommonOptions } from "../options.js";
import { withReplyContext } from "../reply.js";
import { mastodonAccountMetrics } from "./account-metrics.js";
import { mastodonEditing } from "./editing.js";
import {
  DEFAULT_CHARACTERS_PER_URL,
  DEFAULT_MAX_CHARACTERS,
  DEFAULT_MAX_MEDIA,
  MASTODON_LIMITS,
} from "./limits.js";
import { mastodonListening } from "./listening.js";
import { mastodonMetrics } from "./metrics.js";
import { readMastodonResponse } from "./read.js";
import { renderMastodon } from "./render.js";
import type { MastodonOptions, MastodonSettings } from "./types.js";
import { type MastodonWebhookEvents, mastodonWebhooks } from "./webhooks.js";

export type * from "../../generated/mastodon/webhook-types.js";
export { MASTODON_LIMITS } from "./limits.js";
export { statusPlainText } from "./plain-text.js";
export type { MastodonOptions, MastodonSettings, MastodonStatusBody } from "./types.js";
export { verifyMastodonSignature } from "./verify.js";
export {
  MASTODON_SIGNATURE_HEADER,
  MASTODON_WEBHOOK_EVENTS,
  type MastodonWebhookEvents,
} from "./webhooks.js";

const PLATFORM = "mastodon";

/** Checks a positive integer option, or returns its default. */
function positive(field: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new ValidationError(field, "a positive integer", { platform: PLATFORM });
  }
  return value;
}

/**
 * Creates the Mastodon adapter for one account on one instance.
 *
 * @example mastodon({ accessToken: process.env.MASTODON_TOKEN!, instanceUrl: "https://mastodon.social" })
 * @throws ValidationError when `accessToken` is missing, or neither `instanceUrl` nor `baseUrl` is a valid URL.
 */
export function mastodon(options: MastodonOptions): PlatformAdapter<MastodonWebhookEvents> {
  const { accessToken } = options;
  if (typeof accessToken !== "string" || accessToken.trim() === "") {
    throw new ValidationError("accessToken", "required", {
      platform: PLATFORM,
      hint: "an OAuth 2.0 access token with the write:statuses and write:media scopes",
    });
  }
  const baseInput = options.baseUrl ?? options.instanceUrl;
  if (baseInput === undefined) {
    throw new ValidationError("instanceUrl", "required unless baseUrl is given", {
      platform: PLATFORM,
      hint: "the instance's URL, e.g. https://mastodon.social",
    });
  }
  const { account, baseUrl, limits } = resolveCommonOptions(
    PLATFORM,
    { ...options, baseUrl: undefined },
    {
      baseUrl: baseInput,
      limits: MASTODON_LIMITS,
      baseUrlField: options.baseUrl === undefined ? "instanceUrl" : "baseUrl",
    },
  );
  const settings: MastodonSettings = {
    maxCharacters: positive("maxCharacters", options.maxCharacters, DEFAULT_MAX_CHARACTERS),
    charactersReservedPerUrl: positive(
      "charactersReservedPerUrl",
      options.charactersReservedPerUrl,
      DEFAULT_CHARACTERS_PER_URL,
    ),
    maxMediaAttachments: positive(
      "maxMediaAttachments",
      options.maxMediaAttachments,
      DEFAULT_MAX_MEDIA,
    ),
  };

  const webhookSecret = webhookSecrets(PLATFORM, "webhookSecret", options.webhookSecret);
  const { webhookAccountId } = options;
  if (
    webhookAccountId !== undefined &&
    (typeof webhookAccountId !== "string" || webhookAccountId === "")
  ) {
    throw new ValidationError("webhookAccountId", "a non-empty account id", { platform: PLATFORM });
  }
  return {
    platform: PLATFORM,
    account,
    baseUrl,
    capabilities: { destinations: ["feed"], nativeSchedule: true },
    limits,
    secrets: [accessToken, ...(webhookSecret ?? [])],
    authHeaders: () => ({ Authorization: `Bearer ${accessToken}` }),
    render: (message, destination, context) =>
      renderMastodon(withReplyContext(message, destination), destination, context, settings),
    readResponse: readMastodonResponse,
    metrics: { ...mastodonMetrics, account: mastodonAccountMetrics },
    editing: mastodonEditing(settings),
    listening: mastodonListening,
    ...(webhookSecret
      ? { webhooks: mastodonWebhooks(account, webhookSecret, webhookAccountId) }
      : {}),
  };
}
