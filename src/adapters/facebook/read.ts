import { retryAfterMs } from "../../transport/retry-after.js";
import type { FailureKind, Operation, PlatformResponse, ResponseReading } from "../contract.js";
import { failed } from "../failure.js";
import { RATE_LIMIT_CODES } from "./limits.js";
import { readGraphUsage } from "./usage.js";

/** Usage headers count in percent of the limit (Graph API rate limiting). */
const FULL_PERCENT = 100;

/** Graph error codes of a rejected token: 190 OAuthException, 102 session (Graph API error handling). */
const AUTH_CODES = new Set([102, 190]);
/** 1 unknown error, 2 service unavailable: "temporary issue, retry" (Graph API error handling). */
const TRANSIENT_CODES = new Set([1, 2]);
/** 100: invalid parameter (Graph API error handling). */
const INVALID_PARAMETER = 100;

const record = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};

const str = (value: unknown): string | undefined =>
  typeof value === "string" && value !== ""
    ? value
    : typeof value === "number"
      ? String(value)
      : undefined;

/**
 * The rate-limit state of the usage headers: `remaining` in percent points; at 100 % or while
 * Meta reports an `estimated_time_to_regain_access`, `remaining: 0` and `resetAt` measured from
 * the response's `Date` header (adapters have no clock), so the core pauses until then.
 */
function usageReading(headers: Headers): Pick<ResponseReading, "rateLimit" | "retryAfterMs"> {
  const usage = readGraphUsage(headers);
  const retryAfter =
    retryAfterMs(headers) ?? (usage && usage.regainMs > 0 ? usage.regainMs : undefined);
  const out: Pick<ResponseReading, "rateLimit" | "retryAfterMs"> = {};
  if (retryAfter !== undefined) out.retryAfterMs = retryAfter;
  if (!usage) return out;
  const throttled = usage.percent >= FULL_PERCENT || usage.regainMs > 0;
  const date = Date.parse(headers.get("date") ?? "");
  out.rateLimit = {
    limit: FULL_PERCENT,
    remaining: throttled ? 0 : Math.max(0, Math.floor(FULL_PERCENT - usage.percent)),
    ...(throttled && usage.regainMs > 0 && Number.isFinite(date)
      ? { resetAt: date + usage.regainMs }
      : {}),
  };
  return out;
}

/** The scheduled time a request carried, for the report's note. */
function scheduledNote(operation: Omit<Operation, "poll">): string | undefined {
  const body = operation.body;
  let value: string | undefined;
  if (body && "urlencoded" in body) value = body.urlencoded.scheduled_publish_time;
  if (body && "form" in body) {
    const field = body.form.find((f) => f.name === "scheduled_publish_time");
    value = field && "value" in field ? field.value : undefined;
  }
  const seconds = Number(value);
  return value !== undefined && Number.isFinite(seconds)
    ? `scheduled for ${new Date(seconds * 1000).toISOString()}`
    : undefined;
}

function classify(status: number, code: number | undefined, transient: boolean): FailureKind {
  if (code !== undefined && RATE_LIMIT_CODES.has(code)) return "rate-limit";
  if (status === 429) return "rate-limit";
  if ((code !== undefined && AUTH_CODES.has(code)) || status === 401) return "auth";
  if (transient || (code !== undefined && TRANSIENT_CODES.has(code)) || status >= 500) {
    return "transient";
  }
  if (code === INVALID_PARAMETER) return "validation";
  return "platform";
}

/**
 * Reads a Graph API answer (https://developers.facebook.com/docs/graph-api/guides/error-handling):
 * a success's id (`post_id` of a photo post, else `id`); an error's `{ error: { message, code,
 * error_subcode, is_transient } }` with codes 4, 17, 32, 613 and 80001 as rate limits
 * (retryable, waiting `estimated_time_to_regain_access`), 190 as rejected credentials, 1, 2 and
 * `is_transient` as transient, 100 as invalid input; and on every answer the usage headers.
 */
export function readFacebookResponse(
  operation: Omit<Operation, "poll">,
  response: PlatformResponse,
): ResponseReading {
  const extras = usageReading(response.headers);
  const { status } = response;
  const body = record(response.body);
  if (status >= 200 && status < 300 && body.error === undefined) {
    const id = str(body.post_id) ?? str(body.id);
    if (id === undefined) {
      return { ...failed("platform", `HTTP ${status} without an id`), ...extras };
    }
    const note = scheduledNote(operation);
    return { ok: true, id, ...(note !== undefined && { note }), ...extras };
  }
  const error = record(body.error);
  const code = typeof error.code === "number" ? error.code : undefined;
  const subcode = typeof error.error_subcode === "number" ? error.error_subcode : undefined;
  const kind = classify(status, code, error.is_transient === true);
  const text =
    str(error.message) ??
    (typeof response.body === "string" && response.body !== "" ? response.body : `HTTP ${status}`);
  const message = subcode !== undefined ? `${text} (subcode ${subcode})` : text;
  return { ...failed(kind, message, code), ...extras };
}
