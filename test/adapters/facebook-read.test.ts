import { describe, expect, it } from "vitest";
import type { Operation } from "../../src/adapters/contract.js";
import { readFacebookResponse } from "../../src/adapters/facebook/read.js";
import { readGraphUsage } from "../../src/adapters/facebook/usage.js";

const post: Operation = {
  step: "post",
  route: "feed",
  method: "POST",
  path: "/1/feed",
  body: { urlencoded: { message: "x" } },
  idempotency: "none",
};
const DATE = "Fri, 27 Nov 2026 08:00:00 GMT";

function read(status: number, body: unknown, headers: Record<string, string> = {}, op = post) {
  return readFacebookResponse(op, { status, headers: new Headers(headers), body });
}

const graphError = (code: number, extra: Record<string, unknown> = {}) => ({
  error: {
    message: `(#${code}) something`,
    type: "OAuthException",
    code,
    fbtrace_id: "A1",
    ...extra,
  },
});

const buc = (callCount: number, regainMinutes: number) =>
  JSON.stringify({
    "1": [
      {
        type: "pages",
        call_count: callCount,
        total_cputime: 3,
        total_time: 4,
        estimated_time_to_regain_access: regainMinutes,
      },
    ],
  });

describe("facebook readResponse: successes", () => {
  it("reads the post id, and a photo post's post_id before the photo id", () => {
    expect(read(200, { id: "1_2" })).toEqual({ ok: true, id: "1_2" });
    expect(read(200, { id: "55", post_id: "1_56" }).id).toBe("1_56");
    expect(read(200, {}).failure?.kind).toBe("platform");
  });

  it("notes the time of a scheduled post", () => {
    const scheduled = {
      ...post,
      body: { urlencoded: { published: "false", scheduled_publish_time: "1796544000" } },
    };
    expect(read(200, { id: "1_3" }, {}, scheduled).note).toBe(
      "scheduled for 2026-12-06T08:00:00.000Z",
    );
  });
});

describe("facebook readResponse: usage headers", () => {
  it("reads the highest of X-App-Usage and X-Business-Use-Case-Usage", () => {
    const headers = new Headers({
      "x-app-usage": '{"call_count":28,"total_time":25,"total_cputime":25}',
      "x-business-use-case-usage": buc(41, 0),
    });
    expect(readGraphUsage(headers)).toEqual({ percent: 41, regainMs: 0 });
    expect(readGraphUsage(new Headers())).toBeUndefined();
    expect(readGraphUsage(new Headers({ "x-app-usage": "not json" }))).toBeUndefined();
  });

  it("reports the remaining share, and at 100 % a reset at Date + estimated_time_to_regain_access", () => {
    expect(read(200, { id: "1_2" }, { "x-business-use-case-usage": buc(60, 0) }).rateLimit).toEqual(
      {
        limit: 100,
        remaining: 40,
      },
    );
    const full = read(
      200,
      { id: "1_2" },
      { "x-business-use-case-usage": buc(100, 19), date: DATE },
    );
    expect(full.rateLimit).toEqual({
      limit: 100,
      remaining: 0,
      resetAt: Date.parse(DATE) + 19 * 60_000,
    });
  });
});

describe("facebook readResponse: errors", () => {
  it.each([4, 17, 32, 613, 80001])("reads code %i as a retryable rate limit", (code) => {
    const reading = read(400, graphError(code), {
      "x-business-use-case-usage": buc(100, 7),
      date: DATE,
    });
    expect(reading.ok).toBe(false);
    expect(reading.failure).toMatchObject({ kind: "rate-limit", code, retryable: true });
    expect(reading.retryAfterMs).toBe(7 * 60_000);
  });

  it("reads 190 as rejected credentials, 1 / 2 / is_transient as transient, 100 as invalid input", () => {
    expect(read(400, graphError(190)).failure).toMatchObject({ kind: "auth", retryable: false });
    expect(read(500, graphError(1)).failure).toMatchObject({ kind: "transient", retryable: true });
    expect(read(400, graphError(2)).failure?.kind).toBe("transient");
    expect(read(400, graphError(368, { is_transient: true })).failure?.kind).toBe("transient");
    expect(read(400, graphError(100, { error_subcode: 33 })).failure).toMatchObject({
      kind: "validation",
      message: "(#100) something (subcode 33)",
    });
    expect(read(403, graphError(200)).failure).toMatchObject({
      kind: "platform",
      retryable: false,
    });
    expect(read(502, "<html>bad gateway</html>").failure?.kind).toBe("transient");
  });

  it("takes Retry-After before the usage estimate", () => {
    expect(read(400, graphError(613), { "retry-after": "30" }).retryAfterMs).toBe(30_000);
  });
});
