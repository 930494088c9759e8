import { ValidationError } from "../transport/errors.js";
import {
  type CheckpointMeta,
  type CheckpointStore,
  type InFlightBatch,
  type OpenedCheckpoint,
  outcomeField,
  type RecordedOutcome,
} from "./store.js";

/** Options of {@link memoryCheckpoints}. */
export interface MemoryCheckpointOptions {
  /**
   * Recipients recorded per delivery before its checkpoint is dropped (default 100,000, our
   * choice: about 15 MB), so that a million-recipient send keeps memory flat. A dropped
   * checkpoint cannot be resumed; use `redisCheckpoints` (`herald/redis`) for large sends.
   */
  maxRecipients?: number;
}

/** Default of {@link MemoryCheckpointOptions.maxRecipients}. */
const DEFAULT_MAX_RECIPIENTS = 100_000;

interface Entry {
  meta: CheckpointMeta;
  outcomes: Map<string, RecordedOutcome>;
  inFlight: Map<string, InFlightBatch>;
  dropped: boolean;
}

/** Shared by every `sent` outcome without ids, so a large send stores one object for them all. */
const SENT: RecordedOutcome = Object.freeze({ status: "sent", ids: [] as string[] });

/**
 * A {@link CheckpointStore} in this process's memory: the default. It lets a delivery that was
 * cancelled, or whose recipients stream failed, be resumed by the same client, but not survive
 * the process; use `redisCheckpoints` for that. It forgets a delivery that finished with
 * nothing left to send, and drops the checkpoint of one that passes `maxRecipients`.
 */
export function memoryCheckpoints(options: MemoryCheckpointOptions = {}): CheckpointStore {
  const max = options.maxRecipients ?? DEFAULT_MAX_RECIPIENTS;
  const entries = new Map<string, Entry>();
  const live = (id: string): Entry | undefined => {
    const entry = entries.get(id);
    return entry && !entry.dropped ? entry : undefined;
  };
  return {
    async create(id, meta) {
      if (entries.has(id)) {
        throw new ValidationError("id", `delivery ${id} already has a checkpoint`, {
          hint: "resume it with herald.resume, or give the new delivery another id",
        });
      }
      entries.set(id, { meta, outcomes: new Map(), inFlight: new Map(), dropped: false });
    },
    async open(id): Promise<OpenedCheckpoint | undefined> {
      const entry = entries.get(id);
      if (!entry) return undefined;
      if (entry.dropped) {
        throw new ValidationError(
          "deliveryId",
          `its in-memory checkpoint passed ${max} recipients and was dropped`,
          { hint: "use redisCheckpoints for large sends, or raise maxRecipients" },
        );
      }
      return { meta: entry.meta, inFlight: [...entry.inFlight.values()] };
    },
    async begin(id, batch) {
      live(id)?.inFlight.set(batch.id, batch);
    },
    async settle(id, batch, outcome) {
      const entry = live(id);
      if (!entry) return;
      entry.inFlight.delete(batch.id);
      if (!outcome) return;
      const stored = outcome.status === "sent" && outcome.ids.length === 0 ? SENT : outcome;
      for (const r of batch.recipients) entry.outcomes.set(outcomeField(batch.target, r), stored);
      if (entry.outcomes.size > max) {
        entry.dropped = true;
        entry.outcomes.clear();
        entry.inFlight.clear();
      }
    },
    async lookup(id, target, recipients) {
      const entry = live(id);
      return recipients.map((r) => entry?.outcomes.get(outcomeField(target, r)));
    },
    async finish(id, resumable) {
      if (!resumable) entries.delete(id);
    },
  };
}
