import type { PlatformAdapter } from "../adapters/contract.js";
import type { PostRef } from "../contract/editing.js";
import { METRIC_NAMES, type PostMetrics } from "../contract/metrics.js";
import type { DeliveryReport } from "../delivery/report.js";
import type { HeraldError } from "../transport/errors.js";
import { CancelScope } from "../util/cancel.js";
import { Slots } from "../util/slots.js";
import { RefusedError } from "./errors.js";
import {
  type CollectedRefs,
  checkRef,
  type PostRefInput,
  refsOfDelivery,
  refsOfReport,
} from "./refs.js";
import {
  type AnalyticsEnvironment,
  adapterOf,
  type RunCounters,
  refusalOf,
  sendForRef,
} from "./send.js";

/** The metrics of one post, or why there are none. */
export type PostMetricsResult =
  | {
      /** The post. */
      ref: PostRef;
      /** It was read. */
      ok: true;
      /** The metrics the platform gave; one it does not give is absent, never 0. */
      metrics: PostMetrics;
      /** The platform's own answer for this post, secrets redacted. */
      raw: unknown;
    }
  | {
      /** The post. */
      ref: PostRef;
      /** It was not read. */
      ok: false;
      /** Why: a `RefusedError` (not supported, not found, ...) or the request's error. */
      error: HeraldError;
    };

/** What `herald.metrics` resolves with: one sample of every post's metrics. */
export interface MetricsSample {
  /** When the sample was taken (ms since the epoch, the client's clock). */
  at: number;
  /** One result per ref, in the order of the refs. */
  posts: PostMetricsResult[];
  /** Sums over the posts read; a metric no post reported is absent. */
  totals: PostMetrics;
  /** Parts of the delivery no ref names (see `UntracedPart`). */
  untraced: CollectedRefs["untraced"];
  /** Retries made. */
  retries: number;
  /** Rate-limit answers received. */
  rateLimited: number;
}

/** What `herald.metrics` reads: refs, a delivery's report, or a delivery id (its checkpoint). */
export type MetricsSource = DeliveryReport | string | readonly PostRefInput[];

/** Options of `herald.metrics`. */
export interface MetricsOptions {
  /** Stops waiting (limiter queue, backoff); posts not read yet end as cancelled. */
  signal?: AbortSignal;
  /** Batches in flight at once (default 16, our choice; the limiters set the pace). */
  concurrency?: number;
}

/** Default of {@link MetricsOptions.concurrency}: our choice; the limiters, not this, set the pace. */
const DEFAULT_CONCURRENCY = 16;

/** The refs a source names. */
export async function collectRefs(
  env: AnalyticsEnvironment,
  source: MetricsSource | undefined,
): Promise<CollectedRefs> {
  if (typeof source === "string") return refsOfDelivery(env.checkpoints, source);
  if (Array.isArray(source)) {
    return { refs: source.map((r, i) => checkRef(r, `refs[${i}]`)), untraced: [] };
  }
  if (
    typeof source === "object" &&
    source !== null &&
    Array.isArray((source as DeliveryReport).targets)
  ) {
    return refsOfReport(source as DeliveryReport, env.adapters);
  }
  return { refs: [checkRef(source, "refs")], untraced: [] };
}

/** Sums the metrics of the posts read. */
function totalsOf(posts: readonly PostMetricsResult[]): PostMetrics {
  const totals: PostMetrics = {};
  for (const post of posts) {
    if (!post.ok) continue;
    for (const name of METRIC_NAMES) {
      const value = post.metrics[name];
      if (value !== undefined) totals[name] = (totals[name] ?? 0) + value;
    }
  }
  return totals;
}

/** Groups refs by adapter into batches the adapter's metrics facet takes. */
function batchesOf(
  env: AnalyticsEnvironment,
  refs: readonly PostRef[],
): Array<{ adapter: PlatformAdapter; refs: PostRef[] }> {
  const groups = new Map<PlatformAdapter, Map<string, PostRef[]>>();
  refs.forEach((ref, i) => {
    const adapter = adapterOf(env, ref, `refs[${i}]`);
    const byAccount = groups.get(adapter) ?? new Map<string, PostRef[]>();
    groups.set(adapter, byAccount);
    const list = byAccount.get(ref.account) ?? [];
    byAccount.set(ref.account, list);
    list.push(ref);
  });
  const batches: Array<{ adapter: PlatformAdapter; refs: PostRef[] }> = [];
  for (const [adapter, byAccount] of groups) {
    const size = Math.max(1, adapter.metrics?.batch ?? 1);
    for (const list of byAccount.values()) {
      for (let i = 0; i < list.length; i += size)
        batches.push({ adapter, refs: list.slice(i, i + size) });
    }
  }
  return batches;
}

/** Reads one batch: renders, sends through the delivery path, reads the answers. */
async function readBatch(
  env: AnalyticsEnvironment,
  adapter: PlatformAdapter,
  refs: PostRef[],
  run: { cancel: CancelScope; counters: RunCounters; keyBase: string },
): Promise<PostMetricsResult[]> {
  const refuse = (reason: "not-supported", message: string): PostMetricsResult[] =>
    refs.map((ref) => ({
      ref,
      ok: false,
      error: new RefusedError("metrics", ref, { reason, message }),
    }));
  const facet = adapter.metrics;
  if (!facet) return refuse("not-supported", `the ${adapter.platform} adapter reads no metrics`);
  const plan = facet.render(refs, { now: env.clock.now() });
  if ("refused" in plan) {
    return refs.map((ref) => ({
      ref,
      ok: false,
      error: new RefusedError("metrics", ref, plan.refused),
    }));
  }
  const first = refs[0]!;
  const sent = await sendForRef(env, adapter, first, plan.operations, run);
  if (sent.outcome.status !== "sent") {
    return refs.map((ref) => {
      const error = refusalOf(adapter, "metrics", ref, sent.outcome) ?? sent.outcome.error!;
      return { ref, ok: false, error };
    });
  }
  const readings = facet.read(refs, sent.bodies);
  return refs.map((ref, i) => {
    const reading = readings[i];
    if (!reading) {
      return {
        ref,
        ok: false,
        error: new RefusedError("metrics", ref, {
          reason: "not-found",
          message: "the answer did not name this post",
        }),
      };
    }
    if ("refused" in reading)
      return { ref, ok: false, error: new RefusedError("metrics", ref, reading.refused) };
    return { ref, ok: true, metrics: reading.metrics, raw: reading.raw };
  });
}

/**
 * Reads the metrics of every post a source names, through the client's limiters, retries,
 * quota ledger and redaction. Rejects with a `ValidationError` for refs no adapter serves.
 */
export async function readMetrics(
  env: AnalyticsEnvironment,
  source: MetricsSource,
  options: MetricsOptions = {},
): Promise<MetricsSample> {
  const { refs, untraced } = await collectRefs(env, source);
  const batches = batchesOf(env, refs);
  const cancel = new CancelScope(options.signal ?? new AbortController().signal);
  const counters: RunCounters = { retries: 0, rateLimited: 0 };
  const slots = new Slots(options.concurrency ?? DEFAULT_CONCURRENCY);
  const byRef = new Map<PostRef, PostMetricsResult>();
  await Promise.all(
    batches.map(async ({ adapter, refs: batch }, i) => {
      await slots.acquire();
      try {
        const results = await readBatch(env, adapter, batch, {
          cancel,
          counters,
          keyBase: `metrics|${i}`,
        });
        for (const result of results) byRef.set(result.ref, result);
      } finally {
        slots.release();
      }
    }),
  );
  const posts = refs.map((ref) => byRef.get(ref)!);
  return { at: env.clock.now(), posts, totals: totalsOf(posts), untraced, ...counters };
}
