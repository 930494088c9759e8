import { isUploadedFile } from "../../body.js";
import type { WindowLimit } from "../../types.js";
import { SlidingWindow } from "../../window.js";
import {
  bearerToken,
  fieldsOf,
  json,
  type PlatformEnv,
  type PlatformRequest,
  type PlatformSimulator,
  validationEncoding,
} from "../context.js";
import { audienceCount } from "../engagement.js";
import { MastodonListen } from "./listen.js";
import { MastodonPosts } from "./posts.js";
import type { MastodonStatusRecord } from "./records.js";
import { CHARACTERS_PER_URL, statusHtml, statusLength } from "./text.js";

export type { MastodonStatusRecord } from "./records.js";

/** Mastodon limits per access token; each is a sliding window. */
export interface MastodonLimits {
  /** All requests (default 300 per 5 minutes). */
  perToken?: WindowLimit;
  /** Media uploads (default 30 per 30 minutes). */
  mediaUploads?: WindowLimit;
}

/** Mastodon simulator options. */
export interface MastodonSimOptions {
  /** Accepted access tokens. */
  accessTokens: string[];
  /** Instance `configuration.statuses.max_characters` (default 500). */
  maxCharacters?: number;
  /** Instance `configuration.statuses.max_media_attachments` (default 4). */
  maxMediaAttachments?: number;
  /** Public origin used in URLs of entities (default `https://mastodon.example`). */
  origin?: string;
  /** Images up to this size (bytes) are processed at once (200); larger ones answer 202 (default 1 MiB). */
  syncMediaMaxBytes?: number;
  /** `GET /api/v1/media/:id` polls answered 206 before the media is ready (default 1). */
  mediaProcessingPolls?: number;
  /** Limits replacing the documented defaults. */
  limits?: MastodonLimits;
}

/** An uploaded media attachment. */
export interface MastodonMedia {
  /** Attachment id. */
  id: string;
  /** Token that uploaded it. */
  token: string;
  /** Polls left before processing finishes. */
  pollsLeft: number;
  /** The MediaAttachment entity once processed. */
  entity: Record<string, unknown>;
}

// docs.joinmastodon.org/api/rate-limits/
const DEFAULT_LIMITS: Required<MastodonLimits> = {
  perToken: { limit: 300, windowMs: 5 * 60_000 }, // "300 requests per 5 minutes" per account
  mediaUploads: { limit: 30, windowMs: 30 * 60_000 }, // media: "30 requests per 30 minutes"
};
/** Default status length limit (docs.joinmastodon.org/entities/Instance/#max_characters: 500). */
const DEFAULT_MAX_CHARACTERS = 500;
/** Default media per status (docs.joinmastodon.org/entities/Instance/#max_media_attachments: 4). */
const DEFAULT_MAX_MEDIA = 4;
/** Idempotency-Key lifetime (docs.joinmastodon.org/methods/statuses/#create: "1 hour"). */
const IDEMPOTENCY_TTL_MS = 3_600_000;
/** Earliest schedule (docs.joinmastodon.org/methods/statuses/#create: "at least 5 minutes into the future"). */
const MIN_SCHEDULE_MS = 5 * 60_000;
/** Simulator choice: images above this are processed asynchronously (202). */
const DEFAULT_SYNC_MEDIA_MAX_BYTES = 1024 * 1024;
// Instance limits reported by /api/v2/instance: Mastodon 4.x defaults (app/models/media_attachment.rb
// IMAGE_LIMIT 16 MB, VIDEO_LIMIT 99 MB, MAX_IMAGE_PIXELS, MAX_VIDEO_MATRIX_LIMIT, MAX_VIDEO_FRAME_RATE,
// MAX_DESCRIPTION_LENGTH; app/models/poll.rb; docs.joinmastodon.org/entities/Instance/).
const IMAGE_SIZE_LIMIT = 16_777_216;
const VIDEO_SIZE_LIMIT = 103_809_024;
const IMAGE_MATRIX_LIMIT = 33_177_600;
const VIDEO_MATRIX_LIMIT = 8_294_400;
const VIDEO_FRAME_RATE_LIMIT = 120;
const DESCRIPTION_LIMIT = 1_500;
const POLL_LIMITS = {
  max_options: 4,
  max_characters_per_option: 50,
  min_expiration: 300,
  max_expiration: 2_629_746,
};
const ACCOUNT_LIMITS = { max_featured_tags: 10, max_pinned_statuses: 5 };

/** Simulated Mastodon REST API. */
export class MastodonSimulator implements PlatformSimulator {
  /** Statuses created, in order. */
  readonly statuses: MastodonStatusRecord[] = [];
  /** Scheduled statuses created, in order. */
  readonly scheduled: MastodonStatusRecord[] = [];
  /** Uploaded media by id. */
  readonly media = new Map<string, MastodonMedia>();
  /** Reads, edits and deletes of statuses: `deleted`, `edits`, `counts(id, now)`. */
  readonly posts = new MastodonPosts({
    statuses: this.statuses,
    accountId: (token) => this.#account(token).id,
  });
  /**
   * Mentions and hashtag timelines: `listen.mention(accountIdOf(token), text)`,
   * `listen.publish(text)`; served by GET /api/v1/notifications and /api/v1/timelines/tag/:hashtag.
   */
  readonly listen = new MastodonListen({
    origin: () => this.#origin,
    nextId: (now) => this.#nextId(now),
    now: () => this.env.clock.now(),
  });
  readonly #tokens: string[];
  readonly #perToken: SlidingWindow;
  readonly #mediaUploads: SlidingWindow;
  readonly #idempotency = new Map<string, { time: number; entity: Record<string, unknown> }>();
  readonly #maxCharacters: number;
  readonly #maxMedia: number;
  readonly #origin: string;
  readonly #syncMax: number;
  readonly #processingPolls: number;
  #lastId = 0n;

  /** Creates the simulator from its options. */
  constructor(
    options: MastodonSimOptions,
    private readonly env: PlatformEnv,
  ) {
    this.#tokens = [...options.accessTokens];
    const limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.#perToken = new SlidingWindow(limits.perToken);
    this.#mediaUploads = new SlidingWindow(limits.mediaUploads);
    this.#maxCharacters = options.maxCharacters ?? DEFAULT_MAX_CHARACTERS;
    this.#maxMedia = options.maxMediaAttachments ?? DEFAULT_MAX_MEDIA;
    this.#origin = (options.origin ?? "https://mastodon.example").replace(/\/+$/, "");
    this.#syncMax = options.syncMediaMaxBytes ?? DEFAULT_SYNC_MEDIA_MAX_BYTES;
    this.#processingPolls = options.mediaProcessingPolls ?? 1;
  }

  /** @inheritdoc */
  redactPath(path: string): string {
    return path;
  }

  /** @inheritdoc */
  reset(): void {
    this.statuses.length = 0;
    this.scheduled.length = 0;
    this.media.clear();
    this.posts.reset();
    this.listen.reset();
    this.#idempotency.clear();
    this.#perToken.clear();
    this.#mediaUploads.clear();
    this.#lastId = 0n;
  }

  /** @inheritdoc */
  serverError(status: number): Response {
    const text: Record<number, string> = {
      500: "Internal server error",
      502: "Bad gateway",
      503: "Service unavailable",
    };
    return json(status, { error: text[status] ?? "Internal server error" });
  }

  /** @inheritdoc */
  tooManyRequests(now: number, retryAfterMs: number): Response {
    // docs.joinmastodon.org/api/rate-limits/: a 429 carries X-RateLimit-* with the reset time
    const window = this.#perToken;
    return json(
      429,
      { error: "Too many requests" },
      {
        "x-ratelimit-limit": String(window.limit),
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": new Date(now + retryAfterMs).toISOString(),
      },
    );
  }

  /** @inheritdoc */
  handle(request: PlatformRequest): Response {
    const path = request.path.replace(/\/+$/, "");
    const { method } = request;
    const token = bearerToken(request.headers);
    const known = token !== undefined && this.#tokens.includes(token);

    if (method === "GET" && path === "/api/v2/instance") {
      request.record.operation = "getInstance";
      return this.#limited(request, known ? token : "anonymous", () => json(200, this.#instance()));
    }
    if (method === "GET" && path === "/api/v1/accounts/verify_credentials") {
      // docs.joinmastodon.org/methods/accounts/#verify_credentials: the CredentialAccount
      request.record.operation = "verifyCredentials";
      if (!known) return json(401, { error: "The access token is invalid" });
      return this.#limited(request, token, () =>
        json(200, this.credentialAccount(token, request.now)),
      );
    }
    const mediaMatch = /^\/api\/v1\/media\/([^/]+)$/.exec(path);
    const operation =
      method === "POST" && path === "/api/v1/statuses"
        ? "createStatus"
        : method === "POST" && path === "/api/v2/media"
          ? "createMedia"
          : method === "GET" && mediaMatch
            ? "getMedia"
            : undefined;
    const heard = operation ? undefined : this.listen.operationOf(method, path);
    if (heard) {
      request.record.operation = heard;
      if (!known) return json(401, { error: "The access token is invalid" });
      const account = this.#account(token).id;
      return this.#limited(request, token, () => this.listen.handle(heard, request, account));
    }
    const post = operation ? undefined : this.posts.operationOf(method, path);
    if (post) {
      request.record.operation = post;
      if (!known) return json(401, { error: "The access token is invalid" });
      return this.#limited(request, token, () => this.posts.handle(post, request, token));
    }
    if (!operation) return json(404, { error: "Record not found" });
    request.record.operation = operation;
    if (!known || token === undefined) return json(401, { error: "The access token is invalid" });

    if (operation === "getMedia") {
      return this.#limited(request, token, () =>
        this.#getMedia(token, decodeURIComponent(mediaMatch?.[1] ?? "")),
      );
    }
    if (operation === "createMedia") {
      return this.#limited(
        request,
        token,
        () => this.#createMedia(request, token),
        this.#mediaUploads,
      );
    }
    return this.#limited(request, token, () => this.#createStatus(request, token));
  }

  /** Counts the request in the per-token window (and `extra`), or answers 429; adds the X-RateLimit headers. */
  #limited(
    request: PlatformRequest,
    key: string,
    run: () => Response,
    extra?: SlidingWindow,
  ): Response {
    const windows = extra ? [this.#perToken, extra] : [this.#perToken];
    const blocking = windows.find((w) => w.wait(key, request.now) > 0);
    if (blocking) {
      request.rateLimited = true;
      return json(429, { error: "Too many requests" }, this.#headers(blocking, key, request.now));
    }
    for (const w of windows) w.hit(key, request.now);
    const response = run();
    const headers = this.#headers(extra ?? this.#perToken, key, request.now);
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    return response;
  }

  #headers(window: SlidingWindow, key: string, now: number): Record<string, string> {
    return {
      "x-ratelimit-limit": String(window.limit),
      "x-ratelimit-remaining": String(window.remaining(key, now)),
      "x-ratelimit-reset": new Date(window.resetAt(key, now)).toISOString(),
    };
  }

  #createStatus(request: PlatformRequest, token: string): Response {
    if (request.body.error) return json(400, { error: "Malformed JSON" });
    const errors = this.env.validate("mastodon", "createStatus", request.body.value, {
      encoding: validationEncoding(request),
    });
    request.record.schemaErrors = errors;
    if (errors.length > 0) return json(422, { error: `Validation failed: ${errors.join(", ")}` });

    const idempotencyKey = request.headers.get("idempotency-key") ?? undefined;
    const scopedKey = idempotencyKey === undefined ? undefined : `${token}|${idempotencyKey}`;
    if (scopedKey) {
      const earlier = this.#idempotency.get(scopedKey);
      if (earlier && request.now - earlier.time < IDEMPOTENCY_TTL_MS)
        return json(200, earlier.entity);
    }

    const body = fieldsOf(request.body.value);
    const text = typeof body.status === "string" ? body.status : "";
    const spoiler = typeof body.spoiler_text === "string" ? body.spoiler_text : "";
    const mediaIds = (
      Array.isArray(body.media_ids)
        ? body.media_ids
        : body.media_ids === undefined
          ? []
          : [body.media_ids]
    ).map(String);
    if (text.trim() === "" && mediaIds.length === 0 && body.poll === undefined) {
      return json(422, { error: "Validation failed: Text can't be blank" });
    }
    if (statusLength(text) + statusLength(spoiler) > this.#maxCharacters) {
      return json(422, {
        error: `Validation failed: Text character limit of ${this.#maxCharacters} exceeded`,
      });
    }
    if (mediaIds.length > this.#maxMedia) {
      return json(422, { error: `Cannot attach more than ${this.#maxMedia} files` });
    }
    const media = mediaIds.map((id) => this.media.get(id));
    const missing = mediaIds.filter(
      (_id, i) => media[i] === undefined || media[i]?.token !== token,
    );
    if (missing.length > 0) return json(422, { error: `Media ${missing.join(", ")} not found` });
    if (media.some((m) => (m?.pollsLeft ?? 0) > 0)) {
      return json(422, {
        error: "Cannot attach files that have not finished processing. Try again in a moment!",
      });
    }
    const attachments = media.map((m) => m?.entity ?? {});
    const visibility = typeof body.visibility === "string" ? body.visibility : "public";
    const inReplyToId =
      body.in_reply_to_id === undefined || body.in_reply_to_id === null
        ? undefined
        : String(body.in_reply_to_id);
    const sensitive = body.sensitive === true || body.sensitive === "true";
    const language = typeof body.language === "string" ? body.language : null;

    const scheduledAt = typeof body.scheduled_at === "string" ? body.scheduled_at : undefined;
    let record: MastodonStatusRecord;
    if (scheduledAt !== undefined) {
      const at = Date.parse(scheduledAt);
      if (Number.isNaN(at) || at < request.now + MIN_SCHEDULE_MS) {
        return json(422, {
          error: "Validation failed: Scheduled at The scheduled date must be in the future",
        });
      }
      const id = this.#nextId(request.now);
      const entity = {
        id,
        scheduled_at: new Date(at).toISOString(),
        params: {
          text,
          visibility,
          media_ids: mediaIds.length > 0 ? mediaIds : null,
          sensitive: sensitive || null,
          spoiler_text: spoiler || null,
          poll: body.poll ?? null,
          idempotency: idempotencyKey ?? null,
          scheduled_at: null,
          in_reply_to_id: inReplyToId ?? null,
          language,
          application_id: 1,
          with_rate_limit: false,
        },
        media_attachments: attachments,
      };
      record = {
        id,
        text,
        visibility,
        mediaIds,
        inReplyToId,
        idempotencyKey,
        scheduledAt: entity.scheduled_at,
        time: request.now,
        entity,
      };
      this.scheduled.push(record);
    } else {
      const id = this.#nextId(request.now);
      const account = this.#account(token);
      const entity = {
        id,
        created_at: new Date(request.now).toISOString(),
        in_reply_to_id: inReplyToId ?? null,
        in_reply_to_account_id: inReplyToId ? account.id : null,
        sensitive: sensitive || spoiler !== "",
        spoiler_text: spoiler,
        visibility,
        language,
        uri: `${this.#origin}/users/${account.username}/statuses/${id}`,
        url: `${this.#origin}/@${account.username}/${id}`,
        replies_count: 0,
        reblogs_count: 0,
        favourites_count: 0,
        quotes_count: 0,
        edited_at: null,
        favourited: false,
        reblogged: false,
        muted: false,
        bookmarked: false,
        pinned: false,
        content: text === "" ? "" : statusHtml(text),
        filtered: [],
        reblog: null,
        application: { name: "Herald", website: null },
        account,
        media_attachments: attachments,
        mentions: [],
        tags: [],
        emojis: [],
        card: null,
        poll: null,
      };
      record = {
        id,
        text,
        visibility,
        mediaIds,
        inReplyToId,
        idempotencyKey,
        scheduledAt: undefined,
        time: request.now,
        entity,
      };
      this.statuses.push(record);
    }
    if (scopedKey) this.#idempotency.set(scopedKey, { time: request.now, entity: record.entity });
    return json(200, record.entity);
  }

  #createMedia(request: PlatformRequest, token: string): Response {
    const errors = this.env.validate("mastodon", "createMedia", request.body.value, {
      encoding: validationEncoding(request),
    });
    request.record.schemaErrors = errors;
    if (errors.length > 0) return json(422, { error: `Validation failed: ${errors.join(", ")}` });
    const body = fieldsOf(request.body.value);
    const file = body.file;
    if (!isUploadedFile(file))
      return json(422, { error: "Validation failed: File can't be blank" });
    const type = mediaType(file.type);
    if (!type) return json(422, { error: "Validation failed: File content type is invalid" });
    const id = this.#nextId(request.now);
    const async = type !== "image" || file.size > this.#syncMax;
    const url = `${this.#origin}/system/media_attachments/files/${id}/original/${encodeURIComponent(file.name || "file")}`;
    const entity: Record<string, unknown> = {
      id,
      type,
      url,
      preview_url: `${this.#origin}/system/media_attachments/files/${id}/small/preview.png`,
      remote_url: null,
      preview_remote_url: null,
      text_url: null,
      meta: {},
      description: typeof body.description === "string" ? body.description : null,
      blurhash: null,
    };
    const pollsLeft = async ? this.#processingPolls : 0;
    this.media.set(id, { id, token, pollsLeft, entity });
    return async ? json(202, { ...entity, url: null }) : json(200, entity);
  }

  #getMedia(token: string, id: string): Response {
    const media = this.media.get(id);
    if (!media || media.token !== token) return json(404, { error: "Record not found" });
    if (media.pollsLeft > 0) {
      media.pollsLeft--;
      return json(206, { ...media.entity, url: null });
    }
    return json(200, media.entity);
  }

  /** The account id of an accepted access token (whose notifications `listen.mention` fills). */
  accountIdOf(token: string): string {
    return this.#account(token).id;
  }

  #nextId(now: number): string {
    // Mastodon ids are snowflakes: milliseconds << 16 plus a sequence (lib/mastodon/snowflake.rb).
    let id = BigInt(Math.max(0, Math.floor(now))) << 16n;
    if (id <= this.#lastId) id = this.#lastId + 1n;
    this.#lastId = id;
    return id.toString();
  }

  #account(token: string): { id: string; username: string } & Record<string, unknown> {
    const n = this.#tokens.indexOf(token) + 1;
    const username = `herald_sim_${n}`;
    return {
      id: String(100_000 + n),
      username,
      acct: username,
      display_name: `Herald Simulator ${n}`,
      locked: false,
      bot: true,
      discoverable: null,
      indexable: false,
      group: false,
      created_at: "2025-01-01T00:00:00.000Z",
      note: "",
      url: `${this.#origin}/@${username}`,
      uri: `${this.#origin}/users/${username}`,
      avatar: `${this.#origin}/avatars/original/missing.png`,
      avatar_static: `${this.#origin}/avatars/original/missing.png`,
      header: `${this.#origin}/headers/original/missing.png`,
      header_static: `${this.#origin}/headers/original/missing.png`,
      followers_count: 0,
      following_count: 0,
      statuses_count: this.statuses.length,
      last_status_at: null,
      emojis: [],
      fields: [],
    };
  }

  /**
   * The token's CredentialAccount (docs.joinmastodon.org/entities/Account/#CredentialAccount):
   * the Account with `source`, followers and following grown from the clock.
   */
  credentialAccount(token: string, now: number): Record<string, unknown> {
    const account = this.#account(token);
    return {
      ...account,
      followers_count: audienceCount(account.id, "followers", now),
      following_count: audienceCount(account.id, "following", now),
      source: {
        privacy: "public",
        sensitive: false,
        language: "",
        note: "",
        fields: [],
        follow_requests_count: 0,
      },
    };
  }

  #instance(): Record<string, unknown> {
    const domain = new URL(this.#origin).host;
    return {
      domain,
      title: "Herald simulator",
      version: "4.3.0",
      source_url: "https://github.com/mastodon/mastodon",
      description: "A simulated Mastodon instance for tests.",
      usage: { users: { active_month: 1 } },
      thumbnail: { url: `${this.#origin}/packs/media/images/preview.png` },
      icon: [],
      languages: ["en"],
      api_versions: { mastodon: 2 },
      configuration: {
        urls: { streaming: `wss://${domain}`, status: null },
        vapid: { public_key: "" },
        accounts: ACCOUNT_LIMITS,
        statuses: {
          max_characters: this.#maxCharacters,
          max_media_attachments: this.#maxMedia,
          characters_reserved_per_url: CHARACTERS_PER_URL,
        },
        media_attachments: {
          supported_mime_types: [
            "image/jpeg",
            "image/png",
            "image/gif",
            "image/webp",
            "video/mp4",
            "audio/mpeg",
          ],
          image_size_limit: IMAGE_SIZE_LIMIT,
          image_matrix_limit: IMAGE_MATRIX_LIMIT,
          video_size_limit: VIDEO_SIZE_LIMIT,
          video_frame_rate_limit: VIDEO_FRAME_RATE_LIMIT,
          video_matrix_limit: VIDEO_MATRIX_LIMIT,
          description_limit: DESCRIPTION_LIMIT,
        },
        polls: POLL_LIMITS,
        translation: { enabled: false },
      },
      registrations: { enabled: false, approval_required: false, message: null },
      contact: { email: "", account: null },
      rules: [],
    };
  }
}

function mediaType(mime: string): "image" | "gifv" | "video" | "audio" | undefined {
  if (mime === "image/gif") return "gifv";
  if (mime.startsWith("image/")) return "image";
  if (mime.startsWith("video/")) return "video";
  if (mime.startsWith("audio/")) return "audio";
  return undefined;
}
