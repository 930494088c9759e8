// What the simulated X records of what it created: the types both the simulator (x.ts)
// and its post API (x-posts.ts) hold, below both.

/** A post the simulated X really created. */
export interface XSimPost {
  /** Post id. */
  id: string;
  /** Author's user id. */
  userId: string;
  /** The text as sent. */
  text: string;
  /** Attached media ids. */
  mediaIds: string[];
  /** The post answered. */
  inReplyTo: string | undefined;
  /** The post quoted. */
  quoteOf: string | undefined;
  /** The poll, if any. */
  poll: { options: string[]; duration_minutes: number } | undefined;
  /** Simulator time (ms). */
  time: number;
}
