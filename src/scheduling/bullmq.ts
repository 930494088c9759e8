/**
 * `herald/bullmq`: Herald's scheduler on Redis through BullMQ. Scheduled sends survive a
 * restart, every process given the same Redis and queue shares the fires, and each fire runs
 * exactly once across them. Needs `bullmq` and `ioredis` (optional peer dependencies).
 */
import { type ConnectionOptions, Queue, Worker } from "bullmq";
import { Redis, type RedisOptions } from "ioredis";
import type {
  FireClaim,
  FireJob,
  FireResult,
  FireState,
  ScheduleRecord,
  SchedulerBackend,
} from "./backend.js";
import { decode, encode } from "./codec.js";
import type { ScheduleTiming } from "./timing.js";

/** Options of {@link bullmqScheduler}. */
export interface BullMQSchedulerOptions {
  /** Redis: ioredis options or a client (duplicated, not closed by Herald). Default 127.0.0.1:6379. */
  connection?: RedisOptions | Redis;
  /** BullMQ queue name (default `herald-schedules`); no `:`. */
  queueName?: string;
  /** Key prefix of BullMQ's keys and Herald's records (default `herald`). */
  prefix?: string;
  /** Whether this process fires due sends (default true); false schedules and manages only. */
  worker?: boolean;
  /**
   * Fires this process runs at once (default 50: our choice). A fire holds one send, which its
   * limiters pace; a fire past this waits for one to finish.
   */
  concurrency?: number;
  /**
   * How long this process holds a fire without renewing its lock, in ms (BullMQ's
   * `lockDuration`, default 30 s); once it lapses (the process died), the fire may be handed to
   * another process.
   */
  lockDurationMs?: number;
  /**
   * How often this process looks for fires whose holder died, in ms (BullMQ's
   * `stalledInterval`, default 30 s). A fire is handed out again one to two intervals after its
   * lock lapsed.
   */
  stalledIntervalMs?: number;
}

/** Default fires per process at once (see {@link BullMQSchedulerOptions.concurrency}). */
const DEFAULT_CONCURRENCY = 50;
/** Completed jobs kept this long (s) so that BullMQ's job ids still deduplicate a re-added fire: our choice. */
const KEEP_COMPLETED_S = 86_400;
/** Failed jobs kept this long (s) for inspection: our choice. */
const KEEP_FAILED_S = 7 * 86_400;

/**
 * Moves a fire from `pending` (answer 1) or, re-run, a dead process's `running` (answer 2) to
 * `running` if the schedule is not cancelled and still at the fire's generation; 0 otherwise.
 * Atomic in Redis, so exactly one process across all of them gets 1 or 2.
 */
const CLAIM = `
if redis.call("HGET", KEYS[1], "cancelled") == "1" then return 0 end
if redis.call("HGET", KEYS[1], "generation") ~= ARGV[2] then return 0 end
local state = redis.call("HGET", KEYS[2], ARGV[1])
local was = 0
if state == "pending" then was = 1 end
if ARGV[3] == "1" and state and string.sub(state, 1, 8) == "running:" then was = 2 end
if was > 0 then redis.call("HSET", KEYS[2], ARGV[1], "running:" .. ARGV[4]) end
return was`;

type Stored = Pick<ScheduleRecord, "id" | "createdAt" | "labels" | "message" | "targets">;

/** The durable scheduler backend; create it with {@link bullmqScheduler}. */
export class BullMQScheduler implements SchedulerBackend {
  /** Durable: records are JSON in Redis. */
  readonly durable = true;
  readonly #redis: Redis;
  readonly #ownRedis: boolean;
  readonly #queue: Queue;
  readonly #options: Required<
    Omit<BullMQSchedulerOptions, "connection" | "lockDurationMs" | "stalledIntervalMs">
  >;
  readonly #locks: { lockDuration?: number; stalledInterval?: number };
  readonly #connection: ConnectionOptions;
  #worker: Worker | undefined;

  /** Connects (lazily) to Redis. */
  constructor(options: BullMQSchedulerOptions = {}) {
    const connection = options.connection ?? { host: "127.0.0.1", port: 6379 };
    this.#options = {
      queueName: options.queueName ?? "herald-schedules",
      prefix: options.prefix ?? "herald",
      worker: options.worker ?? true,
      concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
    };
    this.#locks = {
      ...(options.lockDurationMs !== undefined ? { lockDuration: options.lockDurationMs } : {}),
      ...(options.stalledIntervalMs !== undefined
        ? { stalledInterval: options.stalledIntervalMs }
        : {}),
    };
    this.#ownRedis = !(connection instanceof Redis);
    this.#redis =
      connection instanceof Redis ? connection.duplicate() : new Redis({ ...connection });
    // BullMQ declares its own copy of ioredis's option types; they describe the same object.
    this.#connection = (
      connection instanceof Redis ? connection : { ...connection, maxRetriesPerRequest: null }
    ) as ConnectionOptions;
    this.#queue = new Queue(this.#options.queueName, {
      connection: this.#connection,
      prefix: this.#options.prefix,
    });
  }

  #key(kind: string, id?: string): string {
    const base = `${this.#options.prefix}:${this.#options.queueName}:herald:${kind}`;
    return id === undefined ? base : `${base}:${id}`;
  }

  async start(handler: (job: FireJob, rerun: boolean) => Promise<void>): Promise<void> {
    if (!this.#options.worker || this.#worker) return;
    this.#worker = new Worker<FireJob>(
      this.#options.queueName,
      // A job started before comes back after its process died holding it: before or after
      // its claim, which the claim tells apart.
      (job) => handler(job.data, job.attemptsStarted > 1),
      {
        connection: this.#connection,
        prefix: this.#options.prefix,
        concurrency: this.#options.concurrency,
        ...this.#locks,
      },
    );
    await this.#worker.waitUntilReady();
  }

  async create(record: ScheduleRecord): Promise<void> {
    const { timing, generation, cancelled, fires: _, ...stored } = record;
    const created = await this.#redis.hsetnx(this.#key("rec", record.id), "record", encode(stored));
    if (created === 0) throw new Error(`schedule ${record.id} exists already`);
    await this.#redis
      .multi()
      .hset(this.#key("rec", record.id), {
        timing: JSON.stringify(timing),
        generation: String(generation),
        cancelled: cancelled ? "1" : "0",
      })
      .zadd(this.#key("ids"), record.createdAt, record.id)
      .exec();
  }

  async get(id: string): Promise<ScheduleRecord | undefined> {
    const [rec, fires, states, results] = (await this.#redis
      .multi()
      .hgetall(this.#key("rec", id))
      .hgetall(this.#key("fires", id))
      .hgetall(this.#key("state", id))
      .hgetall(this.#key("result", id))
      .exec())!.map(([error, value]) => {
      if (error) throw error;
      return value as Record<string, string>;
    }) as [
      Record<string, string>,
      Record<string, string>,
      Record<string, string>,
      Record<string, string>,
    ];
    if (!rec.record) return undefined;
    const list: FireState[] = Object.entries(fires).map(([key, json]) => {
      const state = states[key] ?? "pending";
      const running = state.startsWith("running:");
      const result = results[key] ? (JSON.parse(results[key]) as FireResult) : undefined;
      return {
        ...(JSON.parse(json) as FireJob),
        status: (running ? "running" : state) as FireState["status"],
        ...(running ? { startedAt: Number(state.slice(8)) } : {}),
        ...result,
      };
    });
    return {
      ...decode<Stored>(rec.record),
      timing: JSON.parse(rec.timing!) as ScheduleTiming,
      generation: Number(rec.generation),
      cancelled: rec.cancelled === "1",
      fires: list,
    };
  }

  async list(): Promise<ScheduleRecord[]> {
    const ids = await this.#redis.zrange(this.#key("ids"), 0, -1);
    const records = await Promise.all(ids.map((id) => this.get(id)));
    return records.filter((r): r is ScheduleRecord => r !== undefined);
  }

  async update(
    id: string,
    change: { timing?: ScheduleTiming; generation?: number; cancelled?: boolean },
  ): Promise<void> {
    const fields: Record<string, string> = {};
    if (change.timing) fields.timing = JSON.stringify(change.timing);
    if (change.generation !== undefined) fields.generation = String(change.generation);
    if (change.cancelled !== undefined) fields.cancelled = change.cancelled ? "1" : "0";
    if (Object.keys(fields).length > 0) await this.#redis.hset(this.#key("rec", id), fields);
  }

  async enqueue(jobs: readonly FireJob[]): Promise<void> {
    for (const job of jobs) {
      // The fire's record first: a job whose record is missing would never be claimed.
      await this.#redis
        .multi()
        .hsetnx(this.#key("fires", job.scheduleId), job.key, JSON.stringify(job))
        .hsetnx(this.#key("state", job.scheduleId), job.key, "pending")
        .exec();
      await this.#queue.add("fire", job, {
        jobId: job.key, // BullMQ ignores a second job with the id of one it still has
        delay: Math.max(0, job.at - Date.now()),
        attempts: 1,
        removeOnComplete: { age: KEEP_COMPLETED_S },
        removeOnFail: { age: KEEP_FAILED_S },
      });
    }
  }

  async drop(id: string): Promise<void> {
    const states = await this.#redis.hgetall(this.#key("state", id));
    for (const [key, state] of Object.entries(states)) {
      if (state !== "pending") continue;
      await this.#redis.hset(this.#key("state", id), key, "dropped");
      await this.#queue.remove(key).catch(() => 0); // an active job is stopped by its claim instead
    }
  }

  async claim(job: FireJob, startedAt: number, rerun: boolean): Promise<FireClaim> {
    const won = await this.#redis.eval(
      CLAIM,
      2,
      this.#key("rec", job.scheduleId),
      this.#key("state", job.scheduleId),
      job.key,
      String(job.generation),
      rerun ? "1" : "0",
      String(startedAt),
    );
    return won === 1 ? "first" : won === 2 ? "rerun" : false;
  }

  async finish(job: FireJob, result: FireResult): Promise<void> {
    await this.#redis
      .multi()
      .hset(this.#key("result", job.scheduleId), job.key, JSON.stringify(result))
      .hset(this.#key("state", job.scheduleId), job.key, result.status)
      .exec();
  }

  /** Waits for fires running here to finish, then closes the worker, the queue and the connections it opened. */
  async close(): Promise<void> {
    await this.#worker?.close();
    await this.#queue.close();
    if (this.#ownRedis) await this.#redis.quit();
    else this.#redis.disconnect();
  }
}

/**
 * A durable scheduler on Redis for `createHerald({ scheduler })`. Give every process the same
 * Redis, `prefix`, `queueName`, adapters and `audiences`: any of them may fire a send another
 * scheduled.
 *
 * @example
 * const herald = createHerald({ adapters, audiences, scheduler: bullmqScheduler({ connection: { host: "redis" } }) });
 */
export function bullmqScheduler(options: BullMQSchedulerOptions = {}): BullMQScheduler {
  return new BullMQScheduler(options);
}
