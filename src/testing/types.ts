/** Platforms the simulator speaks. */
export type SimPlatform =
  | "telegram"
  | "line"
  | "mastodon"
  | "x"
  | "facebook"
  | "linkedin"
  | "wechat"
  | "youtube"
  | "weibo";

/** A source of time in milliseconds since the epoch (inject one to control windows and dates). */
export interface SimClock {
  /** Current time in milliseconds since the epoch. */
  now(): number;
}

/** A sliding-window limit: at most `limit` requests in any window of `windowMs` milliseconds. */
export interface WindowLimit {
  /** Requests allowed per window; `Infinity` disables the limit. */
  limit: number;
  /** Window length in milliseconds. */
  windowMs: number;
}

/**
 * Kinds of injected faults: a server error, a dropped connection, no answer, a late answer, or
 * the platform's own 429 answer (always before processing: a rate-limited request is not
 * processed).
 */
export type FaultKind = "5xx" | "reset" | "timeout" | "slow" | "429";

/** Whether a fault strikes before the platform processed the request or after it did. */
export type FaultTiming = "before" | "after";

/** A file received in a multipart body (the bytes are not kept). */
export interface UploadedFile {
  /** Marks the value as an uploaded file. */
  readonly kind: "file";
  /** File name sent by the client. */
  readonly name: string;
  /** MIME type sent by the client. */
  readonly type: string;
  /** Size in bytes. */
  readonly size: number;
}

/** A raw upload body (an image PUT to an upload URL); the bytes are not kept. */
export interface UploadedBytes {
  /** Marks the value as raw bytes. */
  readonly kind: "bytes";
  /** The request's content type. */
  readonly type: string;
  /** Size in bytes. */
  readonly size: number;
}

/** How a request body was encoded. */
export type BodyEncoding = "json" | "form" | "multipart" | "binary" | "none";

/** One request the simulator received, as recorded in `sim.requests`. */
export interface RecordedRequest {
  /** Platform the request was addressed to. */
  platform: SimPlatform;
  /** HTTP method. */
  method: string;
  /** Path relative to the platform base URL; a Telegram bot token is replaced by `<token>`. */
  path: string;
  /** Query parameters; tokens and secrets (`access_token`, `client_secret`, ...) redacted. */
  query: Record<string, string>;
  /** Operation name (`sendMessage`, `push`, `createStatus`, ...) when recognized. */
  operation: string | undefined;
  /** Request headers, lower-cased names; `authorization` (but its scheme) and token headers redacted. */
  headers: Record<string, string>;
  /**
   * Parsed body: JSON value, an object of form fields (files as {@link UploadedFile}), or
   * {@link UploadedBytes}; fields named as secrets (`access_token`, `refresh_token`, `code`,
   * `client_secret`, `secret_token`, ...) redacted at any depth.
   */
  body: unknown;
  /** How the body was encoded. */
  encoding: BodyEncoding;
  /** Arrival time from the simulator clock (ms). */
  time: number;
  /** Response status; 0 when no response was given (connection reset or timeout). */
  status: number;
  /** Messages from validating the body against the official schema; empty when valid. */
  schemaErrors: string[];
  /** Fault injected into this request, if any. */
  fault: { kind: FaultKind; when: FaultTiming } | undefined;
}

/** Counters returned by `sim.stats()`. */
export interface SimulatorStats {
  /** Requests received. */
  requests: number;
  /** Responses by HTTP status (0 = no response). */
  byStatus: Record<number, number>;
  /** 429 answers sent because a rate limit was exceeded. */
  rateLimited: number;
  /** Faults injected. */
  faults: number;
}

/** Signature of the request validator (`validateRequest` from `./validate.js`). */
export type BodyValidator = (
  platform: SimPlatform,
  operation: string,
  body: unknown,
  options?: { encoding?: "json" | "form" },
) => string[];

/** Options of the simulator's `handle`. */
export interface HandleOptions {
  /** Path prefix of the platform's base URL, stripped before routing (e.g. `/telegram`). */
  basePath?: string;
}

/** What serving a platform over HTTP needs of the simulator (the msw handlers): its `handle`. */
export interface RequestHandling {
  /** Answers one request to `platform` as the simulator does. */
  handle(request: Request, platform: SimPlatform, options?: HandleOptions): Promise<Response>;
}
