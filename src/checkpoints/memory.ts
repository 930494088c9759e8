import { ValidationError } from "../transport/errors.js";
import { CHECKPOINT_CHUNK, PositionDigests, PositionRuns } from "./positions.js";
import type {
  CheckpointMeta,
  CheckpointRecipient,
  CheckpointStore,
  InFlightBatch,
  OpenedCheckpoint,
  RecordedOutcome,
} from "./store.js";

/** Options of {@link memoryCheckpoints}. */
export interface MemoryCheckpointOptions {
  /**
   * Entries kept per delivery before its checkpoint is dropped (default 100,000, our choice:
   * about 10 MB): one per recipient that was not sent, plus one per gap between runs of sent
   * recipients. Sent recipients of a stream are kept as runs of positions, so a send where
   * nearly everyone is sent stays small at any size. A dropped checkpoint cannot be resumed; use
   * `redisCheckpoints` (`herald/redis`) for sends with many failures.
   */
  maxRecipients?: number;
}

/** Default of {@link MemoryCheckpointOptions.maxRecipients}. */
const DEFAULT_MAX_RECIPIENTS = 100_000;

/** One target's record: sent positions as runs, the other outcomes by position with their id. */
interface TargetRecord {
  sent: PositionRuns;
  digests: PositionDigests;
  others: Map<number, { id: string; outcome: RecordedOutcome }>;
}

interface Entry {
  meta: CheckpointMeta;
  targets: Map<number, TargetRecord>;
  inFlight: Map<string, InFlightBatch>;
  size: number;
  dropped: boolean;
}

/** Shared by every `sent` outcome without ids, so a large send stores one object for them all. */
const SENT: RecordedOutcome = Object.freeze({ status: "sent", ids: [] as string[] });

function recordOf(entry: Entry, target: number): TargetRecord {
  let record = entry.targets.get(target);
  if (!record) {
    record = { sent: new PositionRuns(), digests: new PositionDigests(), others: new Map() };
    entry.targets.set(target, record);
  }
  return record;
}

/**
 * Checks that the recipients read again stand where the recorded ones stood: per chunk, the
 * digest of the looked-up recipients at sent positions must equal the recorded one.
 */
function checkSameStream(
  record: TargetRecord,
  target: number,
  recipients: readonly CheckpointRecipient[],
): void {
  const again = new PositionDigests();
  const chunks = new Set<number>();
  let otherMoved = false;
  for (const { id, position } of recipients) {
    chunks.add(Math.floor(position / CHECKPOINT_CHUNK));
    if (record.sent.has(position)) again.add(position, id);
    const other = record.others.get(position);
    if (other && other.id !== id) otherMoved = true;
  }
  for (const chunk of chunks) {
    if (otherMoved || !again.matches(chunk, record.digests)) {
      throw new ValidationError(
        `to[${target}].recipients`,
        "not the recipients the delivery was sent to, in the same order",
        { hint: "a resume reads the same stream again from its start, in the same order" },
      );
    }
  }
}

/**
 * A {@link CheckpointStore} in this process's memory: the default. It lets a delivery that was
 * cancelled, or whose recipients stream failed, be resumed by the same client, but not survive
 * the process; use `redisCheckpoints` for that. It keeps sent recipients as runs of stream
 * positions (with a digest of who stood there, so a resume with another stream is refused) and
 * the others by position: its size grows with what was not sent, not with the audience. It
 * forgets a delivery that finished with nothing left to send, and drops the checkpoint of one
 * that passes `maxRecipients` entries. A resumed report lists recipients sent earlier without
 * their platform ids (single destinations keep theirs).
 */
export function memoryCheckpoints(options: MemoryCheckpointOptions = {}): CheckpointStore {
  const max = options.maxRecipients ?? DEFAULT_MAX_RECIPIENTS;
  const entries = new Map<string, Entry>();
  const cursors = new Map<string, string>();
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
      entries.set(id, { meta, targets: new Map(), inFlight: new Map(), size: 0, dropped: false });
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
      const record = recordOf(entry, batch.target);
      const before = record.sent.runs + record.others.size;
      batch.recipients.forEach((recipient, i) => {
        const position = batch.positions[i]!;
        // a single destination ("") keeps its platform ids; recipients sent become runs
        if (outcome.status === "sent" && recipient !== "") {
          record.sent.add(position);
          record.digests.add(position, recipient);
        } else {
          const stored = outcome.status === "sent" && outcome.ids.length === 0 ? SENT : outcome;
          record.others.set(position, { id: recipient, outcome: stored });
        }
      });
      entry.size += record.sent.runs + record.others.size - before;
      if (entry.size > max) {
        entry.dropped = true;
        entry.targets.clear();
        entry.inFlight.clear();
      }
    },
    async lookup(id, target, recipients) {
      const record = live(id)?.targets.get(target);
      if (!record) return recipients.map(() => undefined);
      checkSameStream(record, target, recipients);
      return recipients.map(({ position }) => {
        const other = record.others.get(position);
        if (other) return other.outcome;
        return record.sent.has(position) ? SENT : undefined;
      });
    },
    async finish(id, resumable) {
      if (!resumable) entries.delete(id);
    },
    async readCursor(key) {
      return cursors.get(key);
    },
    async writeCursor(key, value) {
      cursors.set(key, value);
    },
  };
}
