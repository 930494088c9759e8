/**
 * Operations, the requests of the adapter contract: what an adapter asks the core to send, as
 * pure data (`preview` shows it, tests check it without a network), with its retry safety and
 * the references to earlier steps' results the core fills in.
 *
 * @packageDocumentation
 */

/** One field of a multipart form body. */
export type FormField =
  | { name: string; value: string }
  | { name: string; data: Uint8Array; filename: string; mimeType: string };

/** A request body: JSON, a multipart form, URL-encoded fields, or raw bytes (a piece of a file). */
export type RequestBody =
  | { json: unknown }
  | { form: FormField[] }
  | { urlencoded: Record<string, string> }
  | { bytes: Uint8Array; contentType: string };

/**
 * A file sent in pieces to an upload session by ranged `PUT`s (Google's resumable protocol,
 * Microsoft Graph upload sessions). The core sends the operation once per piece, with the piece
 * as a `bytes` body and `Content-Range: bytes <first>-<last>/<total>` (RFC 9110 §14.4); the
 * adapter reads each answer with {@link ResponseReading.received} (`pending: true`) until one
 * is final. When a piece gets no clear answer (connection lost, timeout, 5xx), the core sends
 * `status` to learn how many bytes the platform holds and goes on from the first one missing,
 * so an interrupted upload resumes from the last acknowledged byte instead of starting over.
 */
export interface RangedUpload {
  /** The whole file. */
  data: Uint8Array;
  /** Bytes per piece (the last may be shorter); a multiple of the platform's granule. */
  chunkBytes: number;
  /** Content type of every piece. */
  contentType: string;
  /** Asks how many bytes the platform holds (Google: an empty `PUT` with `Content-Range: bytes *\/<total>`). */
  status: Omit<Operation, "poll" | "upload">;
}

/** HTTP methods adapters use. */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * How a request may be retried without sending twice (DESIGN.md, "Never send twice"):
 * - `safe`: reading, or naturally idempotent; retried on any retryable failure;
 * - `key`: the platform deduplicates by a key the core fills, stable across retries: in the
 *   `idempotencyHeader`, and wherever the query or body holds {@link IDEMPOTENCY_KEY} (WeChat's
 *   `clientmsgid`); retried on any retryable failure;
 * - `none`: a create the platform cannot deduplicate; after an ambiguous failure (timeout or
 *   connection loss after the request left, 5xx) the outcome is `unknown`, never resent.
 */
export type Idempotency = "safe" | "key" | "none";

/**
 * One HTTP request an adapter wants sent. Pure data, so `preview` can show it and tests can
 * check it without a network. Strings may hold references to earlier steps' results,
 * written with {@link stepRef}, which the core fills in before sending.
 */
export interface Operation {
  /** Name of the step, unique within one render (`media-0`, `status`). */
  step: string;
  /** Name of the limiter route this request counts against (matches {@link LimitRule.route}). */
  route: string;
  /** HTTP method. */
  method: HttpMethod;
  /** Path relative to the adapter's base URL, starting with `/`. */
  path: string;
  /**
   * An absolute URL that replaces base URL and `path` (an upload URL the platform returned, as a
   * {@link stepRef}). Credentials are sent there too: an adapter uses only URLs it has checked
   * belong to the platform (its `readResponse` refuses others).
   */
  url?: string;
  /** Query string parameters. */
  query?: Record<string, string>;
  /** Extra headers (auth headers come from {@link AdapterCore.authHeaders}). */
  headers?: Record<string, string>;
  /** The body. */
  body?: RequestBody;
  /** Retry safety; see {@link Idempotency}. */
  idempotency: Idempotency;
  /**
   * With `idempotency: "key"`: the header that carries the key (e.g. `X-Line-Retry-Key`). A
   * platform that takes the key in the body instead puts {@link IDEMPOTENCY_KEY} there.
   */
  idempotencyHeader?: string;
  /** The chat this request writes to, for per-chat limits. */
  chat?: string;
  /** Which per-chat rule applies to `chat` (matches {@link LimitRule.chatKind}). */
  chatKind?: string;
  /** How many recipients this request delivers to (a multicast batch); 1 when omitted. */
  recipients?: number;
  /**
   * When the adapter reads this request's response as `pending` (accepted, still processing),
   * the core polls with this request every `intervalMs` until a reading is no longer `pending`,
   * or fails after `timeoutMs` (e.g. LINE narrowcast progress, Mastodon media processing).
   */
  poll?: { request: Omit<Operation, "poll">; intervalMs: number; timeoutMs: number };
  /**
   * Makes this operation a ranged upload: the core sends it once per piece of `upload.data`
   * (see {@link RangedUpload}); its body is then the piece.
   */
  upload?: RangedUpload;
  /**
   * Units this request costs in the platform's daily quotas, by bucket (YouTube: `{ units: 50 }`,
   * `{ "videos.insert": 1 }`); see {@link QuotaRule}. Charged once per operation.
   */
  quota?: Record<string, number>;
}

/**
 * A reference to a value of an earlier step's result, for use inside an operation's path,
 * query or body strings. The core replaces it before sending; `preview` shows it as is.
 *
 * @example stepRef("media-0") // the id returned by step "media-0"
 */
export function stepRef(step: string, value = "id"): string {
  return `{{${STEP_REF_MARK}${step}.${value}}}`;
}

/**
 * A placeholder for the operation's idempotency key, for platforms that take the key in the
 * query or the body rather than a header (WeChat `clientmsgid`, `client_msg_id`). With
 * `idempotency: "key"`, the core replaces it, wherever it stands in a string of the query or
 * body, by the key (a UUID, 36 characters) stable across retries and resends of the same
 * message; previews show it as `{{idempotency-key}}`.
 *
 * @example body: { json: { clientmsgid: IDEMPOTENCY_KEY, ... } }, idempotency: "key"
 */
export const IDEMPOTENCY_KEY = "{{\uE000idempotency-key}}";

/**
 * Marks a step reference (U+E000, a private-use character), so that text a user writes, such as
 * a literal `{{a.b}}` in a post, is never mistaken for one.
 */
export const STEP_REF_MARK = "\uE000";
