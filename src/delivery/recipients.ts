import type { Operation } from "../adapters/contract.js";
import { CHECKPOINT_CHUNK } from "../checkpoints/positions.js";
import type { InFlightBatch, RecordedOutcome } from "../checkpoints/store.js";
import type { Message } from "../message/schema.js";
import type { Recipient } from "../message/target.js";
import { type BatchRecipient, batcherFor, type RecipientBatcher } from "../targeting/batcher.js";
import {
  AdapterError,
  type DeliveryUnknownError,
  HeraldError,
  ValidationError,
} from "../transport/errors.js";
import type { Redactor } from "../transport/redact.js";
import type { CancelScope } from "../util/cancel.js";
import type { Gate } from "../util/gate.js";
import { nextTurn, YIELD_EVERY } from "../util/next-turn.js";
import type { Slots } from "../util/slots.js";
import { keyed, type RunCheckpoint, recordedOutcome } from "./checkpoint.js";
import { DEFAULT_DEDUPE_WINDOW, DuplicateGuard } from "./duplicates.js";
import type { ExecutionOutcome } from "./execute.js";
import { kindOf } from "./issues.js";
import { destinationOf, messageOf, type PlannedTarget, type SendPlan } from "./plan.js";
import { type ResumedMark, summaryOutcome, type TargetReport, TargetTally } from "./report.js";

/** A recipient read from the stream, with its position there (what checkpoints record). */
type ReadRecipient = BatchRecipient & { position: number };

/**
 * The next item of `iterator`, or `undefined` once `signal` aborts: a stream that never yields
 * does not hold a cancelled delivery. A late rejection of the abandoned `next()` is ignored.
 */
async function nextOrCancel<T>(
  iterator: Iterator<T> | AsyncIterator<T>,
  signal: AbortSignal,
): Promise<IteratorResult<T> | undefined> {
  const next = iterator.next();
  if (!(next instanceof Promise)) return next;
  if (signal.aborted) {
    next.catch(() => {});
    return undefined;
  }
  let onAbort!: () => void;
  const cancelled = new Promise<undefined>((resolve) => {
    onAbort = () => resolve(undefined);
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    const result = await Promise.race([next, cancelled]);
    if (result === undefined) next.catch(() => {});
    return result;
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}

/** Stops reading: lets the stream close its cursor; never waits for it (it may hang). */
function stopReading<T>(iterator: Iterator<T> | AsyncIterator<T>): void {
  try {
    const closed = iterator.return?.();
    if (closed instanceof Promise) closed.catch(() => {});
  } catch {
    // the stream's own cleanup failed: nothing more is read either way
  }
}

/** What sending to a recipients target needs from its delivery run. */
export interface RecipientsRun {
  /** The planned send. */
  readonly plan: SendPlan;
  /** The delivery's cancellation. */
  readonly cancel: CancelScope;
  /** Closed while the delivery is paused. */
  readonly gate: Gate;
  /** Request slots shared by the whole delivery. */
  readonly slots: Slots;
  /** The checkpoint, when there is one. */
  readonly checkpoint: RunCheckpoint | undefined;
  /** Whether this run continues an earlier one. */
  readonly resuming: boolean;
  /** Secret redaction. */
  readonly redactor: Redactor;
  /** The outcome of what a cancel left unsent. */
  readonly skipped: ExecutionOutcome;
  /** The earlier run's batches of this target left in flight. */
  interrupted(target: number): readonly InFlightBatch[];
  /** The error of a request left in flight where the platform has no key. */
  interruptedError(platform: string): DeliveryUnknownError;
  /** Executes one rendering (with the checkpoint's in-flight record). */
  execute(
    planned: PlannedTarget,
    destinationKey: string,
    operations: readonly Operation[],
    batch: InFlightBatch | undefined,
  ): Promise<ExecutionOutcome>;
  /** Counts an outcome and emits its events. */
  record(
    label: string,
    outcome: ExecutionOutcome,
    recipients: number,
    recipient?: string,
    resumed?: ResumedMark,
  ): void;
  /** Emits a progress event. */
  progress(): void;
  /** Counts recipients of a cancelled target that were never read as `skipped`, unlisted. */
  countUnread(recipients: number): void;
  /** The `dedupe` option of the send. */
  readonly dedupe: boolean | { window: number };
}

function iteratorOf(
  recipients: Iterable<Recipient> | AsyncIterable<Recipient>,
): Iterator<Recipient> | AsyncIterator<Recipient> {
  return Symbol.asyncIterator in recipients
    ? recipients[Symbol.asyncIterator]()
    : recipients[Symbol.iterator]();
}

/** How many recipients an array or Set holds; undefined for a stream. */
export function sizeOf(
  recipients: Iterable<Recipient> | AsyncIterable<Recipient>,
): number | undefined {
  if (Array.isArray(recipients)) return recipients.length;
  if (recipients instanceof Set) return recipients.size;
  return undefined;
}

/** A recipient's id as given: the string itself, or the `id` of a recipient object. */
function recipientIdOf(recipient: unknown): unknown {
  if (typeof recipient === "object" && recipient !== null)
    return (recipient as { id?: unknown }).id;
  return recipient;
}

/**
 * Sends one `recipients` target: pulls the stream only while a request slot is free (so at most
 * `concurrency` batches plus one are read ahead), leaves out repeated recipients, batches
 * recipients as the adapter takes them, and reports each one. Resuming, it first settles the
 * earlier run's batches left in flight and skips recipients whose outcome the checkpoint holds.
 * A cancel stops reading at once (the stream's `return()` is called).
 */
export class RecipientsSend {
  readonly #run: RecipientsRun;
  readonly #planned: PlannedTarget;
  readonly #index: number;
  readonly #platform: string;
  readonly #batchSize: number;
  readonly #tally: TargetTally;
  readonly #jobs = new Set<Promise<void>>();
  /** Positions of the earlier run's in-flight batches: resent or reported with their batch. */
  readonly #handled = new Set<number>();
  /** Leaves out what an emulated segment does not select, personalizes, groups into batches. */
  readonly #batcher: RecipientBatcher<ReadRecipient>;
  /** Finds repeated recipients; undefined with `dedupe: false`. */
  readonly #duplicates: DuplicateGuard | undefined;
  #repeats = 0;
  #pending: ReadRecipient[] = [];
  #stopped: HeraldError | undefined;
  #unread: number | undefined;

  /** Why `id` is not a recipient id this platform takes, or undefined when it is one. */
  #idRule(id: unknown): string | undefined {
    if (typeof id === "number") {
      return `a recipient id is a string, got the number ${id}: pass it as "${id}"`;
    }
    if (typeof id !== "string" || id.length === 0) {
      return `a recipient needs a non-empty string id, got ${kindOf(id)}`;
    }
    const form = this.#planned.target.adapter.capabilities.recipientId;
    return form === undefined || form.pattern.test(id) ? undefined : form.rule;
  }

  /** Prepares the send of target number `index`. */
  constructor(run: RecipientsRun, planned: PlannedTarget, index: number) {
    this.#run = run;
    this.#planned = planned;
    this.#index = index;
    this.#platform = planned.target.adapter.platform;
    this.#batchSize = Math.max(1, planned.target.adapter.capabilities.recipientBatch ?? 1);
    this.#tally = new TargetTally(planned.rendering.warnings);
    this.#batcher = batcherFor<ReadRecipient>(
      messageOf(run.plan, planned),
      planned.target,
      this.#batchSize,
    );
    const { dedupe } = run;
    const size = sizeOf(planned.target.recipients!);
    this.#duplicates =
      dedupe === false
        ? undefined
        : new DuplicateGuard(
            size !== undefined && dedupe === true
              ? Number.POSITIVE_INFINITY
              : typeof dedupe === "object"
                ? dedupe.window
                : DEFAULT_DEDUPE_WINDOW,
          );
  }

  /** Sends to every recipient and resolves with the target's report. */
  async send(
    base: Omit<TargetReport, "status" | "ids" | "notes" | "counts">,
  ): Promise<TargetReport> {
    await this.#settleInterrupted();
    await this.#readStream();
    if (this.#pending.length > 0) await this.#admit();
    for (const ready of this.#batcher.flush()) await this.#launch(ready.recipients, ready.message);
    await Promise.all([...this.#jobs]);
    const filtered = this.#batcher.filtered;
    const tally = this.#tally;
    const stopped = this.#stopped;
    return {
      ...base,
      status: stopped ? "failed" : summaryOutcome(tally.counts),
      ids: [],
      notes: [...tally.notes],
      counts: tally.counts,
      ...(stopped ? { error: stopped } : {}),
      ...(filtered !== undefined && { filtered }),
      ...(this.#duplicates !== undefined && { duplicates: this.#repeats }),
      ...(this.#unread !== undefined && { unread: this.#unread }),
      recipients: tally.listed,
    };
  }

  #settle(batch: readonly BatchRecipient[], outcome: ExecutionOutcome, resumed?: ResumedMark) {
    const label = this.#planned.target.label;
    for (const r of batch) {
      this.#tally.add({
        recipient: r.id,
        status: outcome.status,
        ids: outcome.ids,
        ...(outcome.error ? { error: outcome.error } : {}),
        ...(resumed ? { resumed } : {}),
      });
      this.#run.record(label, outcome, 1, r.id, resumed);
    }
    for (const note of outcome.notes) this.#tally.notes.add(note);
    this.#run.progress();
  }

  async #sendBatch(
    batch: ReadRecipient[],
    message: Message,
    inFlight?: InFlightBatch,
  ): Promise<void> {
    const run = this.#run;
    if (run.cancel.aborted) {
      this.#settle(batch, run.skipped);
      return;
    }
    const { target } = this.#planned;
    let outcome: ExecutionOutcome;
    try {
      const ids = batch.map((r) => r.id);
      const rendering = target.adapter.render(
        message,
        destinationOf(target, { kind: "recipients", recipients: batch }),
        this.#planned.context,
      );
      outcome = await run.execute(
        this.#planned,
        ids.join(","),
        rendering.operations,
        inFlight ??
          run.checkpoint?.batch(
            this.#index,
            ids,
            batch.map((r) => r.position),
          ),
      );
    } catch (error) {
      const herald =
        error instanceof HeraldError
          ? error
          : new AdapterError(target.adapter.platform, run.redactor.text(String(error)));
      outcome = { status: "failed", ids: [], notes: [], error: herald };
    }
    this.#settle(batch, outcome);
  }

  /** Waits for a free request slot (back-pressure), then sends the batch in the background. */
  async #launch(batch: ReadRecipient[], message: Message, inFlight?: InFlightBatch): Promise<void> {
    await this.#run.slots.acquire();
    const job = this.#sendBatch(batch, message, inFlight).finally(() => {
      this.#run.slots.release();
      this.#jobs.delete(job);
    });
    this.#jobs.add(job);
  }

  async #add(recipient: ReadRecipient): Promise<void> {
    const admitted = this.#batcher.add(recipient);
    if (admitted.kind === "failed") {
      this.#settle([recipient], { status: "failed", ids: [], notes: [], error: admitted.error });
    } else if (admitted.kind === "queued") {
      for (const ready of admitted.ready) await this.#launch(ready.recipients, ready.message);
    }
  }

  /**
   * The earlier run's requests left in flight: resent as the same batch (hence under the same
   * key) where the platform deduplicates, otherwise reported unknown and never resent. A
   * personalized message cannot be rebuilt from the ids the checkpoint keeps (attributes are
   * not stored), so such batches are reported unknown too.
   */
  async #settleInterrupted(): Promise<void> {
    const run = this.#run;
    const { message, templates } = messageOf(run.plan, this.#planned);
    const resendable = keyed(this.#planned.rendering.operations) && !templates;
    for (const inFlight of run.interrupted(this.#index)) {
      const batch = inFlight.recipients.map((id, i) => ({
        id,
        position: inFlight.positions[i]!,
      }));
      for (const r of batch) this.#handled.add(r.position);
      if (resendable) {
        await this.#launch(batch, message, inFlight);
        continue;
      }
      const error = run.interruptedError(this.#platform);
      const outcome: ExecutionOutcome = { status: "unknown", ids: [], notes: [], error };
      await run.checkpoint?.settle(inFlight, outcome, { begun: true, keyed: false });
      this.#settle(batch, outcome, "interrupted");
    }
  }

  /**
   * Resuming: looks the pending recipients (one aligned chunk of positions) up in the
   * checkpoint; those with an outcome recorded by an earlier run are reported, not sent again.
   * A failed lookup, or a stream that is not the one sent to, stops the target.
   */
  async #admit(): Promise<void> {
    const run = this.#run;
    const chunk = this.#pending;
    this.#pending = [];
    let recorded: Array<RecordedOutcome | undefined>;
    try {
      recorded = await run.checkpoint!.lookup(this.#index, chunk);
    } catch (failure) {
      const error =
        failure instanceof ValidationError
          ? failure
          : new HeraldError(
              "platform",
              `the checkpoint store failed: ${run.redactor.text(failure instanceof Error ? failure.message : String(failure))}; the rest was not sent: resume again`,
              this.#platform,
            );
      this.#stopped ??= error;
      this.#settle(chunk, { ...run.skipped, error });
      return;
    }
    for (let i = 0; i < chunk.length; i++) {
      const r = chunk[i]!;
      if (this.#handled.has(r.position)) continue;
      const earlier = recorded[i];
      if (earlier) this.#settle([r], recordedOutcome(earlier, this.#platform), "earlier");
      else await this.#add(r);
    }
  }

  /** The stream's iterator; a stream that cannot even start stops the target. */
  #open(): Iterator<Recipient> | AsyncIterator<Recipient> | undefined {
    try {
      return iteratorOf(this.#planned.target.recipients!);
    } catch (error) {
      this.#stopped = this.#streamError(0, error);
      return undefined;
    }
  }

  #streamError(read: number, error: unknown): ValidationError {
    const reason = error instanceof Error ? error.message : String(error);
    return new ValidationError(
      `to[${this.#index}].recipients`,
      `the recipients stream threw after ${read} recipients: ${this.#run.redactor.text(reason)}`,
      { platform: this.#platform },
    );
  }

  /** Called once a cancel stopped reading: says where, and counts what an array still held. */
  #stopOnCancel(iterator: Iterator<Recipient> | AsyncIterator<Recipient>, read: number): void {
    stopReading(iterator);
    const size = sizeOf(this.#planned.target.recipients!);
    this.#tally.notes.add(`cancelled after reading ${read} recipients: the rest was not read`);
    // an emulated segment might leave any of them out: the unread part of it is not counted
    if (size === undefined || this.#batcher.filtered !== undefined) return;
    this.#unread = size - read;
    this.#tally.counts.skipped += this.#unread;
    this.#run.countUnread(this.#unread);
  }

  async #readStream(): Promise<void> {
    const run = this.#run;
    const iterator = this.#open();
    if (!iterator) return;
    let seen = 0;
    while (!this.#stopped) {
      await run.gate.wait(run.cancel.signal); // paused: stop pulling
      if (run.cancel.aborted) return this.#stopOnCancel(iterator, seen);
      if (seen % YIELD_EVERY === YIELD_EVERY - 1) await nextTurn();
      let next: IteratorResult<Recipient> | undefined;
      try {
        next = await nextOrCancel(iterator, run.cancel.signal);
      } catch (error) {
        // The caller's stream failed (a database cursor, say): what was read is still sent and
        // reported; the target says where the stream stopped.
        this.#stopped = this.#streamError(seen, error);
        return;
      }
      if (next === undefined) return this.#stopOnCancel(iterator, seen);
      if (next.done) return;
      const recipient = next.value;
      const position = seen++;
      const id = recipientIdOf(recipient);
      const rule = this.#idRule(id);
      if (rule !== undefined || typeof id !== "string") {
        const error = new ValidationError(`recipients[${position}]`, rule ?? "invalid", {
          platform: this.#platform,
        });
        this.#settle([{ id: String(id) }], { status: "failed", ids: [], notes: [], error });
        continue;
      }
      if (this.#duplicates?.repeated(id)) {
        this.#repeats++;
        continue;
      }
      const entry: ReadRecipient =
        typeof recipient === "string" || recipient.attributes === undefined
          ? { id, position }
          : { id, attributes: recipient.attributes, position };
      if (!run.resuming) {
        await this.#add(entry);
        continue;
      }
      // lookups cover aligned chunks of positions (what checkpoint stores may rely on)
      const chunk = Math.floor(position / CHECKPOINT_CHUNK);
      const last = this.#pending.at(-1);
      if (last && Math.floor(last.position / CHECKPOINT_CHUNK) !== chunk) await this.#admit();
      this.#pending.push(entry);
    }
  }
}
