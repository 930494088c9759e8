// The events of the sends Herald's scheduler holds: emitted by the scheduler (service.ts),
// listened to on `herald.schedules` (schedules.ts).
import type { Delivery } from "../delivery/delivery.js";
import type { DeliveryReport } from "../delivery/report.js";
import type { HeraldError } from "../transport/errors.js";
import type { FireJob } from "./backend.js";

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
