// What the simulated Facebook records of what it created: the types both the simulator (facebook.ts)
// and its post API (facebook-posts.ts) hold, below both.

/** A post (feed post, photo post or video) the simulated Page published or scheduled. */
export interface FacebookPostRecord {
  /** Post id (`<page-id>_<n>`), or the video id for videos. */
  id: string;
  /** The Page. */
  pageId: string;
  /** Which endpoint made it. */
  kind: "feed" | "photo" | "video";
  /** The text (`message`, a photo's `caption`, a video's `description`). */
  message: string | undefined;
  /** The `link` parameter. */
  link: string | undefined;
  /** Photo ids attached (`attached_media`, or the photo itself). */
  photoIds: string[];
  /** Published now (false: scheduled or a draft). */
  published: boolean;
  /** When it will be published, for scheduled posts (ISO time). */
  scheduledAt: string | undefined;
  /** The `targeting` spec. */
  targeting: unknown;
  /** The `feed_targeting` spec. */
  feedTargeting: unknown;
  /** The Graph API version of the call (`v23.0`), if the path had one. */
  version: string | undefined;
  /** Simulator time (ms). */
  time: number;
}

/** A comment on a post or comment. */
export interface FacebookCommentRecord {
  /** Comment id (`<post-n>_<comment-n>`). */
  id: string;
  /** The post or comment answered. */
  parentId: string;
  /** Who wrote it: the Page, or a user seeded with `addComment`. */
  from: { id: string; name: string };
  /** Its text. */
  message: string | undefined;
  /** Simulator time (ms). */
  time: number;
}
