import { describe, expect, it } from "vitest";
import type { Operation } from "../../src/adapters/contract.js";
import { readLinkedInResponse, trustedUploadUrl } from "../../src/adapters/linkedin/read.js";

const BASE = "https://api.linkedin.com/rest";
const op = (route: string): Operation => ({
  step: route,
  route,
  method: "POST",
  path: "/x",
  idempotency: "none",
});

function read(route: string, status: number, body: unknown, headers: Record<string, string> = {}) {
  return readLinkedInResponse(op(route), { status, headers: new Headers(headers), body }, BASE);
}

describe("linkedin readResponse", () => {
  it("reads the created post's URN from x-restli-id", () => {
    expect(
      read("posts", 201, undefined, { "x-restli-id": "urn:li:share:6844785523593134080" }),
    ).toEqual({
      ok: true,
      id: "urn:li:share:6844785523593134080",
    });
    expect(read("uploads", 201, undefined)).toEqual({ ok: true });
  });

  it("reads initializeUpload's upload URL and image, and refuses an upload URL off LinkedIn", () => {
    const value = {
      uploadUrlExpiresAt: 1650567510704,
      uploadUrl:
        "https://www.linkedin.com/dms-uploads/C4E10AQFoyyAjHPMQuQ/uploaded-image/0?ca=vector_ads",
      image: "urn:li:image:C4E10AQFoyyAjHPMQuQ",
    };
    expect(read("images", 200, { value })).toEqual({
      ok: true,
      id: value.image,
      values: { uploadUrl: value.uploadUrl, image: value.image },
    });
    const foreign = read("images", 200, {
      value: { ...value, uploadUrl: "https://evil.example/put" },
    });
    expect(foreign.failure).toMatchObject({ kind: "platform", retryable: false });
    expect(foreign.failure?.message).toMatch(/evil\.example/);
    expect(read("images", 200, {}).ok).toBe(false);
  });

  it("trusts https LinkedIn hosts and the adapter's own origin only", () => {
    expect(trustedUploadUrl("https://api.linkedin.com/mediaUpload/x", BASE)).toBe(true);
    expect(trustedUploadUrl("http://www.linkedin.com/dms-uploads/x", BASE)).toBe(false);
    expect(trustedUploadUrl("https://linkedin.com.evil.example/x", BASE)).toBe(false);
    expect(
      trustedUploadUrl("http://127.0.0.1:9/linkedin/dms-uploads/x", "http://127.0.0.1:9/linkedin"),
    ).toBe(true);
    expect(trustedUploadUrl("not a url", BASE)).toBe(false);
  });

  it("reads errors: 401 auth, 403 and 426 platform, 400/422 validation, 5xx transient", () => {
    const error = (status: number, code: string) => ({
      status,
      serviceErrorCode: 100,
      code,
      message: `${code} msg`,
    });
    expect(read("posts", 401, error(401, "INVALID_ACCESS_TOKEN")).failure).toMatchObject({
      kind: "auth",
      code: "INVALID_ACCESS_TOKEN",
    });
    expect(read("posts", 403, error(403, "ACCESS_DENIED")).failure).toMatchObject({
      kind: "platform",
      retryable: false,
    });
    expect(read("posts", 426, error(426, "NONEXISTENT_VERSION")).failure?.message).toMatch(
      /sunset/,
    );
    expect(read("posts", 422, error(422, "UNPROCESSABLE_ENTITY")).failure?.kind).toBe("validation");
    expect(read("posts", 400, error(400, "VERSION_MISSING")).failure?.kind).toBe("validation");
    expect(read("posts", 503, "").failure).toMatchObject({
      kind: "transient",
      retryable: true,
      message: "HTTP 503",
    });
  });

  it("reads a 429 as a rate limit: Retry-After, or midnight UTC for a daily quota", () => {
    expect(
      read("posts", 429, { status: 429, message: "Too many requests" }, { "retry-after": "7" })
        .retryAfterMs,
    ).toBe(7000);
    const daily = read(
      "posts",
      429,
      {
        status: 429,
        message: "Resource level throttle MEMBER DAY limit for calls to this resource is reached.",
      },
      { date: "Fri, 27 Nov 2026 18:00:00 GMT" },
    );
    expect(daily.failure).toMatchObject({ kind: "rate-limit", retryable: true });
    expect(daily.retryAfterMs).toBe(6 * 3_600_000);
    expect(read("posts", 429, { status: 429, message: "slow down" }).retryAfterMs).toBeUndefined();
  });
});
