// What the simulated YouTube records of what it created: the types both the simulator (youtube.ts)
// and its post API (youtube-posts.ts) hold, below both.

/** A video the simulated YouTube received in full. */
export interface YouTubeSimVideo {
  /** Video id (11 characters). */
  id: string;
  /** The channel. */
  channelId: string;
  /** snippet as sent. */
  snippet: Record<string, unknown>;
  /** status as sent. */
  status: Record<string, unknown>;
  /** The uploaded bytes. */
  bytes: Uint8Array;
  /** Simulator time of completion (ms). */
  time: number;
}

/** A comment or reply created. */
export interface YouTubeSimComment {
  /** Comment id (a reply's is `<parent>.<own>`). */
  id: string;
  /** The channel that wrote it. */
  channelId: string;
  /** The video of a top-level comment. */
  videoId?: string;
  /** The parent of a reply. */
  parentId?: string;
  /** The text. */
  text: string;
}
