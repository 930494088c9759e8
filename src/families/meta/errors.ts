/**
 * Graph API errors, the same on every Meta platform
 * (https://developers.facebook.com/docs/graph-api/guides/error-handling): a body
 * `{ error: { message, type, code, error_subcode, is_transient, fbtrace_id } }`, its codes read
 * as the core's failure kinds, the rate-limit codes among them.
 */
import type { FailureKind, ResponseReading } from "../../adapters/contract.js";
import { failed } from "../../adapters/failure.js";
import { graphText } from "./graph.js";

/** What Herald reads of a Graph error (`type` and `fbtrace_id` are left in the raw body). */
export interface GraphError {
  /** `error.message`, when it is text. */
  message?: string;
  /** `error.code`. */
  code?: number;
  /** `error.error_subcode`. */
  subcode?: number;
  /** `error.is_transient: true`: "temporary issue, retry". */
  transient: boolean;
}

const record = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};

const integer = (value: unknown): number | undefined =>
  typeof value === "number" ? value : undefined;

/** Reads the `error` object of a Graph answer (empty when the body has none). */
export function readGraphError(body: unknown): GraphError {
  const error = record(record(body).error);
  const message = graphText(error.message);
  const code = integer(error.code);
  const subcode = integer(error.error_subcode);
  return {
    ...(message !== undefined && { message }),
    ...(code !== undefined && { code }),
    ...(subcode !== undefined && { subcode }),
    transient: error.is_transient === true,
  };
}

/**
 * Platform rate limits, on every Meta API
 * (https://developers.facebook.com/docs/graph-api/overview/rate-limiting/, "Error codes").
 */
const PLATFORM_RATE_LIMIT_CODES = [
  4, // application request limit reached
  17, // user request limit reached
  32, // Page request limit reached
  613, // calls exceed the rate limit
] as const;

/**
 * Business Use Case rate-limit codes by use case (the same page, "Business Use Case Rate
 * Limits"; 80007, the WhatsApp Business Account limit, from
 * https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes).
 */
export const BUSINESS_USE_CASE_CODES = {
  pages: 80001,
  instagram: 80002,
  customAudience: 80003,
  adsManagement: 80004,
  leadGen: 80005,
  messenger: 80006,
  whatsappBusinessAccount: 80007,
  whatsappBusinessManagement: 80008,
} as const;

/** A Business Use Case of {@link BUSINESS_USE_CASE_CODES}. */
export type BusinessUseCase = keyof typeof BUSINESS_USE_CASE_CODES;

/**
 * The codes that mean a rate limit for an adapter: the platform ones (4, 17, 32, 613) and those
 * of the Business Use Cases its calls count against (Facebook Pages: `pages`, 80001).
 */
export function graphRateLimitCodes(...useCases: readonly BusinessUseCase[]): ReadonlySet<number> {
  return new Set([
    ...PLATFORM_RATE_LIMIT_CODES,
    ...useCases.map((u) => BUSINESS_USE_CASE_CODES[u]),
  ]);
}

/** Graph error codes of a rejected token: 190 OAuthException, 102 session (error handling guide). */
const AUTH_CODES: ReadonlySet<number> = new Set([102, 190]);
/** 1 unknown error, 2 service unavailable: "temporary issue, retry" (error handling guide). */
const TRANSIENT_CODES: ReadonlySet<number> = new Set([1, 2]);
/** 100: invalid parameter (error handling guide). */
const INVALID_PARAMETER = 100;

function classify(status: number, error: GraphError, rateLimits: ReadonlySet<number>): FailureKind {
  const { code } = error;
  if (code !== undefined && rateLimits.has(code)) return "rate-limit";
  if (status === 429) return "rate-limit";
  if ((code !== undefined && AUTH_CODES.has(code)) || status === 401) return "auth";
  if (error.transient || (code !== undefined && TRANSIENT_CODES.has(code)) || status >= 500) {
    return "transient";
  }
  if (code === INVALID_PARAMETER) return "validation";
  return "platform";
}

/**
 * The failed reading of a Graph error answer: `rateLimits` codes (see
 * {@link graphRateLimitCodes}) and 429 as rate limits, 190 / 102 and 401 as rejected
 * credentials, 1, 2, `is_transient` and 5xx as transient, 100 as invalid input, else a platform
 * refusal; the message carries the subcode, or is the raw body when it has no `error.message`.
 */
export function readGraphFailure(
  status: number,
  body: unknown,
  rateLimits: ReadonlySet<number>,
): ResponseReading & { ok: false } {
  const error = readGraphError(body);
  const text = error.message ?? (typeof body === "string" && body !== "" ? body : `HTTP ${status}`);
  const message = error.subcode !== undefined ? `${text} (subcode ${error.subcode})` : text;
  return failed(classify(status, error, rateLimits), message, error.code);
}
