import { EventEmitter } from "eventemitter3";
import type { ScheduleEvents } from "./events.js";
import type { ScheduledSend, ScheduleStatus } from "./scheduled.js";
import type { ScheduleService } from "./service.js";
import type { ScheduleOptions } from "./timing.js";

export type { FiredEvent, FireEvent, FireFailedEvent, ScheduleEvents } from "./events.js";

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
