import { isUploadedBytes } from "../../body.js";
import type { WindowLimit } from "../../types.js";
import { SlidingWindow } from "../../window.js";
import {
  bearerToken,
  fieldsOf,
  httpDate,
  json,
  type PlatformEnv,
  type PlatformRequest,
  type PlatformSimulator,
} from "../context.js";
import { LinkedInOAuth, type LinkedInSimApp } from "./oauth.js";
import { showLittleText } from "./text.js";

export type { LinkedInSimApp } from "./oauth.js";

/** What tests do with the simulated token endpoint. */
export interface LinkedInSimOAuth {
  /**
   * A refresh token for the member of a valid access token, as if the member had authorized the
   * app (to seed a backend's stored pair); throws a `RangeError` for a token of no member.
   */
  refreshTokenFor(accessToken: string): string;
}

/** A member of the simulated LinkedIn. */
export interface LinkedInSimMember {
  /** The member's access token. */
  accessToken: string;
  /** The member's person id (`urn:li:person:<personId>`). */
  personId: string;
  /** Ids of the organizations the member administers (`urn:li:organization:<id>`). */
  organizations?: string[];
}

/** LinkedIn limits; each a sliding window per member. */
export interface LinkedInLimits {
  /** Posts per member (default 150 per day: unconfirmed, as the adapter's default). */
  postsPerMember?: WindowLimit;
}

/** LinkedIn simulator options. */
export interface LinkedInSimOptions {
  /** Members and their tokens. */
  members: LinkedInSimMember[];
  /** The app of the token endpoint. */
  app?: LinkedInSimApp;
  /** Authorization codes, each to the access token of the member who granted it. */
  codes?: Record<string, string>;
  /**
   * Active `Linkedin-Version`s; default every month from 12 months before the simulator's clock
   * to it (versions live "a minimum of one year"). Others answer 426.
   */
  versions?: string[];
  /** Limits replacing the defaults. */
  limits?: LinkedInLimits;
}

/** A post the simulated LinkedIn published. */
export interface LinkedInPostRecord {
  /** Its URN (`urn:li:share:<n>`), as `x-restli-id` returned it. */
  id: string;
  /** The author URN. */
  author: string;
  /** The commentary as sent (little text). */
  commentary: string;
  /** What LinkedIn would show: escapes resolved, templates rendered, cut where parsing failed. */
  shownText: string;
  /** True when LinkedIn would have cut the text (an unescaped reserved character). */
  truncated: boolean;
  /** Visibility. */
  visibility: string;
  /** The `content` (media, multiImage or article). */
  content: unknown;
  /** The `Linkedin-Version` of the call. */
  version: string;
  /** Simulator time (ms). */
  time: number;
}

/** An image upload slot. */
export interface LinkedInImageRecord {
  /** The image URN. */
  id: string;
  /** Its owner URN. */
  owner: string;
  /** Bytes received by the PUT (0 until uploaded). */
  size: number;
  /** Content type of the PUT. */
  type: string | undefined;
}

/** A comment the simulated LinkedIn created. */
export interface LinkedInCommentRecord {
  /** Its URN (`urn:li:comment:(<object>,<n>)`). */
  id: string;
  /** Who commented. */
  actor: string;
  /** The post commented on. */
  object: string;
  /** The comment answered, for replies. */
  parentComment: string | undefined;
  /** The text. */
  text: string;
  /** Simulator time (ms). */
  time: number;
}

const DAY_MS = 86_400_000;
// unconfirmed: 150 posts per member per day, the adapter's default (LINKEDIN_LIMITS)
const DEFAULT_POSTS_PER_MEMBER: WindowLimit = { limit: 150, windowMs: DAY_MS };
/** Versions stay active "a minimum of one year" (https://learn.microsoft.com/en-us/linkedin/marketing/versioning). */
const VERSION_MONTHS = 12;
/** First numeric id of shares and comments (LinkedIn ids are 19-digit numbers). */
const FIRST_ID = 7_100_000_000_000_000_000n;

function error(status: number, code: string, message: string, extra: Record<string, unknown> = {}) {
  return json(status, { status, code, message, ...extra });
}

/** Active versions by default: the 12 months up to `now`. */
function recentVersions(now: number): Set<string> {
  const out = new Set<string>();
  const date = new Date(now);
  for (let i = 0; i <= VERSION_MONTHS; i++) {
    const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - i, 1));
    out.add(`${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, "0")}`);
  }
  return out;
}

/** Simulated LinkedIn REST API: posts, image uploads, comments, the token endpoint, 426 and 429. */
export class LinkedInSimulator implements PlatformSimulator {
  /** Posts published, in order. */
  readonly posts: LinkedInPostRecord[] = [];
  /** Image upload slots, by URN. */
  readonly images = new Map<string, LinkedInImageRecord>();
  /** Comments, in order. */
  readonly comments: LinkedInCommentRecord[] = [];
  #oauth: LinkedInOAuth<LinkedInSimMember>;
  readonly #members = new Map<string, LinkedInSimMember>();
  readonly #options: LinkedInSimOptions;
  readonly #posts: SlidingWindow;
  #nextId = FIRST_ID;

  /** Creates the simulator from its options. */
  constructor(
    options: LinkedInSimOptions,
    private readonly env: PlatformEnv,
  ) {
    this.#options = options;
    for (const member of options.members) this.#members.set(member.accessToken, member);
    this.#posts = new SlidingWindow(options.limits?.postsPerMember ?? DEFAULT_POSTS_PER_MEMBER);
    this.#oauth = this.#newOAuth();
  }

  #newOAuth(): LinkedInOAuth<LinkedInSimMember> {
    return new LinkedInOAuth(this.#options.codes ?? {}, this.#options.app, this.env.random, {
      memberOf: (token) => this.#members.get(token),
      grant: (member, token) => void this.#members.set(token, member),
    });
  }

  /** The token endpoint (`refreshTokenFor` seeds a refresh token in tests). */
  get oauth(): LinkedInSimOAuth {
    return this.#oauth;
  }

  /** Makes LinkedIn refuse `token` from now on (revoked or expired): 401. */
  revoke(token: string): void {
    this.#members.delete(token);
  }

  /** @inheritdoc */
  redactPath(path: string): string {
    return path;
  }

  /** @inheritdoc */
  reset(): void {
    this.posts.length = 0;
    this.images.clear();
    this.comments.length = 0;
    this.#posts.clear();
    this.#members.clear();
    for (const member of this.#options.members) this.#members.set(member.accessToken, member);
    this.#nextId = FIRST_ID;
    this.#oauth = this.#newOAuth();
  }

  /** @inheritdoc */
  serverError(status: number): Response {
    return error(status, "INTERNAL_SERVER_ERROR", "Internal Server Error");
  }

  /** @inheritdoc */
  tooManyRequests(now: number): Response {
    // learn.microsoft.com/linkedin/shared/api-guide/concepts/rate-limits: a bare 429, no wait given
    return json(
      429,
      { status: 429, message: "Resource level throttle APPLICATION DAY limit is reached." },
      { date: httpDate(now) },
    );
  }

  /** @inheritdoc */
  handle(request: PlatformRequest): Response {
    const path = request.path.replace(/\/+$/, "");
    if (request.method === "POST" && path === "/oauth/v2/accessToken") {
      return this.#oauth.handle(request);
    }
    const member = this.#members.get(bearerToken(request.headers) ?? "");
    const upload = /^\/dms-uploads\/([^/]+)$/.exec(path);
    if (request.method === "PUT" && upload) {
      request.record.operation = "uploadImage";
      if (!member)
        return error(401, "INVALID_ACCESS_TOKEN", "Invalid access token", {
          serviceErrorCode: 65600,
        });
      return this.#upload(request, decodeURIComponent(upload[1] ?? ""));
    }
    const comments = /^\/socialActions\/([^/]+)\/comments$/.exec(path);
    const operation =
      request.method !== "POST"
        ? undefined
        : path === "/posts"
          ? "createPost"
          : path === "/images" && request.query.get("action") === "initializeUpload"
            ? "initializeImageUpload"
            : comments
              ? "createComment"
              : undefined;
    if (!operation)
      return error(404, "NOT_FOUND", `No resource found for ${request.method} ${path}`);
    request.record.operation = operation;
    if (!member)
      return error(401, "INVALID_ACCESS_TOKEN", "Invalid access token", {
        serviceErrorCode: 65600,
      });
    const version = request.headers.get("linkedin-version");
    if (version === null)
      return error(
        400,
        "VERSION_MISSING",
        "A version must be present. Please specify a version by adding the LinkedIn-Version header.",
      );
    const active = this.#options.versions
      ? new Set(this.#options.versions)
      : recentVersions(request.now);
    if (!active.has(version))
      return error(426, "NONEXISTENT_VERSION", `Requested version ${version} is not active`);
    if (request.headers.get("x-restli-protocol-version") !== "2.0.0") {
      return error(400, "ILLEGAL_ARGUMENT", "X-Restli-Protocol-Version: 2.0.0 is required");
    }
    const errors = this.env.validate("linkedin", operation, request.body.value, {
      encoding: "json",
    });
    request.record.schemaErrors = errors;
    if (request.body.error || errors.length > 0) {
      return error(
        422,
        "UNPROCESSABLE_ENTITY",
        `Validation failed: ${request.body.error ?? errors.join("; ")}`,
      );
    }
    const body = fieldsOf(request.body.value);
    if (operation === "initializeImageUpload") return this.#initialize(request, member, body);
    if (operation === "createComment")
      return this.#comment(request, member, body, decodeURIComponent(comments?.[1] ?? ""));
    return this.#post(request, member, body, version);
  }

  /** May `member` act as `urn` (themselves, or an organization they administer)? */
  #mayActAs(member: LinkedInSimMember, urn: string): boolean {
    if (urn === `urn:li:person:${member.personId}`) return true;
    return (member.organizations ?? []).some((org) => urn === `urn:li:organization:${org}`);
  }

  #denied(urn: string): Response {
    return error(403, "ACCESS_DENIED", `Not enough permissions to act as ${urn}`, {
      serviceErrorCode: 100,
    });
  }

  #id(): string {
    this.#nextId += 1n;
    return this.#nextId.toString();
  }

  #initialize(request: PlatformRequest, member: LinkedInSimMember, body: Record<string, unknown>) {
    const owner = String(fieldsOf(body.initializeUploadRequest).owner);
    if (!this.#mayActAs(member, owner)) return this.#denied(owner);
    const key = `C4E10AQ${this.env.random.uuid().replaceAll("-", "").slice(0, 16)}`;
    const id = `urn:li:image:${key}`;
    this.images.set(id, { id, owner, size: 0, type: undefined });
    const expires = request.now + DAY_MS;
    return json(200, {
      value: {
        uploadUrlExpiresAt: expires,
        uploadUrl: `${request.baseUrl}/dms-uploads/${key}?ca=vector_ads&cn=uploads&sync=0&v=beta`,
        image: id,
      },
    });
  }

  #upload(request: PlatformRequest, key: string): Response {
    const image = this.images.get(`urn:li:image:${key}`);
    if (!image) return error(404, "NOT_FOUND", "Upload URL not found or expired");
    const bytes = request.body.value;
    if (!isUploadedBytes(bytes) || bytes.size === 0)
      return error(400, "BAD_REQUEST", "Empty upload");
    image.size = bytes.size;
    image.type = bytes.type;
    return new Response(null, { status: 201, headers: { date: httpDate(request.now) } });
  }

  #post(
    request: PlatformRequest,
    member: LinkedInSimMember,
    body: Record<string, unknown>,
    version: string,
  ) {
    const author = String(body.author);
    if (!this.#mayActAs(member, author)) return this.#denied(author);
    const wait = this.#posts.wait(author, request.now);
    if (wait > 0) {
      request.rateLimited = true;
      return json(
        429,
        {
          status: 429,
          message:
            "Resource level throttle MEMBER DAY limit for calls to this resource is reached.",
        },
        { date: httpDate(request.now) },
      );
    }
    const content = fieldsOf(body.content);
    const images = [
      fieldsOf(content.media).id,
      ...(Array.isArray(fieldsOf(content.multiImage).images)
        ? (fieldsOf(content.multiImage).images as unknown[]).map((i) => fieldsOf(i).id)
        : []),
    ].filter((id): id is string => typeof id === "string");
    const missing = images.find((id) => {
      const image = this.images.get(id);
      return !image || image.size === 0 || image.owner !== author;
    });
    if (missing !== undefined) {
      return error(422, "UNPROCESSABLE_ENTITY", `Image ${missing} is not uploaded by ${author}`);
    }
    this.#posts.hit(author, request.now);
    const commentary = String(body.commentary ?? "");
    const shown = showLittleText(commentary);
    const id = `urn:li:share:${this.#id()}`;
    this.posts.push({
      id,
      author,
      commentary,
      shownText: shown.text,
      truncated: shown.truncated,
      visibility: String(body.visibility),
      content: body.content,
      version,
      time: request.now,
    });
    return new Response(null, {
      status: 201,
      headers: { "x-restli-id": id, date: httpDate(request.now) },
    });
  }

  #comment(
    request: PlatformRequest,
    member: LinkedInSimMember,
    body: Record<string, unknown>,
    target: string,
  ): Response {
    const actor = String(body.actor);
    if (!this.#mayActAs(member, actor)) return this.#denied(actor);
    const object = String(body.object);
    if (object !== target || !this.posts.some((p) => p.id === object)) {
      return error(404, "NOT_FOUND", `Post ${target} not found`);
    }
    const id = `urn:li:comment:(${object},${this.#id()})`;
    const text = String(fieldsOf(body.message).text ?? "");
    const parent = typeof body.parentComment === "string" ? body.parentComment : undefined;
    this.comments.push({ id, actor, object, parentComment: parent, text, time: request.now });
    return json(
      201,
      { id, object, actor, message: { text }, ...(parent && { parentComment: parent }) },
      {
        "x-restli-id": id,
      },
    );
  }
}
