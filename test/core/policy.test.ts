// The retry policy in isolation: backoff bounds and the verdict for each kind of failure.
import { describe, expect, it } from "vitest";
import { AttemptError, judgeAttempt } from "../../src/delivery/attempt.js";
import { DEFAULT_RETRY_POLICY, retryDelay } from "../../src/delivery/retry-policy.js";
import {
  AuthError,
  DeliveryUnknownError,
  type Operation,
  PlatformError,
  RateLimitError,
} from "../../src/index.js";
import { TransportFailure } from "../../src/transport/http.js";
import { echo } from "../helpers/echo-adapter.js";

const policy = { ...DEFAULT_RETRY_POLICY, minDelayMs: 100, maxDelayMs: 1_000 };
const adapter = echo({ token: "t0ken-for-tests" });
const op = (idempotency: Operation["idempotency"]): Operation => ({
  step: "post",
  route: "post",
  method: "POST",
  path: "/post",
  idempotency,
});
const answer = (
  status: number,
  failure: NonNullable<ConstructorParameters<typeof AttemptError>[0]["reading"]>,
) =>
  new AttemptError({
    response: { status, headers: new Headers(), body: undefined },
    reading: failure,
  });

describe("retryDelay", () => {
  it("stays within the jittered exponential bounds and the cap", () => {
    for (let retry = 1; retry <= 8; retry++) {
      const ceiling = Math.min(1_000, 100 * 2 ** (retry - 1));
      for (const r of [0, 0.5, 0.999]) {
        const d = retryDelay(policy, retry, undefined, () => r);
        expect(d).toBeGreaterThanOrEqual(50);
        expect(d).toBeLessThanOrEqual(ceiling);
      }
    }
  });

  it("never waits less than the platform asked", () => {
    expect(retryDelay(policy, 1, 5_000, () => 0.5)).toBe(5_000);
  });
});

describe("judgeAttempt", () => {
  const now = 1_000_000;
  it("retries a rate limit, waiting what the platform asked or until its reset", () => {
    expect(
      judgeAttempt(
        adapter,
        op("none"),
        answer(429, { ok: false, retryAfterMs: 3_000 }),
        now,
        60_000,
      ),
    ).toEqual({
      retry: true,
      platformWaitMs: 3_000,
    });
    const reset = answer(429, { ok: false, rateLimit: { remaining: 0, resetAt: now + 7_000 } });
    expect(judgeAttempt(adapter, op("key"), reset, now, 60_000)).toEqual({
      retry: true,
      platformWaitMs: 7_000,
    });
  });

  it("does not retry a quota the adapter says waiting cannot restore", () => {
    const monthly = answer(429, {
      ok: false,
      failure: {
        kind: "rate-limit",
        message: "You have reached your monthly limit.",
        retryable: false,
      },
    });
    const verdict = judgeAttempt(adapter, op("key"), monthly, now, 60_000);
    expect(!verdict.retry && verdict.error).toBeInstanceOf(PlatformError);
    expect(!verdict.retry && verdict.error.message).toContain("monthly limit");
  });

  it("refuses a rate-limit wait beyond maxWaitMs", () => {
    const verdict = judgeAttempt(
      adapter,
      op("key"),
      answer(429, { ok: false, retryAfterMs: 90_000 }),
      now,
      60_000,
    );
    expect(verdict.retry).toBe(false);
    expect(!verdict.retry && verdict.error).toBeInstanceOf(RateLimitError);
  });

  it.each([
    ["a 5xx", () => answer(503, { ok: false, failure: { kind: "transient", message: "busy" } })],
    ["a timeout", () => new AttemptError({ transport: new TransportFailure("timed out", true) })],
    [
      "a connection loss",
      () => new AttemptError({ transport: new TransportFailure("reset", true) }),
    ],
  ])(
    "%s on an unkeyed create is unknown; with a key or when safe it is retried",
    (_name, failure) => {
      const none = judgeAttempt(adapter, op("none"), failure(), now, 60_000);
      expect(!none.retry && none.error).toBeInstanceOf(DeliveryUnknownError);
      expect(judgeAttempt(adapter, op("key"), failure(), now, 60_000).retry).toBe(true);
      expect(judgeAttempt(adapter, op("safe"), failure(), now, 60_000).retry).toBe(true);
    },
  );

  it("retries a connection that was never made, even for an unkeyed create", () => {
    const refused = new AttemptError({
      transport: new TransportFailure("connection failed (ECONNREFUSED)", false),
    });
    expect(judgeAttempt(adapter, op("none"), refused, now, 60_000).retry).toBe(true);
  });

  it("does not retry a definite refusal, typed by kind", () => {
    const auth = judgeAttempt(
      adapter,
      op("key"),
      answer(401, { ok: false, failure: { kind: "auth", message: "bad" } }),
      now,
      1,
    );
    expect(!auth.retry && auth.error).toBeInstanceOf(AuthError);
    const refused = judgeAttempt(
      adapter,
      op("key"),
      answer(400, {
        ok: false,
        failure: { kind: "validation", code: 400, message: "chat not found" },
      }),
      now,
      1,
    );
    expect(!refused.retry && refused.error).toBeInstanceOf(PlatformError);
    expect(!refused.retry && (refused.error as PlatformError).platformCode).toBe(400);
  });
});
