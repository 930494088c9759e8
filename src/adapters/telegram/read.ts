import { retryAfterMs } from "../../transport/retry-after.js";
import type { Operation, PlatformResponse, ResponseReading } from "../contract.js";

type Failure = NonNullable<ResponseReading["failure"]>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** How much of a non-JSON error body (a proxy's HTML page) goes into a message: our choice, to keep reports short. */
const MAX_RAW_BODY = 200;

/** Replaces every secret in `text` so that no token reaches a report. */
function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length > 0) out = out.split(secret).join("[redacted]");
  return out;
}

/** Reads the ids of a sent `Message` or array of them (https://core.telegram.org/bots/api#message). */
function readSuccess(result: unknown): ResponseReading {
  const messages = (Array.isArray(result) ? result : [result]).filter(isRecord);
  const ids = messages
    .map((m) => m.message_id)
    .filter((id): id is number | string => typeof id === "number" || typeof id === "string")
    .map(String);
  if (ids.length === 0) return { ok: true };
  const reading: ResponseReading = { ok: true, id: ids.join(",") };
  const values: Record<string, string> = { message_id: ids.join(",") };
  const chat = messages[0]?.chat;
  if (isRecord(chat) && (typeof chat.id === "number" || typeof chat.id === "string")) {
    values.chat_id = String(chat.id);
  }
  const group = messages[0]?.media_group_id;
  if (typeof group === "string") values.media_group_id = group;
  reading.values = values;
  return reading;
}

/** The failure kind for an HTTP status / Bot API `error_code`. */
function classify(code: number): Pick<Failure, "kind" | "retryable"> {
  if (code === 429) return { kind: "rate-limit", retryable: true };
  if (code === 401) return { kind: "auth", retryable: false };
  if (code === 400) return { kind: "validation", retryable: false };
  if (code >= 500) return { kind: "transient", retryable: true };
  // 403 (bot blocked by the user, kicked from the group), 404, 409 and the rest
  return { kind: "platform", retryable: false };
}

/**
 * Reads a Bot API response (https://core.telegram.org/bots/api#making-requests): `{ok: true,
 * result}` gives the message id (ids of an album joined by `,`); `{ok: false, error_code,
 * description, parameters}` gives a failure, with `parameters.retry_after` (seconds) as
 * `retryAfterMs` and `parameters.migrate_to_chat_id` named in the message. Pure.
 */
export function readTelegramResponse(
  _operation: Omit<Operation, "poll">,
  response: PlatformResponse,
  secrets: readonly string[],
): ResponseReading {
  const body = isRecord(response.body) ? response.body : undefined;
  const success = response.status >= 200 && response.status < 300;
  if (success && body?.ok === true) return readSuccess(body.result);

  const errorCode = typeof body?.error_code === "number" ? body.error_code : undefined;
  // a 200 with ok: false is not documented; its error_code decides then
  const code = success && errorCode !== undefined ? errorCode : response.status;
  const parameters = isRecord(body?.parameters) ? body.parameters : {};
  let message =
    typeof body?.description === "string"
      ? body.description
      : typeof response.body === "string" && response.body.length > 0
        ? `HTTP ${response.status}: ${redact(response.body, secrets).slice(0, MAX_RAW_BODY)}`
        : `HTTP ${response.status}`;
  let { kind, retryable } = classify(code);

  const migrateTo = parameters.migrate_to_chat_id;
  if (typeof migrateTo === "number" || typeof migrateTo === "string") {
    kind = "platform";
    retryable = false;
    message = `${message}; the group is now the supergroup ${migrateTo}: send to chat ${migrateTo} instead`;
  }
  if (code === 401) message = `${message} (check the bot token)`;

  const failure: Failure = { kind, message: redact(message, secrets), retryable };
  const platformCode = errorCode ?? (body === undefined ? undefined : response.status);
  if (platformCode !== undefined) failure.code = platformCode;
  const reading: ResponseReading = { ok: false, failure };

  const retryAfter = parameters.retry_after;
  if (typeof retryAfter === "number" && retryAfter >= 0) {
    reading.retryAfterMs = retryAfter * 1000;
  } else if (kind === "rate-limit") {
    // not documented for the Bot API, but honored when a proxy sends it (RFC 9110 §10.2.3)
    const header = retryAfterMs(response.headers);
    if (header !== undefined) reading.retryAfterMs = header;
  }
  return reading;
}
