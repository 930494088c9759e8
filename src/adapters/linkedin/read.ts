import { retryAfterMs } from "../../transport/retry-after.js";
import type { FailureKind, Operation, PlatformResponse, ResponseReading } from "../contract.js";
import { failed } from "../failure.js";

const DAY_MS = 86_400_000;

const record = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};

const str = (value: unknown): string | undefined =>
  typeof value === "string" && value !== "" ? value : undefined;

/**
 * Whether an upload URL may receive the member's token: https on a LinkedIn host
 * (`www.linkedin.com/dms-uploads/...`, `api.linkedin.com/mediaUpload/...`), or the adapter's own
 * origin (a proxy or the simulator).
 */
export function trustedUploadUrl(value: string, baseUrl: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  if (url.origin === new URL(baseUrl).origin) return true;
  return url.protocol === "https:" && /(^|\.)linkedin\.com$/.test(url.hostname);
}

/**
 * The wait a 429 asks for: `Retry-After` when sent; for a daily quota ("... DAY limit ... is
 * reached"), until the next midnight UTC, when LinkedIn's daily limits reset
 * (https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/rate-limits), measured from
 * the response's `Date` header.
 */
function wait429(response: PlatformResponse, message: string): number | undefined {
  const header = retryAfterMs(response.headers);
  if (header !== undefined) return header;
  const date = Date.parse(response.headers.get("date") ?? "");
  if (!/\bDAY\b/.test(message) || !Number.isFinite(date)) return undefined;
  return DAY_MS - (date % DAY_MS);
}

function classify(status: number): FailureKind {
  if (status === 401) return "auth";
  if (status === 429) return "rate-limit";
  if (status === 400 || status === 422) return "validation";
  if (status >= 500) return "transient";
  return "platform";
}

/** The id of what a request created: `x-restli-id`, else the body's id. */
function createdId(response: PlatformResponse): string | undefined {
  const body = record(response.body);
  return (
    str(response.headers.get("x-restli-id")) ??
    str(body.$URN) ??
    str(body.commentUrn) ??
    str(body.id)
  );
}

/** Reads an `initializeUpload` answer `{ value: { uploadUrl, image } }`, refusing foreign upload URLs. */
function initialized(response: PlatformResponse, baseUrl: string): ResponseReading {
  const value = record(record(response.body).value);
  const uploadUrl = str(value.uploadUrl);
  const image = str(value.image);
  if (uploadUrl === undefined || image === undefined) {
    return failed("platform", "initializeUpload answered without uploadUrl or image");
  }
  if (!trustedUploadUrl(uploadUrl, baseUrl)) {
    const host = new URL(uploadUrl).host;
    return failed(
      "platform",
      `upload URL on ${host} is not LinkedIn's: the token is not sent there`,
    );
  }
  return { ok: true, id: image, values: { uploadUrl, image } };
}

/**
 * Reads a LinkedIn REST answer (https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/error-handling):
 * created ids from `x-restli-id`; `initializeUpload`'s upload URL and image URN; errors
 * `{ status, serviceErrorCode, code, message }` with 401 as rejected credentials, 400/422 as
 * invalid input, 403 (not allowed to post as that author) and 426 (a sunset `Linkedin-Version`)
 * as platform errors, 429 as a rate limit (retryable; a daily quota waits for midnight UTC) and
 * 5xx as transient.
 */
export function readLinkedInResponse(
  operation: Omit<Operation, "poll">,
  response: PlatformResponse,
  baseUrl: string,
): ResponseReading {
  const { status } = response;
  if (status >= 200 && status < 300) {
    if (operation.route === "images") return initialized(response, baseUrl);
    const id = createdId(response);
    return { ok: true, ...(id !== undefined && { id }) };
  }
  const body = record(response.body);
  const text =
    str(body.message) ??
    (typeof response.body === "string" && response.body !== "" ? response.body : `HTTP ${status}`);
  const code =
    str(body.code) ??
    (typeof body.serviceErrorCode === "number" ? body.serviceErrorCode : undefined);
  const kind = classify(status);
  const hint = status === 426 ? " (the Linkedin-Version was sunset: pass a current version)" : "";
  const message = `${text}${hint}`;
  const wait = kind === "rate-limit" ? wait429(response, message) : retryAfterMs(response.headers);
  return { ...failed(kind, message, code), ...(wait !== undefined && { retryAfterMs: wait }) };
}
