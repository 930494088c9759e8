import type { WindowLimit } from "../../types.js";
import { SlidingWindow } from "../../window.js";
import { json, type PlatformRequest } from "../context.js";
import { grownCount } from "../engagement.js";
import type { XSimPost } from "./records.js";

/** Operations of the X API this file answers (names of the xdk spec). */
export type XPostOperation = "getPostsByIds" | "deletePosts";

// docs.x.com/x-api/fundamentals/rate-limits
const LOOKUPS: WindowLimit = { limit: 900, windowMs: 15 * 60_000 }; // GET /2/tweets: 900 / 15 min per user
const DELETES: WindowLimit = { limit: 50, windowMs: 15 * 60_000 }; // DELETE /2/tweets/:id: 50 / 15 min per user
/** `ids`: "A comma separated list of Post IDs. Up to 100 are allowed in a single request." */
const MAX_IDS = 100;
/** Private metrics: posts of the last 30 days only (docs.x.com/x-api/fundamentals/metrics). */
const PRIVATE_DAYS_MS = 30 * 86_400_000;
/** `tweet.fields` values this simulator serves; others of the spec are accepted and left out. */
const PRIVATE_FIELDS = ["non_public_metrics", "organic_metrics"];
const PROBLEMS = "https://api.x.com/2/problems";

const problem = (status: number, title: string, detail: string, type: string) =>
  json(status, { title, detail, type: `${PROBLEMS}/${type}`, status });

/**
 * Post lookups with metrics and deletes on the simulated X: public metrics that grow with the
 * post's age (seeded, from the simulator's clock), private ones only for the token's own posts
 * of the last 30 days (a field authorization error otherwise), per-id not-found errors, and
 * deletes answering 404 for a post that is gone and 403 for another user's.
 */
export class XPostApi {
  /** Ids deleted, in order. */
  readonly deleted: string[] = [];
  readonly #lookups = new SlidingWindow(LOOKUPS);
  readonly #deletes = new SlidingWindow(DELETES);

  /** Serves the posts the simulator created. */
  constructor(private readonly posts: readonly XSimPost[]) {}

  /** Which operation a request is, if one of these. */
  route(method: string, path: string): { operation: XPostOperation; id?: string } | undefined {
    if (method === "GET" && path === "/2/tweets") return { operation: "getPostsByIds" };
    const one = /^\/2\/tweets\/([0-9]+)$/.exec(path);
    if (method === "DELETE" && one) return { operation: "deletePosts", id: one[1] ?? "" };
    return undefined;
  }

  /** The public metrics of a post at `now`, as X reports them. */
  publicMetrics(post: XSimPost, now: number): Record<string, number> {
    return {
      retweet_count: grownCount(post.id, "shares", post.time, now),
      reply_count: grownCount(post.id, "replies", post.time, now),
      like_count: grownCount(post.id, "likes", post.time, now),
      quote_count: grownCount(post.id, "quotes", post.time, now),
      bookmark_count: grownCount(post.id, "saves", post.time, now),
      impression_count: grownCount(post.id, "impressions", post.time, now),
    };
  }

  /** The private metrics of a post at `now`. */
  privateMetrics(post: XSimPost, now: number): Record<string, number> {
    return {
      impression_count: grownCount(post.id, "impressions", post.time, now),
      url_link_clicks: grownCount(post.id, "clicks", post.time, now),
      user_profile_clicks: grownCount(post.id, "profileClicks", post.time, now),
    };
  }

  /** Answers one of {@link XPostOperation} for `user`. */
  handle(
    route: { operation: XPostOperation; id?: string },
    request: PlatformRequest,
    user: string,
  ): Response {
    const window = route.operation === "deletePosts" ? this.#deletes : this.#lookups;
    const wait = window.wait(user, request.now);
    let response: Response;
    if (wait > 0) {
      response = problem(429, "Too Many Requests", "Too Many Requests", "usage-capped");
    } else {
      window.hit(user, request.now);
      response =
        route.operation === "deletePosts"
          ? this.#delete(route.id ?? "", user)
          : this.#lookup(request, user);
    }
    if (wait > 0) request.rateLimited = true;
    response.headers.set("x-rate-limit-limit", String(window.limit));
    response.headers.set("x-rate-limit-remaining", String(window.remaining(user, request.now)));
    response.headers.set(
      "x-rate-limit-reset",
      String(Math.ceil(window.resetAt(user, request.now) / 1000)),
    );
    return response;
  }

  #find(id: string): XSimPost | undefined {
    return this.deleted.includes(id) ? undefined : this.posts.find((p) => p.id === id);
  }

  #delete(id: string, user: string): Response {
    const post = this.#find(id);
    if (!post)
      return problem(
        404,
        "Not Found Error",
        `Could not find tweet with id: [${id}].`,
        "resource-not-found",
      );
    if (post.userId !== user) {
      return problem(
        403,
        "Forbidden",
        "You are not allowed to delete this Post.",
        "not-authorized-for-resource",
      );
    }
    this.deleted.push(id);
    return json(200, { data: { deleted: true } });
  }

  #lookup(request: PlatformRequest, user: string): Response {
    const ids = (request.query.get("ids") ?? "").split(",").filter((s) => s !== "");
    if (ids.length < 1 || ids.length > MAX_IDS || ids.some((id) => !/^[0-9]{1,19}$/.test(id))) {
      request.record.schemaErrors = [`ids: 1 to ${MAX_IDS} post ids`];
      return json(400, {
        errors: [{ message: request.record.schemaErrors[0] }],
        title: "Invalid Request",
        detail: "One or more parameters to your request was invalid.",
        type: `${PROBLEMS}/invalid-request`,
      });
    }
    const fields = (request.query.get("tweet.fields") ?? "").split(",");
    const data: Record<string, unknown>[] = [];
    const errors: Record<string, unknown>[] = [];
    for (const id of ids) {
      const post = this.#find(id);
      if (!post) {
        errors.push({
          value: id,
          detail: `Could not find tweet with ids: [${id}].`,
          title: "Not Found Error",
          resource_type: "tweet",
          parameter: "ids",
          resource_id: id,
          type: `${PROBLEMS}/resource-not-found`,
        });
        continue;
      }
      const item: Record<string, unknown> = { id, text: post.text, edit_history_tweet_ids: [id] };
      if (fields.includes("public_metrics"))
        item.public_metrics = this.publicMetrics(post, request.now);
      const allowed = post.userId === user && request.now - post.time < PRIVATE_DAYS_MS;
      for (const field of PRIVATE_FIELDS.filter((f) => fields.includes(f))) {
        if (!allowed) {
          errors.push({
            value: id,
            detail: `Sorry, you are not authorized to access '${field}' on a Tweet.`,
            title: "Field Authorization Error",
            resource_type: "tweet",
            parameter: field,
            resource_id: id,
            section: "data",
            field,
            type: `${PROBLEMS}/not-authorized-for-field`,
          });
          continue;
        }
        const priv = this.privateMetrics(post, request.now);
        item[field] =
          field === "non_public_metrics"
            ? priv
            : {
                ...priv,
                like_count: item.public_metrics
                  ? (item.public_metrics as Record<string, number>).like_count
                  : 0,
              };
      }
      data.push(item);
    }
    return json(200, { ...(data.length > 0 && { data }), ...(errors.length > 0 && { errors }) });
  }

  /** Forgets deletes and windows. */
  reset(): void {
    this.deleted.length = 0;
    this.#lookups.clear();
    this.#deletes.clear();
  }
}
