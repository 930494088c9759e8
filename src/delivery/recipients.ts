import type { Operation } from "../adapters/contract.js";
import type { InFlightBatch, RecordedOutcome } from "../checkpoints/store.js";
import type { Message } from "../message/schema.js";
import type { Recipient } from "../message/target.js";
import { type BatchRecipient, batcherFor, type RecipientBatcher } from "../targeting/batcher.js";
import { type DeliveryUnknownError, HeraldError, ValidationError } from "../transport/errors.js";
import type { Redactor } from "../transport/redact.js";
import type { CancelScope } from "../util/cancel.js";
import type { Gate } from "../util/gate.js";
import type { Slots } from "../util/slots.js";
import { keyed, type RunCheckpoint, recordedOutcome } from "./checkpoint.js";
import type { ExecutionOutcome } from "./execute.js";
import { destinationOf, type PlannedTarget, type SendPlan } from "./plan.js";
import { type ResumedMark, summaryOutcome, type TargetReport, TargetTally } from "./report.js";

/**
 * Recipients read before one checkpoint lookup when resuming: our choice, one LINE multicast
 * (500, developers.line.biz/en/reference/messaging-api/#send-multicast-message), so a lookup is
 * one round trip per batch and the read-ahead stays small.
 */
const RESUME_LOOKUP_CHUNK = 500;

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
}

function iteratorOf(
  recipients: Iterable<Recipient> | AsyncIterable<Recipient>,
): Iterator<Recipient> | AsyncIterator<Recipient> {
  return Symbol.asyncIterator in recipients
    ? recipients[Symbol.asyncIterator]()
    : recipients[Symbol.iterator]();
}

/**
 * Sends one `recipients` target: pulls the stream only while a request slot is free (so at most
 * `concurrency` batches plus one are read ahead), batches recipients as the adapter takes them,
 * and reports each one. Resuming, it first settles the earlier run's batches left in flight and
 * skips recipients whose outcome the checkpoint holds.
 */
export class RecipientsSend {
  readonly #run: RecipientsRun;
  readonly #planned: PlannedTarget;
  readonly #index: number;
  readonly #platform: string;
  readonly #batchSize: number;
  readonly #tally: TargetTally;
  readonly #jobs = new Set<Promise<void>>();
  /** Recipients of the earlier run's in-flight batches: resent or reported with their batch. */
  readonly #handled = new Set<string>();
  /** Leaves out what an emulated segment does not select, personalizes, groups into batches. */
  readonly #batcher: RecipientBatcher;
  #pending: BatchRecipient[] = [];
  #stopped: HeraldError | undefined;

  /** Prepares the send of target number `index`. */
  constructor(run: RecipientsRun, planned: PlannedTarget, index: number) {
    this.#run = run;
    this.#planned = planned;
    this.#index = index;
    this.#platform = planned.target.adapter.platform;
    this.#batchSize = Math.max(1, planned.target.adapter.capabilities.recipientBatch ?? 1);
    this.#tally = new TargetTally(planned.rendering.warnings);
    this.#batcher = batcherFor(run.plan, planned.target, this.#batchSize);
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
    batch: BatchRecipient[],
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
        inFlight ?? run.checkpoint?.batch(this.#index, ids),
      );
    } catch (error) {
      const herald =
        error instanceof HeraldError
          ? error
          : new HeraldError("platform", `adapter error: ${run.redactor.text(String(error))}`);
      outcome = { status: "failed", ids: [], notes: [], error: herald };
    }
    this.#settle(batch, outcome);
  }

  /** Waits for a free request slot (back-pressure), then sends the batch in the background. */
  async #launch(
    batch: BatchRecipient[],
    message: Message,
    inFlight?: InFlightBatch,
  ): Promise<void> {
    await this.#run.slots.acquire();
    const job = this.#sendBatch(batch, message, inFlight).finally(() => {
      this.#run.slots.release();
      this.#jobs.delete(job);
    });
    this.#jobs.add(job);
  }

  async #add(recipient: BatchRecipient): Promise<void> {
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
    const resendable = keyed(this.#planned.rendering.operations) && !run.plan.templates;
    for (const inFlight of run.interrupted(this.#index)) {
      const batch = inFlight.recipients.map((id) => ({ id }));
      for (const r of batch) this.#handled.add(r.id);
      if (resendable) {
        await this.#launch(batch, run.plan.message, inFlight);
        continue;
      }
      const error = run.interruptedError(this.#platform);
      const outcome: ExecutionOutcome = { status: "unknown", ids: [], notes: [], error };
      await run.checkpoint?.settle(inFlight, outcome, { begun: true, keyed: false });
      this.#settle(batch, outcome, "interrupted");
    }
  }

  /**
   * Resuming: looks the pending recipients up in the checkpoint; those with an outcome recorded
   * by an earlier run are reported, not sent again. A failed lookup stops the target.
   */
  async #admit(): Promise<void> {
    const run = this.#run;
    const chunk = this.#pending;
    this.#pending = [];
    let recorded: Array<RecordedOutcome | undefined>;
    try {
      recorded = await run.checkpoint!.lookup(
        this.#index,
        chunk.map((r) => r.id),
      );
    } catch (failure) {
      const reason = failure instanceof Error ? failure.message : String(failure);
      const error = new HeraldError(
        "platform",
        `the checkpoint store failed: ${run.redactor.text(reason)}; the rest was not sent: resume again`,
        this.#platform,
      );
      this.#stopped ??= error;
      this.#settle(chunk, { ...run.skipped, error });
      return;
    }
    for (let i = 0; i < chunk.length; i++) {
      const r = chunk[i]!;
      if (this.#handled.has(r.id)) continue;
      const earlier = recorded[i];
      if (earlier) this.#settle([r], recordedOutcome(earlier, this.#platform), "earlier");
      else await this.#add(r);
    }
  }

  async #readStream(): Promise<void> {
    const run = this.#run;
    const iterator = iteratorOf(this.#planned.target.recipients!);
    let seen = 0;
    while (!this.#stopped) {
      await run.gate.wait(run.cancel.signal); // paused: stop pulling
      let next: IteratorResult<Recipient>;
      try {
        next = await iterator.next();
      } catch (error) {
        // The caller's stream failed (a database cursor, say): what was read is still sent and
        // reported; the target says where the stream stopped.
        const reason = error instanceof Error ? error.message : String(error);
        this.#stopped = new HeraldError(
          "validation",
          `the recipients stream threw after ${seen} recipients: ${run.redactor.text(reason)}`,
          this.#platform,
        );
        return;
      }
      if (next.done) return;
      const recipient = next.value;
      const position = seen++;
      const id = typeof recipient === "string" ? recipient : recipient?.id;
      if (typeof id !== "string" || id.length === 0) {
        const error = new ValidationError(
          `recipients[${position}]`,
          "a recipient needs a non-empty string id",
          { platform: this.#platform },
        );
        this.#settle([{ id: String(id) }], { status: "failed", ids: [], notes: [], error });
        continue;
      }
      const entry = typeof recipient === "string" ? { id } : recipient;
      if (!run.resuming) {
        await this.#add(entry);
        continue;
      }
      this.#pending.push(entry);
      if (this.#pending.length >= RESUME_LOOKUP_CHUNK) await this.#admit();
    }
  }
}
