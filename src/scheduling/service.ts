import type { EventEmitter } from "eventemitter3";
import type { Clock } from "../clock.js";
import type { Delivery } from "../delivery/delivery.js";
import { withOk } from "../delivery/outcome.js";
import type { SendPlan } from "../delivery/plan.js";
import {
  type DeliveryReport,
  emptyCounts,
  type OutcomeCounts,
  type TargetReport,
} from "../delivery/report.js";
import type { Message } from "../message/schema.js";
import type { Recipient, Target } from "../message/target.js";
import { DeliveryUnknownError, HeraldError, ValidationError } from "../transport/errors.js";
import type { Redactor } from "../transport/redact.js";
import { type AudienceSource, isAudienceRef, readRecipients } from "./audience.js";
import type { FireJob, ScheduleRecord, SchedulerBackend } from "./backend.js";
import type { ScheduleEvents } from "./events.js";
import { byZone, firesFor, firstFires, nextFires, zoneOf, zonesFor } from "./fires.js";
import { type ScheduledSend, type ScheduleStatus, toScheduledSend } from "./scheduled.js";
import { countRecipients, filterRecipients, pace } from "./stream.js";
import { parseTiming, type ScheduleOptions, type ScheduleTiming } from "./timing.js";

/** What the scheduler needs from the client. */
export interface ScheduleHost {
  /** Time source. */
  clock: Clock;
  /** Named audiences. */
  audiences: Readonly<Record<string, AudienceSource>>;
  /** Secret redaction. */
  redactor: Redactor;
  /** The client's fallback zone. */
  fallbackTimezone: string;
  /** Where fire events go (`herald.schedules`). */
  events: EventEmitter<ScheduleEvents>;
  /** Checks a send of `message` to `to`, now and without schedule. */
  plan(message: Message, to: Target[]): SendPlan;
  /** Sends a checked plan now, its idempotency keys derived from `keyBase`. */
  deliver(plan: SendPlan, keyBase: string, signal: AbortSignal): Delivery;
}

/** Whether a recipients value can be read only once (a generator, an async iterable). */
function readOnce(recipients: Iterable<Recipient> | AsyncIterable<Recipient>): boolean {
  return (
    Symbol.asyncIterator in recipients ||
    typeof (recipients as Partial<Iterator<unknown>>).next === "function"
  );
}

function scheduledReport(
  planned: SendPlan["targets"][number],
  schedule: ScheduledSend,
): TargetReport {
  const { target, rendering } = planned;
  const first = schedule.next !== undefined ? new Date(schedule.next).toISOString() : "none";
  return {
    target: target.label,
    platform: target.adapter.platform,
    account: target.adapter.account,
    destination: target.kind,
    status: "scheduled",
    ids: [],
    notes: [
      ...(rendering.warnings ?? []),
      `scheduled by Herald (${schedule.id}); first fire ${first}`,
    ],
    counts: emptyCounts(),
  };
}

/**
 * Herald's scheduler: decides what each fire sends, derives its idempotency keys, and keeps the
 * records through a {@link SchedulerBackend}. Loaded on the first scheduled send.
 */
export class ScheduleService {
  readonly #host: ScheduleHost;
  readonly #backend: SchedulerBackend;
  /** Fires running in this process, to cancel them. */
  readonly #running = new Map<string, { scheduleId: string; controller: AbortController }>();

  /** Wires the service to the client and a backend. */
  constructor(host: ScheduleHost, backend: SchedulerBackend) {
    this.#host = host;
    this.#backend = backend;
  }

  /** Starts the backend's timers or workers. */
  start(): Promise<void> {
    return this.#backend.start((job, rerun) => this.#fire(job, rerun));
  }

  /**
   * Stores the part of `plan` Herald's scheduler keeps (checked before anything is sent), then
   * sends the rest now through `runNow`; the report lists every target in order.
   */
  async schedule(
    plan: SendPlan,
    to: readonly Target[],
    id: string,
    runNow: (plan: SendPlan) => Promise<DeliveryReport>,
  ): Promise<DeliveryReport> {
    const timing = plan.timing!;
    const now = this.#host.clock.now();
    const held = plan.targets.flatMap((planned, index) =>
      planned.scheduling === "herald"
        ? [{ planned, target: this.#storable(to[index]!, index, timing) }]
        : [],
    );
    const record: ScheduleRecord = {
      id,
      createdAt: now,
      labels: held.map((h) => h.planned.target.label),
      message: plan.source,
      targets: held.map((h) => h.target),
      timing,
      generation: 0,
      cancelled: false,
      fires: [],
    };
    const fires = await firstFires(id, 0, timing, zonesFor(record.targets, timing));
    if (fires.length === 0) {
      throw new ValidationError("repeat", "no occurrence from now on", {
        hint: "the recurrence ends (UNTIL or COUNT) before now",
      });
    }
    await this.#backend.create(record);
    await this.#backend.enqueue(fires);
    const schedule = toScheduledSend((await this.#backend.get(id)) ?? { ...record, fires: [] });
    const rest = plan.targets.filter((t) => t.scheduling !== "herald");
    const report: DeliveryReport =
      rest.length > 0
        ? await runNow({ ...plan, targets: rest })
        : {
            id,
            ok: true,
            targets: [],
            counts: emptyCounts(),
            retries: 0,
            rateLimited: 0,
            startedAt: now,
            finishedAt: this.#host.clock.now(),
          };
    const sentNow = [...report.targets];
    return {
      ...report,
      targets: plan.targets.map((t) =>
        t.scheduling === "herald" ? scheduledReport(t, schedule) : sentNow.shift()!,
      ),
      schedule,
    };
  }

  /** Every scheduled send, oldest first. */
  async list(filter: { status?: ScheduleStatus } = {}): Promise<ScheduledSend[]> {
    const all = (await this.#backend.list()).map(toScheduledSend);
    return filter.status ? all.filter((s) => s.status === filter.status) : all;
  }

  /** One scheduled send. */
  async get(id: string): Promise<ScheduledSend | undefined> {
    const record = await this.#backend.get(id);
    return record && toScheduledSend(record);
  }

  /** Cancels: nothing more fires; a fire sending in this process stops (the rest is `skipped`). */
  async cancel(id: string): Promise<ScheduledSend> {
    const record = await this.#existing(id);
    if (!record.cancelled) {
      await this.#backend.update(id, { cancelled: true });
      await this.#backend.drop(id);
      for (const running of this.#running.values()) {
        if (running.scheduleId === id) running.controller.abort(new Error("schedule cancelled"));
      }
    }
    return (await this.get(id))!;
  }

  /**
   * Moves a scheduled send to a new timing: pending fires are dropped and planned again from
   * now; fires already sent stay as they were.
   */
  async reschedule(id: string, options: ScheduleOptions): Promise<ScheduledSend> {
    const record = await this.#existing(id);
    const status = toScheduledSend(record).status;
    if (status === "cancelled" || status === "done") {
      throw new ValidationError("id", `the scheduled send is ${status}`, {
        hint: "send it again instead",
      });
    }
    const timing = parseTiming(options, this.#host.clock.now(), this.#host.fallbackTimezone);
    if (!timing) {
      throw new ValidationError("at", "a reschedule needs a timing", {
        hint: "give at, timezone, window, repeat or spread",
      });
    }
    record.targets.forEach((t, i) => {
      this.#storable(t, i, timing);
    });
    const generation = record.generation + 1;
    const fires = await firstFires(id, generation, timing, zonesFor(record.targets, timing));
    if (fires.length === 0) throw new ValidationError("repeat", "no occurrence from now on");
    await this.#backend.update(id, { timing, generation });
    await this.#backend.drop(id);
    await this.#backend.enqueue(fires);
    return (await this.get(id))!;
  }

  /** Stops firing: a durable backend lets running fires finish; in memory they are cancelled. */
  async close(): Promise<void> {
    if (!this.#backend.durable) {
      for (const running of this.#running.values()) running.controller.abort(new Error("closed"));
    }
    await this.#backend.close();
  }

  async #existing(id: string): Promise<ScheduleRecord> {
    const record = await this.#backend.get(id);
    if (!record) throw new ValidationError("id", `no scheduled send "${id}"`);
    return record;
  }

  /** The target as stored: recipients that can be read again, unless memory may keep a stream read once. */
  #storable(target: Target, index: number, timing: ScheduleTiming): Target {
    if (typeof target === "string" || target.recipients === undefined) return target;
    const recipients = target.recipients;
    if (Array.isArray(recipients) || isAudienceRef(recipients)) return target;
    if (recipients instanceof Set) return { ...target, recipients: [...recipients] };
    if (!readOnce(recipients))
      return { ...target, recipients: Array.from(recipients as Iterable<Recipient>) };
    const readsOnce =
      !byZone(timing) && timing.spreadMs === undefined && timing.repeat === undefined;
    if (!this.#backend.durable && readsOnce) return target;
    throw new ValidationError(
      `to[${index}].recipients`,
      "a stream read once cannot be scheduled here",
      {
        hint: this.#backend.durable
          ? 'a durable scheduler stores recipients: pass an array, or a named audience (recipients: audience("vip") with createHerald({ audiences }))'
          : 'this schedule reads the recipients more than once (per local-time fire, occurrence or spread): pass an array or a named audience (audience("vip"))',
      },
    );
  }

  /**
   * The targets one fire sends to, with the recipients whose local time falls to it (not paced
   * yet); `read` gives them, afresh for a stream. A target with no recipient due is left out.
   */
  #due(record: ScheduleRecord, job: FireJob): Due[] {
    const { timing } = record;
    const member = new Map<string, boolean>();
    const fires = (zone: string) => {
      let yes = member.get(zone);
      if (yes === undefined) {
        yes = firesFor(job, timing, zone);
        member.set(zone, yes);
      }
      return yes;
    };
    const keep = byZone(timing)
      ? (r: Recipient) => fires(zoneOf(r, timing.fallbackZone))
      : undefined;
    const due: Due[] = [];
    for (const target of record.targets) {
      const recipients = typeof target === "string" ? undefined : target.recipients;
      if (recipients === undefined) {
        if (fires(timing.fallbackZone)) due.push({ target });
        continue;
      }
      const read = () => filterRecipients(readRecipients(recipients, this.#host.audiences), keep);
      const first = read();
      if (Array.isArray(first) && first.length === 0) continue;
      let unread: Recipients | undefined = first;
      due.push({
        target,
        read: () => {
          const source = unread ?? read();
          unread = undefined;
          return source;
        },
      });
    }
    return due;
  }

  /** The targets to send, their recipients paced by `spread`. */
  async #paced(
    due: readonly Due[],
    timing: ScheduleTiming,
    signal: AbortSignal,
  ): Promise<Target[]> {
    const to: Target[] = [];
    for (const { target, read } of due) {
      if (!read) {
        to.push(target);
        continue;
      }
      let source = read();
      if (timing.spreadMs !== undefined) {
        const total = await countRecipients(source);
        if (!Array.isArray(source)) source = read(); // counting read the stream to its end
        source = pace(source, total, timing.spreadMs, this.#host.clock, signal);
      }
      to.push({ ...(target as Exclude<Target, string>), recipients: source });
    }
    return to;
  }

  /**
   * Whether a target is not sent again when a fire is re-run after a crash: a create the
   * platform cannot deduplicate (Telegram) may have gone out before it; keyed ones are resent
   * under the same keys.
   */
  #unkeyed(message: Message, target: Target): boolean {
    return this.#host
      .plan(message, [target])
      .targets[0]!.rendering.operations.some((op) => op.idempotency === "none");
  }

  /**
   * The report of a target a re-run does not resend: every recipient due at the fire `unknown`
   * (the process that died may have sent to any of them), with the reason.
   */
  async #notResent(message: Message, { target, read }: Due): Promise<TargetReport> {
    const planned = this.#host.plan(message, [target]).targets[0]!.target;
    const count = read ? await countRecipients(read()) : 1;
    return {
      target: planned.label,
      platform: planned.adapter.platform,
      account: planned.adapter.account,
      destination: planned.kind,
      status: "unknown",
      ids: [],
      notes: [],
      error: new DeliveryUnknownError(
        planned.adapter.platform,
        `the fire was re-run after the process sending it died, and ${planned.adapter.platform} cannot deduplicate a resend`,
      ),
      counts: { ...emptyCounts(), unknown: count },
    };
  }

  async #fire(job: FireJob, handedAgain: boolean): Promise<void> {
    const { clock, events, redactor } = this.#host;
    const startedAt = clock.now();
    const record = await this.#backend.get(job.scheduleId);
    // A fire handed out again is a re-run only if it was `running`: a process that died before
    // its claim sent nothing of it.
    const claim = record ? await this.#backend.claim(job, startedAt, handedAgain) : false;
    if (!record || !claim) return;
    const controller = new AbortController();
    this.#running.set(job.key, { scheduleId: job.scheduleId, controller });
    try {
      if (record.timing.repeat !== undefined) {
        await this.#backend.enqueue(
          await nextFires(job, record.timing, zonesFor(record.targets, record.timing)),
        );
      }
      const due = this.#due(record, job);
      const held =
        claim === "rerun" ? due.filter((d) => this.#unkeyed(record.message, d.target)) : [];
      const to = await this.#paced(
        due.filter((d) => !held.includes(d)),
        record.timing,
        controller.signal,
      );
      let report: DeliveryReport = {
        id: record.id,
        ok: true,
        targets: [],
        counts: emptyCounts(),
        retries: 0,
        rateLimited: 0,
        startedAt,
        finishedAt: startedAt,
      };
      if (to.length > 0) {
        const plan = this.#host.plan(record.message, to);
        const keyBase = `${record.message.idempotencyKey ?? record.id}|${job.occurrence}|${job.at}`;
        const delivery = this.#host.deliver(plan, keyBase, controller.signal);
        events.emit("fire", { schedule: record.id, fire: job, delivery });
        report = await delivery;
      }
      const notResent: TargetReport[] = [];
      for (const d of held) notResent.push(await this.#notResent(record.message, d));
      if (notResent.length > 0) report = withTargets(report, notResent);
      const unknown = notResent.map((t) => `${t.target} (${t.counts.unknown})`).join(", ");
      await this.#backend.finish(job, {
        status: "done",
        startedAt,
        finishedAt: clock.now(),
        counts: report.counts,
        ...(notResent.length > 0
          ? {
              error: `re-run after a crash: not resent to ${unknown}, which cannot deduplicate (delivery unknown)`,
            }
          : {}),
      });
      events.emit("fired", { schedule: record.id, fire: job, report });
    } catch (error) {
      const herald =
        error instanceof HeraldError
          ? error
          : new HeraldError(
              "platform",
              redactor.text(error instanceof Error ? error.message : String(error)),
            );
      await this.#backend
        .finish(job, {
          status: "failed",
          startedAt,
          finishedAt: clock.now(),
          counts: emptyCounts(),
          error: herald.message,
        })
        .catch(() => {});
      events.emit("fire-failed", { schedule: record.id, fire: job, error: herald });
    } finally {
      this.#running.delete(job.key);
    }
  }
}

/** A target of a fire and how to read the recipients due at it (none for a single destination). */
interface Due {
  target: Target;
  read?: () => Recipients;
}

type Recipients = Iterable<Recipient> | AsyncIterable<Recipient>;

/** The report with `extra` targets added to its targets and counts. */
function withTargets(report: DeliveryReport, extra: readonly TargetReport[]): DeliveryReport {
  const counts = { ...report.counts };
  for (const target of extra) {
    for (const k of Object.keys(counts) as (keyof OutcomeCounts)[]) counts[k] += target.counts[k];
  }
  return withOk({ ...report, targets: [...report.targets, ...extra], counts });
}
