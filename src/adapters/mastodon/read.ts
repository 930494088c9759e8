import { retryAfterMs } from "../../transport/retry-after.js";
import type { FailureKind, Operation, PlatformResponse, ResponseReading } from "../contract.js";

type RateLimit = NonNullable<ResponseReading["rateLimit"]>;

/** Longest platform error message kept in a reading. */
const MAX_MESSAGE = 500;

function record(body: unknown): Record<string, unknown> {
  return typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
}

function str(value: unknown): string | undefined {
  if (typeof value === "string" && value !== "") return value;
  if (typeof value === "number") return String(value);
  return undefined;
}

/**
 * X-RateLimit-Limit / -Remaining / -Reset (ISO 8601 time), sent on every response
 * (https://docs.joinmastodon.org/api/rate-limits/); `undefined` when none is there.
 */
export function readRateLimit(headers: Headers): RateLimit | undefined {
  const out: RateLimit = {};
  const limit = Number.parseInt(headers.get("x-ratelimit-limit") ?? "", 10);
  const remaining = Number.parseInt(headers.get("x-ratelimit-remaining") ?? "", 10);
  const reset = Date.parse(headers.get("x-ratelimit-reset") ?? "");
  if (Number.isFinite(limit)) out.limit = limit;
  if (Number.isFinite(remaining)) out.remaining = remaining;
  if (Number.isFinite(reset)) out.resetAt = reset;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Mastodon's Error entity `{ error, error_description? }` (https://docs.joinmastodon.org/entities/Error/). */
function errorMessage(response: PlatformResponse): string {
  const body = record(response.body);
  const nested = record(body.error);
  const message =
    str(body.error) ??
    str(nested.error) ??
    (typeof response.body === "string" && response.body.length > 0 && !response.body.startsWith("<")
      ? response.body
      : `HTTP ${response.status}`);
  const detail = str(body.error_description);
  const full = detail !== undefined ? `${message}: ${detail}` : message;
  return full.length > MAX_MESSAGE ? `${full.slice(0, MAX_MESSAGE)}…` : full;
}

/** The failure kind and retryability of an error status. */
function classify(status: number): { kind: FailureKind; retryable: boolean } {
  if (status === 401 || status === 403) return { kind: "auth", retryable: false };
  if (status === 422) return { kind: "validation", retryable: false };
  if (status === 429) return { kind: "rate-limit", retryable: true };
  if (status >= 500 || status === 408) return { kind: "transient", retryable: true };
  return { kind: "platform", retryable: false };
}

/** A success: the id of the Status, ScheduledStatus or MediaAttachment, plus its URL if any. */
function success(operation: Omit<Operation, "poll">, response: PlatformResponse): ResponseReading {
  const body = record(response.body);
  const id = str(body.id);
  if (id === undefined) {
    return {
      ok: false,
      failure: {
        kind: "platform",
        message: `HTTP ${response.status} without an id`,
        retryable: false,
      },
    };
  }
  const reading: ResponseReading = { ok: true, id };
  const url = str(body.url);
  if (url !== undefined) reading.values = { url };
  // A ScheduledStatus (POST /api/v1/statuses with scheduled_at) has scheduled_at and params
  // (https://docs.joinmastodon.org/entities/ScheduledStatus/)
  const scheduled = str(body.scheduled_at);
  if (operation.route === "statuses" && scheduled !== undefined && "params" in body) {
    reading.note = `scheduled for ${scheduled}`;
  }
  return reading;
}

/**
 * Reads a Mastodon response: statuses (200 Status or ScheduledStatus), media uploads (200 done,
 * 202 still processing), media status polls (206 still processing, 200 done), and errors
 * (401/403 auth, 422 validation, 404 and other 4xx platform, 429 rate limit, 5xx transient).
 */
export function readMastodonResponse(
  operation: Omit<Operation, "poll">,
  response: PlatformResponse,
): ResponseReading {
  const rateLimit = readRateLimit(response.headers);
  const retryAfter = retryAfterMs(response.headers);
  const extras: Pick<ResponseReading, "rateLimit" | "retryAfterMs"> = {};
  if (rateLimit !== undefined) extras.rateLimit = rateLimit;
  if (retryAfter !== undefined) extras.retryAfterMs = retryAfter;

  const { status } = response;
  // 202 from POST /api/v2/media and 206 from GET /api/v1/media/:id: accepted, still
  // processing (https://docs.joinmastodon.org/methods/media/)
  if (
    (status === 202 && operation.route === "media") ||
    (status === 206 && operation.route === "media-status")
  ) {
    const id = str(record(response.body).id);
    return { ok: true, pending: true, ...(id !== undefined ? { id } : {}), ...extras };
  }
  // a list (a timeline, notifications: https://docs.joinmastodon.org/api/guidelines/#pagination)
  // has no id of its own: the listening facet reads it
  if (status >= 200 && status < 300 && Array.isArray(response.body)) return { ok: true, ...extras };
  if (status >= 200 && status < 300) return { ...success(operation, response), ...extras };

  const { kind, retryable } = classify(status);
  // Mastodon's errors carry no code of their own, only the `error` text
  return { ok: false, failure: { kind, message: errorMessage(response), retryable }, ...extras };
}
