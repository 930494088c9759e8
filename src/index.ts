export type {
  AdapterCapabilities,
  Destination,
  DestinationKind,
  FailureKind,
  FormField,
  HttpMethod,
  Idempotency,
  LengthReport,
  LimitRule,
  Operation,
  PlatformAdapter,
  PlatformResponse,
  RenderContext,
  Rendering,
  RequestBody,
  ResponseReading,
} from "./adapters/contract.js";
export { stepRef } from "./adapters/contract.js";
export type { CommonAdapterOptions } from "./adapters/options.js";
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
export type { SendOptions } from "./delivery/plan.js";
export type { Preview, PreviewRequest, TargetPreview } from "./delivery/preview.js";
export {
  type DeliveryReport,
  type Outcome,
  type OutcomeCounts,
  REPORT_RECIPIENT_LIMIT,
  type RecipientReport,
  type TargetReport,
} from "./delivery/report.js";
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./delivery/retry-policy.js";
export type { RedisClient, RedisOption, RedisSettings } from "./limits/redis.js";
export { mergeLimits } from "./limits/rules.js";
export {
  type Media,
  MediaSchema,
  type Message,
  type MessageInput,
  MessageSchema,
} from "./message/schema.js";
export { type Range, type Segment, SegmentSchema } from "./message/segment.js";
export type { Recipient, Target, TargetObject } from "./message/target.js";
export {
  AuthError,
  CancelledError,
  DeliveryUnknownError,
  HeraldError,
  type HeraldErrorCode,
  PlatformError,
  RateLimitError,
  ValidationError,
} from "./transport/errors.js";
export { retryAfterMs } from "./transport/retry-after.js";
