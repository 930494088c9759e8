import type { Operation } from "../adapters/contract.js";
import type { InFlightBatch } from "../checkpoints/store.js";
import type { Clock } from "../clock.js";
import {
  CancelledError,
  DeliveryUnknownError,
  DependencyUnavailableError,
  HeraldError,
} from "../transport/errors.js";
import type { Redactor } from "../transport/redact.js";
import { CancelScope } from "../util/cancel.js";
import type { Gate } from "../util/gate.js";
import { Slots } from "../util/slots.js";
import { keyed, type RunCheckpoint, recordedOutcome } from "./checkpoint.js";
import type { Delivery, NotSentEvent } from "./delivery.js";
import {
  type AccountRuntime,
  type ExecutionContext,
  type ExecutionOutcome,
  executeOperations,
} from "./execute.js";
import { withOk } from "./outcome.js";
import type { PlannedTarget, SendPlan } from "./plan.js";
import { RateMeter } from "./rate.js";
import { type RecipientsRun, RecipientsSend, sizeOf } from "./recipients.js";
import { type DeliveryReport, emptyCounts, type ResumedMark, type TargetReport } from "./report.js";
import type { RetryPolicy } from "./retry-policy.js";

/** What a run needs from the client. */
export interface RunEnvironment {
  /** Runtime per adapter (by object identity). */
  runtimeOf(adapter: PlannedTarget["target"]["adapter"], account: string): AccountRuntime;
  /** Retry policy. */
  policy: RetryPolicy;
  /** Time source. */
  clock: Clock;
  /** Secret redaction. */
  redactor: Redactor;
}

/** How a run is set up. */
export interface RunOptions {
  /** Requests in flight at once for the whole delivery (default 100). */
  concurrency?: number;
  /** Seed of the idempotency keys (the message's key or the delivery id). */
  keyBase: string;
  /** Recipients and destinations in all, when the caller knows it (for progress). */
  total?: number;
  /** Where the run records each recipient's progress; none: no checkpoint. */
  checkpoint?: RunCheckpoint;
  /** When resuming: the earlier run's batches left in flight. */
  interrupted?: readonly InFlightBatch[];
  /** The send's `dedupe` option (default true). */
  dedupe?: boolean | { window: number };
}

/**
 * Default number of requests a delivery keeps in flight: our choice, enough to keep Telegram's
 * paid broadcast (1000 msg/s) busy at 100 ms latency; the limiters, not this, set the pace.
 */
const DEFAULT_CONCURRENCY = 100;

/** The recipient id recorded for a single destination (a chat, a feed, a segment). */
const SINGLE = "";

type TargetBase = Omit<TargetReport, "status" | "ids" | "notes" | "counts">;

/** Runs a planned send and reports every outcome through the delivery's events. */
export class DeliveryRun implements RecipientsRun {
  /** @inheritdoc */
  readonly plan: SendPlan;
  readonly #env: RunEnvironment;
  readonly #delivery: Delivery;
  /** @inheritdoc */
  readonly cancel: CancelScope;
  /** @inheritdoc */
  readonly slots: Slots;
  readonly #keyBase: string;
  readonly #counts = emptyCounts();
  readonly #earlier = emptyCounts();
  readonly #startedAt: number;
  readonly #rate: RateMeter;
  readonly #total: number | undefined;
  /** @inheritdoc */
  readonly checkpoint: RunCheckpoint | undefined;
  readonly #inFlight = new Map<number, InFlightBatch[]>();
  /** @inheritdoc */
  readonly resuming: boolean;
  /** @inheritdoc (one error object for them all) */
  readonly skipped: ExecutionOutcome = {
    status: "skipped",
    ids: [],
    notes: [],
    error: new CancelledError(),
  };
  /** @inheritdoc */
  readonly dedupe: boolean | { window: number };
  #retries = 0;
  #rateLimited = 0;
  #resumable = false;

  /** Prepares the run. */
  constructor(
    plan: SendPlan,
    env: RunEnvironment,
    delivery: Delivery,
    signal: AbortSignal,
    options: RunOptions,
  ) {
    this.plan = plan;
    this.#env = env;
    this.#delivery = delivery;
    this.cancel = new CancelScope(signal);
    this.slots = new Slots(options.concurrency ?? DEFAULT_CONCURRENCY);
    this.#keyBase = options.keyBase;
    this.#startedAt = env.clock.now();
    this.#rate = new RateMeter(this.#startedAt);
    this.checkpoint = options.checkpoint;
    this.dedupe = options.dedupe ?? true;
    this.resuming = options.interrupted !== undefined && options.checkpoint !== undefined;
    for (const batch of options.interrupted ?? []) {
      const list = this.#inFlight.get(batch.target) ?? [];
      list.push(batch);
      this.#inFlight.set(batch.target, list);
    }
    this.#total = options.total ?? this.#knownTotal();
  }

  #knownTotal(): number | undefined {
    let total = 0;
    for (const { target } of this.plan.targets) {
      // an emulated segment leaves out recipients: how many will be sent is not known ahead
      const filtered = target.targeting.mode === "emulated";
      const size = target.recipients ? (filtered ? undefined : sizeOf(target.recipients)) : 1;
      if (size === undefined) return undefined;
      total += size;
    }
    return total;
  }

  /** Sends every target concurrently and resolves with the report. */
  async run(): Promise<DeliveryReport> {
    const targets = await Promise.all(this.plan.targets.map((t, i) => this.#runTarget(t, i)));
    const checkpoint = this.checkpoint;
    if (checkpoint) {
      // something left unsent (cancelled, a stream or lookup that failed), or a checkpoint
      // write that failed: keep the checkpoint for a resume
      const resumable =
        this.#resumable ||
        checkpoint.failure !== undefined ||
        targets.some((t) => t.recipients !== undefined && t.error !== undefined);
      await checkpoint.finish(resumable);
    }
    const failure = checkpoint?.failure;
    return withOk({
      id: this.#delivery.id,
      targets,
      counts: { ...this.#counts },
      retries: this.#retries,
      rateLimited: this.#rateLimited,
      startedAt: this.#startedAt,
      finishedAt: this.#env.clock.now(),
      ...(this.resuming ? { resumed: true as const, earlier: { ...this.#earlier } } : {}),
      ...(failure
        ? {
            warnings: [
              `a checkpoint write failed (${this.#env.redactor.text(failure)}): a resume may report unknown, or resend under its key, what was settled`,
            ],
          }
        : {}),
    });
  }

  #context(planned: PlannedTarget, destinationKey: string): ExecutionContext {
    const { target } = planned;
    return {
      runtime: this.#env.runtimeOf(target.adapter, target.account),
      policy: this.#env.policy,
      clock: this.#env.clock,
      redactor: this.#env.redactor,
      keyBase: `${this.#keyBase}|${target.label}|${destinationKey}`,
      cancel: this.cancel,
      gate: this.#delivery.gate,
      onRetry: (info) => {
        this.#retries++;
        this.#delivery.emit("retry", { target: target.label, ...info });
      },
      onRateLimited: (info) => {
        this.#rateLimited++;
        this.#delivery.emit("rate-limited", {
          target: target.label,
          platform: target.adapter.platform,
          account: target.account,
          ...info,
        });
      },
    };
  }

  /**
   * Executes one rendering; with a checkpoint, records its batch in flight before the first
   * request leaves and its outcome when it ends. A failed checkpoint write before sending fails
   * the batch unsent and cancels the rest of the delivery.
   */
  async execute(
    planned: PlannedTarget,
    destinationKey: string,
    operations: readonly Operation[],
    batch: InFlightBatch | undefined,
  ): Promise<ExecutionOutcome> {
    const ctx = this.#context(planned, destinationKey);
    const checkpoint = this.checkpoint;
    let begun = false;
    let storeFailed = false;
    if (checkpoint && batch) {
      ctx.beforeSend = async () => {
        if (begun) return;
        try {
          await checkpoint.begin(batch);
        } catch (error) {
          storeFailed = true;
          throw error;
        }
        begun = true;
      };
    }
    const outcome = await executeOperations(ctx, operations);
    if (storeFailed) {
      // not sent: nothing to record (a resume sends it), and nothing more is sent unrecorded
      this.#delivery.cancel("the checkpoint store failed");
      return outcome;
    }
    if (checkpoint && batch) {
      if (!begun && outcome.error instanceof DependencyUnavailableError) {
        // no request left (Redis was down): not recorded as final, so a resume sends it
        this.#resumable = true;
        return outcome;
      }
      await checkpoint.settle(batch, outcome, { begun, keyed: keyed(operations) });
    }
    return outcome;
  }

  /** Counts an outcome and emits its events; `resumed: "earlier"` ones emit no event. */
  record(
    label: string,
    outcome: ExecutionOutcome,
    recipients: number,
    recipient?: string,
    resumed?: ResumedMark,
  ): void {
    this.#counts[outcome.status] += recipients;
    if (outcome.status === "skipped") this.#resumable = true;
    if (resumed === "earlier") {
      this.#earlier[outcome.status] += recipients;
      return;
    }
    if (outcome.status === "sent") {
      this.#rate.add(recipients, this.#env.clock.now());
      this.#delivery.emit("sent", {
        target: label,
        ids: outcome.ids,
        ...(recipient !== undefined ? { recipient } : {}),
      });
    } else {
      const event: NotSentEvent = {
        target: label,
        error: outcome.error ?? new HeraldError("internal", "not sent, and no error recorded why"),
        ...(recipient !== undefined ? { recipient } : {}),
      };
      this.#delivery.emit(outcome.status, event);
    }
  }

  /** @inheritdoc */
  countUnread(recipients: number): void {
    this.#counts.skipped += recipients;
    this.#resumable = true;
  }

  /** @inheritdoc */
  progress(): void {
    const c = this.#counts;
    const done = c.sent + c.failed + c.unknown + c.skipped;
    const rate = this.#rate.rate(this.#env.clock.now());
    this.#delivery.emit("progress", { ...c, done, total: this.#total, rate });
  }

  /** The error of a request an earlier run left in flight where the platform has no key. */
  interruptedError(platform: string): DeliveryUnknownError {
    return new DeliveryUnknownError(
      platform,
      `in flight when an earlier run stopped, and ${platform} takes no idempotency key`,
    );
  }

  /** @inheritdoc */
  get gate(): Gate {
    return this.#delivery.gate;
  }

  /** @inheritdoc */
  get redactor(): Redactor {
    return this.#env.redactor;
  }

  /** @inheritdoc */
  interrupted(target: number): readonly InFlightBatch[] {
    return this.#inFlight.get(target) ?? [];
  }

  async #runTarget(planned: PlannedTarget, index: number): Promise<TargetReport> {
    const { target } = planned;
    const base: TargetBase = {
      target: target.label,
      platform: target.adapter.platform,
      account: target.account,
      destination: target.kind,
    };
    const report = planned.refused
      ? this.#refuse(planned, planned.refused, base)
      : target.recipients
        ? await new RecipientsSend(this, planned, index).send(base)
        : await this.#runSingle(planned, index, base);
    return planned.links ? { ...report, links: planned.links.report } : report;
  }

  /**
   * A target refused before any request (its shortener failed): `failed` with the error, or
   * `skipped` when the delivery was cancelled meanwhile; a recipients stream is not read. Not
   * recorded in the checkpoint, so a resume sends it.
   */
  #refuse(planned: PlannedTarget, error: HeraldError, base: TargetBase): TargetReport {
    const status = error instanceof CancelledError ? "skipped" : "failed";
    const counts = emptyCounts();
    this.#resumable = true;
    const single = planned.target.recipients === undefined;
    if (single) {
      counts[status] = 1;
      this.record(planned.target.label, { status, ids: [], notes: [], error }, 1);
    }
    this.progress();
    return {
      ...base,
      status,
      ids: [],
      notes: [...(planned.rendering.warnings ?? [])],
      counts,
      error,
      ...(single ? {} : { recipients: [] }),
    };
  }

  async #runSingle(planned: PlannedTarget, index: number, base: TargetBase): Promise<TargetReport> {
    const { target } = planned;
    const operations = planned.rendering.operations;
    const checkpoint = this.checkpoint;
    let batch = checkpoint?.batch(index, [SINGLE], [0]);
    let outcome: ExecutionOutcome | undefined;
    let resumed: ResumedMark | undefined;
    if (this.resuming && checkpoint) {
      const interrupted = this.#inFlight.get(index)?.[0];
      if (interrupted && keyed(operations)) {
        batch = interrupted; // resent under the same key
      } else if (interrupted) {
        resumed = "interrupted";
        outcome = {
          status: "unknown",
          ids: [],
          notes: [],
          error: this.interruptedError(target.adapter.platform),
        };
        await checkpoint.settle(interrupted, outcome, { begun: true, keyed: false });
      } else {
        const [earlier] = await checkpoint.lookup(index, [{ id: SINGLE, position: 0 }]);
        if (earlier) {
          resumed = "earlier";
          outcome = recordedOutcome(earlier, target.adapter.platform);
        }
      }
    }
    if (!outcome) {
      await this.slots.acquire();
      try {
        outcome = await this.execute(planned, target.kind, operations, batch);
      } finally {
        this.slots.release();
      }
    }
    const counts = emptyCounts();
    counts[outcome.status] = 1;
    this.record(target.label, outcome, 1, undefined, resumed);
    this.progress();
    const notes = [...(planned.rendering.warnings ?? []), ...outcome.notes];
    if (resumed === "earlier")
      notes.push("recorded by an earlier run of this delivery: not sent again");
    return {
      ...base,
      status: outcome.status,
      ids: outcome.ids,
      notes,
      counts,
      ...(outcome.error ? { error: outcome.error } : {}),
      ...(resumed ? { resumed } : {}),
    };
  }
}
