import type { FailureKind, ResponseReading } from "./contract.js";

/** Longest platform error message kept in a reading: our bound, so a page of HTML stays out of reports. */
const MAX_MESSAGE = 500;

/**
 * A failed reading: the platform's message clipped to 500 characters, its own `code` when it has
 * one, and retryable exactly when it is a rate limit or transient.
 */
export function failed(
  kind: FailureKind,
  message: string,
  code?: string | number,
): ResponseReading & { ok: false } {
  return {
    ok: false,
    failure: {
      kind,
      ...(code !== undefined && { code }),
      message: message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message,
      retryable: kind === "rate-limit" || kind === "transient",
    },
  };
}
