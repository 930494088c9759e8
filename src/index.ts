export type {
  AdapterAuth,
  AdapterCapabilities,
  AdapterCore,
  AdapterFacets,
  AuthContext,
  Credentials,
  Destination,
  DestinationKind,
  FacetName,
  FailureKind,
  FormField,
  HttpMethod,
  Idempotency,
  LengthReport,
  LimitRule,
  NativeTargeting,
  Operation,
  PlatformAdapter,
  PlatformResponse,
  QuotaRule,
  RangedUpload,
  RenderContext,
  Rendering,
  RequestBody,
  ResponseReading,
} from "./adapters/contract.js";
export {
  FACET_SUMMARIES,
  FACETS,
  facetsOf,
  IDEMPOTENCY_KEY,
  stepRef,
} from "./adapters/contract.js";
export type { CommonAdapterOptions } from "./adapters/options.js";
export * from "./analytics/index.js";
export {
  type AuthorizationRequest,
  authorizationUrl,
  bearerCredentials,
  createPkce,
  createTokenAuth,
  exchangeCode,
  fetchToken,
  type OAuthClient,
  type OAuthProvider,
  type OAuthTokens,
  type Pkce,
  type PkceAuthorization,
  randomToken,
  refreshTokens,
  requestTokens,
  startPkceAuthorization,
  type TokenAnswer,
  type TokenAuthOptions,
  type TokenFetchOptions,
  type TokenRequestOptions,
  type TokenSource,
} from "./auth/index.js";
export { type MemoryCheckpointOptions, memoryCheckpoints } from "./checkpoints/memory.js";
export type {
  CheckpointMeta,
  CheckpointRecipient,
  CheckpointStore,
  InFlightBatch,
  OpenedCheckpoint,
  RecordedOutcome,
} from "./checkpoints/store.js";
export { createHerald, type Herald, type HeraldOptions, type Logger } from "./client.js";
export { type Clock, systemClock } from "./clock.js";
export type {
  Delivery,
  DeliveryEvents,
  NotSentEvent,
  Progress,
  RateLimitedEvent,
  RetryEvent,
  SentEvent,
} from "./delivery/delivery.js";
export { DeliveryError } from "./delivery/delivery-error.js";
export {
  DEFAULT_SHORTEN_TIMEOUT_MS,
  type LinkOptions,
  type ShortenContext,
  type ShortenHook,
  type ShortenResult,
} from "./delivery/links/options.js";
export { LinkShortenError } from "./delivery/links/shortener.js";
export type { TrackedLink } from "./delivery/links/tag.js";
export type { NotSent } from "./delivery/outcome.js";
export type { SendOptions } from "./delivery/plan.js";
export type { Preview, PreviewRequest, TargetPreview } from "./delivery/preview.js";
export {
  type DeliveryReport,
  type Outcome,
  type OutcomeCounts,
  REPORT_RECIPIENT_LIMIT,
  type RecipientReport,
  type ResumedMark,
  type TargetReport,
  type TargetStatus,
} from "./delivery/report.js";
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./delivery/retry-policy.js";
export type { RedisClient, RedisOption, RedisSettings } from "./limits/redis.js";
export { mergeLimits } from "./limits/rules.js";
export * from "./listening/index.js";
export {
  type LinkTracking,
  LinkTrackingSchema,
  type Utm,
  UtmSchema,
  type UtmValue,
  UtmValueSchema,
} from "./message/links.js";
export {
  type Media,
  type MediaBytes,
  MediaSchema,
  type Message,
  type MessageInput,
  MessageSchema,
} from "./message/schema.js";
export {
  type AttributeCondition,
  type AttributeOperators,
  type AttributeValue,
  type Range,
  type Segment,
  SegmentSchema,
} from "./message/segment.js";
export type { Recipient, ReplyContext, Target, TargetObject } from "./message/target.js";
export { type AudienceRef, type AudienceSource, audience } from "./scheduling/audience.js";
export type {
  FireClaim,
  FireJob,
  FireResult,
  FireState,
  FireStatus,
  ScheduleRecord,
  SchedulerBackend,
} from "./scheduling/backend.js";
export type { SchedulingMode } from "./scheduling/decide.js";
export { MemoryScheduler, type MemorySchedulerOptions } from "./scheduling/memory.js";
export type { ScheduledSend, ScheduleStatus } from "./scheduling/scheduled.js";
export type {
  FiredEvent,
  FireEvent,
  FireFailedEvent,
  ScheduleEvents,
  Schedules,
} from "./scheduling/schedules.js";
export type { ScheduleOptions, ScheduleTiming } from "./scheduling/timing.js";
export type { SendWindow } from "./scheduling/window.js";
export { matchesSegment } from "./targeting/matches.js";
export type { TemplateVariable } from "./targeting/template.js";
export {
  AdapterError,
  AuthError,
  CancelledError,
  DeliveryUnknownError,
  DependencyUnavailableError,
  HeraldError,
  type HeraldErrorCode,
  PlatformError,
  RateLimitError,
  ValidationError,
} from "./transport/errors.js";
export { retryAfterMs } from "./transport/retry-after.js";
export type {
  AdapterWebhooks,
  HashAlgorithm,
  VerifyFailure,
  VerifyResult,
  WebhookAnswer,
  WebhookCrypto,
  WebhookEventCommon,
  WebhookEventMap,
  WebhookEventOutput,
  WebhookParseResult,
  WebhookRequest,
  WebhookTools,
} from "./webhooks/contract.js";
export { createWebCrypto } from "./webhooks/crypto-web.js";
export {
  type DedupeStore,
  type MemoryDedupeOptions,
  memoryDedupe,
  type RedisDedupeOptions,
  type RedisSetClient,
  redisDedupe,
} from "./webhooks/dedupe.js";
export type { WebhookHandler } from "./webhooks/emitter.js";
export { fromBase64, fromHex, toBase64, toHex, utf8 } from "./webhooks/encoding.js";
export type {
  CommentEvent,
  DeliveryEvent,
  EventAuthor,
  FollowEvent,
  MentionEvent,
  MessageEvent,
  NormalizedEvent,
  NormalizedEventBase,
  NormalizedEventMap,
  NormalizedEventName,
  PlatformEvent,
  PostbackEvent,
  ReactionEvent,
  RevokeEvent,
  ShareEvent,
  UnfollowEvent,
  UnknownEvent,
  WebhookErrorEvent,
} from "./webhooks/events.js";
export type { WebhookHandleOptions } from "./webhooks/handle.js";
export {
  checkTimestamp,
  type HmacCheck,
  matchesHmac,
  verifyHmacHeader,
} from "./webhooks/signature.js";
export type { SubtleCryptoLike } from "./webhooks/subtle.js";
export {
  type AdaptersEventMap,
  DEFAULT_ACK_TIMEOUT_MS,
  DEFAULT_DEDUPE_TTL_MS,
  DEFAULT_MAX_BODY_BYTES,
  type NoEvents,
  type PlatformEventMap,
  type WebhookEvents,
  type WebhookOptions,
  type Webhooks,
} from "./webhooks/webhooks.js";
