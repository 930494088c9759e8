import { EventEmitter } from "eventemitter3";
import type { Delivery } from "../delivery/delivery.js";
import type { DeliveryReport } from "../delivery/report.js";
import type { HeraldError } from "../transport/errors.js";
import type { FireJob } from "./backend.js";
import type { ScheduledSend, ScheduleStatus } from "./scheduled.js";
import type { ScheduleService } from "./service.js";
import type { ScheduleOptions } from "./timing.js";

/** A fire starts sending: listen to its delivery for progress. */
export interface FireEvent {
  /** The scheduled send's id. */
  schedule: string;
  /** The fire. */
  fire: FireJob;
  /** The send of this fire. */
  delivery: Delivery;
}

/** A fire finished. */
export interface FiredEvent {
  /** The scheduled send's id. */
  schedule: string;
  /** The fire. */
  fire: FireJob;
  /** What it sent (no targets when no recipient was due at this fire). */
  report: DeliveryReport;
}

/** A fire could not send (an audience or adapter missing in this process, invalid recipients). */
export interface FireFailedEvent {
  /** The scheduled send's id. */
  schedule: string;
  /** The fire. */
  fire: FireJob;
  /** Why. */
  error: HeraldError;
}

/** Events of `herald.schedules`, for the fires that run in this process. */
export interface ScheduleEvents {
  /** A fire starts sending. */
  fire: [FireEvent];
  /** A fire finished. */
  fired: [FiredEvent];
  /** A fire failed before sending. */
  "fire-failed": [FireFailedEvent];
}

/**
 * `herald.schedules`: the sends Herald's scheduler holds. The scheduler itself is loaded on
 * first use, so clients that never schedule do not carry it.
 */
export class Schedules extends EventEmitter<ScheduleEvents> {
  readonly #service: () => Promise<ScheduleService>;

  /** @internal */
  constructor(service: () => Promise<ScheduleService>) {
    super();
    this.#service = service;
  }

  /** Every scheduled send (of this scheduler's namespace), oldest first; optionally by status. */
  async list(filter: { status?: ScheduleStatus } = {}): Promise<ScheduledSend[]> {
    return (await this.#service()).list(filter);
  }

  /** A scheduled send by id (the id of the `Delivery` that scheduled it), or undefined. */
  async get(id: string): Promise<ScheduledSend | undefined> {
    return (await this.#service()).get(id);
  }

  /**
   * Cancels a scheduled send: nothing more fires. A fire sending in this process stops at once
   * (its remaining recipients are `skipped`); with a durable scheduler, a fire already sending in
   * another process finishes. Throws a `ValidationError` for an unknown id.
   */
  async cancel(id: string): Promise<ScheduledSend> {
    return (await this.#service()).cancel(id);
  }

  /**
   * Gives a scheduled send a new timing (`at`, `timezone`, `window`, `repeat`, `spread`): its
   * pending fires are dropped and planned again from now. Throws a `ValidationError` for an
   * unknown id, a done or cancelled send, or a bad timing.
   */
  async reschedule(id: string, timing: ScheduleOptions): Promise<ScheduledSend> {
    return (await this.#service()).reschedule(id, timing);
  }
}
