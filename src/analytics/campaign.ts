import type { PostRef } from "../contract/editing.js";
import { METRIC_NAMES, type PostMetrics } from "../contract/metrics.js";
import type { TrackedLink } from "../delivery/links/tag.js";
import { emptyCounts, type Outcome, type OutcomeCounts } from "../delivery/report.js";
import { ValidationError } from "../transport/errors.js";
import { nextTurn, YIELD_EVERY } from "../util/next-turn.js";
import type {
  CampaignReport,
  CampaignRow,
  CampaignTargetRow,
  LinkClicks,
} from "./campaign-types.js";
import { RefusedError } from "./errors.js";
import { type LinkClicksHook, readLinkClicks } from "./link-clicks.js";
import { type PostMetricsResult, readMetrics } from "./metrics.js";
import type { RecordSource, SentRecord } from "./records.js";
import type { UntracedPart } from "./refs.js";
import { Reservoir, samplingMethod } from "./sampling.js";
import { type AnalyticsEnvironment, adapterOf } from "./send.js";

/** Options of `herald.report`. */
export interface CampaignReportOptions {
  /**
   * Posts of one target whose metrics are read, at most (default {@link DEFAULT_SAMPLE_SIZE});
   * past it a uniform sample of this size is read and the row says so. At least 1.
   */
  sampleSize?: number;
  /** Seed of the sample (default 1): the same records and seed give the same sample. */
  seed?: number;
  /** Metric reads in flight at once (default 16); the client's limiters set the pace. */
  concurrency?: number;
  /** Your shortener's click counts: called once per distinct link of a target (docs/analytics.md). */
  linkClicks?: LinkClicksHook;
  /** Stops waiting; posts not read yet count as not read (`cancelled`). */
  signal?: AbortSignal;
}

/**
 * Default posts read per target: ours. A uniform sample of 1,000 estimates a proportion within
 * ±3.1 points at 95 % confidence (1.96 × √(0.25 / 1000)), whatever the population.
 */
export const DEFAULT_SAMPLE_SIZE = 1_000;

/** What a target's records add up to while they stream. */
interface Tally {
  target: string;
  platform: string;
  account: string;
  counts: OutcomeCounts;
  links: readonly TrackedLink[] | undefined;
  reservoir: Reservoir<PostRef>;
  /** Sent outcomes with no platform id (not listed, or the platform gave none). */
  noIds: number;
}

const OUTCOMES = new Set<Outcome>(["sent", "failed", "unknown", "skipped"]);

/** Checks one streamed record; a `ValidationError` names its position. */
function checkRecord(record: SentRecord, n: number): void {
  const field = `records[${n}]`;
  if (typeof record !== "object" || record === null) throw new ValidationError(field, "a record");
  if (typeof record.target !== "string" || typeof record.platform !== "string") {
    throw new ValidationError(field, "`target` and `platform` strings");
  }
  if (!OUTCOMES.has(record.status)) {
    throw new ValidationError(`${field}.status`, "sent, failed, unknown or skipped");
  }
  const { count } = record;
  if (count !== undefined && !(Number.isSafeInteger(count) && count > 0)) {
    throw new ValidationError(`${field}.count`, "a whole number of 1 or more");
  }
}

/** Reads the records once, tallying outcomes and sampling each target's posts. */
async function tallyRecords(
  source: RecordSource,
  sampleSize: number,
  seed: number,
): Promise<Tally[]> {
  const tallies = new Map<string, Tally>();
  let n = 0;
  const add = (record: SentRecord) => {
    checkRecord(record, n++);
    const account = record.account ?? "default";
    const key = `${record.platform}@${account}|${record.target}`;
    let tally = tallies.get(key);
    if (!tally) {
      // each target its own stream of draws, so one target's length does not move another's sample
      const reservoir = new Reservoir<PostRef>(sampleSize, seed + tallies.size);
      tally = { ...record, account, counts: emptyCounts(), links: undefined, reservoir, noIds: 0 };
      tallies.set(key, tally);
    }
    const count = record.count ?? 1;
    tally.counts[record.status] += count;
    tally.links ??= record.links;
    if (record.status !== "sent") return;
    const ids = record.ids ?? [];
    if (ids.length === 0) tally.noIds += count;
    for (const id of ids) {
      tally.reservoir.offer({
        platform: record.platform,
        account,
        id,
        target: record.target,
        ...(record.chat !== undefined && { chat: record.chat }),
        ...(record.sentAt !== undefined && { sentAt: record.sentAt }),
      });
    }
  };
  const { records } = source;
  if (Symbol.asyncIterator in records) {
    for await (const record of records) add(record);
  } else {
    for (const record of records) {
      add(record);
      if (n % YIELD_EVERY === 0) await nextTurn();
    }
  }
  return [...tallies.values()];
}

/** Adds `from` into `into`, metric by metric (a metric absent from both stays absent). */
function addMetrics(into: PostMetrics, from: PostMetrics): void {
  for (const name of METRIC_NAMES) {
    const value = from[name];
    if (value !== undefined) into[name] = (into[name] ?? 0) + value;
  }
}

/** Fills engagement and its rate from the row's metrics (`estimated` when sampled). */
function withEngagement<R extends CampaignRow>(row: R): R {
  const m = row.estimated ?? row.metrics;
  const parts = [m.likes, m.replies, m.shares, m.saves].filter((v) => v !== undefined);
  if (parts.length === 0) return row;
  const engagement = parts.reduce((a, b) => a + b, 0);
  const rate = m.impressions ? engagement / m.impressions : undefined;
  return { ...row, engagement, ...(rate !== undefined && { engagementRate: rate }) };
}

/** The row of one target from its tally and the results of its sampled posts. */
function targetRow(
  tally: Tally,
  results: readonly PostMetricsResult[],
  links: LinkClicks[] | undefined,
  method: string,
): CampaignTargetRow {
  const metrics: PostMetrics = {};
  const notRead: Record<string, number> = {};
  let measured = 0;
  for (const result of results) {
    if (result.ok) {
      measured++;
      addMetrics(metrics, result.metrics);
      continue;
    }
    const reason = result.error instanceof RefusedError ? result.error.reason : result.error.code;
    notRead[reason] = (notRead[reason] ?? 0) + 1;
  }
  const { reservoir } = tally;
  const clicked = links?.filter((l) => l.clicks !== undefined);
  const row: CampaignTargetRow = {
    target: tally.target,
    platform: tally.platform,
    account: tally.account,
    counts: tally.counts,
    posts: reservoir.seen,
    measured,
    notRead,
    metrics,
    ...(clicked?.length && { linkClicks: clicked.reduce((a, l) => a + l.clicks!, 0) }),
    ...(links && { links }),
  };
  if (!reservoir.sampled) return withEngagement(row);
  const scale = measured === 0 ? 0 : reservoir.seen / measured;
  const estimated: PostMetrics = {};
  for (const name of METRIC_NAMES) {
    const value = metrics[name];
    if (value !== undefined && measured > 0) estimated[name] = Math.round(value * scale);
  }
  return withEngagement({
    ...row,
    sample: { population: reservoir.seen, size: reservoir.items.length, method },
    estimated,
  });
}

/** Sums rows into one (a platform's, or the totals). */
function sumRows(platform: string | undefined, rows: readonly CampaignRow[]): CampaignRow {
  const counts = emptyCounts();
  const metrics: PostMetrics = {};
  const estimated: PostMetrics = {};
  const notRead: Record<string, number> = {};
  let posts = 0;
  let measured = 0;
  let linkClicks: number | undefined;
  let size = 0;
  const methods = new Set<string>();
  for (const row of rows) {
    for (const o of OUTCOMES) counts[o] += row.counts[o];
    posts += row.posts;
    measured += row.measured;
    for (const [reason, n] of Object.entries(row.notRead))
      notRead[reason] = (notRead[reason] ?? 0) + n;
    addMetrics(metrics, row.metrics);
    addMetrics(estimated, row.estimated ?? row.metrics);
    if (row.linkClicks !== undefined) linkClicks = (linkClicks ?? 0) + row.linkClicks;
    size += row.sample?.size ?? row.posts;
    if (row.sample) methods.add(row.sample.method);
  }
  const sum: CampaignRow = {
    platform,
    counts,
    posts,
    measured,
    notRead,
    metrics,
    ...(linkClicks !== undefined && { linkClicks }),
  };
  if (methods.size === 0) return withEngagement(sum);
  return withEngagement({
    ...sum,
    sample: { population: posts, size, method: [...methods].join("; ") },
    estimated,
  });
}

/**
 * Builds a campaign report: reads the records once (outcomes tallied per target, each target's
 * posts sampled past `sampleSize`), reads the sampled posts' metrics through the client's
 * limiters and retries, and the links' clicks through the `linkClicks` hook, then sums per
 * platform and in total. Memory is bounded by the targets and the sample, not the records.
 */
export async function buildCampaignReport(
  env: AnalyticsEnvironment,
  source: RecordSource,
  options: CampaignReportOptions = {},
): Promise<CampaignReport> {
  const sampleSize = options.sampleSize ?? DEFAULT_SAMPLE_SIZE;
  if (!Number.isSafeInteger(sampleSize) || sampleSize < 1) {
    throw new ValidationError("sampleSize", "a whole number of 1 or more");
  }
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(seed)) throw new ValidationError("seed", "a whole number");
  const method = samplingMethod(seed);
  const tallies = await tallyRecords(source, sampleSize, seed);
  const untraced: UntracedPart[] = [...source.untraced];
  for (const t of tallies) {
    if (t.noIds > 0) {
      untraced.push({
        target: t.target,
        count: t.noIds,
        reason: "sent with no platform id in the records (past a report's listing limit)",
      });
    }
  }
  const served = (t: Tally) => {
    try {
      adapterOf(env, { platform: t.platform, account: t.account, id: "-" }, t.target);
      return true;
    } catch {
      return false;
    }
  };
  const refs = tallies.flatMap((t) => (served(t) ? t.reservoir.items : []));
  const sample = await readMetrics(env, refs, {
    ...(options.signal && { signal: options.signal }),
    ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
  });
  const byTarget = new Map<string, PostMetricsResult[]>();
  for (const result of sample.posts) {
    const key = `${result.ref.platform}@${result.ref.account}|${result.ref.target}`;
    const list = byTarget.get(key) ?? [];
    byTarget.set(key, list);
    list.push(result);
  }
  const warnings: string[] = [];
  const clicks = await readLinkClicks(env, tallies, options, warnings);
  const targets = tallies.map((t, i) => {
    const row = targetRow(
      t,
      byTarget.get(`${t.platform}@${t.account}|${t.target}`) ?? [],
      clicks[i],
      method,
    );
    if (served(t) || t.reservoir.items.length === 0) return row;
    warnings.push(`${t.target}: no ${t.platform} adapter for ${t.account}; metrics not read`);
    return { ...row, notRead: { "no-adapter": t.reservoir.items.length } };
  });
  const platformNames = [...new Set(targets.map((t) => t.platform))];
  return {
    deliveryId: source.deliveryId,
    at: sample.at,
    targets,
    platforms: platformNames.map((p) =>
      sumRows(
        p,
        targets.filter((t) => t.platform === p),
      ),
    ),
    totals: sumRows(undefined, targets),
    sampleSize,
    samplingMethod: method,
    untraced,
    warnings,
    retries: sample.retries,
    rateLimited: sample.rateLimited,
  };
}
