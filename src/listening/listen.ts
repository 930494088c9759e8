import { ValidationError } from "../transport/errors.js";
import { Listener } from "./listener.js";
import { checkQuery, planSources } from "./plan.js";
import type { ListeningEnvironment, ListenOptions } from "./types.js";

/**
 * Starts a listener over the client's runtimes (see {@link Listener}). Throws a
 * `ValidationError` before any request for a query or an account it cannot follow, or a
 * cursor store that cannot keep listening positions.
 */
export function listen(env: ListeningEnvironment, options: ListenOptions): Listener {
  if (typeof options !== "object" || options === null) {
    throw new ValidationError("options", "an object with `to` and what to follow", {
      hint: 'herald.listen({ to: "mastodon", mentions: true })',
    });
  }
  const query = checkQuery(options);
  const plans = planSources(env.adapters, options, query);
  const store = options.cursors === false ? undefined : (options.cursors ?? env.checkpoints);
  if (
    store &&
    (typeof store.readCursor !== "function" || typeof store.writeCursor !== "function")
  ) {
    throw new ValidationError("cursors", "a store with readCursor and writeCursor", {
      hint: "memoryCheckpoints() and redisCheckpoints(redis) (herald/redis) have them",
    });
  }
  const { intervalMs, dedupeWindow } = options;
  for (const [field, value] of [
    ["intervalMs", intervalMs],
    ["dedupeWindow", dedupeWindow],
  ] as const) {
    if (value !== undefined && (!Number.isFinite(value) || value < 0)) {
      throw new ValidationError(field, "a number of 0 or more");
    }
  }
  return new Listener(
    env,
    plans,
    query,
    {
      store,
      ...(intervalMs !== undefined ? { intervalMs } : {}),
      ...(dedupeWindow !== undefined ? { dedupeWindow: Math.max(1, dedupeWindow) } : {}),
    },
    options.signal,
  );
}
