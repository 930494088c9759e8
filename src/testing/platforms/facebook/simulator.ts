import type { WindowLimit } from "../../types.js";
import { SlidingWindow } from "../../window.js";
import {
  fieldsOf,
  httpDate,
  json,
  type PlatformEnv,
  type PlatformRequest,
  type PlatformSimulator,
  validationEncoding,
} from "../context.js";
import { audienceCount } from "../engagement.js";
import { graphError, graphToken } from "./graph.js";
import {
  FacebookLogin,
  type FacebookLoginPage,
  type FacebookSimApp,
  type FacebookSimUser,
} from "./login.js";
import { FacebookPostApi } from "./posts.js";
import type { FacebookCommentRecord, FacebookPostRecord } from "./records.js";

export type { FacebookSimApp, FacebookSimUser } from "./login.js";
export type { FacebookCommentRecord, FacebookPostRecord } from "./records.js";

/** A Page of the simulated Facebook. */
export interface FacebookSimPage {
  /** Page id (numeric string). */
  id: string;
  /** Its Page access token. */
  accessToken: string;
  /** Name (default `Page <id>`). */
  name?: string;
}

/** Facebook limits; each a sliding window. */
export interface FacebookLimits {
  /** Calls per Page (the Pages Business Use Case limit; default 4800 per 24 hours, one engaged user). */
  perPage?: WindowLimit;
  /** Calls of the whole app (`X-App-Usage`; default none). */
  perApp?: WindowLimit;
}

/** Facebook simulator options. */
export interface FacebookSimOptions {
  /** Pages and their tokens. */
  pages: FacebookSimPage[];
  /** User tokens (for `/me/accounts` and the token exchanges). */
  users?: FacebookSimUser[];
  /** The app of the OAuth endpoints. */
  app?: FacebookSimApp;
  /** Authorization codes Facebook Login returned, each to the user token it exchanges for. */
  codes?: Record<string, string>;
  /** Longest message (default 63,206, unconfirmed). */
  maxCharacters?: number;
  /** Limits replacing the defaults. */
  limits?: FacebookLimits;
}

/** A photo uploaded to a Page. */
export interface FacebookPhotoRecord {
  /** Photo id (`media_fbid`). */
  id: string;
  /** The Page. */
  pageId: string;
  /** Published as its own post. */
  published: boolean;
  /** Uploaded for a scheduled post. */
  temporary: boolean;
  /** The `url` it was fetched from, or the uploaded file's name. */
  source: string;
  /** Its `alt_text_custom`. */
  alt: string | undefined;
}

// https://developers.facebook.com/docs/graph-api/overview/rate-limiting/#pages: 4800 × engaged users / 24 h
const DEFAULT_PER_PAGE: WindowLimit = { limit: 4_800, windowMs: 86_400_000 };
/** Longest message (63,206: the commonly given figure; PLATFORMS.md marks it unconfirmed). */
const DEFAULT_MAX_CHARACTERS = 63_206;
/** Scheduled posts: 10 minutes to 30 days ahead (https://developers.facebook.com/docs/pages-api/posts). */
const MIN_SCHEDULE_MS = 10 * 60_000;
const MAX_SCHEDULE_MS = 30 * 86_400_000;
/** Usage headers report percent of the limit. */
const PERCENT = 100;
const MINUTE_MS = 60_000;
/** First numeric id the simulator hands out (ids are 15+ digit numbers on Facebook). */
const FIRST_ID = 100_000_000_000_000n;
const VERSION = /^\/(v\d+\.\d+)(\/.*)$/;

/** Simulated Facebook Graph API: Page posts, photos, videos, comments, Login, and the usage headers. */
export class FacebookSimulator implements PlatformSimulator {
  /** Posts made, in order. */
  readonly posts: FacebookPostRecord[] = [];
  /** Photos uploaded, by id. */
  readonly photos = new Map<string, FacebookPhotoRecord>();
  /** Comments, in order (the Page's and the seeded ones). */
  readonly comments: FacebookCommentRecord[] = [];
  /** Reads, insights, edits and deletes of those posts: `deleted`, `counts(id, now)`. */
  readonly postApi = new FacebookPostApi(this.posts, this.comments);
  readonly #pages = new Map<string, FacebookLoginPage>();
  readonly #pageOfToken = new Map<string, string>();
  readonly #perPage: SlidingWindow;
  readonly #perApp: SlidingWindow;
  readonly #maxCharacters: number;
  #login: FacebookLogin;
  readonly #options: FacebookSimOptions;
  #nextId = FIRST_ID;

  /** Creates the simulator from its options. */
  constructor(
    options: FacebookSimOptions,
    private readonly env: PlatformEnv,
  ) {
    this.#options = options;
    for (const page of options.pages) {
      this.#pages.set(page.id, {
        id: page.id,
        name: page.name ?? `Page ${page.id}`,
        accessToken: page.accessToken,
      });
      this.#pageOfToken.set(page.accessToken, page.id);
    }
    this.#perPage = new SlidingWindow(options.limits?.perPage ?? DEFAULT_PER_PAGE);
    this.#perApp = new SlidingWindow(
      options.limits?.perApp ?? { limit: Number.POSITIVE_INFINITY, windowMs: 3_600_000 },
    );
    this.#maxCharacters = options.maxCharacters ?? DEFAULT_MAX_CHARACTERS;
    this.#login = this.#newLogin();
  }

  #newLogin(): FacebookLogin {
    const { users = [], codes = {}, app } = this.#options;
    return new FacebookLogin(users, codes, app, this.env.random);
  }

  /** @inheritdoc */
  redactPath(path: string): string {
    return path;
  }

  /** @inheritdoc */
  reset(): void {
    this.posts.length = 0;
    this.photos.clear();
    this.comments.length = 0;
    this.postApi.reset();
    this.#perPage.clear();
    this.#perApp.clear();
    this.#nextId = FIRST_ID;
    this.#login = this.#newLogin();
  }

  /** @inheritdoc */
  tooManyRequests(_now: number, retryAfterMs: number): Response {
    // Graph throttles with error code 4 and X-App-Usage at 100 % (graph-api/overview/rate-limiting)
    const usage = { call_count: 100, total_cputime: 100, total_time: 100 };
    return graphError(400, 4, "Application request limit reached", {
      headers: {
        "x-app-usage": JSON.stringify(usage),
        "retry-after": String(Math.ceil(retryAfterMs / 1000)),
      },
    });
  }

  /** @inheritdoc */
  serverError(status: number): Response {
    // code 1 "unknown error" / 2 "service temporarily unavailable", both transient (error handling guide)
    return status === 503
      ? graphError(status, 2, "Service temporarily unavailable", { transient: true })
      : graphError(status, 1, "An unknown error has occurred.", { transient: true });
  }

  /**
   * Seeds a comment by a user on a post (or a reply to a comment), as if someone wrote it on
   * Facebook; returns its id, which the Page can answer (`replyTo`).
   */
  addComment(
    parentId: string,
    message: string,
    from = { id: "9000000001", name: "A Fan" },
  ): string {
    const id = `${parentId.split("_").at(-1)}_${this.#id()}`;
    this.comments.push({ id, parentId, from, message, time: this.env.clock.now() });
    return id;
  }

  /**
   * `GET /{page-id}?fields=followers_count,fan_count` (developers.facebook.com/docs/graph-api/reference/page:
   * `followers_count` "Number of followers of the Page", `fan_count` "The number of users who
   * like the Page"), grown from the clock.
   */
  pageFields(pageId: string, now: number): Record<string, unknown> {
    return {
      id: pageId,
      followers_count: audienceCount(`facebook|${pageId}`, "followers", now),
      fan_count: audienceCount(`facebook|${pageId}|likes`, "followers", now),
    };
  }

  /** @inheritdoc */
  handle(request: PlatformRequest): Response {
    const match = VERSION.exec(request.path.replace(/\/+$/, ""));
    const version = match?.[1];
    const path = match?.[2] ?? request.path.replace(/\/+$/, "");
    if (request.method === "GET" && path === "/oauth/access_token") {
      return this.#login.accessToken(request);
    }
    if (request.method === "GET" && path === "/me/accounts") {
      return this.#login.accounts(request, (id) => this.#pages.get(id));
    }
    const pageRead = /^\/([0-9]+)$/.exec(path)?.[1];
    if (request.method === "GET" && pageRead !== undefined && this.#pages.has(pageRead)) {
      request.record.operation = "getPage";
      const page = this.#pageOfToken.get(graphToken(request) ?? "");
      if (page === undefined) return graphError(400, 190, "Invalid OAuth access token");
      return this.#limited(request, page, () => json(200, this.pageFields(pageRead, request.now)));
    }
    const postRoute = this.postApi.route(request.method, path);
    if (postRoute) {
      request.record.operation = postRoute.operation;
      const page = this.#pageOfToken.get(graphToken(request) ?? "");
      if (page === undefined) return graphError(400, 190, "Invalid OAuth access token");
      return this.#limited(request, page, () => this.postApi.handle(postRoute, request, page));
    }
    const edge = /^\/([^/]+)\/(feed|photos|videos|comments)$/.exec(path);
    if (request.method !== "POST" || !edge) {
      return graphError(400, 100, "Unsupported request - method type or path not simulated", {
        subcode: 33,
      });
    }
    const [, objectId = "", kind] = edge;
    const operation = {
      feed: "createFeedPost",
      photos: "createPhoto",
      videos: "createVideo",
      comments: "createComment",
    }[kind as "feed"];
    request.record.operation = operation;
    const token = graphToken(request);
    const tokenPage = token === undefined ? undefined : this.#pageOfToken.get(token);
    if (tokenPage === undefined) {
      return graphError(400, 190, "Invalid OAuth access token - Cannot parse access token");
    }
    return this.#limited(request, tokenPage, () => {
      const errors = this.env.validate("facebook", operation, request.body.value, {
        encoding: validationEncoding(request),
      });
      request.record.schemaErrors = errors;
      if (errors.length > 0) return graphError(400, 100, `Invalid parameter: ${errors.join("; ")}`);
      if (kind === "comments") return this.#comment(request, tokenPage, objectId);
      if (objectId !== tokenPage) {
        return graphError(403, 200, "Requires a Page access token of this Page");
      }
      return this.#publish(request, tokenPage, kind as "feed" | "photos" | "videos", version);
    });
  }

  /** Counts the call against the Page's and the app's windows; answers 80001 / 4 when one is full. */
  #limited(request: PlatformRequest, pageId: string, run: () => Response): Response {
    const now = request.now;
    const pageWait = this.#perPage.wait(pageId, now);
    const appWait = this.#perApp.wait("app", now);
    if (pageWait === 0 && appWait === 0) {
      this.#perPage.hit(pageId, now);
      this.#perApp.hit("app", now);
    }
    const headers = this.#usageHeaders(pageId, now);
    if (pageWait > 0 || appWait > 0) {
      request.rateLimited = true;
      return pageWait > 0
        ? graphError(
            400,
            80001,
            "There have been too many calls to this Page account. Wait a bit and try again.",
            { headers },
          )
        : graphError(400, 4, "Application request limit reached", { headers });
    }
    const response = run();
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    return response;
  }

  /**
   * `X-App-Usage`, `X-Business-Use-Case-Usage` and `Date`, after the call was counted: at 100 %
   * `estimated_time_to_regain_access` gives the minutes until the Page's window lets a call in.
   */
  #usageHeaders(pageId: string, now: number): Record<string, string> {
    const percent = (w: SlidingWindow, key: string) =>
      Number.isFinite(w.limit)
        ? Math.min(PERCENT, Math.round(((w.limit - w.remaining(key, now)) / w.limit) * PERCENT))
        : 0;
    const page = percent(this.#perPage, pageId);
    const app = percent(this.#perApp, "app");
    const regain = Math.ceil(this.#perPage.wait(pageId, now) / MINUTE_MS);
    return {
      "x-app-usage": JSON.stringify({ call_count: app, total_cputime: 0, total_time: 0 }),
      "x-business-use-case-usage": JSON.stringify({
        [pageId]: [
          {
            type: "pages",
            call_count: page,
            total_cputime: 0,
            total_time: 0,
            estimated_time_to_regain_access: regain,
          },
        ],
      }),
      date: httpDate(now),
    };
  }

  #id(): string {
    this.#nextId += 1n;
    return this.#nextId.toString();
  }

  /** Checks `published` / `scheduled_publish_time`; the ISO time of a valid schedule. */
  #schedule(
    fields: Record<string, unknown>,
    now: number,
  ): { published: boolean; at?: string } | Response {
    const published = fields.published !== false && fields.published !== "false";
    const raw = fields.scheduled_publish_time;
    if (raw === undefined) return { published };
    if (published) {
      return graphError(400, 100, "scheduled_publish_time needs published=false");
    }
    const at = Number(raw) * 1000;
    if (!(at - now >= MIN_SCHEDULE_MS && at - now <= MAX_SCHEDULE_MS)) {
      return graphError(
        400,
        100,
        "The specified scheduled publish time is invalid: it must be between 10 minutes and 30 days from now",
      );
    }
    return { published, at: new Date(at).toISOString() };
  }

  #publish(
    request: PlatformRequest,
    pageId: string,
    kind: "feed" | "photos" | "videos",
    version: string | undefined,
  ): Response {
    const fields = fieldsOf(request.body.value);
    const schedule = this.#schedule(fields, request.now);
    if (schedule instanceof Response) return schedule;
    const textField = kind === "feed" ? "message" : kind === "photos" ? "caption" : "description";
    const message =
      typeof fields[textField] === "string" ? (fields[textField] as string) : undefined;
    if ((message?.length ?? 0) > this.#maxCharacters) {
      return graphError(400, 100, `${textField} is longer than ${this.#maxCharacters} characters`);
    }
    const parse = (value: unknown) => (typeof value === "string" ? JSON.parse(value) : value);
    let photoIds: string[] = [];
    if (kind === "photos") {
      const photo: FacebookPhotoRecord = {
        id: this.#id(),
        pageId,
        published: schedule.published && schedule.at === undefined,
        temporary: fields.temporary === true || fields.temporary === "true",
        source: typeof fields.url === "string" ? fields.url : "upload",
        alt: typeof fields.alt_text_custom === "string" ? fields.alt_text_custom : undefined,
      };
      this.photos.set(photo.id, photo);
      if (!schedule.published && schedule.at === undefined) return json(200, { id: photo.id });
      photoIds = [photo.id];
    }
    if (kind === "feed") {
      const attached = (parse(fields.attached_media) ?? []) as Array<{ media_fbid: string }>;
      photoIds = attached.map((m) => m.media_fbid);
      const bad = photoIds.find((id) => {
        const photo = this.photos.get(id);
        return !photo || photo.pageId !== pageId || photo.published;
      });
      if (bad !== undefined) {
        return graphError(
          400,
          100,
          `attached_media ${bad} is not an unpublished photo of this Page`,
        );
      }
    }
    const id = kind === "videos" ? this.#id() : `${pageId}_${this.#id()}`;
    this.posts.push({
      id,
      pageId,
      kind: kind === "feed" ? "feed" : kind === "photos" ? "photo" : "video",
      message,
      link: typeof fields.link === "string" ? fields.link : undefined,
      photoIds,
      published: schedule.published,
      scheduledAt: schedule.at,
      targeting: parse(fields.targeting),
      feedTargeting: parse(fields.feed_targeting),
      version,
      time: request.now,
    });
    if (kind === "photos") return json(200, { id: photoIds[0], post_id: id });
    return json(200, { id });
  }

  #comment(request: PlatformRequest, pageId: string, parentId: string): Response {
    const known =
      this.posts.some((p) => p.id === parentId && p.published) ||
      this.comments.some((c) => c.id === parentId);
    if (!known) {
      return graphError(
        400,
        100,
        `Unsupported post request. Object with ID '${parentId}' does not exist`,
        { subcode: 33 },
      );
    }
    const fields = fieldsOf(request.body.value);
    const page = this.#pages.get(pageId);
    const id = `${parentId.split("_").at(-1)}_${this.#id()}`;
    this.comments.push({
      id,
      parentId,
      from: { id: pageId, name: page?.name ?? pageId },
      message: typeof fields.message === "string" ? fields.message : undefined,
      time: request.now,
    });
    return json(200, { id });
  }
}
