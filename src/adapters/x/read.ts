import { retryAfterMs } from "../../transport/retry-after.js";
import type { Operation, PlatformResponse, ResponseReading } from "../contract.js";

type RateLimit = NonNullable<ResponseReading["rateLimit"]>;

/**
 * The platform code of the 403 X answers to a post whose text repeats one of the account's
 * recent posts ("You are not allowed to create a Tweet with duplicate content."). Such a failure
 * is never retried: `error instanceof PlatformError && error.platformCode === X_DUPLICATE_CONTENT`.
 */
export const X_DUPLICATE_CONTENT = "duplicate-content";

/** Longest platform error message kept in a reading. */
const MAX_MESSAGE = 500;

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

function str(value: unknown): string | undefined {
  if (typeof value === "string" && value !== "") return value;
  return typeof value === "number" ? String(value) : undefined;
}

/** One limit's headers (`<prefix>-limit/-remaining/-reset`, reset in Unix seconds). */
function headerWindow(headers: Headers, prefix: string): RateLimit | undefined {
  const limit = Number.parseInt(headers.get(`${prefix}-limit`) ?? "", 10);
  const remaining = Number.parseInt(headers.get(`${prefix}-remaining`) ?? "", 10);
  const reset = Number.parseInt(headers.get(`${prefix}-reset`) ?? "", 10);
  if (!Number.isFinite(remaining) || !Number.isFinite(reset)) return undefined;
  return { ...(Number.isFinite(limit) ? { limit } : {}), remaining, resetAt: reset * 1000 };
}

/**
 * X's rate-limit headers (https://docs.x.com/x-api/fundamentals/rate-limits): the endpoint's
 * 15-minute window `x-rate-limit-*`, and the 24-hour windows `x-user-limit-24hour-*` and
 * `x-app-limit-24hour-*`. An exhausted window wins (the one that resets last), so the core
 * pauses until it resets; otherwise the endpoint window is reported.
 */
export function readXRateLimit(headers: Headers): RateLimit | undefined {
  const windows = ["x-rate-limit", "x-user-limit-24hour", "x-app-limit-24hour"]
    .map((prefix) => headerWindow(headers, prefix))
    .filter((w): w is RateLimit => w !== undefined);
  const exhausted = windows.filter((w) => (w.remaining ?? 1) <= 0);
  if (exhausted.length > 0) {
    return exhausted.reduce((a, b) => ((a.resetAt ?? 0) >= (b.resetAt ?? 0) ? a : b));
  }
  return windows[0];
}

/**
 * The message of an X error: RFC 7807 Problem (`title`, `detail`, `type`), v2 `errors[]`, or the
 * v1.1 `errors[{code, message}]` still sent by some endpoints.
 */
function problem(response: PlatformResponse): { message: string; type: string | undefined } {
  const body = record(response.body);
  const first = record(Array.isArray(body.errors) ? body.errors[0] : undefined);
  const message =
    [str(body.title), str(body.detail) ?? str(first.message) ?? str(first.detail)]
      .filter((s) => s !== undefined)
      .join(": ") ||
    str(body.error_description) ||
    `HTTP ${response.status}`;
  const type = str(body.type) ?? str(first.type);
  return {
    message: message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message,
    type:
      type === "about:blank"
        ? undefined
        : type?.replace(/^https:\/\/api\.(x|twitter)\.com\/2\/problems\//, ""),
  };
}

/** `processing_info.state` of a finalize or status answer: pending, failed, or done. */
function processing(data: Record<string, unknown>): "pending" | "failed" | "done" {
  const state = str(record(data.processing_info).state);
  if (state === "pending" || state === "in_progress") return "pending";
  return state === "failed" ? "failed" : "done";
}

/**
 * Reads an X response: posts and DMs (201, the id of the post or the DM event), media upload
 * steps (initialize, append, finalize and status: `pending` while X processes a video or GIF),
 * and errors: 401 auth (the core renews the token once), 403 duplicate content (never retried)
 * and other 403s, 400 validation, 429 rate limit (no Retry-After: the reset headers say when),
 * 5xx transient.
 */
export function readXResponse(
  operation: Omit<Operation, "poll">,
  response: PlatformResponse,
): ResponseReading {
  const rateLimit = readXRateLimit(response.headers);
  const retryAfter = retryAfterMs(response.headers);
  const extras: Pick<ResponseReading, "rateLimit" | "retryAfterMs"> = {
    ...(rateLimit ? { rateLimit } : {}),
    ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}),
  };
  const { status } = response;
  if (status >= 200 && status < 300) {
    const data = record(record(response.body).data);
    // POST /2/tweets → data.id; DMs → data.dm_event_id; append answers without an id.
    const id = str(data.id) ?? str(data.dm_event_id);
    if (operation.route === "media" && processing(data) === "failed") {
      const error = str(record(record(data.processing_info).error).message) ?? "processing failed";
      return {
        ok: false,
        failure: { kind: "validation", message: error, retryable: false },
        ...extras,
      };
    }
    // only creates answer with an id (a lookup or a delete answers without one)
    if (id === undefined && (operation.route === "tweets" || operation.route === "dm")) {
      return {
        ok: false,
        failure: { kind: "platform", message: `HTTP ${status} without an id`, retryable: false },
        ...extras,
      };
    }
    const reading: ResponseReading = { ok: true, ...(id !== undefined ? { id } : {}), ...extras };
    if (operation.route === "media" && processing(data) === "pending") reading.pending = true;
    return reading;
  }
  const { message, type } = problem(response);
  if (status === 401)
    return { ok: false, failure: { kind: "auth", message, retryable: false }, ...extras };
  if (status === 429)
    return { ok: false, failure: { kind: "rate-limit", message, retryable: true }, ...extras };
  if (status >= 500)
    return { ok: false, failure: { kind: "transient", message, retryable: true }, ...extras };
  if (status === 403 && /duplicate content/i.test(message)) {
    return {
      ok: false,
      failure: { kind: "platform", code: X_DUPLICATE_CONTENT, message, retryable: false },
      ...extras,
    };
  }
  return {
    ok: false,
    failure: {
      kind: status === 400 ? "validation" : "platform",
      ...(type !== undefined ? { code: type } : {}),
      message,
      retryable: false,
    },
    ...extras,
  };
}
