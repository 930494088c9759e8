import { isUploadedFile } from "../../body.js";
import type { WindowLimit } from "../../types.js";
import { SlidingWindow } from "../../window.js";
import {
  fieldsOf,
  json,
  type PlatformEnv,
  type PlatformRequest,
  type PlatformSimulator,
} from "../context.js";

/** One Weibo user and the access token the simulator accepts for them. */
export interface WeiboSimUser {
  /** The user id (default a 10-digit id from the position). */
  id?: string;
  /** The access token. */
  accessToken: string;
}

/** Weibo simulator options. */
export interface WeiboSimOptions {
  /** The users. */
  users: WeiboSimUser[];
  /** The app's safe domains (default `shop.example`). */
  safeDomains?: string[];
  /** Posts per user (default 30 an hour, PLATFORMS.md "Weibo"). */
  postsPerUser?: WindowLimit;
}

/** A post the simulated Weibo published. */
export interface WeiboSimPost {
  /** `idstr`. */
  id: string;
  /** The author. */
  userId: string;
  /** The text. */
  text: string;
  /** The picture, when one was uploaded. */
  pic: { type: string; size: number } | undefined;
  /** Simulator time (ms). */
  time: number;
}

/** 140 Chinese characters; pictures under 5 MB, JPEG/GIF/PNG (open.weibo.com/wiki/2/statuses/share). */
const MAX_STATUS = 140;
const MAX_PIC = 5 * 1024 * 1024;
const PIC_TYPES = ["image/jpeg", "image/gif", "image/png"];
/** 30 posts an hour per user (PLATFORMS.md "Weibo"). */
const POSTS_PER_USER: WindowLimit = { limit: 30, windowMs: 3_600_000 };

/** A link stands for its `t.cn` short form: 20 half-width characters (Weibo's composer). */
const LINK_HALVES = 20;
/** Where a link ends: white space, or CJK punctuation and full-width forms. */
const LINK_END = /[\s<>"'\u3000-\u303f\uff00-\uffef]/u;

/**
 * The text read as Weibo reads it, on its own (not with the adapter's counting, so the two can
 * disagree): its length in Chinese characters (ASCII half of one, a link 10, rounded up) and
 * the hosts of its links.
 */
function readStatus(text: string): { length: number; hosts: string[] } {
  let halves = 0;
  const hosts: string[] = [];
  const chars = [...text];
  for (let i = 0; i < chars.length; ) {
    const rest = chars
      .slice(i, i + 8)
      .join("")
      .toLowerCase();
    if (rest.startsWith("http://") || rest.startsWith("https://")) {
      let end = i;
      while (end < chars.length && !LINK_END.test(chars[end] ?? " ")) end++;
      const link = chars.slice(i, end).join("");
      if (URL.canParse(link)) hosts.push(new URL(link).hostname.toLowerCase());
      halves += LINK_HALVES;
      i = end;
      continue;
    }
    halves += (chars[i]?.codePointAt(0) ?? 0) < 0x80 ? 1 : 2;
    i++;
  }
  return { length: Math.ceil(halves / 2), hosts };
}

const error = (status: number, code: number, message: string) =>
  json(status, { error: message, error_code: code, request: "/2/statuses/share.json" });

/**
 * Simulated Weibo `statuses/share`: the token as `access_token` (query or body), the text
 * counted by the composer's rule, the safe-domain link, no `#topic#`, one picture, repeated text
 * (20019), and the hourly posting limit (10023). No official machine-readable spec exists: the
 * checks encode open.weibo.com/wiki/2/statuses/share and Error_code.
 */
export class WeiboSimulator implements PlatformSimulator {
  /** Posts published, in order. */
  readonly posts: WeiboSimPost[] = [];
  readonly #options: WeiboSimOptions;
  readonly #tokens = new Map<string, string>();
  readonly #window: SlidingWindow;

  /** Creates the simulator from its options. */
  constructor(
    options: WeiboSimOptions,
    private readonly env: PlatformEnv,
  ) {
    this.#options = options;
    this.#window = new SlidingWindow(options.postsPerUser ?? POSTS_PER_USER);
    this.reset();
  }

  /** @inheritdoc */
  redactPath(path: string): string {
    return path;
  }

  /** @inheritdoc */
  reset(): void {
    this.posts.length = 0;
    this.#tokens.clear();
    this.#window.clear();
    this.#options.users.forEach((user, i) => {
      this.#tokens.set(user.accessToken, user.id ?? String(5_000_000_000 + i + 1));
    });
  }

  /** @inheritdoc */
  serverError(status: number): Response {
    return error(status, 10001, "system error");
  }

  /** @inheritdoc */
  tooManyRequests(): Response {
    // open.weibo.com/wiki/Error_code: 10023, the per-user request limit; no wait is given
    return error(403, 10023, "User requests out of rate limit!");
  }

  /** @inheritdoc */
  handle(request: PlatformRequest): Response {
    const path = request.path.replace(/\/+$/, "");
    if (request.method !== "POST" || path !== "/2/statuses/share.json") {
      return error(404, 10014, "Request api not found!");
    }
    request.record.operation = "statuses/share";
    const fields = fieldsOf(request.body.value);
    const token =
      request.query.get("access_token") ??
      (typeof fields.access_token === "string" ? fields.access_token : undefined);
    const userId = token === undefined ? undefined : this.#tokens.get(token);
    if (!userId) return error(401, 21332, "invalid_access_token");
    const text = fields.status;
    const problems: string[] = [];
    if (request.body.encoding !== "form" && request.body.encoding !== "multipart")
      problems.push("the body must be urlencoded or multipart");
    if (typeof text !== "string" || text === "")
      return this.#invalid(request, problems, 10016, "miss required parameter (status)");
    const status = readStatus(text);
    if (status.length > MAX_STATUS)
      return this.#invalid(
        request,
        problems,
        20012,
        "Text too long, please input text less than 140 characters!",
      );
    const safe = this.#options.safeDomains ?? ["shop.example"];
    const onSafeDomain = (host: string) => safe.some((d) => host === d || host.endsWith(`.${d}`));
    if (!status.hosts.some(onSafeDomain)) {
      return this.#invalid(
        request,
        problems,
        10017,
        "status must contain a url of the app's safe domain",
      );
    }
    if (/#[^#\s]+#/u.test(text))
      return this.#invalid(request, problems, 10017, "status must not contain #topic#");
    const pic = fields.pic;
    if (pic !== undefined) {
      if (request.body.encoding !== "multipart" || !isUploadedFile(pic))
        problems.push("pic must be a multipart file");
      else if (!PIC_TYPES.includes(pic.type) || pic.size >= MAX_PIC)
        return this.#invalid(request, problems, 20007, "does multipart has image?");
    }
    request.record.schemaErrors = problems;
    if (problems.length > 0) return error(400, 10008, problems.join("; "));
    if (this.posts.some((p) => p.userId === userId && p.text === text))
      return error(400, 20019, "repeat content!");
    if (this.#window.wait(userId, request.now) > 0) {
      request.rateLimited = true;
      return error(403, 10023, "User requests out of rate limit!");
    }
    this.#window.hit(userId, request.now);
    const id = String(4_900_000_000_000_000 + Math.floor(this.env.random.next() * 1e12));
    const post: WeiboSimPost = {
      id,
      userId,
      text,
      pic: isUploadedFile(pic) ? { type: pic.type, size: pic.size } : undefined,
      time: request.now,
    };
    this.posts.push(post);
    return json(200, {
      created_at: new Date(request.now).toUTCString(),
      id: Number(id),
      idstr: id,
      mid: id,
      text,
      user: { id: Number(userId), idstr: userId },
    });
  }

  #invalid(request: PlatformRequest, problems: string[], code: number, message: string): Response {
    request.record.schemaErrors = [...problems, message];
    return error(400, code, message);
  }
}
