import { describe, expect, it } from "vitest";
import type { Operation } from "../../src/adapters/contract.js";
import { mastodon } from "../../src/adapters/mastodon/index.js";

const a = mastodon({ accessToken: "tok", instanceUrl: "https://mastodon.example" });
const [media, status] = a.render(
  { text: "x", media: [{ data: new Uint8Array([1]), mimeType: "image/png" }] },
  { kind: "feed" },
  { now: 0 },
).operations as [Operation, Operation];
const mediaPoll = media.poll!.request;

const RESET = "2026-11-27T08:05:00.000Z";
const limitHeaders = {
  "X-RateLimit-Limit": "300",
  "X-RateLimit-Remaining": "0",
  "X-RateLimit-Reset": RESET,
};
const rateLimit = { limit: 300, remaining: 0, resetAt: Date.parse(RESET) };

function read(op: Omit<Operation, "poll">, status: number, body: unknown, headers = {}) {
  return a.readResponse(op, { status, headers: new Headers(headers), body });
}

// Bodies shaped as the documentation's examples (docs.joinmastodon.org, specs/mastodon)
const STATUS = {
  id: "103254962155278888",
  created_at: "2019-12-05T11:34:47.196Z",
  content: "<p>test content</p>",
  url: "https://mastodon.example/@shop/103254962155278888",
  visibility: "public",
  application: { name: "test app", website: null },
};
const SCHEDULED = {
  id: "3221",
  scheduled_at: "2026-11-27T09:00:00.000Z",
  params: { text: "x", visibility: "public", application_id: 1, with_rate_limit: false },
  media_attachments: [],
};
const ATTACHMENT = {
  id: "22348641",
  type: "image",
  url: "https://files.mastodon.social/media_attachments/files/022/348/641/original/cebc6d51be03e509.jpeg",
  preview_url:
    "https://files.mastodon.social/media_attachments/files/022/348/641/small/cebc6d51be03e509.jpeg",
  remote_url: null,
  description: "test uploaded via api",
};

describe("mastodon readResponse: success", () => {
  it("reads a Status with rate-limit headers", () => {
    expect(read(status, 200, STATUS, limitHeaders)).toEqual({
      ok: true,
      id: "103254962155278888",
      values: { url: STATUS.url },
      rateLimit,
    });
  });

  it("reads a ScheduledStatus with a note", () => {
    const r = read(status, 200, SCHEDULED);
    expect(r).toMatchObject({
      ok: true,
      id: "3221",
      note: "scheduled for 2026-11-27T09:00:00.000Z",
    });
    expect(r.rateLimit).toBeUndefined();
  });

  it("reads media 200 as done and 202 as pending with the id", () => {
    expect(read(media, 200, ATTACHMENT)).toMatchObject({ ok: true, id: "22348641" });
    expect(read(media, 200, ATTACHMENT).pending).toBeUndefined();
    expect(read(media, 202, { ...ATTACHMENT, url: null })).toEqual({
      ok: true,
      pending: true,
      id: "22348641",
    });
  });

  it("reads the media poll: 206 pending, 200 done", () => {
    expect(read(mediaPoll, 206, undefined)).toEqual({ ok: true, pending: true });
    expect(read(mediaPoll, 200, ATTACHMENT)).toMatchObject({ ok: true, id: "22348641" });
  });

  it("reports a 200 without an id as a failure", () => {
    expect(read(status, 200, {})).toMatchObject({ ok: false, failure: { kind: "platform" } });
  });
});

describe("mastodon readResponse: errors", () => {
  it("401 and 403 are auth failures", () => {
    expect(read(status, 401, { error: "The access token is invalid" })).toEqual({
      ok: false,
      failure: { kind: "auth", message: "The access token is invalid", retryable: false },
    });
    expect(
      read(status, 403, { error: "This action is outside the authorized scopes" }).failure,
    ).toMatchObject({ kind: "auth", retryable: false });
  });

  it("422 is a validation failure with Mastodon's error", () => {
    const r = read(status, 422, {
      error: "Validation failed: Text character limit of 500 exceeded",
    });
    expect(r.failure).toEqual({
      kind: "validation",
      message: "Validation failed: Text character limit of 500 exceeded",
      retryable: false,
    });
  });

  it("404 is a platform failure", () => {
    expect(read(status, 404, { error: "Record not found" }).failure).toEqual({
      kind: "platform",
      message: "Record not found",
      retryable: false,
    });
  });

  it("429 is a rate limit with the reset from the headers and no invented retryAfter", () => {
    const r = read(media, 429, { error: "Too many requests" }, limitHeaders);
    expect(r).toEqual({
      ok: false,
      failure: { kind: "rate-limit", message: "Too many requests", retryable: true },
      rateLimit,
    });
    expect(r.retryAfterMs).toBeUndefined();
  });

  it("reads Retry-After in seconds or as a date against Date", () => {
    expect(
      read(status, 429, { error: "Too many requests" }, { "Retry-After": "30" }).retryAfterMs,
    ).toBe(30_000);
    expect(
      read(
        status,
        429,
        {},
        {
          "Retry-After": "Fri, 27 Nov 2026 08:01:00 GMT",
          Date: "Fri, 27 Nov 2026 08:00:00 GMT",
        },
      ).retryAfterMs,
    ).toBe(60_000);
  });

  it("5xx is transient and retryable, even with an HTML body", () => {
    expect(read(status, 503, { error: "Remote data could not be fetched" }).failure).toEqual({
      kind: "transient",
      message: "Remote data could not be fetched",
      retryable: true,
    });
    expect(read(status, 502, "<html>Bad Gateway</html>").failure).toEqual({
      kind: "transient",
      message: "HTTP 502",
      retryable: true,
    });
  });

  it("reads a nested error and error_description", () => {
    expect(
      read(status, 422, { error: { error: "Validation failed: Name is too long" } }).failure
        ?.message,
    ).toBe("Validation failed: Name is too long");
    expect(
      read(status, 400, { error: "invalid_grant", error_description: "The grant is invalid" })
        .failure,
    ).toMatchObject({ kind: "platform", message: "invalid_grant: The grant is invalid" });
  });
});
