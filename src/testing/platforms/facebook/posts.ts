import { fieldsOf, json, type PlatformRequest } from "../context.js";
import { grownCount } from "../engagement.js";
import { graphError } from "./graph.js";
import type { FacebookCommentRecord, FacebookPostRecord } from "./records.js";

/** Operations on one Page post this file answers. */
export type FacebookPostOperation = "getPost" | "getPostInsights" | "updatePost" | "deletePost";

/** Insights metrics of Page posts served (graph-api/reference/insights#page-posts). */
const INSIGHTS = {
  post_impressions: "impressions",
  post_impressions_unique: "reach",
  post_clicks: "clicks",
} as const;

/** Fields `POST /{post-id}` takes here (graph-api/reference/post#updating). */
const EDITABLE = new Set(["message", "access_token", "appsecret_proof"]);

const missing = (id: string) =>
  graphError(
    400,
    100,
    `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
    { subcode: 33 },
  );

/**
 * Reads, insights, edits and deletes of Page posts on the simulated Graph API: counts that
 * grow with the post's age (seeded, from the simulator's clock; comments seeded with
 * `addComment` count too), 100/33 for a post that is gone, 200 for another Page's post.
 */
export class FacebookPostApi {
  /** Ids deleted, in order. */
  readonly deleted: string[] = [];

  /** Serves the posts (and comments) the simulator holds. */
  constructor(
    private readonly posts: readonly FacebookPostRecord[],
    private readonly comments: readonly FacebookCommentRecord[],
  ) {}

  /** Which operation a request is, if one of these. */
  route(
    method: string,
    path: string,
  ): { operation: FacebookPostOperation; id: string } | undefined {
    const match = /^\/([0-9]+(?:_[0-9]+)?)(\/insights)?$/.exec(path);
    if (!match) return undefined;
    const id = match[1] ?? "";
    if (match[2]) return method === "GET" ? { operation: "getPostInsights", id } : undefined;
    if (method === "GET") return { operation: "getPost", id };
    if (method === "POST") return { operation: "updatePost", id };
    if (method === "DELETE") return { operation: "deletePost", id };
    return undefined;
  }

  /** The counts a post has at `now`: reactions, comments, shares, and its insights. */
  counts(id: string, now: number): Record<string, number> {
    const post = this.#find(id);
    const created = post?.time ?? now;
    const seeded = this.comments.filter((c) => c.parentId === id).length;
    return {
      reactions: grownCount(id, "likes", created, now),
      comments: grownCount(id, "replies", created, now) + seeded,
      shares: grownCount(id, "shares", created, now),
      post_impressions: grownCount(id, "impressions", created, now),
      post_impressions_unique: grownCount(id, "reach", created, now),
      post_clicks: grownCount(id, "clicks", created, now),
    };
  }

  /** Answers one of {@link FacebookPostOperation} for the token's Page. */
  handle(
    route: { operation: FacebookPostOperation; id: string },
    request: PlatformRequest,
    page: string,
  ): Response {
    const post = this.#find(route.id);
    if (!post) return missing(route.id);
    const counts = this.counts(post.id, request.now);
    if (route.operation === "getPost") {
      return json(200, {
        id: post.id,
        ...(counts.shares! > 0 && { shares: { count: counts.shares } }),
        comments: {
          data: [],
          summary: { order: "ranked", total_count: counts.comments, can_comment: true },
        },
        reactions: {
          data: [],
          summary: { total_count: counts.reactions, viewer_reaction: "NONE" },
        },
      });
    }
    if (route.operation === "getPostInsights") return this.#insights(post, request, counts);
    if (post.pageId !== page) {
      return graphError(403, 200, "Permissions error: the post belongs to another Page");
    }
    if (route.operation === "deletePost") {
      this.deleted.push(post.id);
      return json(200, { success: true });
    }
    const body = fieldsOf(request.body.value);
    const unknown = Object.keys(body).filter((k) => !EDITABLE.has(k));
    request.record.schemaErrors = unknown.map((k) => `${k}: not a field of POST /{post-id}`);
    if (unknown.length > 0 || typeof body.message !== "string") {
      return graphError(
        400,
        100,
        `Invalid parameter: ${request.record.schemaErrors.join("; ") || "message is required"}`,
      );
    }
    post.message = body.message;
    return json(200, { success: true });
  }

  #insights(
    post: FacebookPostRecord,
    request: PlatformRequest,
    counts: Record<string, number>,
  ): Response {
    const names = (request.query.get("metric") ?? "").split(",");
    const unknown = names.filter((n) => !(n in INSIGHTS));
    if (unknown.length > 0) {
      request.record.schemaErrors = unknown.map((n) => `metric: ${n} is not a Page post metric`);
      return graphError(400, 100, "The value must be a valid insights metric");
    }
    const data = names.map((name) => ({
      name,
      period: "lifetime",
      values: [{ value: counts[name] ?? 0 }],
      title: `Lifetime ${name}`,
      id: `${post.id}/insights/${name}/lifetime`,
    }));
    return json(200, { data, paging: {} });
  }

  #find(id: string): FacebookPostRecord | undefined {
    return this.deleted.includes(id)
      ? undefined
      : this.posts.find((p) => p.id === id && p.published);
  }

  /** Forgets deletes. */
  reset(): void {
    this.deleted.length = 0;
  }
}
