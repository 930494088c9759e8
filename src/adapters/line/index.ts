import { ValidationError } from "../../transport/errors.js";
import { webhookSecrets } from "../../webhooks/secrets.js";
import type { PlatformAdapter } from "../contract.js";
import { type CommonAdapterOptions, resolveCommonOptions } from "../options.js";
import { lineEditing } from "./editing.js";
import { LINE_USER_ID } from "./ids.js";
import { LINE_LIMITS, LINE_MULTICAST_MAX } from "./limits.js";
import { lineNativeTargeting } from "./narrowcast-filter.js";
import { readLineResponse } from "./read.js";
import { renderLine } from "./render.js";
import { type LineWebhookEvents, lineWebhooks } from "./webhooks.js";

export type * from "../../generated/line/webhook-types.js";
export { LINE_LIMITS } from "./limits.js";
export { toLineNarrowcastFilter } from "./narrowcast-filter.js";
export type {
  LineAgeBucket,
  LineAreaCode,
  LineDemographicFilter,
  LineMediaMessage,
  LineMessage,
  LineOverrides,
  LineRawMessage,
  LineSubscriptionPeriodBucket,
  LineTextMessage,
} from "./types.js";
export { verifyLineSignature } from "./verify.js";
export {
  LINE_REPLY_TOKEN_VALIDITY_MS,
  LINE_SIGNATURE_HEADER,
  type LineEventType,
  type LineWebhookEvents,
} from "./webhooks.js";

/** The default LINE Messaging API base URL (https://developers.line.biz/en/reference/messaging-api/). */
export const LINE_BASE_URL = "https://api.line.me";

/** Options of the {@link line} factory. */
export interface LineOptions extends CommonAdapterOptions {
  /** The channel access token (long-lived, v2.1 or stateless), sent as `Authorization: Bearer`. */
  channelAccessToken: string;
  /**
   * The channel secret, which signs every webhook (`x-line-signature`); several while rotating
   * (the new one first). Without it `herald.webhooks` does not accept LINE webhooks (404).
   */
  channelSecret?: string | readonly string[];
}

function invalid(field: string, rule: string, hint: string): never {
  throw new ValidationError(field, rule, { platform: "line", hint });
}

/**
 * Creates the LINE Messaging API adapter: push to a chat, reply with a reply token, multicast to
 * recipients (500 per request), broadcast, and narrowcast to a segment (age, gender, area, app
 * type, friendship length), every send deduplicated by `X-Line-Retry-Key`.
 *
 * @example line({ channelAccessToken: process.env.LINE_TOKEN! })
 */
export function line(options: LineOptions): PlatformAdapter<LineWebhookEvents> {
  const token: unknown = options?.channelAccessToken;
  if (typeof token !== "string" || token.trim() === "") {
    invalid(
      "channelAccessToken",
      "required",
      "pass the channel access token from the LINE Developers Console",
    );
  }
  if (/\s/.test(token)) {
    invalid(
      "channelAccessToken",
      "must not contain whitespace",
      "check that the token was copied whole",
    );
  }
  const { account, baseUrl, limits } = resolveCommonOptions("line", options, {
    baseUrl: LINE_BASE_URL,
    limits: LINE_LIMITS,
  });
  const channelSecret = webhookSecrets("line", "channelSecret", options.channelSecret);
  return {
    platform: "line",
    account,
    baseUrl,
    capabilities: {
      destinations: ["chat", "recipients", "broadcast", "segment"],
      recipientBatch: LINE_MULTICAST_MAX,
      nativeSchedule: false,
      recipientId: LINE_USER_ID,
    },
    limits,
    secrets: [token, ...(channelSecret ?? [])],
    authHeaders: () => ({ Authorization: `Bearer ${token}` }),
    render: renderLine,
    readResponse: readLineResponse,
    nativeTargeting: lineNativeTargeting,
    editing: lineEditing,
    ...(channelSecret ? { webhooks: lineWebhooks(account, channelSecret) } : {}),
  };
}
