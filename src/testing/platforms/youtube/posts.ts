import { fieldsOf, json, type PlatformRequest } from "../context.js";
import { grownCount } from "../engagement.js";
import type { YouTubeSimComment, YouTubeSimVideo } from "./records.js";

/** Methods on videos already uploaded that this file answers. */
export type YouTubeVideoOperation = "videos.list" | "videos.update" | "videos.delete";

/** Units per call (developers.google.com/youtube/v3/determine_quota_cost). */
const COSTS: Record<YouTubeVideoOperation, number> = {
  "videos.list": 1,
  "videos.update": 50,
  "videos.delete": 50,
};
/** `id`: up to 50 ids (docs/videos/list#id). */
const MAX_IDS = 50;
/** "People & Blogs", the category of a video uploaded without one (docs/videoCategories). */
const DEFAULT_CATEGORY = "22";

function googleError(status: number, reason: string, message: string): Response {
  return json(status, {
    error: { code: status, message, errors: [{ message, domain: "youtube.video", reason }] },
  });
}

/**
 * Lists, updates and deletes of videos on the simulated YouTube: statistics that grow with the
 * video's age (seeded, from the simulator's clock; comments written through the API count
 * too), 404 `videoNotFound`, 403 `forbidden` for another channel's video, and the update's
 * rule that a snippet carries `title` and `categoryId`.
 */
export class YouTubeVideoApi {
  /** Ids deleted, in order. */
  readonly deleted: string[] = [];

  /** Serves the videos (and comments) the simulator holds. */
  constructor(
    private readonly videos: readonly YouTubeSimVideo[],
    private readonly comments: readonly YouTubeSimComment[],
  ) {}

  /** Which method a request is, if one of these. */
  route(method: string, path: string): YouTubeVideoOperation | undefined {
    if (path !== "/youtube/v3/videos") return undefined;
    if (method === "GET") return "videos.list";
    if (method === "PUT") return "videos.update";
    if (method === "DELETE") return "videos.delete";
    return undefined;
  }

  /** The quota units a method costs. */
  cost(operation: YouTubeVideoOperation): number {
    return COSTS[operation];
  }

  /** The statistics of a video at `now`, as `videos.list?part=statistics` reports them. */
  statistics(video: YouTubeSimVideo, now: number): Record<string, string> {
    const written = this.comments.filter((c) => c.videoId === video.id).length;
    return {
      viewCount: String(grownCount(video.id, "views", video.time, now)),
      likeCount: String(grownCount(video.id, "likes", video.time, now)),
      favoriteCount: "0",
      commentCount: String(grownCount(video.id, "replies", video.time, now) + written),
    };
  }

  /** Answers one of {@link YouTubeVideoOperation} for `channel`. */
  handle(operation: YouTubeVideoOperation, request: PlatformRequest, channel: string): Response {
    if (operation === "videos.list") return this.#list(request);
    const body = fieldsOf(request.body.value);
    const id =
      operation === "videos.delete" ? (request.query.get("id") ?? "") : String(body.id ?? "");
    const video = this.#find(id);
    if (!video)
      return googleError(
        404,
        "videoNotFound",
        "The video that you are trying to update cannot be found.",
      );
    if (video.channelId !== channel)
      return googleError(
        403,
        "forbidden",
        "The video that you are trying to update cannot be updated.",
      );
    if (operation === "videos.delete") {
      this.deleted.push(id);
      return new Response(null, { status: 204 });
    }
    if (request.query.get("part") !== "snippet")
      return googleError(400, "invalidPart", "part must be snippet");
    const snippet = fieldsOf(body.snippet);
    if (typeof snippet.title !== "string" || snippet.title.trim() === "") {
      return googleError(
        400,
        "invalidTitle",
        "The request does not specify a title (snippet.title).",
      );
    }
    if (typeof snippet.categoryId !== "string" || snippet.categoryId === "") {
      return googleError(
        400,
        "invalidCategoryId",
        "The snippet.categoryId property specifies an invalid category ID.",
      );
    }
    // an update replaces the whole snippet (docs/videos/update)
    video.snippet = { ...snippet };
    return json(200, { kind: "youtube#video", id, snippet: { ...snippet, channelId: channel } });
  }

  #list(request: PlatformRequest): Response {
    const ids = (request.query.get("id") ?? "").split(",").filter((s) => s !== "");
    const parts = (request.query.get("part") ?? "").split(",");
    if (ids.length === 0 || ids.length > MAX_IDS) {
      request.record.schemaErrors = [`id: 1 to ${MAX_IDS} video ids`];
      return googleError(400, "invalidParameter", request.record.schemaErrors[0]!);
    }
    const items = ids.flatMap((id) => {
      const video = this.#find(id);
      if (!video) return [];
      return [
        {
          kind: "youtube#video",
          id,
          ...(parts.includes("snippet") && {
            snippet: { categoryId: DEFAULT_CATEGORY, ...video.snippet, channelId: video.channelId },
          }),
          ...(parts.includes("statistics") && { statistics: this.statistics(video, request.now) }),
        },
      ];
    });
    return json(200, {
      kind: "youtube#videoListResponse",
      items,
      pageInfo: { totalResults: items.length, resultsPerPage: items.length },
    });
  }

  #find(id: string): YouTubeSimVideo | undefined {
    return this.deleted.includes(id) ? undefined : this.videos.find((v) => v.id === id);
  }

  /** Forgets deletes. */
  reset(): void {
    this.deleted.length = 0;
  }
}
