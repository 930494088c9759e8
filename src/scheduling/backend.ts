import type { OutcomeCounts } from "../delivery/counts.js";
import type { Message } from "../message/schema.js";
import type { Target } from "../message/target.js";
import type { ScheduleTiming } from "./timing.js";

/** One moment a scheduled send fires: for one occurrence, the recipients whose local time is due. */
export interface FireJob {
  /** The scheduled send. */
  scheduleId: string;
  /** Unique across every fire of every schedule; no `:` (BullMQ job ids cannot hold one). */
  key: string;
  /** The schedule's generation when the fire was planned; a reschedule starts a new one. */
  generation: number;
  /** Wall-clock time of the occurrence, `YYYY-MM-DDTHH:MM:SS`. */
  occurrence: string;
  /** When it is due, ms since the epoch. */
  at: number;
  /** Every fire time of this occurrence, ascending: each recipient belongs to exactly one. */
  siblings: number[];
}

/** What became of a fire. */
export type FireStatus = "pending" | "running" | "done" | "failed" | "dropped";

/** A fire and its state. */
export interface FireState extends FireJob {
  /** `pending` until due; `running`; `done` or `failed` (the send threw) once finished; `dropped` by a cancel or reschedule. */
  status: FireStatus;
  /** When it started, ms since the epoch. */
  startedAt?: number;
  /** When it finished, ms since the epoch. */
  finishedAt?: number;
  /** What its send did. */
  counts?: OutcomeCounts;
  /** Why it failed. */
  error?: string;
}

/** The end of a fire, as a backend records it. */
export interface FireResult {
  /** `done` or `failed`. */
  status: "done" | "failed";
  /** Start, ms since the epoch. */
  startedAt: number;
  /** End, ms since the epoch. */
  finishedAt: number;
  /** Outcomes of its send. */
  counts: OutcomeCounts;
  /** Why it failed (redacted). */
  error?: string;
}

/** A scheduled send as a backend stores it. */
export interface ScheduleRecord {
  /** Its id (the id of the `Delivery` that scheduled it). */
  id: string;
  /** When it was scheduled, ms since the epoch. */
  createdAt: number;
  /** Labels of its targets, for listing. */
  labels: string[];
  /** The message, validated. Media bytes are kept; a durable backend encodes them. */
  message: Message;
  /**
   * The targets Herald's scheduler sends, as given. A durable backend receives only storable
   * ones: recipients as arrays or named audiences (`audience("vip")`), never a one-off stream.
   */
  targets: Target[];
  /** When it fires. */
  timing: ScheduleTiming;
  /** Bumped by each reschedule; fires of an older generation do nothing. */
  generation: number;
  /** Cancelled: nothing more fires. */
  cancelled: boolean;
  /** Its fires so far and those pending, in no particular order. */
  fires: FireState[];
}

/**
 * What a claim found: `first` when the fire was `pending` (nothing of it was sent: it runs as a
 * first run), `rerun` when it was `running` in a process that died (some of it may have gone
 * out), false when it is not this caller's to run (another process has it, or the schedule was
 * cancelled or rescheduled).
 */
export type FireClaim = "first" | "rerun" | false;

/**
 * Where scheduled sends live and what wakes them up. Two ship with Herald: the in-memory
 * default ({@link MemoryScheduler}) and the durable one on Redis (`herald/bullmq`). The core
 * keeps all policy (when each recipient is due, idempotency keys, what a fire sends); a backend
 * stores records and calls the handler once per fire when it is due, exactly once across every
 * process sharing it.
 */
export interface SchedulerBackend {
  /** True when records survive a restart and are shared between processes: they must be JSON. */
  readonly durable: boolean;
  /**
   * Starts calling `handler` for due fires, late ones at once. Called once by the client; the
   * handler never throws. `rerun` is true when the fire is handed out again because a process
   * that had it died (a durable backend's stalled job), whether or not that process had claimed
   * it: the claim tells which.
   */
  start(handler: (job: FireJob, rerun: boolean) => Promise<void>): Promise<void>;
  /** Stores a new record (with no fires yet); a second record with the same id is refused. */
  create(record: ScheduleRecord): Promise<void>;
  /** A record with its fires, or undefined. */
  get(id: string): Promise<ScheduleRecord | undefined>;
  /** Every record (this backend's namespace), oldest first. */
  list(): Promise<ScheduleRecord[]>;
  /** Changes the timing and generation, or cancels. */
  update(
    id: string,
    change: { timing?: ScheduleTiming; generation?: number; cancelled?: boolean },
  ): Promise<void>;
  /** Adds pending fires and arms them; a fire whose key exists already is left as it is. */
  enqueue(jobs: readonly FireJob[]): Promise<void>;
  /** Disarms the schedule's pending fires and marks them `dropped`. */
  drop(id: string): Promise<void>;
  /**
   * Atomically moves a fire from `pending` (or, with `rerun`, from a `running` left by a dead
   * process) to `running` if its record is not cancelled and is still at the fire's generation,
   * and says which of the two it was ({@link FireClaim}); not false for exactly one caller
   * across processes. A fire is `running` before any of its requests leaves, so `first` means
   * nothing of it was sent.
   */
  claim(job: FireJob, startedAt: number, rerun: boolean): Promise<FireClaim>;
  /** Records the end of a fire. */
  finish(job: FireJob, result: FireResult): Promise<void>;
  /** Stops timers and workers and closes connections it opened. */
  close(): Promise<void>;
}
