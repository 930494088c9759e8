import type { PlatformAdapter } from "../adapters/contract.js";
import type { Message } from "../message/schema.js";
import type { ValidationError } from "../transport/errors.js";
import type { TargetingDecision } from "./decide.js";
import type { SegmentTest } from "./evaluate.js";
import { type MessageTemplates, personalizeMessage } from "./personalize.js";

/** A recipient read from the stream, with an id checked. */
export interface BatchRecipient {
  /** Platform user or chat id. */
  id: string;
  /** Attributes for targeting and personalization. */
  attributes?: Record<string, unknown>;
}

/** Recipients who get the same message in one request (a LINE multicast, a Telegram send). */
export interface ReadyBatch<R extends BatchRecipient = BatchRecipient> {
  /** At most the adapter's `recipientBatch` recipients. */
  recipients: R[];
  /** The message they all get (personalized: the same rendered text for each). */
  message: Message;
}

/** What became of one recipient handed to the batcher. */
export type Admission<R extends BatchRecipient = BatchRecipient> =
  /** Left out: it does not match the segment (emulated targeting). */
  | { kind: "filtered" }
  /** Not sendable: a variable without a value or fallback. */
  | { kind: "failed"; error: ValidationError }
  /** Taken; `ready` holds the batches now full (or evicted), to send. */
  | { kind: "queued"; ready: ReadyBatch<R>[] };

/** What the batcher needs. */
export interface BatcherOptions {
  /** The message (with its non-personalized fields resolved). */
  message: Message;
  /** Recipients per request (`capabilities.recipientBatch`). */
  batchSize: number;
  /** The fewest recipients per request (`capabilities.recipientBatchMin`); 1 when omitted. */
  minBatch?: number;
  /** Time for segment conditions (`subscribedDays`, ages from `birthDate`), in ms. */
  now: number;
  /** The emulated segment, if any. */
  test?: SegmentTest;
  /** The message's variables, if any. */
  templates?: MessageTemplates;
  /** The adapter's `escapeText`, bound to the message. */
  escapeText?: (value: string) => string;
  /** Recipients held at most (default {@link MAX_PENDING_RECIPIENTS}, never below a batch). */
  maxPending?: number;
  /** Platform, for errors. */
  platform: string;
}

/**
 * Recipients held back at most, waiting for others with the same personalized message: our
 * choice. It bounds memory (a few MB of attributes) and lets about twenty common texts (first
 * names, a fallback) fill LINE multicasts of 500 side by side.
 */
export const MAX_PENDING_RECIPIENTS = 10_000;

/**
 * Turns the recipients stream into batches, one recipient at a time so that back-pressure and
 * flat memory are kept: it leaves out those an emulated segment does not select, personalizes
 * the message for the others, and groups recipients whose message came out the same (without
 * variables: every recipient, in stream order). Groups are held least recently used first; past
 * the pending bound the stalest is sent as it is.
 */
export class RecipientBatcher<R extends BatchRecipient = BatchRecipient> {
  readonly #options: BatcherOptions;
  readonly #groups = new Map<string, ReadyBatch<R>>();
  readonly #maxPending: number;
  #pending = 0;
  #filtered = 0;

  /** Creates a batcher for one target. */
  constructor(options: BatcherOptions) {
    const batchSize = Math.max(1, options.batchSize);
    const minBatch = Math.min(Math.max(1, options.minBatch ?? 1), batchSize);
    this.#options = { ...options, batchSize, minBatch };
    // a group may hold up to batchSize + minBatch - 1 (see #split): never evicted for that
    this.#maxPending = Math.max(
      batchSize + minBatch - 1,
      options.maxPending ?? MAX_PENDING_RECIPIENTS,
    );
  }

  /** Recipients the segment left out so far; `undefined` when the target has no segment. */
  get filtered(): number | undefined {
    return this.#options.test === undefined ? undefined : this.#filtered;
  }

  /** Takes one recipient. */
  add(recipient: R): Admission<R> {
    const { test, now, templates, batchSize, minBatch = 1 } = this.#options;
    if (test !== undefined && test(recipient.attributes, now) !== true) {
      this.#filtered++;
      return { kind: "filtered" };
    }
    let message = this.#options.message;
    let key = "";
    if (templates !== undefined) {
      const personalized = personalizeMessage(message, templates, recipient.attributes, {
        platform: this.#options.platform,
        ...(this.#options.escapeText !== undefined && { escapeText: this.#options.escapeText }),
      });
      if (!personalized.ok) return { kind: "failed", error: personalized.error };
      ({ message, key } = personalized);
    }
    const group: ReadyBatch<R> = this.#groups.get(key) ?? { recipients: [], message };
    this.#groups.delete(key);
    this.#groups.set(key, group);
    group.recipients.push(recipient);
    this.#pending++;
    const ready: ReadyBatch<R>[] = [];
    if (minBatch === 1 && group.recipients.length >= batchSize) {
      ready.push(this.#take(key));
    } else if (minBatch > 1 && group.recipients.length >= batchSize + minBatch) {
      // a full batch leaves only once `minBatch` more are held: what stays is never below it
      ready.push({ recipients: group.recipients.splice(0, batchSize), message: group.message });
      this.#pending -= batchSize;
    }
    while (this.#pending > this.#maxPending) {
      ready.push(...this.#split(this.#take(this.#groups.keys().next().value as string)));
    }
    return { kind: "queued", ready };
  }

  /** Every batch still held, at the end of the stream. */
  flush(): ReadyBatch<R>[] {
    const ready = [...this.#groups.values()].flatMap((group) => this.#split(group));
    this.#groups.clear();
    this.#pending = 0;
    return ready;
  }

  /**
   * A held group as batches within the size: with a minimum, a group may hold up to
   * `batchSize + minBatch - 1`, sent as `length - minBatch` and `minBatch` (both within bounds
   * while `batchSize >= 2 * minBatch - 1`).
   */
  #split(group: ReadyBatch<R>): ReadyBatch<R>[] {
    const { batchSize, minBatch = 1 } = this.#options;
    if (group.recipients.length <= batchSize) return [group];
    const cut = group.recipients.length - minBatch;
    return [
      { recipients: group.recipients.slice(0, cut), message: group.message },
      { recipients: group.recipients.slice(cut), message: group.message },
    ];
  }

  #take(key: string): ReadyBatch<R> {
    const group = this.#groups.get(key)!;
    this.#groups.delete(key);
    this.#pending -= group.recipients.length;
    return group;
  }
}

/** The batcher of one `recipients` target of a planned send. */
export function batcherFor<R extends BatchRecipient>(
  plan: { message: Message; templates?: MessageTemplates; context: { now: number } },
  target: { adapter: PlatformAdapter; targeting: TargetingDecision },
  batchSize: number,
): RecipientBatcher<R> {
  const { message, templates } = plan;
  const { adapter, targeting } = target;
  return new RecipientBatcher<R>({
    message,
    batchSize,
    ...(adapter.capabilities.recipientBatchMin !== undefined && {
      minBatch: adapter.capabilities.recipientBatchMin,
    }),
    now: plan.context.now,
    platform: adapter.platform,
    ...(targeting.mode === "emulated" && { test: targeting.test }),
    ...(templates !== undefined && { templates }),
    ...(adapter.escapeText !== undefined && {
      escapeText: (value: string) => adapter.escapeText!(value, message),
    }),
  });
}
