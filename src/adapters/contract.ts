/**
 * The adapter contract, re-exported from its home beside the core (src/contract/: the required
 * core, and one file per optional facet) so that imports of this module keep working.
 *
 * @packageDocumentation
 */

export type { PlatformAdapter } from "../contract/adapter.js";
export type { AdapterAuth, AuthContext, AuthFacet, Credentials } from "../contract/auth.js";
export type { AdapterCore } from "../contract/core.js";
export type { EditingFacet } from "../contract/editing.js";
export {
  type AdapterFacets,
  FACET_SUMMARIES,
  FACETS,
  type FacetName,
  facetsOf,
} from "../contract/facets.js";
export type { LimitRule, QuotaRule } from "../contract/limits.js";
export type { ListeningFacet } from "../contract/listening.js";
export type { MetricsFacet } from "../contract/metrics.js";
export {
  type FormField,
  type HttpMethod,
  IDEMPOTENCY_KEY,
  type Idempotency,
  type Operation,
  type RangedUpload,
  type RequestBody,
  STEP_REF_MARK,
  stepRef,
} from "../contract/operation.js";
export type {
  AdapterCapabilities,
  Destination,
  DestinationKind,
  LengthReport,
  NativeTargeting,
  RenderContext,
  Rendering,
} from "../contract/render.js";
export type { FailureKind, PlatformResponse, ResponseReading } from "../contract/response.js";
export type { WebhooksFacet } from "../contract/webhooks.js";
export type { Message } from "../message/schema.js";
export type { Segment } from "../message/segment.js";
export type { Recipient, ReplyContext } from "../message/target.js";
