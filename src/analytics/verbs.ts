import type { DeliveryReport } from "../delivery/report.js";
import type { MessageInput } from "../message/schema.js";
import { CancelScope } from "../util/cancel.js";
import {
  type AccountInput,
  type AccountMetricsOptions,
  type AccountMetricsSample,
  readAccountMetrics,
} from "./account.js";
import { buildCampaignReport, type CampaignReportOptions } from "./campaign.js";
import type { CampaignReport } from "./campaign-types.js";
import { changePost, type PostChange, parseEdit } from "./edit.js";
import {
  collectRefs,
  type MetricsOptions,
  type MetricsSample,
  type MetricsSource,
  readMetrics,
} from "./metrics.js";
import { type RecallOptions, type RecallReport, recallRefs } from "./recall.js";
import { type CampaignRecords, recordsOfDelivery, recordsOfReport } from "./records.js";
import { checkRef, type PostRefInput } from "./refs.js";
import { type AnalyticsEnvironment, adapterOf } from "./send.js";

/** The analytics verbs of the client (docs/analytics.md, docs/recall.md). */
export interface AnalyticsVerbs {
  /**
   * Reads the metrics of the posts a delivery created (its report, or its id when its
   * checkpoint holds the ids) or of refs given by hand: impressions, reach, views, likes,
   * replies, shares, saves, clicks as each platform reports them (absent, never 0, where it
   * does not), with the platform's raw answer beside them.
   */
  metrics(source: MetricsSource, options?: MetricsOptions): Promise<MetricsSample>;
  /**
   * Reads the followers and audience of accounts: `"mastodon"`, `"x@brand"`,
   * `"telegram:@shopnews"` (a channel's members), or by default every adapter account whose
   * platform reads them. One sample, timed: keep samples for followers over time.
   */
  accountMetrics(
    accounts?: AccountInput | readonly AccountInput[],
    options?: AccountMetricsOptions,
  ): Promise<AccountMetricsSample>;
  /**
   * Replaces a post's text where the platform allows. Rejects with a `RefusedError` (code
   * `refused`: not supported, not allowed, too old, not found) or a `ValidationError`.
   */
  edit(
    ref: PostRefInput,
    message: MessageInput,
    options?: { signal?: AbortSignal },
  ): Promise<PostChange>;
  /** Deletes a post where the platform allows; rejects as {@link AnalyticsVerbs.edit} does. */
  delete(ref: PostRefInput, options?: { signal?: AbortSignal }): Promise<PostChange>;
  /**
   * Takes back everything a delivery sent (by report or id): deletes it, or edits it to
   * `correction`, through the client's limits and retries. Never rejects for a post: what
   * could not be taken back is listed with the reason in `notTakenBack`.
   */
  recall(source: DeliveryReport | string, options?: RecallOptions): Promise<RecallReport>;
  /**
   * A campaign report: what a delivery sent (its report, its id, or records you stream) joined
   * with what it achieved (each post's metrics, your shortener's link clicks), per target, per
   * platform and in total. A metric a platform does not give is absent ("not available"), never
   * 0; a target's posts past `sampleSize` are sampled and its figures estimated, as it says.
   * Export it with `toCsv` and `toHtml`.
   */
  report(
    source: DeliveryReport | string | CampaignRecords,
    options?: CampaignReportOptions,
  ): Promise<CampaignReport>;
}

/** The analytics verbs over the client's runtimes. */
export function analyticsVerbs(env: AnalyticsEnvironment): AnalyticsVerbs {
  const change = async (
    input: PostRefInput,
    message: MessageInput | undefined,
    signal?: AbortSignal,
  ) => {
    const ref = checkRef(input, "ref");
    const adapter = adapterOf(env, ref, "ref");
    const parsed = message === undefined ? undefined : parseEdit(message);
    const cancel = new CancelScope(signal ?? new AbortController().signal);
    const counters = { retries: 0, rateLimited: 0 };
    return changePost(env, adapter, ref, parsed, { cancel, counters, keyBase: `change|${ref.id}` });
  };
  return {
    metrics: (source, options) => readMetrics(env, source, options),
    accountMetrics: (accounts, options) => readAccountMetrics(env, accounts, options),
    edit: (ref, message, options) => change(ref, message, options?.signal),
    delete: (ref, options) => change(ref, undefined, options?.signal),
    async report(source, options) {
      const records =
        typeof source === "string"
          ? await recordsOfDelivery(env.checkpoints, source)
          : "records" in source
            ? { deliveryId: source.deliveryId, records: source.records, untraced: [] }
            : recordsOfReport(source, env.adapters);
      return buildCampaignReport(env, records, options);
    },
    async recall(source, options) {
      const collected = await collectRefs(env, source);
      const id = typeof source === "string" ? source : source.id;
      return recallRefs(env, id, collected, options);
    },
  };
}
