import type { AdapterEditing } from "../contract/editing.js";
import type { AdapterListening } from "../contract/listening.js";
import type { AdapterMetrics } from "../contract/metrics.js";
import type { Message } from "../message/schema.js";
import type { Segment } from "../message/segment.js";
import type { Recipient, ReplyContext } from "../message/target.js";
import type { AdapterWebhooks, WebhookEventMap } from "../webhooks/contract.js";

/** The kinds of destination a target resolves to. */
export type DestinationKind = "feed" | "chat" | "recipients" | "broadcast" | "segment";

/** Where one rendered message goes; the core resolves every target into one of these. */
export type Destination =
  /** The account's own timeline or feed (a Mastodon status, a Page post); `reply` for a reply post. */
  | { kind: "feed"; reply?: ReplyContext }
  /** One channel, group or user; `reply` when the message answers something there. */
  | { kind: "chat"; chat: string; reply?: ReplyContext }
  /**
   * A batch of recipients, at most `capabilities.recipientBatch` of them. With `sample: true`
   * the core renders a placeholder batch (for `preview` and the checks before sending) whose ids
   * are placeholders: check everything but the ids then.
   */
  | {
      kind: "recipients";
      recipients: ReadonlyArray<{ id: string; attributes?: Record<string, unknown> }>;
      sample?: true;
    }
  /** Every follower of the account. */
  | { kind: "broadcast" }
  /** Everyone matching the segment, by the platform's own targeting. */
  | { kind: "segment"; segment: Segment };

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
  /** Extra headers (auth headers come from {@link PlatformAdapter.authHeaders}). */
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

/** The platform's answer, as the core hands it to the adapter. */
export interface PlatformResponse {
  /** HTTP status. */
  status: number;
  /** Response headers (lower-case names). */
  headers: Headers;
  /** Parsed JSON body, or the text when it is not JSON, or `undefined` when empty. */
  body: unknown;
}

/** What kind of failure a response is. */
export type FailureKind = "auth" | "rate-limit" | "validation" | "platform" | "transient";

/** What the adapter read from a response. */
export interface ResponseReading {
  /** True when the request did what it was meant to. */
  ok: boolean;
  /** The platform id of what was created (message id, status id, request id). */
  id?: string;
  /** Values later steps reference through {@link stepRef} (`id` is always available as `id`). */
  values?: Record<string, string>;
  /** Accepted but not final yet: the core polls with the operation's `poll` request. */
  pending?: boolean;
  /** A note for the report (e.g. "already accepted (409)"). */
  note?: string;
  /** With `ok: false`: what went wrong. */
  failure?: {
    kind: FailureKind;
    /** The platform's own error code, if any. */
    code?: string | number;
    /** The platform's error message (never holding a secret). */
    message: string;
    /** Whether retrying can help; 429 and 5xx default to true, other statuses to false. */
    retryable?: boolean;
  };
  /** How long the platform asks to wait before the next request, in ms (Retry-After, retry_after). */
  retryAfterMs?: number;
  /** Rate-limit state the platform reported (headers). */
  rateLimit?: { limit?: number; remaining?: number; resetAt?: number };
  /**
   * For a piece of a {@link RangedUpload} (or its status request) with `pending: true`: how many
   * bytes of the file the platform holds, counted from the start; the core sends from there.
   */
  received?: number;
  /**
   * The platform says this quota bucket is used up (YouTube 403 `quotaExceeded`): the core
   * refuses every request costing that bucket until its reset ({@link QuotaRule}). Read it
   * with `failure.kind: "rate-limit"`.
   */
  quotaExhausted?: string;
}

/**
 * A daily quota counted in units, reset at midnight in `timeZone` (YouTube: 10,000 units a
 * day, reset at midnight Pacific Time). The core keeps a ledger per account: a send whose
 * operations would exceed a bucket is refused with a `RateLimitError` before any request.
 */
export interface QuotaRule {
  /** The bucket operations name in {@link Operation.quota}. */
  bucket: string;
  /** Units per day. */
  units: number;
  /** IANA time zone whose midnight resets the bucket (`America/Los_Angeles`). */
  timeZone: string;
  /** Where the number comes from (documentation URL). */
  source: string;
}

/**
 * A documented rate limit, enforced by the core as a sliding window: at most `max` requests
 * start in any window of `perMs` milliseconds.
 */
export interface LimitRule {
  /** What the limit counts: the whole account, one route, or one chat. */
  scope: "account" | "route" | "chat";
  /** With `scope: "route"`: the route name ({@link Operation.route}). */
  route?: string;
  /** With `scope: "chat"`: which kind of chat ({@link Operation.chatKind}); all chats when omitted. */
  chatKind?: string;
  /** Requests allowed per window. */
  max: number;
  /** The window in milliseconds. */
  perMs: number;
  /** Where the number comes from (documentation URL). */
  source: string;
}

/** A length measured for `preview`. */
export interface LengthReport {
  /** The field measured (`text`, `caption`). */
  field: string;
  /** The length by the platform's counting rule. */
  length: number;
  /** The platform's limit. */
  max: number;
  /** The counting rule (`UTF-16 code units`, `characters, URLs as 23`). */
  unit: string;
}

/** What an adapter can do, as data. */
export interface AdapterCapabilities {
  /** The destination kinds the adapter can render. */
  destinations: readonly DestinationKind[];
  /** Recipients per request for `recipients` destinations (LINE multicast: 500); 1 when omitted. */
  recipientBatch?: number;
  /**
   * The fewest recipients one request takes (WeChat `mass/send`: 2); 1 when omitted. The core
   * then balances the last two batches of a stream so that no batch falls below it where the
   * target has that many recipients; a target (or a personalized group) smaller than this still
   * reaches `render` as it is, and the adapter decides (send otherwise, or refuse).
   */
  recipientBatchMin?: number;
  /**
   * Whether `render` honors a native schedule (`RenderContext.scheduleAt`). The core passes one
   * only for a one-off send to a single destination (never for batches of recipients, nor for
   * a recurrence), and falls back to its own scheduler when `render` refuses the time.
   */
  nativeSchedule?: boolean;
}

/** An adapter's answer when asked to reach a segment with the platform's own targeting. */
export type NativeTargeting =
  /** The platform filters the segment itself; `via` names how (`LINE narrowcast filter.demographic`). */
  | { native: true; via: string }
  /**
   * It cannot: `condition` is the path of the condition at fault, from the segment
   * (`segment.language`, `segment.or[1].age`); `rule` says why and `hint` what to do instead.
   */
  | { native: false; condition: string; rule: string; hint?: string };

/** Context the core gives to `render`. */
export interface RenderContext {
  /** The current time (ms since the epoch) from the client's clock, for time rules. */
  now: number;
  /**
   * The account the target names (`x@user-42` → `user-42`). The core always sets it; it differs
   * from the adapter's own `account` only for adapters that serve any account
   * ({@link AdapterAuth.anyAccount}). Absent means the adapter's own (direct calls in tests).
   */
  account?: string;
  /** When the platform itself should publish (native scheduling), if requested. */
  scheduleAt?: Date;
}

/** What `render` returns. */
export interface Rendering {
  /** Requests to send in order; a failure stops the later ones. */
  operations: Operation[];
  /** Lengths measured by the platform's rules. */
  lengths?: LengthReport[];
  /** Things the caller should know (a dropped link preview, a split message). */
  warnings?: string[];
}

/**
 * A platform adapter. Built-in adapters and users' own implement this; the core adds limits,
 * retries, idempotency, preview and progress. `render` and `readResponse` are pure.
 * `E` maps the adapter's platform webhook event names to their payload types
 * (see {@link AdapterWebhooks}); `herald.webhooks.on(...)` is typed from it.
 */
export interface PlatformAdapter<E extends WebhookEventMap = WebhookEventMap> {
  /** Platform name used in targets (`telegram`). Lower case, no `:` or `@`. */
  readonly platform: string;
  /** Account name used in targets (`telegram@shop:...`); `default` by convention. */
  readonly account: string;
  /** Base URL every operation path is relative to. */
  readonly baseUrl: string;
  /** What the adapter can do. */
  readonly capabilities: AdapterCapabilities;
  /** The documented limits, already merged with the user's overrides. */
  readonly limits: readonly LimitRule[];
  /** Daily quotas in units ({@link QuotaRule}); operations say what they cost. */
  readonly quotas?: readonly QuotaRule[];
  /** Secret values (tokens) that must never appear in errors, logs, events or previews. */
  readonly secrets: readonly string[];
  /** Headers added to every request (e.g. `Authorization`); redacted in previews. */
  authHeaders(): Record<string, string>;
  /**
   * Turns a message for one destination into requests. Pure. Throws a `ValidationError`
   * (naming the field and the rule) for what the platform cannot take.
   */
  render(message: Message, destination: Destination, context: RenderContext): Rendering;
  /** Reads a response to one of this adapter's operations. Pure. */
  readResponse(operation: Omit<Operation, "poll">, response: PlatformResponse): ResponseReading;
  /**
   * Whether the platform's own targeting reaches everyone matching `segment` (LINE's narrowcast
   * filter today; WeChat tags or Facebook feed targeting can answer here too). Pure. Asked for
   * a target with a `segment` and no `recipients`, before `render`; a refusal becomes a
   * `ValidationError` before any request. When omitted, an adapter listing `segment` in its
   * destinations is trusted to render any segment, and any other has no native targeting.
   */
  nativeTargeting?(segment: Segment): NativeTargeting;
  /**
   * Escapes a personalization value (`{{ firstName }}`) inserted into `message.text`, so that
   * the text's markup reads it as plain text (Telegram MarkdownV2 or HTML). Pure. When omitted,
   * values are inserted as they are.
   */
  escapeText?(value: string, message: Message): string;
  /**
   * Credentials fetched per account at send time (OAuth tokens from a provider, tokens that
   * expire). When present, the core asks it before every attempt, in addition to `authHeaders()`.
   */
  readonly auth?: AdapterAuth;
  /**
   * Incoming webhooks: handshake, verification and parsing (see {@link AdapterWebhooks}).
   * Absent when the platform has none or the adapter was given no secret to verify them with;
   * `herald.webhooks.handle` answers 404 for such an adapter.
   */
  readonly webhooks?: AdapterWebhooks<E>;
  /** Post metrics: how refs become read requests and answers metrics (docs/analytics.md). */
  readonly metrics?: AdapterMetrics;
  /** Editing and deleting what it sent, with the platform's refusals (docs/recall.md). */
  readonly editing?: AdapterEditing;
  /** Listening: the poll sources a listen query maps to, and how answers read (docs/listening.md). */
  readonly listening?: AdapterListening;
}

/** Credentials for the requests of one account, as an {@link AdapterAuth} returns them. */
export interface Credentials {
  /** Headers to add to each request (e.g. `Authorization: Bearer ...`). */
  headers?: Record<string, string>;
  /** Query parameters to add to each request (e.g. WeChat's `access_token`). */
  query?: Record<string, string>;
  /** The secret values inside, which the core then redacts from everything it reports. */
  secrets: readonly string[];
}

/**
 * How an adapter gets credentials at send time. Built-in adapters build it with
 * `createTokenAuth` (single-flight refresh, `onTokens`); custom adapters may implement it.
 */
export interface AdapterAuth {
  /**
   * When true, the adapter serves every account a target names (`{ platform: "x", account:
   * "user-42" }`), each with its own credentials and its own rate-limit buckets.
   */
  readonly anyAccount: boolean;
  /** Names of the headers the credentials carry, shown as `[redacted]` in previews. */
  readonly headerNames: readonly string[];
  /**
   * Credentials for a request made for `account`; called before every attempt, so cache them.
   * With `rejected`, the platform refused those credentials (401): return renewed ones (one
   * refresh per account even when many callers ask at once), or throw an `AuthError` when they
   * cannot be renewed. The core asks again at most once per request. Run token requests
   * within `context.timeoutMs` (`fetchToken` does): the core stops waiting when the send is
   * cancelled, not when a token request hangs.
   */
  credentials(account: string, rejected?: Credentials, context?: AuthContext): Promise<Credentials>;
}

/** What the core tells {@link AdapterAuth.credentials} on each call. */
export interface AuthContext {
  /** The client's `timeoutMs`: the longest one token request may take, its answer read in full. */
  readonly timeoutMs: number;
  /**
   * The send's cancellation: the core stops waiting for the credentials when it aborts. End a
   * token request of this caller alone with it, never one that other sends share (a refresh
   * many wait for keeps its own timeout).
   */
  readonly signal: AbortSignal;
}

/** Re-exported for adapter authors. */
export type { Message, Recipient, ReplyContext, Segment };

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
