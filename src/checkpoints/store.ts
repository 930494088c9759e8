import type { HeraldErrorCode } from "../transport/errors.js";

/** What a checkpoint remembers about the delivery itself, written once when it starts. */
export interface CheckpointMeta {
  /** Seed of the delivery's idempotency keys (the message's `idempotencyKey` or the delivery id). */
  keyBase: string;
  /** Digest of the message and its schedule: a resume must send the same message. */
  fingerprint: string;
  /** The target labels in order (`telegram:recipients`, `mastodon`): a resume must name the same. */
  targets: string[];
  /** When the delivery started, ms since the epoch. */
  startedAt: number;
}

/** A final outcome recorded for one recipient (or a single destination such as a feed). */
export type RecordedOutcome =
  | {
      /** The platform accepted it. */
      status: "sent";
      /** Platform ids of what was created. */
      ids: string[];
    }
  | {
      /** Refused, or perhaps delivered: never sent again by a resume. */
      status: "failed" | "unknown";
      /** The error's code. */
      code: HeraldErrorCode;
      /** The error's message (already free of secrets). */
      message: string;
    };

/**
 * One request's recipients, recorded before the request leaves and cleared when its outcome is
 * recorded. What is still recorded after a crash may have reached the platform.
 */
export interface InFlightBatch {
  /** Unique within the delivery. */
  id: string;
  /** Index of the target in `to`. */
  target: number;
  /**
   * The recipient ids in the order of the request (its idempotency key derives from them); `[""]`
   * for a single destination (a chat, a feed, a segment, a broadcast).
   */
  recipients: string[];
  /**
   * The position of each recipient in its target's stream (the first read is 0; invalid and
   * repeated recipients take a position too); `[0]` for a single destination.
   */
  positions: number[];
}

/** A recipient a resume looks up: its id and its position in the stream. */
export interface CheckpointRecipient {
  /** The recipient id (`""` for a single destination). */
  id: string;
  /** Its position in the target's stream (see {@link InFlightBatch.positions}). */
  position: number;
}

/** What {@link CheckpointStore.open} finds. */
export interface OpenedCheckpoint {
  /** The delivery's meta. */
  meta: CheckpointMeta;
  /** Batches recorded in flight and never settled. */
  inFlight: InFlightBatch[];
}

/**
 * Where a delivery records each recipient's progress so that `herald.resume` can continue it
 * after the process died. Herald ships {@link memoryCheckpoints} (the default) and
 * `redisCheckpoints` (`herald/redis`); implement this interface for another database. Every
 * method may be called concurrently for one delivery; `begin` must be durable when it resolves.
 */
export interface CheckpointStore {
  /** Records a new delivery; rejects when `deliveryId` already has a checkpoint. */
  create(deliveryId: string, meta: CheckpointMeta): Promise<void>;
  /** The delivery's meta and its batches in flight; `undefined` when it has no checkpoint. */
  open(deliveryId: string): Promise<OpenedCheckpoint | undefined>;
  /** Records a batch in flight; resolves once it is stored (the request leaves after that). */
  begin(deliveryId: string, batch: InFlightBatch): Promise<void>;
  /**
   * Records `outcome` for every recipient of the batch and clears it from in flight, at once;
   * with `outcome` undefined, only clears it (nothing was sent: it will be sent again).
   */
  settle(
    deliveryId: string,
    batch: InFlightBatch,
    outcome: RecordedOutcome | undefined,
  ): Promise<void>;
  /**
   * The outcomes recorded for these recipients of target `target`, in order (undefined: none).
   * Herald asks in stream order, one aligned chunk of `CHECKPOINT_CHUNK` (500) positions per
   * call, with every recipient it read in that chunk, so a store may key outcomes by id (robust
   * to a reordered stream) or by position (compact, as {@link memoryCheckpoints} does, which
   * then rejects with a `ValidationError` when the stream read again is not the one sent to).
   */
  lookup(
    deliveryId: string,
    target: number,
    recipients: readonly CheckpointRecipient[],
  ): Promise<Array<RecordedOutcome | undefined>>;
  /**
   * The delivery ended; `resumable` when something was left unsent (cancelled, or a recipients
   * stream failed). A store may forget a delivery that is not resumable.
   */
  finish(deliveryId: string, resumable: boolean): Promise<void>;
  /**
   * The listening position stored under `key` (`herald.listen` keeps one per source: the
   * cursor and the ids delivered since it), or undefined. Both built-in stores have it; a
   * store without it cannot keep listeners' positions.
   */
  readCursor?(key: string): Promise<string | undefined>;
  /** Stores a listening position under `key`, replacing the one before; durable when it resolves. */
  writeCursor?(key: string, value: string): Promise<void>;
}

/** The field of a recipient's outcome: target index and recipient id. */
export function outcomeField(target: number, recipient: string): string {
  return `${target}:${recipient}`;
}

/** Compact text form of an outcome for key-value stores: `s[ids]`, `f[code,message]`, `u[...]`. */
export function encodeOutcome(outcome: RecordedOutcome): string {
  if (outcome.status === "sent") {
    return outcome.ids.length === 0 ? "s" : `s${JSON.stringify(outcome.ids)}`;
  }
  return `${outcome.status === "failed" ? "f" : "u"}${JSON.stringify([outcome.code, outcome.message])}`;
}

/** Reads {@link encodeOutcome}'s form; `undefined` for anything else. */
export function decodeOutcome(text: string | null | undefined): RecordedOutcome | undefined {
  if (!text) return undefined;
  const kind = text[0];
  try {
    if (kind === "s") {
      const ids = text.length > 1 ? (JSON.parse(text.slice(1)) as unknown) : [];
      return { status: "sent", ids: Array.isArray(ids) ? ids.map(String) : [] };
    }
    if (kind === "f" || kind === "u") {
      const [code, message] = JSON.parse(text.slice(1)) as [HeraldErrorCode, string];
      return { status: kind === "f" ? "failed" : "unknown", code, message: String(message) };
    }
  } catch {
    return undefined;
  }
  return undefined;
}
