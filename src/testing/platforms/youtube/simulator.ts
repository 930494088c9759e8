import {
  bearerToken,
  fieldsOf,
  json,
  type PlatformEnv,
  type PlatformRequest,
  type PlatformSimulator,
} from "../context.js";
import { audienceCount } from "../engagement.js";
import { YouTubeVideoApi } from "./posts.js";
import type { YouTubeSimComment, YouTubeSimVideo } from "./records.js";

export type { YouTubeSimComment, YouTubeSimVideo } from "./records.js";

/** One channel the simulator knows, with the tokens it accepts for it. */
export interface YouTubeSimChannel {
  /** Channel id (default `UCsim<n>`, 24 characters like YouTube's). */
  id?: string;
  /** An access token accepted now. */
  accessToken?: string;
  /** A refresh token the token endpoint (`POST /oauth2/v4/token`) accepts; Google keeps it valid. */
  refreshToken?: string;
}

/** YouTube simulator options. */
export interface YouTubeSimOptions {
  /** The channels and their tokens. */
  channels: YouTubeSimChannel[];
  /** OAuth clients the token endpoint accepts (id and secret in the body, as Google takes them). */
  clients?: Array<{ clientId: string; clientSecret?: string }>;
  /** Lifetime of issued access tokens in seconds (default 3600: Google's hour). */
  tokenLifetimeSec?: number;
  /** Daily quotas of the project (default 10,000 units and 100 videos.insert calls). */
  quota?: { units?: number; uploads?: number };
}

/** A resumable upload session of the simulated YouTube (`sim.youtube.sessions`, by upload id). */
export interface YouTubeSimUploadSession {
  /** The channel uploading. */
  channelId: string;
  /** The file's size in bytes (`X-Upload-Content-Length`). */
  total: number;
  /** The file's type (`X-Upload-Content-Type`). */
  contentType: string;
  /** The video resource sent when the session started (snippet, status). */
  resource: Record<string, unknown>;
  /** The file, filled as pieces arrive: its first `count` bytes are in. */
  received: Uint8Array;
  /** Bytes received from the start (a 308 reports `Range: bytes=0-<count - 1>`). */
  count: number;
  /** The video, once the last byte arrived. */
  video?: YouTubeSimVideo;
}

/** Title, description, tags limits (developers.google.com/youtube/v3/docs/videos#snippet). */
const MAX_TITLE = 100;
const MAX_DESCRIPTION_BYTES = 5000;
const MAX_TAGS = 500;
/** Upload pieces are multiples of 256 KiB, the last excepted (resumable upload guide). */
const GRANULE = 256 * 1024;
/** Google access tokens last an hour (developers.google.com/identity/protocols/oauth2). */
const TOKEN_LIFETIME_SEC = 3_600;
/** Costs (developers.google.com/youtube/v3/determine_quota_cost). */
const COMMENT_COST = 50;
/**
 * "a default quota allocation of 100 search.list calls, 100 videos.insert calls, and 10,000
 * units per day combined for all other endpoints ... Daily quotas reset at midnight Pacific
 * Time (PT)" (developers.google.com/youtube/v3/determine_quota_cost).
 */
const DAILY_UNITS = 10_000;
const DAILY_UPLOADS = 100;
/** The Pacific Time date (`2026-11-25`) of an instant: a new one starts each quota day. */
const PACIFIC_DATE = new Intl.DateTimeFormat("en-CA", { timeZone: "America/Los_Angeles" });
/** The quota buckets the simulator counts. */
type QuotaBucket = "units" | "videos.insert";
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** A Google API error body (developers.google.com/youtube/v3/docs/errors). */
function googleError(
  status: number,
  reason: string,
  message: string,
  domain = "youtube.api",
): Response {
  return json(status, { error: { code: status, message, errors: [{ message, domain, reason }] } });
}

/**
 * Simulated YouTube Data API v3: Google OAuth refresh, the resumable upload protocol (sessions,
 * pieces with `Content-Range`, `308 Resume Incomplete` with `Range`, status queries), checks of
 * the documented metadata rules, comments and replies, and the daily quotas (403
 * `quotaExceeded`, reset at midnight Pacific Time). There is no official machine-readable spec
 * of this API: the checks encode the reference documentation.
 */
export class YouTubeSimulator implements PlatformSimulator {
  /** Videos received in full, in order. */
  readonly videos: YouTubeSimVideo[] = [];
  /** Comments and replies, in order. */
  readonly comments: YouTubeSimComment[] = [];
  /** Lists (statistics), updates and deletes of those videos: `deleted`, `statistics(video, now)`. */
  readonly videoApi = new YouTubeVideoApi(this.videos, this.comments);
  /** Upload sessions by upload id. */
  readonly sessions = new Map<string, YouTubeSimUploadSession>();
  /** Refresh grants answered, in order. */
  readonly grants: Array<{ clientId: string; channelId: string; time: number }> = [];
  readonly #options: YouTubeSimOptions;
  readonly #access = new Map<string, { channelId: string; expiresAt: number }>();
  readonly #refresh = new Map<string, string>();
  /** Units spent today by bucket; `#day` is the Pacific Time date they were spent on. */
  readonly #spent = new Map<QuotaBucket, number>();
  #day = "";
  #now = 0;
  #interrupt: { keepBytes: number; times: number } | undefined;

  /** Creates the simulator from its options. */
  constructor(
    options: YouTubeSimOptions,
    private readonly env: PlatformEnv,
  ) {
    this.#options = options;
    this.reset();
  }

  /**
   * Spends `cost` of today's `bucket`, or answers false when the day's quota cannot hold it.
   * Counted here on its own (a date string per Pacific day), not with the core's ledger, so the
   * two can disagree when one of them is wrong.
   */
  #spend(bucket: QuotaBucket, cost: number): boolean {
    const day = PACIFIC_DATE.format(this.#now);
    if (day !== this.#day) {
      this.#day = day;
      this.#spent.clear();
    }
    const quota =
      bucket === "units"
        ? (this.#options.quota?.units ?? DAILY_UNITS)
        : (this.#options.quota?.uploads ?? DAILY_UPLOADS);
    const spent = this.#spent.get(bucket) ?? 0;
    if (spent + cost > quota) return false;
    this.#spent.set(bucket, spent + cost);
    return true;
  }

  /**
   * The next `times` upload pieces are cut off after `keepBytes` of each reached YouTube: those
   * are kept, and the connection drops with no answer (a lost connection mid-upload).
   */
  interruptNextPiece(keepBytes: number, times = 1): void {
    this.#interrupt = { keepBytes, times };
  }

  /** @inheritdoc */
  redactPath(path: string): string {
    return path;
  }

  /** @inheritdoc */
  reset(): void {
    this.videos.length = 0;
    this.videoApi.reset();
    this.comments.length = 0;
    this.grants.length = 0;
    this.sessions.clear();
    this.#access.clear();
    this.#refresh.clear();
    this.#interrupt = undefined;
    this.#spent.clear();
    this.#day = "";
    this.#options.channels.forEach((channel, i) => {
      const id = channel.id ?? `UCsim${String(i + 1).padStart(19, "0")}`;
      if (channel.accessToken)
        this.#access.set(channel.accessToken, { channelId: id, expiresAt: Infinity });
      if (channel.refreshToken) this.#refresh.set(channel.refreshToken, id);
    });
  }

  /** @inheritdoc */
  serverError(status: number): Response {
    return googleError(status, "backendError", "Backend Error", "global");
  }

  /** @inheritdoc */
  tooManyRequests(): Response {
    // developers.google.com/youtube/v3/docs/errors: 429 rateLimitExceeded, short-term, no wait given
    return googleError(429, "rateLimitExceeded", "Rate Limit Exceeded", "youtube.quota");
  }

  #id(length: number): string {
    let id = "";
    for (let i = 0; i < length; i++) id += ALPHABET[Math.floor(this.env.random.next() * 64)];
    return id;
  }

  /** @inheritdoc */
  async handle(request: PlatformRequest): Promise<Response> {
    this.#now = request.now;
    const { method } = request;
    const path = request.path.replace(/\/+$/, "");
    if (method === "POST" && path === "/oauth2/v4/token") {
      request.record.operation = "token";
      return this.#token(request);
    }
    const token = bearerToken(request.headers);
    const session = token === undefined ? undefined : this.#access.get(token);
    const authorized = session && session.expiresAt > request.now ? session.channelId : undefined;
    if (path === "/upload/youtube/v3/videos") {
      const uploadType = request.query.get("uploadType");
      if (uploadType !== "resumable") {
        return googleError(400, "invalidParameter", "uploadType must be resumable", "global");
      }
      if (method === "POST") {
        request.record.operation = "videos.insert";
        if (!authorized) return this.#unauthorized();
        return this.#startSession(request, authorized);
      }
      if (method === "PUT") {
        request.record.operation = "videos.insert:upload";
        return this.#piece(request, authorized);
      }
    }
    if (
      method === "POST" &&
      (path === "/youtube/v3/commentThreads" || path === "/youtube/v3/comments")
    ) {
      const thread = path.endsWith("commentThreads");
      request.record.operation = thread ? "commentThreads.insert" : "comments.insert";
      if (!authorized) return this.#unauthorized();
      if (request.query.get("part") !== "snippet") {
        return googleError(400, "invalidPart", "part must be snippet", "global");
      }
      if (!this.#spend("units", COMMENT_COST)) return this.#quotaExceeded();
      return thread ? this.#thread(request, authorized) : this.#reply(request, authorized);
    }
    if (method === "GET" && path === "/youtube/v3/channels") {
      request.record.operation = "channels.list";
      if (!authorized) return this.#unauthorized();
      if (!this.#spend("units", 1)) return this.#quotaExceeded(); // channels.list: 1 unit (determine_quota_cost)
      return json(200, this.channelList(authorized, request.now));
    }
    const videoOperation = this.videoApi.route(method, path);
    if (videoOperation) {
      request.record.operation = videoOperation;
      if (!authorized) return this.#unauthorized();
      if (!this.#spend("units", this.videoApi.cost(videoOperation))) return this.#quotaExceeded();
      return this.videoApi.handle(videoOperation, request, authorized);
    }
    return googleError(404, "notFound", `${method} ${path} is not an endpoint`, "global");
  }

  /**
   * `channels.list?part=statistics&mine=true` (developers.google.com/youtube/v3/docs/channels/list):
   * a ChannelListResponse whose channel's `statistics` are strings, grown from the clock.
   */
  channelList(channelId: string, now: number): Record<string, unknown> {
    const key = `youtube|${channelId}`;
    return {
      kind: "youtube#channelListResponse",
      etag: "sim-etag",
      pageInfo: { totalResults: 1, resultsPerPage: 5 },
      items: [
        {
          kind: "youtube#channel",
          etag: "sim-etag",
          id: channelId,
          statistics: {
            viewCount: String(audienceCount(key, "views", now)),
            subscriberCount: String(audienceCount(key, "followers", now)),
            hiddenSubscriberCount: false,
            videoCount: String(audienceCount(key, "posts", now)),
          },
        },
      ],
    };
  }

  #unauthorized(): Response {
    return json(401, {
      error: {
        code: 401,
        message: "Request had invalid authentication credentials.",
        errors: [{ message: "Invalid Credentials", domain: "global", reason: "authError" }],
        status: "UNAUTHENTICATED",
      },
    });
  }

  #quotaExceeded(): Response {
    return googleError(
      403,
      "quotaExceeded",
      "The request cannot be completed because you have exceeded your quota.",
      "youtube.quota",
    );
  }

  #token(request: PlatformRequest): Response {
    const form = fieldsOf(request.body.value);
    const client = (this.#options.clients ?? []).find((c) => c.clientId === form.client_id);
    if (
      !client ||
      (client.clientSecret !== undefined && client.clientSecret !== form.client_secret)
    ) {
      return json(401, {
        error: "invalid_client",
        error_description: "The OAuth client was not found.",
      });
    }
    const channelId =
      form.grant_type === "refresh_token"
        ? this.#refresh.get(String(form.refresh_token))
        : undefined;
    if (!channelId) return json(400, { error: "invalid_grant", error_description: "Bad Request" });
    const lifetime = this.#options.tokenLifetimeSec ?? TOKEN_LIFETIME_SEC;
    const accessToken = `ya29.sim-${this.#id(24)}`;
    this.#access.set(accessToken, { channelId, expiresAt: request.now + lifetime * 1000 });
    this.grants.push({ clientId: client.clientId, channelId, time: request.now });
    // Google answers a refresh without a new refresh_token: the old one stays valid
    return json(200, {
      access_token: accessToken,
      expires_in: lifetime,
      token_type: "Bearer",
      scope: "https://www.googleapis.com/auth/youtube.upload",
    });
  }

  /** The documented metadata rules (docs/videos#snippet, #status); their reasons from docs/errors. */
  #checkResource(resource: Record<string, unknown>, now: number): [string, string] | undefined {
    const snippet = fieldsOf(resource.snippet);
    const status = fieldsOf(resource.status);
    const title = snippet.title;
    if (
      typeof title !== "string" ||
      title.trim() === "" ||
      [...title].length > MAX_TITLE ||
      /[<>]/.test(title)
    ) {
      return ["invalidTitle", "The request metadata specifies an invalid video title."];
    }
    const description = snippet.description;
    if (
      description !== undefined &&
      (typeof description !== "string" ||
        new TextEncoder().encode(description).byteLength > MAX_DESCRIPTION_BYTES ||
        /[<>]/.test(description))
    ) {
      return ["invalidDescription", "The request metadata specifies an invalid video description."];
    }
    const tags = snippet.tags;
    if (tags !== undefined) {
      const list = Array.isArray(tags) ? tags : [];
      const length =
        Math.max(0, list.length - 1) +
        list.reduce(
          (n: number, t) => n + [...String(t)].length + (/\s/.test(String(t)) ? 2 : 0),
          0,
        );
      if (!Array.isArray(tags) || length > MAX_TAGS)
        return ["invalidTags", "The request metadata specifies invalid video keywords."];
    }
    if (!["public", "unlisted", "private"].includes(String(status.privacyStatus ?? "public"))) {
      return ["invalidVideoMetadata", "The request metadata is invalid."];
    }
    if (status.publishAt !== undefined) {
      const at = Date.parse(String(status.publishAt));
      if (status.privacyStatus !== "private" || Number.isNaN(at) || at <= now) {
        return [
          "invalidPublishAt",
          "The request metadata specifies an invalid scheduled publishing time.",
        ];
      }
    }
    return undefined;
  }

  #startSession(request: PlatformRequest, channelId: string): Response {
    const part = (request.query.get("part") ?? "").split(",");
    const resource = fieldsOf(request.body.value);
    const total = Number(request.headers.get("x-upload-content-length"));
    const contentType = request.headers.get("x-upload-content-type") ?? "";
    const problems: string[] = [];
    if (!part.includes("snippet") || !part.includes("status"))
      problems.push("part should name snippet,status");
    if (!Number.isInteger(total) || total <= 0)
      problems.push("X-Upload-Content-Length must be the file size");
    if (!/^(video\/|application\/octet-stream)/.test(contentType))
      problems.push("X-Upload-Content-Type must be video/* or application/octet-stream");
    if (request.body.encoding !== "json") problems.push("the metadata must be JSON");
    request.record.schemaErrors = problems;
    if (problems.length > 0)
      return googleError(400, "invalidParameter", problems.join("; "), "global");
    const invalid = this.#checkResource(resource, request.now);
    if (invalid) {
      request.record.schemaErrors = [invalid[0]];
      return googleError(400, invalid[0], invalid[1]);
    }
    if (!this.#spend("videos.insert", 1)) return this.#quotaExceeded();
    const uploadId = `sim-${this.#id(32)}`;
    this.sessions.set(uploadId, {
      channelId,
      total,
      contentType,
      resource,
      received: new Uint8Array(total),
      count: 0,
    });
    const location = `https://www.googleapis.com/upload/youtube/v3/videos?uploadType=resumable&upload_id=${uploadId}`;
    return new Response(null, { status: 200, headers: { location } });
  }

  #incomplete(session: YouTubeSimUploadSession): Response {
    // 308 Resume Incomplete; no Range header while nothing has arrived (the guide's step 4)
    const headers: Record<string, string> =
      session.count > 0 ? { range: `bytes=0-${session.count - 1}` } : {};
    return new Response(null, { status: 308, headers });
  }

  #complete(session: YouTubeSimUploadSession): Response {
    return json(200, {
      kind: "youtube#video",
      id: session.video?.id,
      snippet: { ...fieldsOf(session.resource.snippet), channelId: session.channelId },
      status: { uploadStatus: "uploaded", ...fieldsOf(session.resource.status) },
    });
  }

  #piece(request: PlatformRequest, channelId: string | undefined): Response {
    const session = this.sessions.get(request.query.get("upload_id") ?? "");
    if (!session)
      return googleError(
        404,
        "notFound",
        "The upload session does not exist or expired.",
        "global",
      );
    if (channelId !== session.channelId) return this.#unauthorized();
    const range = request.headers.get("content-range") ?? "";
    const query = /^bytes \*\/(\d+)$/.exec(range);
    if (query) {
      if (Number(query[1]) !== session.total)
        return googleError(
          400,
          "badContent",
          "Content-Range total differs from X-Upload-Content-Length",
          "global",
        );
      return session.video ? this.#complete(session) : this.#incomplete(session);
    }
    const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(range);
    const bytes = request.body.bytes ?? new Uint8Array(0);
    const problems: string[] = [];
    if (!match) problems.push("Content-Range must be bytes <first>-<last>/<total>");
    const first = Number(match?.[1]);
    const last = Number(match?.[2]);
    if (match && Number(match[3]) !== session.total)
      problems.push("Content-Range total differs from X-Upload-Content-Length");
    if (match && last - first + 1 !== bytes.byteLength)
      problems.push("Content-Range length differs from the body");
    if (match && first !== session.count)
      problems.push(`the piece starts at ${first}, YouTube holds ${session.count} bytes`);
    if (match && last + 1 < session.total && bytes.byteLength % GRANULE !== 0)
      problems.push("a piece before the last must be a multiple of 256 KiB");
    request.record.schemaErrors = problems;
    if (problems.length > 0) return googleError(400, "badContent", problems.join("; "), "global");
    const keep =
      this.#interrupt === undefined
        ? bytes.byteLength
        : Math.min(this.#interrupt.keepBytes, bytes.byteLength);
    session.received.set(bytes.subarray(0, keep), first);
    session.count = first + keep;
    if (this.#interrupt !== undefined) {
      if (--this.#interrupt.times <= 0) this.#interrupt = undefined;
      return Response.error();
    }
    if (session.count < session.total) return this.#incomplete(session);
    session.video = {
      id: this.#id(11),
      channelId: session.channelId,
      snippet: fieldsOf(session.resource.snippet),
      status: fieldsOf(session.resource.status),
      bytes: session.received,
      time: request.now,
    };
    this.videos.push(session.video);
    return this.#complete(session);
  }

  #thread(request: PlatformRequest, channelId: string): Response {
    const snippet = fieldsOf(fieldsOf(request.body.value).snippet);
    const videoId = snippet.videoId;
    const text = fieldsOf(fieldsOf(snippet.topLevelComment).snippet).textOriginal;
    if (typeof videoId !== "string" || typeof text !== "string" || text === "") {
      request.record.schemaErrors = [
        "snippet.videoId and snippet.topLevelComment.snippet.textOriginal are required",
      ];
      return googleError(400, "invalidCommentMetadata", "The request metadata is invalid.");
    }
    const id = `Ug${this.#id(24)}`;
    this.comments.push({ id, channelId, videoId, text });
    return json(200, {
      kind: "youtube#commentThread",
      id,
      snippet: {
        videoId,
        topLevelComment: { kind: "youtube#comment", id, snippet: { textOriginal: text, videoId } },
      },
    });
  }

  #reply(request: PlatformRequest, channelId: string): Response {
    const snippet = fieldsOf(fieldsOf(request.body.value).snippet);
    const { parentId, textOriginal: text } = snippet;
    if (typeof parentId !== "string" || typeof text !== "string" || text === "") {
      request.record.schemaErrors = ["snippet.parentId and snippet.textOriginal are required"];
      return googleError(400, "invalidCommentMetadata", "The request metadata is invalid.");
    }
    if (parentId.includes("."))
      return googleError(
        400,
        "operationNotSupported",
        "Replies to replies are not supported: answer the top-level comment.",
      );
    const id = `${parentId}.${this.#id(22)}`;
    this.comments.push({ id, channelId, parentId, text });
    return json(200, { kind: "youtube#comment", id, snippet: { parentId, textOriginal: text } });
  }
}
