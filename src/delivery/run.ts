import type { Destination } from "../adapters/contract.js";
import type { Clock } from "../clock.js";
import type { Recipient } from "../message/target.js";
import { type BatchRecipient, batcherFor, type ReadyBatch } from "../targeting/batcher.js";
import { CancelledError, HeraldError, ValidationError } from "../transport/errors.js";
import type { Redactor } from "../transport/redact.js";
import { CancelScope } from "../util/cancel.js";
import type { Delivery, NotSentEvent } from "./delivery.js";
import {
  type AccountRuntime,
  type ExecutionContext,
  type ExecutionOutcome,
  executeOperations,
} from "./execute.js";
import { destinationOf, type PlannedTarget, type SendPlan } from "./plan.js";
import {
  type DeliveryReport,
  emptyCounts,
  REPORT_RECIPIENT_LIMIT,
  type RecipientReport,
  summaryOutcome,
  type TargetReport,
} from "./report.js";
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

/**
 * Default number of requests a mass send keeps in flight: our choice, enough to keep Telegram's
 * paid broadcast (1000 msg/s) busy at 100 ms latency; the limiters, not this, set the pace.
 */
const DEFAULT_CONCURRENCY = 100;

function sizeOf(recipients: Iterable<Recipient> | AsyncIterable<Recipient>): number | undefined {
  if (Array.isArray(recipients)) return recipients.length;
  if (recipients instanceof Set) return recipients.size;
  return undefined;
}

/** Runs a planned send and reports every outcome through the delivery's events. */
export class DeliveryRun {
  readonly #plan: SendPlan;
  readonly #env: RunEnvironment;
  readonly #delivery: Delivery;
  readonly #cancel: CancelScope;
  readonly #concurrency: number;
  readonly #keyBase: string;
  readonly #counts = emptyCounts();
  readonly #startedAt: number;
  #total: number | undefined;
  #retries = 0;
  #rateLimited = 0;

  /** Prepares the run; `keyBase` seeds the idempotency keys (the message's key or the delivery id). */
  constructor(
    plan: SendPlan,
    env: RunEnvironment,
    delivery: Delivery,
    signal: AbortSignal,
    options: { concurrency?: number; keyBase: string },
  ) {
    this.#plan = plan;
    this.#env = env;
    this.#delivery = delivery;
    this.#cancel = new CancelScope(signal);
    this.#concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
    this.#keyBase = options.keyBase;
    this.#startedAt = env.clock.now();
    let total = 0;
    for (const { target } of plan.targets) {
      // an emulated segment leaves out recipients: how many will be sent is not known ahead
      const filtered = target.targeting.mode === "emulated";
      const size = target.recipients ? (filtered ? undefined : sizeOf(target.recipients)) : 1;
      if (size === undefined) {
        this.#total = undefined;
        return;
      }
      total += size;
    }
    this.#total = total;
  }

  /** Sends every target concurrently and resolves with the report. */
  async run(): Promise<DeliveryReport> {
    const targets = await Promise.all(this.#plan.targets.map((t) => this.#runTarget(t)));
    return {
      id: this.#delivery.id,
      targets,
      counts: { ...this.#counts },
      retries: this.#retries,
      rateLimited: this.#rateLimited,
      startedAt: this.#startedAt,
      finishedAt: this.#env.clock.now(),
    };
  }

  #context(planned: PlannedTarget, destinationKey: string): ExecutionContext {
    const { target } = planned;
    return {
      runtime: this.#env.runtimeOf(target.adapter, target.account),
      policy: this.#env.policy,
      clock: this.#env.clock,
      redactor: this.#env.redactor,
      keyBase: `${this.#keyBase}|${target.label}|${destinationKey}`,
      cancel: this.#cancel,
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

  #record(label: string, outcome: ExecutionOutcome, recipients: number, recipient?: string): void {
    this.#counts[outcome.status] += recipients;
    if (outcome.status === "sent") {
      this.#delivery.emit("sent", {
        target: label,
        ids: outcome.ids,
        ...(recipient !== undefined ? { recipient } : {}),
      });
    } else {
      const event: NotSentEvent = {
        target: label,
        error: outcome.error ?? new HeraldError("platform", "not sent"),
        ...(recipient !== undefined ? { recipient } : {}),
      };
      this.#delivery.emit(outcome.status, event);
    }
  }

  #progress(): void {
    const c = this.#counts;
    const done = c.sent + c.failed + c.unknown + c.skipped;
    const seconds = Math.max(0.001, (this.#env.clock.now() - this.#startedAt) / 1000);
    this.#delivery.emit("progress", { ...c, done, total: this.#total, rate: c.sent / seconds });
  }

  async #runTarget(planned: PlannedTarget): Promise<TargetReport> {
    const { target } = planned;
    const base = {
      target: target.label,
      platform: target.adapter.platform,
      account: target.account,
      destination: target.kind,
    };
    if (target.recipients) return this.#runRecipients(planned, base);
    const outcome = await executeOperations(
      this.#context(planned, target.kind),
      planned.rendering.operations,
    );
    const counts = emptyCounts();
    counts[outcome.status] = 1;
    this.#record(target.label, outcome, 1);
    this.#progress();
    return {
      ...base,
      status: outcome.status,
      ids: outcome.ids,
      notes: [...(planned.rendering.warnings ?? []), ...outcome.notes],
      counts,
      ...(outcome.error ? { error: outcome.error } : {}),
    };
  }

  async #runRecipients(
    planned: PlannedTarget,
    base: Omit<TargetReport, "status" | "ids" | "notes" | "counts">,
  ): Promise<TargetReport> {
    const { target } = planned;
    const batchSize = Math.max(1, target.adapter.capabilities.recipientBatch ?? 1);
    const counts = emptyCounts();
    const listed: RecipientReport[] = [];
    const notes = new Set<string>(planned.rendering.warnings ?? []);
    let seen = 0;
    const inFlight = new Set<Promise<void>>();
    const batcher = batcherFor(this.#plan, target, batchSize);

    const settle = (batch: BatchRecipient[], outcome: ExecutionOutcome): void => {
      for (const r of batch) {
        counts[outcome.status]++;
        this.#record(target.label, outcome, 1, r.id);
        if (outcome.status !== "sent" || listed.length < REPORT_RECIPIENT_LIMIT) {
          listed.push({
            recipient: r.id,
            status: outcome.status,
            ids: outcome.ids,
            ...(outcome.error ? { error: outcome.error } : {}),
          });
        }
      }
      for (const note of outcome.notes) notes.add(note);
      this.#progress();
    };

    const send = async ({ recipients: batch, message }: ReadyBatch): Promise<void> => {
      if (this.#cancel.aborted) {
        settle(batch, { status: "skipped", ids: [], notes: [], error: new CancelledError() });
        return;
      }
      const destination: Destination = { kind: "recipients", recipients: batch };
      let outcome: ExecutionOutcome;
      try {
        const rendering = target.adapter.render(
          message,
          destinationOf(target, destination),
          planned.context,
        );
        const key = batch.map((r) => r.id).join(",");
        outcome = await executeOperations(this.#context(planned, key), rendering.operations);
      } catch (error) {
        const herald =
          error instanceof HeraldError
            ? error
            : new HeraldError(
                "platform",
                `adapter error: ${this.#env.redactor.text(String(error))}`,
              );
        outcome = { status: "failed", ids: [], notes: [], error: herald };
      }
      settle(batch, outcome);
    };

    const launch = async (batch: ReadyBatch): Promise<void> => {
      while (inFlight.size >= this.#concurrency) await Promise.race(inFlight);
      const job = send(batch).finally(() => inFlight.delete(job));
      inFlight.add(job);
    };

    let streamError: HeraldError | undefined;
    try {
      for await (const recipient of target.recipients!) {
        const index = seen++;
        const id = typeof recipient === "string" ? recipient : recipient?.id;
        if (typeof id !== "string" || id.length === 0) {
          const error = new ValidationError(
            `recipients[${index}]`,
            "a recipient needs a non-empty string id",
            {
              platform: target.adapter.platform,
            },
          );
          settle([{ id: String(id) }], { status: "failed", ids: [], notes: [], error });
          continue;
        }
        const admitted = batcher.add(typeof recipient === "string" ? { id } : recipient);
        if (admitted.kind === "failed") {
          settle([{ id }], { status: "failed", ids: [], notes: [], error: admitted.error });
        } else if (admitted.kind === "queued") {
          for (const ready of admitted.ready) await launch(ready);
        }
      }
    } catch (error) {
      // The caller's stream failed (a database cursor, say): what was read is still sent and
      // reported; the target says where the stream stopped.
      const reason = error instanceof Error ? error.message : String(error);
      streamError = new HeraldError(
        "validation",
        `the recipients stream threw after ${seen} recipients: ${this.#env.redactor.text(reason)}`,
        target.adapter.platform,
      );
    }
    for (const ready of batcher.flush()) await launch(ready);
    await Promise.all(inFlight);
    return {
      ...base,
      status: streamError ? "failed" : summaryOutcome(counts),
      ids: [],
      notes: [...notes],
      counts,
      ...(streamError ? { error: streamError } : {}),
      ...(batcher.filtered !== undefined && { filtered: batcher.filtered }),
      recipients: listed,
    };
  }
}
