import type { AdapterEditing, PostRef } from "../../contract/editing.js";
import { ValidationError } from "../../transport/errors.js";
import { type Operation, stepRef } from "../contract.js";
import { YOUTUBE_QUOTA_BUCKETS } from "./limits.js";
import { checkMetadata } from "./metadata.js";
import { LIST_COST } from "./metrics.js";
import type { YouTubeOverrides } from "./types.js";

/** videos.update and videos.delete cost 50 units each (developers.google.com/youtube/v3/determine_quota_cost). */
const WRITE_COST = { [YOUTUBE_QUOTA_BUCKETS.units]: 50 };

/**
 * Edits a video's title and description (`videos.update?part=snippet`, after `videos.list` for
 * its `categoryId`, which an update of the snippet must repeat) and deletes it (`videos.delete`)
 * (developers.google.com/youtube/v3/docs/videos/update, /delete). The title is the message's
 * first line (or `overrides.youtube.title`), the rest the description, as for an upload.
 * YouTube replaces the whole snippet: tags not given in `overrides.youtube.tags` are removed.
 * YouTube answers 404 `videoNotFound` for a video that is gone, 403 `forbidden` for another
 * channel's.
 */
export const youtubeEditing: AdapterEditing = {
  edit(ref, message) {
    if (message.media !== undefined && message.media.length > 0) {
      throw new ValidationError("media", "an edit replaces the title and description only", {
        platform: "youtube",
      });
    }
    const overrides = (message.overrides?.youtube ?? {}) as YouTubeOverrides;
    const text = message.text?.trim() ?? "";
    const [firstLine = "", ...rest] = text.split("\n");
    const title = overrides.title ?? firstLine.trim();
    const body = overrides.title === undefined ? rest.join("\n").trim() : text;
    const description = overrides.description ?? body;
    checkMetadata(title, description, overrides.tags, {
      title: overrides.title === undefined ? "text" : "overrides.youtube.title",
      description: overrides.description === undefined ? "text" : "overrides.youtube.description",
      tags: "overrides.youtube.tags",
    });
    const read: Operation = {
      step: "current",
      route: "videos",
      method: "GET",
      path: "/youtube/v3/videos",
      query: { part: "snippet", id: ref.id },
      idempotency: "safe",
      quota: LIST_COST,
    };
    const snippet = {
      title,
      description,
      categoryId: overrides.categoryId ?? stepRef("current", "categoryId"),
      ...(overrides.tags ? { tags: [...overrides.tags] } : {}),
    };
    const update: Operation = {
      step: "edit",
      route: "videos",
      method: "PUT",
      path: "/youtube/v3/videos",
      query: { part: "snippet" },
      body: { json: { id: ref.id, snippet } },
      idempotency: "safe",
      quota: WRITE_COST,
    };
    return { operations: [read, update] };
  },
  delete: (ref: PostRef) => ({
    operations: [
      {
        step: "delete",
        route: "videos",
        method: "DELETE",
        path: "/youtube/v3/videos",
        query: { id: ref.id },
        idempotency: "safe",
        quota: WRITE_COST,
      },
    ],
  }),
  refusal({ status, code }) {
    if (status === 404 || code === "videoNotFound") return "not-found";
    if (status === 403 && code === "forbidden") return "not-allowed";
    return undefined;
  },
};
