/**
 * The public surface of measuring and taking back (docs/analytics.md, docs/recall.md): the
 * error a refusal raises, the results of `herald.metrics`, `edit`, `delete` and `recall`, and
 * the adapter facets custom adapters implement.
 *
 * @packageDocumentation
 */
export type {
  AdapterEditing,
  EditContext,
  EditFailure,
  EditPlan,
  PostRef,
  Refusal,
  RefusalReason,
} from "../contract/editing.js";
export {
  ACCOUNT_METRIC_NAMES,
  type AccountMetricName,
  type AccountMetrics,
  type AccountReading,
  type AccountRef,
  type AdapterAccountMetrics,
  type AdapterMetrics,
  METRIC_NAMES,
  type MetricName,
  type MetricsPlan,
  type MetricsReading,
  type PostMetrics,
} from "../contract/metrics.js";
export type {
  AccountInput,
  AccountMetricsOptions,
  AccountMetricsResult,
  AccountMetricsSample,
} from "./account.js";
export { type CampaignReportOptions, DEFAULT_SAMPLE_SIZE } from "./campaign.js";
export type {
  CampaignReport,
  CampaignRow,
  CampaignTargetRow,
  LinkClicks,
  RowSample,
} from "./campaign-types.js";
export type { PostChange } from "./edit.js";
export { type PostAction, RefusedError } from "./errors.js";
export { CSV_HEADER, toCsv } from "./export-csv.js";
export { toHtml } from "./export-html.js";
export { NOT_AVAILABLE } from "./export-rows.js";
export {
  LINK_CLICKS_TIMEOUT_MS,
  type LinkClicksHook,
  type LinkClicksQuery,
} from "./link-clicks.js";
export type {
  MetricsOptions,
  MetricsSample,
  MetricsSource,
  PostMetricsResult,
} from "./metrics.js";
export type { RecallItem, RecallOptions, RecallReport } from "./recall.js";
export type { CampaignRecords, SentRecord } from "./records.js";
export type { CollectedRefs, PostRefInput, UntracedPart } from "./refs.js";
export type { AnalyticsVerbs } from "./verbs.js";
