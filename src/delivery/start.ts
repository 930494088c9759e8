import type { PlatformAdapter } from "../adapters/contract.js";
import type { CheckpointStore, InFlightBatch } from "../checkpoints/store.js";
import type { MessageInput } from "../message/schema.js";
import type { Target } from "../message/target.js";
import { ValidationError } from "../transport/errors.js";
import { fingerprintOf, RunCheckpoint } from "./checkpoint.js";
import { Delivery } from "./delivery.js";
import { checkDeliveryId, checkSendOptions } from "./input.js";
import type { LinkOptions } from "./links/options.js";
import { checkShortening, shortenPlan } from "./links/shorten.js";
import { planSend, type SendOptions, type SendPlan } from "./plan.js";
import type { DeliveryReport } from "./report.js";
import { DeliveryRun, type RunEnvironment } from "./run.js";

/** What starting a delivery needs from the client. */
export interface DeliveryEnvironment extends RunEnvironment {
  /** The client's adapters. */
  adapters: readonly PlatformAdapter[];
  /** Where deliveries record their progress; undefined: nowhere (no resume). */
  checkpoints: CheckpointStore | undefined;
  /** Zone of recipients without a valid `timezone` attribute when a send names none. */
  fallbackTimezone: string | undefined;
  /** The client's shortener of tracked links; undefined: none. */
  links: LinkOptions | undefined;
  /** Checks the targets before planning (named audiences exist). */
  checkTargets(to: readonly Target[]): void;
  /** The plan with named audiences opened as streams, just before it runs. */
  openAudiences(plan: SendPlan): SendPlan;
  /**
   * Hands the targets Herald's scheduler keeps to it and runs the rest now with `runNow`;
   * resolves with the report of the part sent now and the schedule.
   */
  schedule(
    plan: SendPlan,
    to: readonly Target[],
    deliveryId: string,
    runNow: (plan: SendPlan) => Promise<DeliveryReport>,
  ): Promise<DeliveryReport>;
}

/** The labels and digest a checkpoint holds to recognize its delivery. */
async function identity(plan: SendPlan): Promise<{ targets: string[]; fingerprint: string }> {
  return {
    targets: plan.targets.map((t) => t.target.label),
    fingerprint: await fingerprintOf(plan.message, plan.context.scheduleAt),
  };
}

/** Opens an earlier delivery's checkpoint and checks the message and targets are the same. */
async function reopen(
  store: CheckpointStore | undefined,
  id: string,
  plan: SendPlan,
): Promise<{ keyBase: string; interrupted: InFlightBatch[] }> {
  if (!store) {
    throw new ValidationError("checkpoints", "resume needs a checkpoint store", {
      hint: "createHerald({ checkpoints: redisCheckpoints(redis) }), or the in-memory default",
    });
  }
  const opened = await store.open(id);
  if (!opened) {
    throw new ValidationError("deliveryId", `no checkpoint of delivery ${id}`, {
      hint: "never started on this store, expired, or finished with nothing left to send",
    });
  }
  const { meta } = opened;
  const now = await identity(plan);
  if (now.targets.join("\n") !== meta.targets.join("\n")) {
    throw new ValidationError(
      "to",
      `not the targets of delivery ${id} (${meta.targets.join(", ")})`,
      {
        hint: "give the same targets in the same order, streams opened again",
      },
    );
  }
  if (now.fingerprint !== meta.fingerprint) {
    throw new ValidationError("message", `not the message delivery ${id} was sent with`, {
      hint: "resume with the same message (and `at`)",
    });
  }
  return { keyBase: meta.keyBase, interrupted: opened.inFlight };
}

/**
 * Starts a delivery: checks the input, records it in the checkpoint store (or, `resuming`,
 * reopens that delivery's checkpoint) and runs it. The returned {@link Delivery} rejects for
 * invalid input or a checkpoint store that fails before anything is sent.
 */
export function startDelivery(
  env: DeliveryEnvironment,
  message: MessageInput,
  options: SendOptions,
  resuming?: { deliveryId: unknown },
): Delivery {
  const controller = new AbortController();
  const given = (options as Partial<SendOptions> | null | undefined)?.id;
  const asked = resuming ? resuming.deliveryId : given;
  const delivery = new Delivery(
    typeof asked === "string" ? asked : crypto.randomUUID(),
    controller,
  );
  delivery.start(async (): Promise<DeliveryReport> => {
    // a resume of no delivery (an unset environment variable) must never become a fresh send
    let resumeId: string | undefined;
    if (resuming) {
      const { deliveryId } = resuming;
      checkDeliveryId(deliveryId, "deliveryId");
      resumeId = deliveryId;
    }
    const to = checkSendOptions(options);
    const signal = options.signal
      ? AbortSignal.any([options.signal, controller.signal])
      : controller.signal;
    env.checkTargets(to);
    const plan = planSend(message, options, env.adapters, env.clock.now(), env.fallbackTimezone);
    checkShortening(plan, env.links);
    const store = env.checkpoints;
    const runNow = async (now: SendPlan): Promise<DeliveryReport> => {
      let keyBase = now.message.idempotencyKey ?? delivery.id;
      let interrupted: InFlightBatch[] | undefined;
      if (resumeId !== undefined) {
        ({ keyBase, interrupted } = await reopen(store, resumeId, now));
      } else if (store) {
        await store.create(delivery.id, {
          keyBase,
          ...(await identity(now)),
          startedAt: env.clock.now(),
        });
      }
      const shortened = await shortenPlan(now, { ...env, options: env.links, signal });
      const run = new DeliveryRun(env.openAudiences(shortened), env, delivery, signal, {
        keyBase,
        ...(store ? { checkpoint: new RunCheckpoint(store, delivery.id) } : {}),
        ...(interrupted ? { interrupted } : {}),
        ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
        ...(options.total !== undefined ? { total: options.total } : {}),
        ...(options.dedupe !== undefined ? { dedupe: options.dedupe } : {}),
      });
      return run.run();
    };
    const scheduled = plan.targets.some((t) => t.scheduling === "herald");
    if (scheduled && resumeId !== undefined) {
      throw new ValidationError("deliveryId", "a scheduled send is not resumed", {
        hint: "Herald's scheduler re-runs an interrupted fire itself; see herald.schedules",
      });
    }
    return scheduled ? env.schedule(plan, to, delivery.id, runNow) : runNow(plan);
  });
  return delivery;
}

/**
 * Runs a plan checked earlier (a scheduled fire) into a new delivery, under `keyBase`, without
 * a checkpoint: the scheduler re-runs an interrupted fire under the same keys itself.
 */
export function runPlan(
  env: DeliveryEnvironment,
  plan: SendPlan,
  keyBase: string,
  signal: AbortSignal,
): Delivery {
  const controller = new AbortController();
  const delivery = new Delivery(crypto.randomUUID(), controller);
  const all = AbortSignal.any([signal, controller.signal]);
  delivery.start(async () => {
    const shortened = await shortenPlan(plan, { ...env, options: env.links, signal: all });
    return new DeliveryRun(env.openAudiences(shortened), env, delivery, all, { keyBase }).run();
  });
  return delivery;
}
