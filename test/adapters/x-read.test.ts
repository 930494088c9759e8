import { describe, expect, it } from "vitest";
import type { Operation, PlatformResponse } from "../../src/adapters/contract.js";
import { readXRateLimit, X_DUPLICATE_CONTENT } from "../../src/adapters/x/index.js";
import { readXResponse } from "../../src/adapters/x/read.js";

const post: Operation = {
  step: "post-0",
  route: "tweets",
  method: "POST",
  path: "/2/tweets",
  idempotency: "none",
};
const finalize: Operation = {
  step: "media-0",
  route: "media",
  method: "POST",
  path: "/2/media/upload/1/finalize",
  idempotency: "safe",
};

function response(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): PlatformResponse {
  return { status, body, headers: new Headers(headers) };
}

const RESET = 1_790_000_000; // Unix seconds

describe("readXRateLimit", () => {
  it("reads the 15-minute window when nothing is exhausted", () => {
    const headers = new Headers({
      "x-rate-limit-limit": "100",
      "x-rate-limit-remaining": "99",
      "x-rate-limit-reset": String(RESET),
      "x-app-limit-24hour-limit": "10000",
      "x-app-limit-24hour-remaining": "5000",
      "x-app-limit-24hour-reset": String(RESET + 80_000),
    });
    expect(readXRateLimit(headers)).toEqual({ limit: 100, remaining: 99, resetAt: RESET * 1000 });
  });

  it("reports an exhausted 24-hour window, the latest reset winning", () => {
    const headers = new Headers({
      "x-rate-limit-limit": "100",
      "x-rate-limit-remaining": "0",
      "x-rate-limit-reset": String(RESET),
      "x-user-limit-24hour-limit": "17",
      "x-user-limit-24hour-remaining": "0",
      "x-user-limit-24hour-reset": String(RESET + 50_000),
    });
    expect(readXRateLimit(headers)).toEqual({
      limit: 17,
      remaining: 0,
      resetAt: (RESET + 50_000) * 1000,
    });
    expect(readXRateLimit(new Headers())).toBeUndefined();
  });
});

describe("readXResponse", () => {
  it("reads a created post's id", () => {
    expect(
      readXResponse(post, response(201, { data: { id: "1460323737035677698", text: "hi" } })),
    ).toEqual({ ok: true, id: "1460323737035677698" });
  });

  it("marks the duplicate-content 403 as never retryable, with its own code", () => {
    const body = {
      detail: "You are not allowed to create a Tweet with duplicate content.",
      type: "about:blank",
      title: "Forbidden",
      status: 403,
    };
    expect(readXResponse(post, response(403, body)).failure).toEqual({
      kind: "platform",
      code: X_DUPLICATE_CONTENT,
      message: "Forbidden: You are not allowed to create a Tweet with duplicate content.",
      retryable: false,
    });
  });

  it("classifies 401, 429, 400 and 5xx", () => {
    const problem = (status: number) =>
      response(
        status,
        { title: "T", detail: "D", type: "https://api.x.com/2/problems/invalid-request" },
        { "x-rate-limit-remaining": "0", "x-rate-limit-reset": String(RESET) },
      );
    expect(readXResponse(post, problem(401)).failure?.kind).toBe("auth");
    const limited = readXResponse(post, problem(429));
    expect(limited.failure).toMatchObject({ kind: "rate-limit", retryable: true });
    expect(limited.rateLimit?.resetAt).toBe(RESET * 1000);
    expect(limited.retryAfterMs).toBeUndefined();
    expect(readXResponse(post, problem(400)).failure).toMatchObject({
      kind: "validation",
      code: "invalid-request",
      message: "T: D",
    });
    expect(readXResponse(post, problem(503)).failure).toMatchObject({
      kind: "transient",
      retryable: true,
    });
    expect(readXResponse(post, response(200, {})).failure?.message).toMatch(/without an id/);
  });

  it("reads media processing: pending, done, failed", () => {
    const data = (state?: string) => ({
      data: { id: "55", ...(state ? { processing_info: { state } } : {}) },
    });
    expect(readXResponse(finalize, response(200, data("pending")))).toMatchObject({
      ok: true,
      id: "55",
      pending: true,
    });
    expect(readXResponse(finalize, response(200, data("in_progress"))).pending).toBe(true);
    expect(readXResponse(finalize, response(200, data("succeeded"))).pending).toBeUndefined();
    expect(readXResponse(finalize, response(200, data())).ok).toBe(true);
    const failed = {
      data: { id: "55", processing_info: { state: "failed", error: { message: "InvalidMedia" } } },
    };
    expect(readXResponse(finalize, response(200, failed)).failure).toMatchObject({
      kind: "validation",
      message: "InvalidMedia",
      retryable: false,
    });
    expect(
      readXResponse(
        { ...finalize, step: "media-0-append-0" },
        response(200, { data: { expires_at: 1 } }),
      ).ok,
    ).toBe(true);
  });
});
