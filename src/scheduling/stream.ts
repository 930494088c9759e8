import type { Clock } from "../clock.js";
import type { Recipient } from "../message/target.js";

type Recipients = Iterable<Recipient> | AsyncIterable<Recipient>;

/** The recipients `keep` accepts: an array stays an array (its size stays known), a stream stays a stream. */
export function filterRecipients(
  source: Recipients,
  keep: ((recipient: Recipient) => boolean) | undefined,
): Recipients {
  if (!keep) return source;
  if (Array.isArray(source)) return (source as Recipient[]).filter(keep);
  return (async function* () {
    for await (const recipient of source) if (keep(recipient)) yield recipient;
  })();
}

/** How many recipients a stream holds (reads it to the end). */
export async function countRecipients(source: Recipients): Promise<number> {
  if (Array.isArray(source)) return source.length;
  let count = 0;
  for await (const _ of source) count++;
  return count;
}

/**
 * Paces `source` so that `total` recipients come out evenly over `spreadMs` from now: recipient
 * k is released at `start + k * spreadMs / total`. The delivery reads recipients only as fast
 * as this releases them, so the send as a whole takes about `spreadMs`.
 */
export async function* pace(
  source: Recipients,
  total: number,
  spreadMs: number,
  clock: Clock,
  signal: AbortSignal,
): AsyncGenerator<Recipient> {
  const start = clock.now();
  let k = 0;
  for await (const recipient of source) {
    const wait = start + Math.floor((k++ * spreadMs) / Math.max(1, total)) - clock.now();
    if (wait > 0) {
      try {
        await clock.sleep(wait, signal);
      } catch {
        // cancelled: hand the rest over at once, the delivery reports it skipped
      }
    }
    yield recipient;
  }
}
