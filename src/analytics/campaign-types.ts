import type { PostMetrics } from "../contract/metrics.js";
import type { TrackedLink } from "../delivery/links/tag.js";
import type { OutcomeCounts } from "../delivery/report.js";
import type { UntracedPart } from "./refs.js";

/** A tracked link of a target, with the clicks the shortener reported for it. */
export interface LinkClicks extends TrackedLink {
  /** Clicks the `linkClicks` hook reported; absent when it gave none (not 0). */
  clicks?: number;
}

/** The sample a row's metrics were read from, when not every post was read. */
export interface RowSample {
  /** Posts the row's targets created (the population sampled). */
  population: number;
  /** Posts in the sample (whose metrics were asked for). */
  size: number;
  /** How the sample was drawn. */
  method: string;
}

/** One line of a campaign report: a target, a platform, or the whole campaign. */
export interface CampaignRow {
  /** Platform name; `undefined` for the totals. */
  platform: string | undefined;
  /** Account name, for a target's row. */
  account?: string;
  /** The target's label, for a target's row. */
  target?: string;
  /** What was sent: outcomes per recipient (1 per single destination). */
  counts: OutcomeCounts;
  /** Posts created (platform ids of sent outcomes); each recipient's message is one. */
  posts: number;
  /** Posts whose metrics were read. */
  measured: number;
  /** Posts asked for and not read (refused, not found, failed), by reason (`not-supported: 3`). */
  notRead: Record<string, number>;
  /**
   * Sums over the posts read. A metric is absent when no post of the row reported it: "not
   * available" (the platform does not give it, or nothing could be read), never 0.
   */
  metrics: PostMetrics;
  /** `likes + replies + shares + saves`, of those present; absent when none is. */
  engagement?: number;
  /** `engagement / impressions`; absent without both (or with 0 impressions). */
  engagementRate?: number;
  /** Clicks the shortener reported for the row's links; absent when it reported none. */
  linkClicks?: number;
  /** Present when the metrics come from a sample of the posts (see {@link CampaignRow.estimated}). */
  sample?: RowSample;
  /**
   * With a sample: the sums scaled to the population (`sum × population / measured`, rounded),
   * an estimate; absent otherwise.
   */
  estimated?: PostMetrics;
}

/** A target's row, with its links. */
export interface CampaignTargetRow extends CampaignRow {
  /** The target's label. */
  target: string;
  /** Account name. */
  account: string;
  /** Platform name. */
  platform: string;
  /** Its tracked links with their clicks, when it had link tracking. */
  links?: LinkClicks[];
}

/** What `herald.report` resolves with: what a delivery sent joined with what it achieved. */
export interface CampaignReport {
  /** The delivery reported on, when known. */
  deliveryId: string | undefined;
  /** When the metrics were read (ms since the epoch, the client's clock). */
  at: number;
  /** One row per target, in the order the records named them. */
  targets: CampaignTargetRow[];
  /** One row per platform (sums of its targets), in the order of first appearance. */
  platforms: CampaignRow[];
  /** Sums over everything. */
  totals: CampaignRow;
  /** Posts of a target past this many are sampled (the report's `sampleSize`). */
  sampleSize: number;
  /** How samples are drawn (method and seed). */
  samplingMethod: string;
  /** What was sent that no record names (recipients past a report's listing, scheduled targets). */
  untraced: UntracedPart[];
  /** Problems met that did not stop the report (a `linkClicks` hook that failed). */
  warnings: string[];
  /** Retries made while reading metrics. */
  retries: number;
  /** Rate-limit answers received while reading metrics. */
  rateLimited: number;
}
