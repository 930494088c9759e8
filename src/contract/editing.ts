/**
 * The editing facet of the adapter contract: how an adapter renders an edit and a delete of a
 * post it sent, and the platform's rules for refusing them (too old, not allowed, not
 * supported). Pure: the core sends the requests through its limiter, retry and transport.
 *
 * @packageDocumentation
 */
import type { Message } from "../message/schema.js";
import type { Operation } from "./operation.js";

/**
 * One thing a delivery created on a platform, as its report records it: the platform id, and
 * where it went when the id alone does not name it (a Telegram message id is unique per chat).
 */
export interface PostRef {
  /** Platform name (`telegram`). */
  platform: string;
  /** Account name (`default` unless the target named one). */
  account: string;
  /** The platform id as the report holds it (a status id, `123` or an album's `123,124`). */
  id: string;
  /** The chat or recipient it was sent to, for platforms whose ids are per chat. */
  chat?: string;
  /** When it was sent (ms since the epoch), for the platforms' time rules; unknown when absent. */
  sentAt?: number;
  /** The report's target label it came from (`telegram:@shopnews`). */
  target?: string;
}

/**
 * Why a platform does not let a post be read, edited or taken back:
 * - `not-supported`: the platform's API has no such call (LINE cannot unsend);
 * - `not-allowed`: not for this post or account (not the author, no permission);
 * - `too-old`: past the platform's time limit (Telegram deletes within 48 hours);
 * - `not-found`: the platform has no such post (any longer).
 */
export type RefusalReason = "not-supported" | "not-allowed" | "too-old" | "not-found";

/** A refusal with the platform's reason. */
export interface Refusal {
  /** The kind of refusal. */
  reason: RefusalReason;
  /** What the rule is, in the platform's terms. */
  message: string;
  /** What to do instead, when there is advice. */
  hint?: string;
}

/** What {@link AdapterEditing.edit} and {@link AdapterEditing.delete} return. */
export type EditPlan =
  /** Requests to send in order; a failure stops the later ones. */
  | { operations: Operation[]; warnings?: string[] }
  /** Refused before any request, by the platform's documented rule. */
  | { refused: Refusal };

/** Context the core gives to the editing facet. */
export interface EditContext {
  /** The current time (ms since the epoch) from the client's clock, for time rules. */
  now: number;
}

/** A failed answer, as the core read it, for {@link AdapterEditing.refusal}. */
export interface EditFailure {
  /** HTTP status (0 without an answer). */
  status: number;
  /** The platform's own error code, if any. */
  code?: string | number;
  /** The platform's error message. */
  message: string;
}

/** How an adapter edits and deletes what it sent. */
export interface AdapterEditing {
  /** Requests that replace the post's text (and what else the platform lets change). Pure. */
  edit(ref: PostRef, message: Message, context: EditContext): EditPlan;
  /** Requests that delete the post. Pure. */
  delete(ref: PostRef, context: EditContext): EditPlan;
  /**
   * Which refusal a failed answer to an edit, delete or metrics read is (Mastodon 404 `Record
   * not found`, Telegram 400 `message can't be deleted`); `undefined` when it is none. Pure.
   */
  refusal(failure: EditFailure): RefusalReason | undefined;
}

/** The editing facet: a member of {@link PlatformAdapter} when the adapter has it. */
export interface EditingFacet {
  /** Editing and deleting what it sent, with the platform's refusals (docs/recall.md). */
  readonly editing?: AdapterEditing;
}
