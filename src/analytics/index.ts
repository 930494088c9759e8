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
  type AdapterMetrics,
  METRIC_NAMES,
  type MetricName,
  type MetricsPlan,
  type MetricsReading,
  type PostMetrics,
} from "../contract/metrics.js";
export type { PostChange } from "./edit.js";
export { type PostAction, RefusedError } from "./errors.js";
export type {
  MetricsOptions,
  MetricsSample,
  MetricsSource,
  PostMetricsResult,
} from "./metrics.js";
export type { RecallItem, RecallOptions, RecallReport } from "./recall.js";
export type { CollectedRefs, PostRefInput, UntracedPart } from "./refs.js";
export type { AnalyticsVerbs } from "./verbs.js";
