import { type Clock, systemClock } from "../clock.js";
import type {
  FireClaim,
  FireJob,
  FireResult,
  FireState,
  ScheduleRecord,
  SchedulerBackend,
} from "./backend.js";
import type { ScheduleTiming } from "./timing.js";

/** `setTimeout` fires at once past 2^31 - 1 ms (about 24.8 days; Node and HTML timers): wait in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A binary min-heap of fires by due time. */
class FireHeap {
  readonly #items: FireJob[] = [];

  get size(): number {
    return this.#items.length;
  }

  peek(): FireJob | undefined {
    return this.#items[0];
  }

  push(job: FireJob): void {
    const items = this.#items;
    items.push(job);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent]!.at <= items[i]!.at) break;
      [items[parent], items[i]] = [items[i]!, items[parent]!];
      i = parent;
    }
  }

  pop(): FireJob | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let min = i;
        if (l < items.length && items[l]!.at < items[min]!.at) min = l;
        if (r < items.length && items[r]!.at < items[min]!.at) min = r;
        if (min === i) break;
        [items[min], items[i]] = [items[i]!, items[min]!];
        i = min;
      }
    }
    return top;
  }
}

interface Entry {
  record: Omit<ScheduleRecord, "fires">;
  fires: Map<string, FireState>;
}

/** Options of {@link MemoryScheduler}. */
export interface MemorySchedulerOptions {
  /** Time source; the client's clock when the client creates it. */
  clock?: Clock;
}

/**
 * The default scheduler: records in this process's memory, one timer for the earliest fire.
 * For scripts and single processes; scheduled sends are lost when the process ends (use
 * `herald/bullmq` to keep them). Holds one-off recipient streams as they are.
 */
export class MemoryScheduler implements SchedulerBackend {
  /** Not durable. */
  readonly durable = false;
  readonly #clock: Clock;
  readonly #entries = new Map<string, Entry>();
  readonly #heap = new FireHeap();
  #handler: ((job: FireJob, rerun: boolean) => Promise<void>) | undefined;
  #timer: AbortController | undefined;
  #armedAt: number | undefined;
  #closed = false;

  /** Creates an empty scheduler. */
  constructor(options: MemorySchedulerOptions = {}) {
    this.#clock = options.clock ?? systemClock;
  }

  /** Fires pending in the heap, dropped ones included until they come due (for the bench). */
  get queued(): number {
    return this.#heap.size;
  }

  async start(handler: (job: FireJob, rerun: boolean) => Promise<void>): Promise<void> {
    this.#handler = handler;
    this.#arm();
  }

  async create(record: ScheduleRecord): Promise<void> {
    if (this.#entries.has(record.id)) throw new Error(`schedule ${record.id} exists already`);
    const { fires: _, ...rest } = record;
    this.#entries.set(record.id, { record: rest, fires: new Map() });
  }

  async get(id: string): Promise<ScheduleRecord | undefined> {
    const entry = this.#entries.get(id);
    return entry && { ...entry.record, fires: [...entry.fires.values()].map((f) => ({ ...f })) };
  }

  async list(): Promise<ScheduleRecord[]> {
    return Promise.all([...this.#entries.keys()].map(async (id) => (await this.get(id))!));
  }

  async update(
    id: string,
    change: { timing?: ScheduleTiming; generation?: number; cancelled?: boolean },
  ): Promise<void> {
    const entry = this.#entries.get(id);
    if (entry) entry.record = { ...entry.record, ...change };
  }

  async enqueue(jobs: readonly FireJob[]): Promise<void> {
    for (const job of jobs) {
      const fires = this.#entries.get(job.scheduleId)?.fires;
      if (!fires || fires.has(job.key)) continue;
      const fire: FireState = { ...job, status: "pending" };
      fires.set(job.key, fire);
      this.#heap.push(fire); // the same object: one per fire
    }
    this.#arm();
  }

  async drop(id: string): Promise<void> {
    for (const fire of this.#entries.get(id)?.fires.values() ?? []) {
      if (fire.status === "pending") fire.status = "dropped";
    }
  }

  async claim(job: FireJob, startedAt: number, rerun: boolean): Promise<FireClaim> {
    const entry = this.#entries.get(job.scheduleId);
    const fire = entry?.fires.get(job.key);
    if (!entry || !fire || entry.record.cancelled) return false;
    if (entry.record.generation !== job.generation) return false;
    const was = fire.status;
    if (was !== "pending" && !(rerun && was === "running")) return false;
    fire.status = "running";
    fire.startedAt = startedAt;
    return was === "pending" ? "first" : "rerun";
  }

  async finish(job: FireJob, result: FireResult): Promise<void> {
    const fire = this.#entries.get(job.scheduleId)?.fires.get(job.key);
    if (fire) Object.assign(fire, result);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#timer?.abort();
    this.#timer = undefined;
  }

  /** Sleeps until the earliest fire; a new earlier one re-arms the timer. */
  #arm(): void {
    const next = this.#heap.peek();
    if (!this.#handler || this.#closed || !next || this.#armedAt === next.at) return;
    this.#timer?.abort();
    const timer = new AbortController();
    this.#timer = timer;
    this.#armedAt = next.at;
    const wait = Math.min(MAX_TIMER_MS, Math.max(0, next.at - this.#clock.now()));
    this.#clock.sleep(wait, timer.signal).then(
      () => {
        if (this.#timer !== timer) return;
        this.#timer = undefined;
        this.#armedAt = undefined;
        this.#fireDue();
      },
      () => {}, // re-armed or closed
    );
  }

  #fireDue(): void {
    const now = this.#clock.now();
    while ((this.#heap.peek()?.at ?? Number.POSITIVE_INFINITY) <= now) {
      const job = this.#heap.pop()!;
      const fire = this.#entries.get(job.scheduleId)?.fires.get(job.key);
      if (fire?.status === "pending") void this.#handler!(job, false);
    }
    this.#arm();
  }
}
