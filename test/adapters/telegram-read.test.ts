import { describe, expect, it } from "vitest";
import type { Operation, PlatformResponse } from "../../src/adapters/contract.js";
import { telegram } from "../../src/adapters/telegram/index.js";

const TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
const adapter = telegram({ botToken: TOKEN });
const [operation] = adapter.render({ text: "hi" }, { kind: "chat", chat: "@shopnews" }, { now: 0 })
  .operations as [Operation];

const respond = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  adapter.readResponse(operation, {
    status,
    headers: new Headers(headers),
    body,
  } as PlatformResponse);

// Response shapes from https://core.telegram.org/bots/api#making-requests and #message
const sent = {
  message_id: 4242,
  sender_chat: { id: -1001234567890, title: "Shop news", type: "channel", username: "shopnews" },
  chat: { id: -1001234567890, title: "Shop news", type: "channel", username: "shopnews" },
  date: 1764230400,
  text: "hi",
};

describe("telegram readResponse", () => {
  it("reads the message id of a sent message", () => {
    expect(respond(200, { ok: true, result: sent })).toEqual({
      ok: true,
      id: "4242",
      values: { message_id: "4242", chat_id: "-1001234567890" },
    });
  });

  it("joins the ids of a media group", () => {
    const album = [10, 11, 12].map((id) => ({ ...sent, message_id: id, media_group_id: "1380" }));
    const reading = respond(200, { ok: true, result: album });
    expect(reading.ok).toBe(true);
    expect(reading.id).toBe("10,11,12");
    expect(reading.values?.media_group_id).toBe("1380");
  });

  it("reads 400 as a validation failure with the description", () => {
    const reading = respond(400, {
      ok: false,
      error_code: 400,
      description: "Bad Request: chat not found",
    });
    expect(reading).toEqual({
      ok: false,
      failure: {
        kind: "validation",
        code: 400,
        message: "Bad Request: chat not found",
        retryable: false,
      },
    });
  });

  it("reads a group migration as a platform failure naming the new chat id", () => {
    const reading = respond(400, {
      ok: false,
      error_code: 400,
      description: "Bad Request: group chat was upgraded to a supergroup chat",
      parameters: { migrate_to_chat_id: -1009876543210 },
    });
    expect(reading.failure?.kind).toBe("platform");
    expect(reading.failure?.retryable).toBe(false);
    expect(reading.failure?.message).toContain("-1009876543210");
  });

  it("reads 401 as an auth failure", () => {
    const reading = respond(401, { ok: false, error_code: 401, description: "Unauthorized" });
    expect(reading.failure).toMatchObject({ kind: "auth", code: 401, retryable: false });
  });

  it("reads 403 (bot blocked) as a platform failure that is not retried", () => {
    const reading = respond(403, {
      ok: false,
      error_code: 403,
      description: "Forbidden: bot was blocked by the user",
    });
    expect(reading.failure).toEqual({
      kind: "platform",
      code: 403,
      message: "Forbidden: bot was blocked by the user",
      retryable: false,
    });
  });

  it("reads 409 as a platform failure", () => {
    const reading = respond(409, {
      ok: false,
      error_code: 409,
      description: "Conflict: terminated by other getUpdates request",
    });
    expect(reading.failure).toMatchObject({ kind: "platform", retryable: false });
  });

  it("reads 429 with retry_after in seconds", () => {
    const reading = respond(429, {
      ok: false,
      error_code: 429,
      description: "Too Many Requests: retry after 35",
      parameters: { retry_after: 35 },
    });
    expect(reading.failure).toMatchObject({ kind: "rate-limit", code: 429, retryable: true });
    expect(reading.retryAfterMs).toBe(35_000);
  });

  it("falls back to a Retry-After header on a 429 without parameters", () => {
    const reading = respond(429, "Too Many Requests", { "retry-after": "3" });
    expect(reading.failure?.kind).toBe("rate-limit");
    expect(reading.retryAfterMs).toBe(3000);
  });

  it("reads 5xx as transient and retryable", () => {
    expect(
      respond(502, { ok: false, error_code: 502, description: "Bad Gateway" }).failure,
    ).toEqual({ kind: "transient", code: 502, message: "Bad Gateway", retryable: true });
    const html = respond(504, "<html>Gateway Time-out</html>");
    expect(html.failure).toMatchObject({ kind: "transient", retryable: true });
    expect(html.failure?.message).toContain("504");
  });

  it("never puts the token into a failure message", () => {
    const reading = respond(500, `upstream error for /bot${TOKEN}/sendMessage`);
    expect(reading.failure?.message).not.toContain(TOKEN);
    expect(reading.failure?.message).toContain("[redacted]");
  });

  it("reads a 200 with ok: false by its error_code", () => {
    const reading = respond(200, { ok: false, error_code: 400, description: "Bad Request: x" });
    expect(reading.ok).toBe(false);
    expect(reading.failure?.kind).toBe("validation");
  });
});
