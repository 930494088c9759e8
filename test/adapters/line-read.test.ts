import { describe, expect, it } from "vitest";
import type { Operation } from "../../src/adapters/contract.js";
import { line } from "../../src/adapters/line/index.js";

const adapter = line({ channelAccessToken: "t" });
const USER = "U4af4980629a3d1f29a47b7ddb5c0d0a1";
const REQUEST_ID = "3a785346-2cf3-482f-8cd5-7fdb4c2a5a5f";

const ops = {
  push: adapter.render({ text: "x" }, { kind: "chat", chat: USER }, { now: 0 }).operations[0]!,
  multicast: adapter.render(
    { text: "x" },
    { kind: "recipients", recipients: [{ id: USER }] },
    { now: 0 },
  ).operations[0]!,
  narrowcast: adapter.render(
    { text: "x" },
    { kind: "segment", segment: { gender: "male" } },
    { now: 0 },
  ).operations[0]!,
};
const progress: Omit<Operation, "poll"> = {
  ...ops.narrowcast.poll!.request,
  query: { requestId: REQUEST_ID },
};

function read(
  op: Omit<Operation, "poll">,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  return adapter.readResponse(op, { status, headers: new Headers(headers), body });
}

describe("line readResponse: success", () => {
  it("reads the push message id", () => {
    const reading = read(
      ops.push,
      200,
      { sentMessages: [{ id: "461230966842064897", quoteToken: "IStG5h1Tz7b..." }] },
      { "x-line-request-id": REQUEST_ID },
    );
    expect(reading).toMatchObject({
      ok: true,
      id: "461230966842064897",
      values: { requestId: REQUEST_ID },
    });
    expect(reading.pending).toBeUndefined();
  });

  it("reads a multicast's request id from the header", () => {
    expect(read(ops.multicast, 200, {}, { "x-line-request-id": REQUEST_ID })).toMatchObject({
      ok: true,
      id: REQUEST_ID,
    });
  });

  it("reads an accepted narrowcast as pending with its request id", () => {
    expect(read(ops.narrowcast, 202, {}, { "x-line-request-id": REQUEST_ID })).toEqual({
      ok: true,
      pending: true,
      id: REQUEST_ID,
      values: { requestId: REQUEST_ID },
      note: "narrowcast accepted",
    });
  });

  it("reads narrowcast progress phases", () => {
    const accepted = "2020-12-03T10:15:30.121Z";
    for (const phase of ["waiting", "sending"]) {
      expect(read(progress, 200, { phase, acceptedTime: accepted })).toMatchObject({
        ok: true,
        pending: true,
      });
    }
    const done = read(progress, 200, {
      phase: "succeeded",
      successCount: 98,
      failureCount: 2,
      targetCount: 100,
      acceptedTime: accepted,
      completedTime: "2020-12-03T10:15:31.121Z",
    });
    expect(done.ok).toBe(true);
    expect(done.pending).toBeUndefined();
    expect(done.id).toBe(REQUEST_ID);
    expect(done.note).toBe("narrowcast succeeded: 98 sent, 2 failed, of 100 targeted");
    const failed = read(progress, 200, {
      phase: "failed",
      failedDescription: "authentication failed",
      errorCode: 4,
      acceptedTime: accepted,
      completedTime: accepted,
    });
    expect(failed.ok).toBe(false);
    expect(failed.failure).toEqual({
      kind: "platform",
      code: 4,
      message: "narrowcast failed: authentication failed",
      retryable: false,
    });
  });

  it("reads 409 with x-line-accepted-request-id as already accepted", () => {
    const body = { message: "The retry key is already accepted" };
    const headers = { "x-line-request-id": "other", "x-line-accepted-request-id": REQUEST_ID };
    const push = read(ops.push, 409, { ...body, sentMessages: [{ id: "1" }] }, headers);
    expect(push).toMatchObject({ ok: true, id: REQUEST_ID });
    expect(push.note).toMatch(/already accepted/);
    expect(push.pending).toBeUndefined();
    // an already accepted narrowcast is still followed through its progress
    expect(read(ops.narrowcast, 409, body, headers)).toMatchObject({
      ok: true,
      pending: true,
      values: { requestId: REQUEST_ID },
    });
    expect(read(ops.push, 409, body).ok).toBe(false);
  });
});

describe("line readResponse: failures", () => {
  it("reads 400 as validation with LINE's message and details", () => {
    const reading = read(ops.push, 400, {
      message: "The request body has 2 error(s)",
      details: [
        { message: "May not be empty", property: "messages[0].text" },
        {
          message: "Must be one of the following values: [text, image]",
          property: "messages[1].type",
        },
      ],
    });
    expect(reading.ok).toBe(false);
    expect(reading.failure).toEqual({
      kind: "validation",
      retryable: false,
      message:
        "The request body has 2 error(s): messages[0].text: May not be empty; messages[1].type: Must be one of the following values: [text, image]",
    });
  });

  it("reads 401 as auth and 403 as platform", () => {
    const auth = read(ops.push, 401, {
      message:
        "Authentication failed. Confirm that the access token in the authorization header is valid.",
    });
    expect(auth.failure).toMatchObject({ kind: "auth", retryable: false });
    expect(auth.failure?.message).toMatch(/Authentication failed/);
    const forbidden = read(ops.narrowcast, 403, {
      message: "Access to this API is not available for your account",
    });
    expect(forbidden.failure).toMatchObject({ kind: "platform", retryable: false });
  });

  it("reads 429 as a retryable rate limit, except the monthly quota", () => {
    const rate = read(ops.multicast, 429, { message: "Too Many Requests" });
    expect(rate.failure).toMatchObject({ kind: "rate-limit", retryable: true });
    expect(rate.retryAfterMs).toBeUndefined();
    const quota = read(ops.push, 429, { message: "You have reached your monthly limit." });
    expect(quota.failure).toMatchObject({ kind: "rate-limit", retryable: false });
  });

  it("reads 5xx as transient and retryable", () => {
    expect(read(ops.push, 500, { message: "Internal server error" }).failure).toEqual({
      kind: "transient",
      message: "Internal server error",
      retryable: true,
    });
    expect(read(ops.push, 503, "Service Unavailable").failure).toMatchObject({
      kind: "transient",
      message: "Service Unavailable",
    });
    expect(read(ops.push, 502, undefined).failure?.message).toBe("HTTP 502");
  });
});
