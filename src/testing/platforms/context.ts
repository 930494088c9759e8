import type { SeededRandom } from "../../util/random.js";
import type { ParsedBody } from "../body.js";
import type { BodyValidator, RecordedRequest, SimClock } from "../types.js";

/** One request as a platform simulator sees it. */
export interface PlatformRequest {
  /** HTTP method (upper case). */
  readonly method: string;
  /** Path relative to the platform's base URL, with its secrets (not yet redacted). */
  readonly path: string;
  /** The platform's base URL as this request reached it (origin and base path), for URLs in answers. */
  readonly baseUrl: string;
  /** Query parameters. */
  readonly query: URLSearchParams;
  /** Request headers. */
  readonly headers: Headers;
  /** Decoded body. */
  readonly body: ParsedBody;
  /** Simulator time of arrival (ms). */
  readonly now: number;
  /** The record of this request; the platform fills `operation` and `schemaErrors`. */
  readonly record: RecordedRequest;
  /** Set to true when the answer is a 429 caused by a rate limit. */
  rateLimited: boolean;
}

/** What every platform simulator shares with the simulator core. */
export interface PlatformEnv {
  /** Validates a body against the official schema. */
  readonly validate: BodyValidator;
  /** Seeded source for ids. */
  readonly random: SeededRandom;
  /** The simulator's clock (for what happens outside a request, like a seeded comment). */
  readonly clock: SimClock;
}

/**
 * A simulated platform as the simulator core loads it: a platform is added by a folder of its own
 * exporting one of these, listed in `./index.ts`.
 */
export interface SimulatedPlatform<Options, Sim extends PlatformSimulator> {
  /** The real API's base URL, where the simulator serves the platform by default. */
  readonly baseUrl: string;
  /**
   * Makes the platform's simulator from the caller's options; `undefined` when the caller gave
   * none, and then the platform accepts no credentials (every call gets 401).
   */
  create(options: Options | undefined, env: PlatformEnv): Sim;
}

/** A platform's behaviour behind the simulator core. */
export interface PlatformSimulator {
  /** Answers one request (that was not cut off by a "before" fault). */
  handle(request: PlatformRequest): Response | Promise<Response>;
  /** The platform's answer to a server error of `status` (used by "5xx" faults). */
  serverError(status: number): Response;
  /**
   * The platform's own 429 answer asking to wait `retryAfterMs` from `now` (used by "429"
   * faults), in the shape and with the headers the real platform sends.
   */
  tooManyRequests(now: number, retryAfterMs: number): Response;
  /** `path` with secrets replaced, for the record. */
  redactPath(path: string): string;
  /** Forgets all state (deliveries, windows, idempotency keys). */
  reset(): void;
}

/** A JSON response with `status` and extra `headers`. */
export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

/** Reads an `Authorization: Bearer <token>` header; undefined when absent or malformed. */
export function bearerToken(headers: Headers): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.get("authorization") ?? "");
  return match?.[1];
}

/** Validation encoding for a parsed body: `json`, or `form` for urlencoded/multipart/query. */
export function validationEncoding(request: PlatformRequest): "json" | "form" {
  return request.body.encoding === "json" ? "json" : "form";
}

/** A plain object view of a body (empty object when it is not one). */
export function fieldsOf(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** The `Date` header value of a simulator time (RFC 9110 IMF-fixdate). */
export function httpDate(now: number): string {
  return new Date(now).toUTCString();
}
