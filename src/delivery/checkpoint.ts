import type { Operation } from "../adapters/contract.js";
import type {
  CheckpointRecipient,
  CheckpointStore,
  InFlightBatch,
  RecordedOutcome,
} from "../checkpoints/store.js";
import { DependencyUnavailableError, HeraldError } from "../transport/errors.js";
import type { ExecutionOutcome } from "./execute.js";

/** How a delivery run writes to its checkpoint store, and what it remembers of failed writes. */
export class RunCheckpoint {
  readonly #store: CheckpointStore;
  readonly #id: string;
  /** Tells this run's batch ids from an earlier run's. */
  readonly #run = crypto.randomUUID().slice(0, 8);
  #seq = 0;
  /** The first failed write after the run started (its in-flight records may be stale). */
  failure: string | undefined;

  /** Writes the checkpoint of delivery `deliveryId` to `store`. */
  constructor(store: CheckpointStore, deliveryId: string) {
    this.#store = store;
    this.#id = deliveryId;
  }

  /** A new batch of target `target`: the recipients and their stream positions. */
  batch(target: number, recipients: string[], positions: number[]): InFlightBatch {
    return { id: `${this.#run}.${this.#seq++}`, target, recipients, positions };
  }

  /** Records the batch in flight; rejects (and the request is not sent) when the store fails. */
  async begin(batch: InFlightBatch): Promise<void> {
    try {
      await this.#store.begin(this.#id, batch);
    } catch (error) {
      throw new DependencyUnavailableError(
        "checkpoints",
        `not sent: the checkpoint store failed: ${reason(error)}`,
      );
    }
  }

  /**
   * Records the batch's outcome. A `skipped` batch (cancelled) is recorded as nothing: when its
   * request had not left, or left without a key and was provably not processed (no id back,
   * and an unkeyed request is retried only after a 429 or a refused connection), it is cleared
   * and a resume sends it; otherwise it stays in flight, and a resume resends it under the same
   * key or reports it `unknown`.
   */
  async settle(
    batch: InFlightBatch,
    outcome: ExecutionOutcome,
    state: { begun: boolean; keyed: boolean },
  ): Promise<void> {
    let recorded: RecordedOutcome | undefined;
    if (outcome.status === "skipped") {
      if (!state.begun || state.keyed || outcome.ids.length > 0) return;
    } else if (outcome.status === "sent") {
      recorded = { status: "sent", ids: outcome.ids };
    } else {
      const error =
        outcome.error ?? new HeraldError("internal", "not sent, and no error recorded why");
      recorded = { status: outcome.status, code: error.code, message: error.message };
    }
    try {
      await this.#store.settle(this.#id, batch, recorded);
    } catch (error) {
      this.failure ??= reason(error);
    }
  }

  /** The outcomes recorded for these recipients of a target. */
  lookup(
    target: number,
    recipients: readonly CheckpointRecipient[],
  ): Promise<Array<RecordedOutcome | undefined>> {
    return this.#store.lookup(this.#id, target, recipients);
  }

  /** Tells the store the delivery ended. */
  async finish(resumable: boolean): Promise<void> {
    try {
      await this.#store.finish(this.#id, resumable);
    } catch (error) {
      this.failure ??= reason(error);
    }
  }
}

/** Whether every request can be resent without sending twice (a platform key, or safe). */
export function keyed(operations: readonly Operation[]): boolean {
  return operations.every((o) => o.idempotency !== "none");
}

/** The outcome an earlier run recorded, as a resumed run reports it. */
export function recordedOutcome(recorded: RecordedOutcome, platform: string): ExecutionOutcome {
  if (recorded.status === "sent") return { status: "sent", ids: recorded.ids, notes: [] };
  return {
    status: recorded.status,
    ids: [],
    notes: [],
    error: new HeraldError(recorded.code, recorded.message, platform),
  };
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** FNV-1a over bytes (32 bits): a cheap stand-in for media bytes inside the fingerprint. */
function fnv1a(bytes: Uint8Array): string {
  let hash = 0x811c9dc5; // FNV-1a 32-bit offset basis (RFC draft-eastlake-fnv)
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0; // FNV 32-bit prime
  return hash.toString(16);
}

/** `value` with object keys sorted and bytes summarized, so equal messages give equal text. */
function canonical(value: unknown): unknown {
  if (value instanceof Uint8Array) return { bytes: value.length, fnv1a: fnv1a(value) };
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = canonical(v);
    }
    return out;
  }
  return value;
}

/** SHA-256 (hex) of the message and schedule: what a resume must send again unchanged. */
export async function fingerprintOf(
  message: unknown,
  at: string | Date | undefined,
): Promise<string> {
  const text = JSON.stringify(canonical({ message, at }));
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
