import { countXLength } from "../../../adapters/x/length.js";
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
import { XPostApi } from "./posts.js";
import type { XSimPost } from "./records.js";

export type { XSimPost } from "./records.js";

/** One X user the simulator knows, with the tokens it accepts for them. */
export interface XSimUser {
  /** The user id (default: a snowflake-like id from the user's position). */
  id?: string;
  /** The handle (default `herald_sim_<n>`). */
  username?: string;
  /** An access token accepted now; omit for a user who only has a refresh token. */
  accessToken?: string;
  /** A refresh token the token endpoint accepts (single use: X rotates it). */
  refreshToken?: string;
}

/** X limits; each is a sliding window. */
export interface XLimits {
  /** `POST /2/tweets` per user (default 100 per 15 minutes). */
  postsPerUser?: WindowLimit;
  /** `POST /2/tweets` per user per 24 hours (default none: a plan's cap, e.g. 17 on Free). */
  postsPerUser24h?: WindowLimit;
  /** `POST /2/tweets` per app per 24 hours, over every user (default 10,000). */
  postsPerApp24h?: WindowLimit;
  /** Direct Messages per user (default 200 per 15 minutes). */
  dmsPerUser?: WindowLimit;
  /** Media upload requests per user (default none; X publishes no number). */
  mediaPerUser?: WindowLimit;
}

/** X simulator options. */
export interface XSimOptions {
  /** The users and their tokens. */
  users: XSimUser[];
  /** OAuth 2.0 clients the token endpoint accepts; one with a secret must use HTTP Basic. */
  clients?: Array<{ clientId: string; clientSecret?: string }>;
  /** Lifetime of issued access tokens in seconds (default 7200: X's 2 hours). */
  tokenLifetimeSec?: number;
  /** Status polls answered `in_progress` before a video or GIF is ready (default 1). */
  mediaProcessingPolls?: number;
  /** Limits replacing the documented defaults. */
  limits?: XLimits;
}

/** A Direct Message the simulated X delivered. */
export interface XSimDm {
  /** DM event id. */
  id: string;
  /** Sender's user id. */
  from: string;
  /** Recipient's user id. */
  to: string;
  /** Text. */
  text: string | undefined;
  /** Attached media ids. */
  mediaIds: string[];
  /** Simulator time (ms). */
  time: number;
}

/** An upload session. */
export interface XSimMedia {
  /** Media id. */
  id: string;
  /** Owner's user id. */
  userId: string;
  /** MIME type. */
  mediaType: string;
  /** `media_category`. */
  category: string;
  /** Declared size. */
  totalBytes: number;
  /** Bytes received per segment index. */
  segments: Map<number, number>;
  /** `initialized`, `processing`, `succeeded`. */
  state: "initialized" | "processing" | "succeeded";
  /** Status polls left while processing. */
  pollsLeft: number;
  /** Alt text set through `POST /2/media/metadata`. */
  altText: string | undefined;
}

// docs.x.com/x-api/fundamentals/rate-limits and PLATFORMS.md "X" row
const DEFAULT_LIMITS: Required<XLimits> = {
  postsPerUser: { limit: 100, windowMs: 15 * 60_000 }, // POST /2/tweets: 100 / 15 min per user
  postsPerUser24h: { limit: Number.POSITIVE_INFINITY, windowMs: 24 * 3_600_000 }, // plan-specific
  postsPerApp24h: { limit: 10_000, windowMs: 24 * 3_600_000 }, // 10,000 / 24 h per app
  dmsPerUser: { limit: 200, windowMs: 15 * 60_000 }, // DMs: 200 / 15 min per user
  mediaPerUser: { limit: Number.POSITIVE_INFINITY, windowMs: 15 * 60_000 }, // not published
};
/** Access token lifetime (docs.x.com OAuth 2.0: "2 hours"). */
const TOKEN_LIFETIME_SEC = 7_200;
/** Upload sessions last this long (the `expires_after_secs` X reports; simulator choice: 24 h). */
const UPLOAD_EXPIRES_SEC = 86_400;
/** Post length (twitter-text v3, PLATFORMS.md "X" row). */
const MAX_POST = 280;
const APP = "app";

const problem = (status: number, title: string, detail: string, type = "about:blank") =>
  json(status, { title, detail, type, status });
const invalid = (detail: string, errors: string[] = []) =>
  json(400, {
    errors: errors.map((message) => ({ message })),
    title: "Invalid Request",
    detail,
    type: "https://api.x.com/2/problems/invalid-request",
  });

async function sha256Base64Url(text: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)),
  );
  let binary = "";
  for (const byte of digest) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * Simulated X API v2: OAuth 2.0 (authorize, code exchange with PKCE, refresh with rotation),
 * posts, Direct Messages, the chunked media upload with processing, alt text, the 15-minute and
 * 24-hour rate limits with their headers, and the 403 for duplicate content.
 */
export class XSimulator implements PlatformSimulator {
  /** Posts created, in order. */
  readonly posts: XSimPost[] = [];
  /** Lookups with metrics and deletes of those posts: `deleted`, `publicMetrics(post, now)`. */
  readonly postApi = new XPostApi(this.posts);
  /** Direct Messages delivered, in order. */
  readonly dms: XSimDm[] = [];
  /** Upload sessions by media id. */
  readonly media = new Map<string, XSimMedia>();
  /** Token grants answered with tokens, in order (`refresh_token` or `authorization_code`). */
  readonly grants: Array<{ grantType: string; clientId: string; userId: string; time: number }> =
    [];
  readonly #options: XSimOptions;
  readonly #users: Array<Required<Pick<XSimUser, "id" | "username">>> = [];
  readonly #access = new Map<string, { userId: string; expiresAt: number }>();
  readonly #refresh = new Map<string, string>();
  readonly #codes = new Map<
    string,
    { clientId: string; redirectUri: string; challenge: string; userId: string; scope: string }
  >();
  readonly #windows: Record<keyof XLimits, SlidingWindow>;
  #seq = 0;

  /** Creates the simulator from its options. */
  constructor(
    options: XSimOptions,
    private readonly env: PlatformEnv,
  ) {
    this.#options = options;
    const limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.#windows = {
      postsPerUser: new SlidingWindow(limits.postsPerUser),
      postsPerUser24h: new SlidingWindow(limits.postsPerUser24h),
      postsPerApp24h: new SlidingWindow(limits.postsPerApp24h),
      dmsPerUser: new SlidingWindow(limits.dmsPerUser),
      mediaPerUser: new SlidingWindow(limits.mediaPerUser),
    };
    this.reset();
  }

  /** @inheritdoc */
  redactPath(path: string): string {
    return path;
  }

  /** @inheritdoc */
  reset(): void {
    this.posts.length = 0;
    this.postApi.reset();
    this.dms.length = 0;
    this.grants.length = 0;
    this.media.clear();
    this.#access.clear();
    this.#refresh.clear();
    this.#codes.clear();
    this.#users.length = 0;
    for (const w of Object.values(this.#windows)) w.clear();
    this.#seq = 0;
    this.#options.users.forEach((user, i) => {
      const id = user.id ?? String(1_000_000_000 + i + 1);
      this.#users.push({ id, username: user.username ?? `herald_sim_${i + 1}` });
      if (user.accessToken) this.#access.set(user.accessToken, { userId: id, expiresAt: Infinity });
      if (user.refreshToken) this.#refresh.set(user.refreshToken, id);
    });
  }

  /** @inheritdoc */
  tooManyRequests(now: number, retryAfterMs: number): Response {
    // docs.x.com/x-api/fundamentals/rate-limits: a 429 with x-rate-limit-reset in epoch seconds
    const response = problem(429, "Too Many Requests", "Too Many Requests");
    response.headers.set("x-rate-limit-remaining", "0");
    response.headers.set("x-rate-limit-reset", String(Math.ceil((now + retryAfterMs) / 1000)));
    return response;
  }

  /** @inheritdoc */
  serverError(status: number): Response {
    const titles: Record<number, string> = { 502: "Bad Gateway", 503: "Service Unavailable" };
    return problem(
      status,
      titles[status] ?? "Internal Server Error",
      "Something went wrong.",
      "https://api.x.com/2/problems/internal-error",
    );
  }

  /**
   * The user's consent, simulated: takes an authorization URL (as `startXAuthorization` builds
   * it) and returns the redirect X would send the browser to, with `code` and `state`.
   * `user` picks the consenting user by id (default the first).
   */
  authorize(authorizationUrl: string, user?: string): string {
    const params = new URL(authorizationUrl).searchParams;
    const redirect = new URL(params.get("redirect_uri") ?? "");
    const userId = user ?? this.#users[0]?.id ?? "";
    const code = `sim-code-${++this.#seq}`;
    this.#codes.set(code, {
      clientId: params.get("client_id") ?? "",
      redirectUri: params.get("redirect_uri") ?? "",
      challenge: params.get("code_challenge") ?? "",
      userId,
      scope: params.get("scope") ?? "",
    });
    redirect.searchParams.set("state", params.get("state") ?? "");
    redirect.searchParams.set("code", code);
    return redirect.toString();
  }

  /** @inheritdoc */
  async handle(request: PlatformRequest): Promise<Response> {
    const path = request.path.replace(/\/+$/, "");
    const { method } = request;
    if (method === "POST" && path === "/2/oauth2/token") {
      request.record.operation = "token";
      return this.#token(request);
    }
    const route = this.#route(method, path) ?? this.postApi.route(method, path);
    if (!route) return problem(404, "Not Found Error", `${method} ${path} is not an endpoint`);
    request.record.operation = route.operation;
    const token = bearerToken(request.headers);
    const session = token === undefined ? undefined : this.#access.get(token);
    if (!session || session.expiresAt <= request.now) {
      return problem(401, "Unauthorized", "Unauthorized");
    }
    const user = session.userId;
    switch (route.operation) {
      case "getPostsByIds":
      case "deletePosts":
        return this.postApi.handle(
          { operation: route.operation, id: route.id ?? "" },
          request,
          user,
        );
      case "createPosts":
        return this.#limited(
          request,
          user,
          ["postsPerUser", "postsPerUser24h", "postsPerApp24h"],
          () => this.#createPost(request, user),
        );
      case "getUsersMe":
        return json(200, { data: this.me(user, request.now) });
      case "createDirectMessagesByParticipantId":
        return this.#limited(request, user, ["dmsPerUser"], () =>
          this.#createDm(request, user, route.id ?? ""),
        );
      default:
        return this.#limited(request, user, ["mediaPerUser"], () =>
          this.#mediaStep(request, user, route.operation, route.id),
        );
    }
  }

  /**
   * The user as `GET /2/users/me?user.fields=public_metrics` answers it
   * (docs.x.com/x-api/users/user-lookup-me; User `public_metrics`: followers_count,
   * following_count, tweet_count, listed_count, like_count, media_count), grown from the clock.
   */
  me(userId: string, now: number): Record<string, unknown> {
    const username = this.#users.find((u) => u.id === userId)?.username ?? userId;
    return {
      id: userId,
      name: username,
      username,
      public_metrics: {
        followers_count: audienceCount(`x|${userId}`, "followers", now),
        following_count: audienceCount(`x|${userId}`, "following", now),
        tweet_count: audienceCount(`x|${userId}`, "posts", now),
        listed_count: 0,
        like_count: 0,
        media_count: 0,
      },
    };
  }

  #route(method: string, path: string): { operation: string; id?: string } | undefined {
    if (method === "POST" && path === "/2/tweets") return { operation: "createPosts" };
    if (method === "GET" && path === "/2/users/me") return { operation: "getUsersMe" };
    if (method === "POST" && path === "/2/media/upload/initialize")
      return { operation: "initializeMediaUpload" };
    if (method === "GET" && path === "/2/media/upload")
      return { operation: "getMediaUploadStatus" };
    if (method === "POST" && path === "/2/media/metadata")
      return { operation: "createMediaMetadata" };
    const upload = /^\/2\/media\/upload\/([0-9]+)\/(append|finalize)$/.exec(path);
    if (method === "POST" && upload) {
      return {
        operation: upload[2] === "append" ? "appendMediaUpload" : "finalizeMediaUpload",
        id: upload[1] ?? "",
      };
    }
    const dm = /^\/2\/dm_conversations\/with\/([^/]+)\/messages$/.exec(path);
    if (method === "POST" && dm)
      return { operation: "createDirectMessagesByParticipantId", id: dm[1] ?? "" };
    return undefined;
  }

  /**
   * Counts the request in its windows or answers 429 (no Retry-After, as X); sets the headers of
   * the first window (`x-rate-limit-*`) and of the 24-hour ones.
   */
  #limited(
    request: PlatformRequest,
    user: string,
    names: Array<keyof XLimits>,
    run: () => Response,
  ): Response {
    const windows = names.map((name) => ({
      name,
      window: this.#windows[name],
      key: name === "postsPerApp24h" ? APP : user,
    }));
    const blocked = windows.find((w) => w.window.wait(w.key, request.now) > 0);
    const response = blocked
      ? problem(429, "Too Many Requests", "Too Many Requests")
      : (() => {
          for (const w of windows) w.window.hit(w.key, request.now);
          return run();
        })();
    if (blocked) request.rateLimited = true;
    for (const { name, window, key } of windows) {
      if (!Number.isFinite(window.limit)) continue;
      const prefix =
        name === "postsPerUser24h"
          ? "x-user-limit-24hour"
          : name === "postsPerApp24h"
            ? "x-app-limit-24hour"
            : "x-rate-limit";
      response.headers.set(`${prefix}-limit`, String(window.limit));
      response.headers.set(`${prefix}-remaining`, String(window.remaining(key, request.now)));
      response.headers.set(
        `${prefix}-reset`,
        String(Math.ceil(window.resetAt(key, request.now) / 1000)),
      );
    }
    return response;
  }

  #schema(request: PlatformRequest, operation: string): Response | undefined {
    if (request.body.error) return invalid("The request body is not valid JSON.");
    const errors = this.env.validate("x", operation, request.body.value, {
      encoding: validationEncoding(request),
    });
    request.record.schemaErrors = errors;
    return errors.length > 0
      ? invalid("One or more parameters to your request was invalid.", errors)
      : undefined;
  }

  #nextId(now: number): string {
    // X ids are snowflakes: milliseconds since 2010-11-04 (1288834974657) << 22 plus a sequence.
    return (
      (BigInt(Math.max(0, Math.floor(now) - 1_288_834_974_657)) << 22n) +
      BigInt(++this.#seq)
    ).toString();
  }

  #readyMedia(ids: string[], user: string): string | undefined {
    return ids.find((id) => {
      const m = this.media.get(id);
      return !m || m.userId !== user || m.state !== "succeeded";
    });
  }

  #createPost(request: PlatformRequest, user: string): Response {
    const rejected = this.#schema(request, "createPosts");
    if (rejected) return rejected;
    const body = fieldsOf(request.body.value);
    const text = typeof body.text === "string" ? body.text : "";
    const mediaIds = (fieldsOf(body.media).media_ids as string[] | undefined) ?? [];
    if (text.trim() === "" && mediaIds.length === 0 && body.poll === undefined) {
      return invalid("One or more parameters to your request was invalid.", [
        "text or media is required",
      ]);
    }
    // Simulator choice: X documents no status for an over-long text; answered like other bad input.
    if (countXLength(text) > MAX_POST)
      return invalid("Your Tweet text is too long.", [
        `text: over ${MAX_POST} weighted characters`,
      ]);
    const badMedia = this.#readyMedia(mediaIds, user);
    if (badMedia !== undefined)
      return invalid("Your media IDs are invalid.", [`media_ids: ${badMedia}`]);
    if (text !== "" && this.posts.some((p) => p.userId === user && p.text === text)) {
      // The answer X gives (seen in the wild): 403 Problem with this detail.
      return problem(
        403,
        "Forbidden",
        "You are not allowed to create a Tweet with duplicate content.",
      );
    }
    const inReplyTo = fieldsOf(body.reply).in_reply_to_tweet_id as string | undefined;
    const post: XSimPost = {
      id: this.#nextId(request.now),
      userId: user,
      text,
      mediaIds,
      inReplyTo,
      quoteOf: typeof body.quote_tweet_id === "string" ? body.quote_tweet_id : undefined,
      poll: body.poll as XSimPost["poll"],
      time: request.now,
    };
    this.posts.push(post);
    return json(201, { data: { id: post.id, text, edit_history_tweet_ids: [post.id] } });
  }

  #createDm(request: PlatformRequest, user: string, to: string): Response {
    const rejected = this.#schema(request, "createDirectMessagesByParticipantId");
    if (rejected) return rejected;
    if (!/^[0-9]{1,19}$/.test(to))
      return invalid("One or more parameters to your request was invalid.", [
        `participant_id: ${to}`,
      ]);
    const body = fieldsOf(request.body.value);
    const mediaIds = ((body.attachments as Array<{ media_id: string }> | undefined) ?? []).map(
      (a) => a.media_id,
    );
    const badMedia = this.#readyMedia(mediaIds, user);
    if (badMedia !== undefined)
      return invalid("Your media IDs are invalid.", [`media_id: ${badMedia}`]);
    const dm: XSimDm = {
      id: this.#nextId(request.now),
      from: user,
      to,
      text: typeof body.text === "string" ? body.text : undefined,
      mediaIds,
      time: request.now,
    };
    this.dms.push(dm);
    return json(201, { data: { dm_conversation_id: `${user}-${to}`, dm_event_id: dm.id } });
  }

  #mediaStep(
    request: PlatformRequest,
    user: string,
    operation: string,
    id: string | undefined,
  ): Response {
    if (operation === "initializeMediaUpload") {
      const rejected = this.#schema(request, operation);
      if (rejected) return rejected;
      const body = fieldsOf(request.body.value);
      if (typeof body.media_type !== "string" || typeof body.total_bytes !== "number") {
        return invalid("One or more parameters to your request was invalid.", [
          "media_type and total_bytes are required",
        ]);
      }
      const media: XSimMedia = {
        id: this.#nextId(request.now),
        userId: user,
        mediaType: body.media_type,
        category: typeof body.media_category === "string" ? body.media_category : "tweet_image",
        totalBytes: body.total_bytes,
        segments: new Map(),
        state: "initialized",
        pollsLeft: 0,
        altText: undefined,
      };
      this.media.set(media.id, media);
      return json(200, {
        data: { id: media.id, media_key: `3_${media.id}`, expires_after_secs: UPLOAD_EXPIRES_SEC },
      });
    }
    const mediaId =
      id ?? request.query.get("media_id") ?? String(fieldsOf(request.body.value).id ?? "");
    const media = this.media.get(mediaId);
    if (operation === "createMediaMetadata") {
      const rejected = this.#schema(request, operation);
      if (rejected) return rejected;
    }
    if (!media || media.userId !== user) {
      return problem(
        404,
        "Not Found Error",
        `Could not find media with id: [${mediaId}].`,
        "https://api.x.com/2/problems/resource-not-found",
      );
    }
    switch (operation) {
      case "appendMediaUpload": {
        const rejected = this.#schema(request, operation);
        if (rejected) return rejected;
        const body = fieldsOf(request.body.value);
        const file = body.media;
        if (!isUploadedFile(file))
          return invalid("One or more parameters to your request was invalid.", [
            "media: a file part is required",
          ]);
        media.segments.set(Number(body.segment_index), file.size);
        return json(200, {
          data: { expires_at: Math.floor(request.now / 1000) + UPLOAD_EXPIRES_SEC },
        });
      }
      case "finalizeMediaUpload": {
        const size = [...media.segments.values()].reduce((a, b) => a + b, 0);
        if (size !== media.totalBytes) {
          return invalid("One or more parameters to your request was invalid.", [
            `received ${size} bytes of ${media.totalBytes}`,
          ]);
        }
        // Videos and GIFs are processed asynchronously (processing_info), images at once.
        const moving = !media.category.endsWith("_image");
        media.state = moving ? "processing" : "succeeded";
        media.pollsLeft = moving ? (this.#options.mediaProcessingPolls ?? 1) : 0;
        return json(200, { data: this.#mediaData(media, "pending") });
      }
      case "getMediaUploadStatus": {
        if (media.state === "processing" && media.pollsLeft > 0) {
          media.pollsLeft--;
          return json(200, { data: this.#mediaData(media, "in_progress") });
        }
        if (media.state === "processing") media.state = "succeeded";
        return json(200, { data: this.#mediaData(media, "succeeded") });
      }
      default: {
        media.altText = String(
          fieldsOf(fieldsOf(fieldsOf(request.body.value).metadata).alt_text).text ?? "",
        );
        return json(200, { data: { associated_metadata: true } });
      }
    }
  }

  /** FinalizeMediaUploadResponseData / GetMediaUploadStatusResponseData of the X OpenAPI spec. */
  #mediaData(media: XSimMedia, state: string): Record<string, unknown> {
    const data: Record<string, unknown> = {
      id: media.id,
      media_key: `3_${media.id}`,
      size: media.totalBytes,
      expires_after_secs: UPLOAD_EXPIRES_SEC,
    };
    if (!media.category.endsWith("_image")) {
      data.processing_info =
        state === "succeeded"
          ? { state, progress_percent: 100 }
          : { state, check_after_secs: 1, progress_percent: state === "pending" ? 0 : 50 };
    }
    return data;
  }

  /** `POST /2/oauth2/token`: authorization_code (with PKCE) and refresh_token grants. */
  async #token(request: PlatformRequest): Promise<Response> {
    const body = fieldsOf(request.body.value) as Record<string, string | undefined>;
    const basic = /^Basic\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];
    const [basicId, basicSecret] = basic ? atob(basic).split(":") : [];
    const clientId = basicId ?? body.client_id ?? "";
    const client = (this.#options.clients ?? []).find((c) => c.clientId === clientId);
    const authenticated =
      client !== undefined &&
      (client.clientSecret === undefined ? true : basicSecret === client.clientSecret);
    if (!authenticated) {
      return json(401, {
        error: "unauthorized_client",
        error_description: "Missing valid authorization header",
      });
    }
    const fail = () =>
      json(400, {
        error: "invalid_request",
        error_description: "Value passed for the token was invalid.",
      });
    let userId: string;
    let scope = "tweet.read tweet.write users.read media.write offline.access";
    if (body.grant_type === "refresh_token") {
      const owner = this.#refresh.get(body.refresh_token ?? "");
      if (owner === undefined) return fail();
      this.#refresh.delete(body.refresh_token ?? "");
      userId = owner;
    } else if (body.grant_type === "authorization_code") {
      const code = this.#codes.get(body.code ?? "");
      if (!code || code.clientId !== clientId || code.redirectUri !== body.redirect_uri)
        return fail();
      if ((await sha256Base64Url(body.code_verifier ?? "")) !== code.challenge) return fail();
      this.#codes.delete(body.code ?? "");
      userId = code.userId;
      scope = code.scope;
    } else {
      return json(400, {
        error: "unsupported_grant_type",
        error_description: "Grant type is not supported.",
      });
    }
    const lifetime = this.#options.tokenLifetimeSec ?? TOKEN_LIFETIME_SEC;
    const accessToken = `sim-access-${++this.#seq}`;
    this.#access.set(accessToken, { userId, expiresAt: request.now + lifetime * 1000 });
    const answer: Record<string, unknown> = {
      token_type: "bearer",
      expires_in: lifetime,
      access_token: accessToken,
      scope,
    };
    if (scope.split(" ").includes("offline.access")) {
      const refreshToken = `sim-refresh-${++this.#seq}`;
      this.#refresh.set(refreshToken, userId);
      answer.refresh_token = refreshToken;
    }
    this.grants.push({ grantType: body.grant_type, clientId, userId, time: request.now });
    return json(200, answer);
  }
}
