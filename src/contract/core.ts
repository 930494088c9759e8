/**
 * The required core of the adapter contract: who the adapter is (platform, account, base URL,
 * secrets), what it can do and within which limits (as data), how a message becomes requests
 * and how an answer is read. Every adapter has it; what else it can do it states with optional
 * facets (src/contract/facets.ts).
 *
 * @packageDocumentation
 */
import type { Message } from "../message/schema.js";
import type { Segment } from "../message/segment.js";
import type { LimitRule, QuotaRule } from "./limits.js";
import type { Operation } from "./operation.js";
import type {
  AdapterCapabilities,
  Destination,
  NativeTargeting,
  RenderContext,
  Rendering,
} from "./render.js";
import type { PlatformResponse, ResponseReading } from "./response.js";

/**
 * What every adapter implements: identity, capabilities and limits as data, and two pure
 * functions, `render` (a message for one destination into requests) and `readResponse` (an
 * answer into ids, failures and rate-limit signals). The core adds limits, retries,
 * idempotency, preview and progress. A {@link PlatformAdapter} is this core and its facets.
 */
export interface AdapterCore {
  /** Platform name used in targets (`telegram`). Lower case, no `:` or `@`. */
  readonly platform: string;
  /** Account name used in targets (`telegram@shop:...`); `default` by convention. */
  readonly account: string;
  /** Base URL every operation path is relative to. */
  readonly baseUrl: string;
  /** What the adapter can do. */
  readonly capabilities: AdapterCapabilities;
  /** The documented limits, already merged with the user's overrides. */
  readonly limits: readonly LimitRule[];
  /** Daily quotas in units ({@link QuotaRule}); operations say what they cost. */
  readonly quotas?: readonly QuotaRule[];
  /** Secret values (tokens) that must never appear in errors, logs, events or previews. */
  readonly secrets: readonly string[];
  /** Headers added to every request (e.g. `Authorization`); redacted in previews. */
  authHeaders(): Record<string, string>;
  /**
   * Turns a message for one destination into requests. Pure. Throws a `ValidationError`
   * (naming the field and the rule) for what the platform cannot take.
   */
  render(message: Message, destination: Destination, context: RenderContext): Rendering;
  /** Reads a response to one of this adapter's operations. Pure. */
  readResponse(operation: Omit<Operation, "poll">, response: PlatformResponse): ResponseReading;
  /**
   * Whether the platform's own targeting reaches everyone matching `segment` (LINE's narrowcast
   * filter today; WeChat tags or Facebook feed targeting can answer here too). Pure. Asked for
   * a target with a `segment` and no `recipients`, before `render`; a refusal becomes a
   * `ValidationError` before any request. When omitted, an adapter listing `segment` in its
   * destinations is trusted to render any segment, and any other has no native targeting.
   */
  nativeTargeting?(segment: Segment): NativeTargeting;
  /**
   * Escapes a personalization value (`{{ firstName }}`) inserted into `message.text`, so that
   * the text's markup reads it as plain text (Telegram MarkdownV2 or HTML). Pure. When omitted,
   * values are inserted as they are.
   */
  escapeText?(value: string, message: Message): string;
}
