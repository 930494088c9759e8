import type { FailureKind, Operation, PlatformResponse, ResponseReading } from "../contract.js";

/** LINE's error body (spec `ErrorResponse`, https://developers.line.biz/en/reference/messaging-api/#error-responses). */
interface LineErrorBody {
  message?: unknown;
  details?: unknown;
}

/** Longest error text kept: our bound, so that a page of HTML (or worse) stays out of reports. */
const MAX_MESSAGE = 500;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** LINE's `message` plus each `details` entry (`property: message`). */
function errorText(body: unknown, fallback: string): string {
  if (typeof body === "string" && body.trim()) return body.trim();
  if (!isRecord(body)) return fallback;
  const { message, details } = body as LineErrorBody;
  const head = typeof message === "string" && message ? message : fallback;
  const parts = Array.isArray(details)
    ? details.filter(isRecord).map((d) => {
        const text = typeof d.message === "string" ? d.message : "invalid";
        return typeof d.property === "string" ? `${d.property}: ${text}` : text;
      })
    : [];
  return parts.length > 0 ? `${head}: ${parts.join("; ")}` : head;
}

function failure(
  kind: FailureKind,
  message: string,
  retryable: boolean,
  code?: string | number,
): ResponseReading {
  const text = message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message;
  return {
    ok: false,
    failure: { kind, message: text, retryable, ...(code !== undefined && { code }) },
  };
}

/** Reads a `GET /v2/bot/message/progress/narrowcast` answer (spec `NarrowcastProgressResponse`). */
function readProgress(operation: Omit<Operation, "poll">, body: unknown): ResponseReading {
  const requestId = operation.query?.requestId;
  const id = requestId !== undefined && !requestId.includes("{{") ? { id: requestId } : {};
  const phase = isRecord(body) ? body.phase : undefined;
  if (!isRecord(body) || typeof phase !== "string") {
    return failure("platform", "unexpected narrowcast progress response (no phase)", false);
  }
  const count = (name: string): string =>
    typeof body[name] === "number" ? String(body[name]) : "?";
  switch (phase) {
    case "waiting":
    case "sending":
      return { ok: true, pending: true, ...id, note: `narrowcast ${phase}` };
    case "succeeded":
      return {
        ok: true,
        ...id,
        note: `narrowcast succeeded: ${count("successCount")} sent, ${count("failureCount")} failed, of ${count("targetCount")} targeted`,
      };
    case "failed": {
      const code = typeof body.errorCode === "number" ? body.errorCode : undefined;
      const description =
        typeof body.failedDescription === "string" ? body.failedDescription : "no description";
      return { ...id, ...failure("platform", `narrowcast failed: ${description}`, false, code) };
    }
    default:
      return failure("platform", `unknown narrowcast phase ${phase}`, false);
  }
}

/**
 * Reads a LINE response (https://developers.line.biz/en/reference/messaging-api/#status-codes).
 * Pure. 200: ok, id = push/reply `sentMessages[0].id` or the `x-line-request-id` header;
 * narrowcast 202: pending, `values.requestId`; progress: pending while waiting/sending;
 * 409 with `x-line-accepted-request-id`: ok, already accepted (the retry key was seen);
 * 400 validation, 401 auth, 403 platform, 429 rate-limit (retryable, except the monthly
 * message quota), 5xx transient.
 */
export function readLineResponse(
  operation: Omit<Operation, "poll">,
  response: PlatformResponse,
): ResponseReading {
  const { status, headers, body } = response;
  const requestId = headers.get("x-line-request-id") ?? undefined;
  const values = requestId !== undefined ? { values: { requestId } } : {};

  if (status >= 200 && status < 300) {
    if (operation.route === "progress") return readProgress(operation, body);
    if (operation.route === "narrowcast") {
      return {
        ok: true,
        pending: true,
        ...(requestId !== undefined && { id: requestId }),
        ...values,
        note: "narrowcast accepted",
      };
    }
    const sent = isRecord(body) && Array.isArray(body.sentMessages) ? body.sentMessages : [];
    const first = sent[0];
    const messageId = isRecord(first) && typeof first.id === "string" ? first.id : undefined;
    const id = messageId ?? requestId;
    return { ok: true, ...(id !== undefined && { id }), ...values };
  }

  if (status === 409) {
    const accepted = headers.get("x-line-accepted-request-id");
    if (accepted !== null) {
      return {
        ok: true,
        id: accepted,
        values: { requestId: accepted },
        note: "already accepted (409): the retry key was seen, nothing was sent twice",
        // a narrowcast accepted earlier is still followed through its progress
        ...(operation.route === "narrowcast" && { pending: true }),
      };
    }
    return failure("platform", errorText(body, "conflict"), false);
  }

  const text = errorText(body, `HTTP ${status}`);
  if (status === 400) return failure("validation", text, false);
  if (status === 401) return failure("auth", text, false);
  if (status === 403) return failure("platform", text, false);
  if (status === 429) {
    // "You have reached your monthly limit." is the message quota, not the rate: waiting a
    // moment does not help (https://developers.line.biz/en/reference/messaging-api/#status-codes)
    return failure("rate-limit", text, !/monthly limit/i.test(text));
  }
  if (status >= 500) return failure("transient", text, true);
  return failure("platform", text, false);
}
