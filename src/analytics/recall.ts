import type { PostRef } from "../contract/editing.js";
import type { MessageInput } from "../message/schema.js";
import {
  AdapterError,
  CancelledError,
  DeliveryUnknownError,
  HeraldError,
} from "../transport/errors.js";
import { CancelScope } from "../util/cancel.js";
import { Slots } from "../util/slots.js";
import { changePost, parseEdit } from "./edit.js";
import type { CollectedRefs, UntracedPart } from "./refs.js";
import { type AnalyticsEnvironment, adapterOf, type RunCounters } from "./send.js";

/** Options of `herald.recall`. */
export interface RecallOptions {
  /**
   * Edit to this message instead of deleting: the first post of each destination (target and
   * chat) becomes the correction, the others are deleted. Where the platform cannot edit (X),
   * the post stays and is listed with the reason.
   */
  correction?: MessageInput;
  /** Stops waiting (limiter queue, backoff); posts not taken back yet end `skipped`. */
  signal?: AbortSignal;
  /** Posts taken back at once (default 16, our choice; the limiters set the pace). */
  concurrency?: number;
}

/** What became of one post. */
export interface RecallItem {
  /** The post. */
  ref: PostRef;
  /**
   * `deleted` or `edited` (to the correction); `refused` by the platform's rule or answer
   * (`error` is a `RefusedError` with the reason); `failed`; `unknown` (no clear answer);
   * `skipped` (cancelled).
   */
  status: "deleted" | "edited" | "refused" | "failed" | "unknown" | "skipped";
  /** Why it was not taken back. */
  error?: HeraldError;
  /** Notes (a delete found done already after a retried request). */
  notes?: string[];
}

/** What `herald.recall` resolves with. */
export interface RecallReport {
  /** The delivery recalled, when given by id or report. */
  deliveryId: string | undefined;
  /** `delete`, or `edit` with a correction. */
  mode: "delete" | "edit";
  /** One item per post, in report order. */
  items: RecallItem[];
  /** How many ended in each status. */
  counts: Record<RecallItem["status"], number>;
  /** The items that were not taken back (refused, failed, unknown, skipped), with their reasons. */
  notTakenBack: RecallItem[];
  /** What the delivery sent that no ref names, so it could not be taken back. */
  untraced: UntracedPart[];
  /** Retries made. */
  retries: number;
  /** Rate-limit answers received. */
  rateLimited: number;
  /** Start, ms since the epoch. */
  startedAt: number;
  /** End, ms since the epoch. */
  finishedAt: number;
}

/** Default of {@link RecallOptions.concurrency}: our choice; the limiters set the pace. */
const DEFAULT_CONCURRENCY = 16;

function statusOf(error: unknown): RecallItem["status"] {
  if (error instanceof CancelledError) return "skipped";
  if (error instanceof DeliveryUnknownError) return "unknown";
  if (error instanceof HeraldError && error.code === "refused") return "refused";
  return "failed";
}

/** The destination a ref went to: the first ref of each is edited when correcting. */
function destinationKey(ref: PostRef): string {
  return `${ref.target ?? `${ref.platform}@${ref.account}`}|${ref.chat ?? ""}`;
}

/**
 * Takes back every post of `collected`: deletes each, or with a correction edits the first of
 * each destination and deletes the rest, through the client's limiters and retries.
 */
export async function recallRefs(
  env: AnalyticsEnvironment,
  deliveryId: string | undefined,
  collected: CollectedRefs,
  options: RecallOptions = {},
): Promise<RecallReport> {
  const startedAt = env.clock.now();
  const correction = options.correction === undefined ? undefined : parseEdit(options.correction);
  const cancel = new CancelScope(options.signal ?? new AbortController().signal);
  const counters: RunCounters = { retries: 0, rateLimited: 0 };
  const slots = new Slots(options.concurrency ?? DEFAULT_CONCURRENCY);
  const edited = new Set<string>();
  const jobs = collected.refs.map(async (ref, i): Promise<RecallItem> => {
    const key = destinationKey(ref);
    const message = correction && !edited.has(key) ? correction : undefined;
    if (message) edited.add(key);
    await slots.acquire();
    try {
      if (cancel.aborted) throw new CancelledError();
      const adapter = adapterOf(env, ref, `refs[${i}]`);
      const keyBase = `recall|${deliveryId ?? ""}|${i}`;
      const done = await changePost(env, adapter, ref, message, { cancel, counters, keyBase });
      return {
        ref,
        status: message ? "edited" : "deleted",
        ...(done.notes.length > 0 && { notes: done.notes }),
      };
    } catch (error) {
      const herald =
        error instanceof HeraldError
          ? error
          : new AdapterError(ref.platform, env.redactor.text(String(error)));
      return { ref, status: statusOf(herald), error: herald };
    } finally {
      slots.release();
    }
  });
  const items = await Promise.all(jobs);
  const counts = { deleted: 0, edited: 0, refused: 0, failed: 0, unknown: 0, skipped: 0 };
  for (const item of items) counts[item.status]++;
  return {
    deliveryId,
    mode: correction ? "edit" : "delete",
    items,
    counts,
    notTakenBack: items.filter((item) => item.status !== "deleted" && item.status !== "edited"),
    untraced: collected.untraced,
    ...counters,
    startedAt,
    finishedAt: env.clock.now(),
  };
}
