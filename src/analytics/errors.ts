import type { PostRef, Refusal, RefusalReason } from "../contract/editing.js";
import { HeraldError } from "../transport/errors.js";

/** What was asked of a post. */
export type PostAction = "metrics" | "edit" | "delete";

/**
 * The platform does not let this post be read, edited or deleted: its API has no such call
 * (`not-supported`), not for this post or account (`not-allowed`), past its time limit
 * (`too-old`), or it has no such post (`not-found`). Raised before any request when the
 * adapter's documented rule refuses, or read from the platform's answer. Code `refused`.
 */
export class RefusedError extends HeraldError {
  /** Why, as a stable value for `switch` statements. */
  readonly reason: RefusalReason;
  /** What was asked. */
  readonly action: PostAction;
  /** The post. */
  readonly ref: PostRef;
  /** What to do instead, when there is advice. */
  readonly hint: string | undefined;

  /** @internal */
  constructor(action: PostAction, ref: PostRef, refusal: Refusal, options?: ErrorOptions) {
    super(
      "refused",
      `${ref.platform}: cannot ${action === "metrics" ? "read the metrics of" : action} ${ref.id} (${refusal.reason}): ${refusal.message}${refusal.hint ? ` (${refusal.hint})` : ""}`,
      ref.platform,
      options,
    );
    this.reason = refusal.reason;
    this.action = action;
    this.ref = ref;
    this.hint = refusal.hint;
  }
}
