import { retryAfterMs } from "../../transport/retry-after.js";
import type { Operation, PlatformResponse, ResponseReading } from "../contract.js";
import { YOUTUBE_QUOTA_BUCKETS } from "./limits.js";

/** A Google API error body (developers.google.com/youtube/v3/docs/errors). */
interface GoogleError {
  error?: {
    code?: number;
    message?: string;
    errors?: Array<{ reason?: string; domain?: string; message?: string }>;
  };
}

/** A daily quota is used up (docs/errors: 403 `quotaExceeded`, domain `youtube.quota`). */
const QUOTA_EXCEEDED = "quotaExceeded";
/** Reasons of a short-term rate limit (docs/errors: 403 rateLimitExceeded, userRateLimitExceeded). */
const RATE_REASONS = new Set(["rateLimitExceeded", "userRateLimitExceeded"]);

/** The number of bytes a `308 Resume Incomplete` says YouTube holds (`Range: bytes=0-<last>`; none: 0). */
export function receivedBytes(headers: Headers): number {
  const match = /^bytes=0-(\d+)$/.exec(headers.get("range")?.trim() ?? "");
  return match ? Number(match[1]) + 1 : 0;
}

function uploadIdOf(location: string | null): string | undefined {
  if (!location || !URL.canParse(location, "https://www.googleapis.com")) return undefined;
  return new URL(location, "https://www.googleapis.com").searchParams.get("upload_id") ?? undefined;
}

/**
 * The video an edit reads first (`videos.list?part=snippet`): its `categoryId` for the update,
 * or 404 `videoNotFound` when the list is empty (docs/videos/list answers 200 with no items).
 */
function currentVideo(body: unknown): ResponseReading {
  const items = (body as { items?: unknown } | undefined)?.items;
  const first = Array.isArray(items)
    ? (items[0] as { snippet?: { categoryId?: unknown } })
    : undefined;
  const categoryId = first?.snippet?.categoryId;
  if (typeof categoryId === "string") return { ok: true, values: { categoryId } };
  return {
    ok: false,
    failure: {
      kind: "platform",
      code: "videoNotFound",
      message: "videos.list returned no such video",
    },
  };
}

/** Reads an answer of the YouTube Data API (and its resumable upload protocol). Pure. */
export function readYouTubeResponse(
  operation: Omit<Operation, "poll">,
  response: PlatformResponse,
): ResponseReading {
  const { status, headers } = response;
  if (operation.step === "session" && status === 200) {
    const uploadId = uploadIdOf(headers.get("location"));
    if (uploadId) return { ok: true, values: { uploadId } };
    return {
      ok: false,
      failure: { kind: "platform", message: "no session URI (Location) in the answer" },
    };
  }
  // 308 Resume Incomplete: a piece (or the status request) acknowledged, more expected
  if (status === 308) return { ok: true, pending: true, received: receivedBytes(headers) };
  const body = response.body as (GoogleError & { id?: unknown }) | undefined;
  if (status === 200 || status === 201 || status === 204) {
    if (operation.step === "current") return currentVideo(body);
    const id = typeof body?.id === "string" ? body.id : undefined;
    return id ? { ok: true, id } : { ok: true };
  }
  const first = body?.error?.errors?.[0];
  const reason = first?.reason;
  const message = textOf(body?.error?.message) ?? textOf(first?.message) ?? `HTTP ${status}`;
  const failure = (kind: NonNullable<ResponseReading["failure"]>["kind"], retryable?: boolean) => ({
    ok: false as const,
    failure: {
      kind,
      message,
      ...(reason ? { code: reason } : {}),
      ...(retryable !== undefined ? { retryable } : {}),
    },
  });
  if (reason === QUOTA_EXCEEDED) {
    // the bucket this request draws on (an upload: its own), until midnight Pacific Time
    const bucket = Object.keys(operation.quota ?? {})[0] ?? YOUTUBE_QUOTA_BUCKETS.units;
    return { ...failure("rate-limit"), quotaExhausted: bucket };
  }
  // the channel's own upload allowance (docs/errors: uploadLimitExceeded): waiting minutes won't help
  if (reason === "uploadLimitExceeded") return failure("rate-limit", false);
  const wait = retryAfterMs(headers);
  if (status === 429 || (reason !== undefined && RATE_REASONS.has(reason))) {
    return { ...failure("rate-limit"), ...(wait !== undefined ? { retryAfterMs: wait } : {}) };
  }
  if (status === 401) return failure("auth");
  if (status === 400) return failure("validation");
  if (status >= 500) return failure("transient");
  // 404 on an upload session (it expired, after about a week, or never existed) ends the
  // upload here: a new send starts a new session
  return failure("platform");
}

/** `value` when it is a non-empty string (a body of another shape holds anything). */
function textOf(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
