import { ValidationError } from "../../transport/errors.js";
import type { PlatformAdapter } from "../contract.js";
import { type CommonAdapterOptions, resolveCommonOptions } from "../options.js";
import { LINE_LIMITS, LINE_MULTICAST_MAX } from "./limits.js";
import { lineNativeTargeting } from "./narrowcast-filter.js";
import { readLineResponse } from "./read.js";
import { renderLine } from "./render.js";

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

/** The default LINE Messaging API base URL (https://developers.line.biz/en/reference/messaging-api/). */
export const LINE_BASE_URL = "https://api.line.me";

/** Options of the {@link line} factory. */
export interface LineOptions extends CommonAdapterOptions {
  /** The channel access token (long-lived, v2.1 or stateless), sent as `Authorization: Bearer`. */
  channelAccessToken: string;
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
export function line(options: LineOptions): PlatformAdapter {
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
  return {
    platform: "line",
    account,
    baseUrl,
    capabilities: {
      destinations: ["chat", "recipients", "broadcast", "segment"],
      recipientBatch: LINE_MULTICAST_MAX,
      nativeSchedule: false,
    },
    limits,
    secrets: [token],
    authHeaders: () => ({ Authorization: `Bearer ${token}` }),
    render: (message, destination) => renderLine(message, destination),
    readResponse: readLineResponse,
    nativeTargeting: lineNativeTargeting,
  };
}
