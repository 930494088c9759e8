/**
 * Rendering, in the adapter contract: where a message goes (a destination), what an adapter can
 * render (its capabilities, as data), and what `render` returns. Pure data.
 *
 * @packageDocumentation
 */

import type { Segment } from "../message/segment.js";
import type { ReplyContext } from "../message/target.js";
import type { Operation } from "./operation.js";

/** The kinds of destination a target resolves to. */
export type DestinationKind = "feed" | "chat" | "recipients" | "broadcast" | "segment";

/** Where one rendered message goes; the core resolves every target into one of these. */
export type Destination =
  /** The account's own timeline or feed (a Mastodon status, a Page post); `reply` for a reply post. */
  | { kind: "feed"; reply?: ReplyContext }
  /** One channel, group or user; `reply` when the message answers something there. */
  | { kind: "chat"; chat: string; reply?: ReplyContext }
  /**
   * A batch of recipients, at most `capabilities.recipientBatch` of them. With `sample: true`
   * the core renders a placeholder batch (for `preview` and the checks before sending) whose ids
   * are placeholders: check everything but the ids then.
   */
  | {
      kind: "recipients";
      recipients: ReadonlyArray<{ id: string; attributes?: Record<string, unknown> }>;
      sample?: true;
    }
  /** Every follower of the account. */
  | { kind: "broadcast" }
  /** Everyone matching the segment, by the platform's own targeting. */
  | { kind: "segment"; segment: Segment };

/** A length measured for `preview`. */
export interface LengthReport {
  /** The field measured (`text`, `caption`). */
  field: string;
  /** The length by the platform's counting rule. */
  length: number;
  /** The platform's limit. */
  max: number;
  /** The counting rule (`UTF-16 code units`, `characters, URLs as 23`). */
  unit: string;
}

/** What an adapter can do, as data. */
export interface AdapterCapabilities {
  /** The destination kinds the adapter can render. */
  destinations: readonly DestinationKind[];
  /** Recipients per request for `recipients` destinations (LINE multicast: 500); 1 when omitted. */
  recipientBatch?: number;
  /**
   * The fewest recipients one request takes (WeChat `mass/send`: 2); 1 when omitted. The core
   * then balances the last two batches of a stream so that no batch falls below it where the
   * target has that many recipients; a target (or a personalized group) smaller than this still
   * reaches `render` as it is, and the adapter decides (send otherwise, or refuse).
   */
  recipientBatchMin?: number;
  /**
   * Whether `render` honors a native schedule (`RenderContext.scheduleAt`). The core passes one
   * only for a one-off send to a single destination (never for batches of recipients, nor for
   * a recurrence), and falls back to its own scheduler when `render` refuses the time.
   */
  nativeSchedule?: boolean;
  /**
   * The form of a recipient id for `recipients` destinations (LINE: `U` + 32 hex digits). The
   * core checks every recipient against it before batching: one that does not match fails alone,
   * with `rule` as its reason, and never reaches the platform inside a batch of good ones.
   */
  recipientId?: { readonly pattern: RegExp; readonly rule: string };
}

/** An adapter's answer when asked to reach a segment with the platform's own targeting. */
export type NativeTargeting =
  /** The platform filters the segment itself; `via` names how (`LINE narrowcast filter.demographic`). */
  | { native: true; via: string }
  /**
   * It cannot: `condition` is the path of the condition at fault, from the segment
   * (`segment.language`, `segment.or[1].age`); `rule` says why and `hint` what to do instead.
   */
  | { native: false; condition: string; rule: string; hint?: string };

/** Context the core gives to `render`. */
export interface RenderContext {
  /** The current time (ms since the epoch) from the client's clock, for time rules. */
  now: number;
  /**
   * The account the target names (`x@user-42` → `user-42`). The core always sets it; it differs
   * from the adapter's own `account` only for adapters that serve any account
   * ({@link AdapterAuth.anyAccount}, the auth facet). Absent means the adapter's own (direct calls in tests).
   */
  account?: string;
  /** When the platform itself should publish (native scheduling), if requested. */
  scheduleAt?: Date;
}

/** What `render` returns. */
export interface Rendering {
  /** Requests to send in order; a failure stops the later ones. */
  operations: Operation[];
  /** Lengths measured by the platform's rules. */
  lengths?: LengthReport[];
  /** Things the caller should know (a dropped link preview, a split message). */
  warnings?: string[];
}
