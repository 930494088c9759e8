import type { RedisHealth } from "./redis-health.js";

/**
 * bottleneck rebuilds a limiter's keys that Redis lost (a restart, a failover, a flush) when a
 * script answers `SETTINGS_KEY_NOT_FOUND` or `UNKNOWN_CLIENT`, which it compares exactly. Redis 7
 * prefixes script errors with `ERR `, so the rebuild never happens and the limiter stalls
 * (https://github.com/SGrondin/bottleneck/issues/205 and /212, unfixed in 2.19.5, its last
 * release): the prefix is taken off for these two.
 */
const RECOVERABLE = /\b(SETTINGS_KEY_NOT_FOUND|UNKNOWN_CLIENT)\b/;

/** The limiter a script runs for, from its first key: bottleneck's `b_<id>_settings`. */
const SETTINGS_KEY = /^b_(.*)_settings$/;

/**
 * Makes bottleneck's `init` script create the settings with no slot to grant (`reservoir` 0):
 * the keys of a limiter that Redis lost are made again paused, in the same script, so the call
 * bottleneck retries right after cannot be granted a slot that Redis forgot was taken. The
 * limiter's own pause (one window) lifts it. `args` are the script's: key count, keys, then
 * `now`, client id, `clear`, version and the settings as name, value pairs.
 */
function initPaused(args: unknown[]): void {
  const settings = 1 + Number(args[0]) + 4;
  for (let i = settings; i + 1 < args.length; i += 2) {
    if (args[i] === "reservoir") args[i + 1] = "0";
  }
}

type ScriptCallback = (error: Error | null | undefined, replies: unknown) => void;

/** The part of bottleneck's connection its datastore runs scripts through (bottleneck 2.19). */
interface ScriptConnection {
  __scriptFn__(name: string): (...args: unknown[]) => unknown;
}

/**
 * Runs every script bottleneck sends through `connection` past `health` (each call, whether
 * Redis answered it, and which limiter's keys it found gone), and lets bottleneck recover keys
 * that Redis 7 reports lost.
 */
export function watchScripts(connection: object, health: RedisHealth): void {
  const target = connection as ScriptConnection;
  const original = target.__scriptFn__.bind(target);
  /** Limiters whose keys Redis reported gone, and whose keys are not made again yet. */
  const lostKeys = new Set<string>();
  target.__scriptFn__ = (name) => {
    const run = original(name);
    return (...args) => {
      const callback = args.pop() as ScriptCallback;
      if (name === "init") {
        const owner = SETTINGS_KEY.exec(String(args[1]))?.[1];
        if (owner !== undefined && lostKeys.delete(owner)) initPaused(args);
      }
      const end = health.call();
      return run(...args, ((error, replies) => {
        const lost = error ? RECOVERABLE.exec(error.message)?.[1] : undefined;
        // a lost key is an answer: Redis is there, and bottleneck rebuilds the key
        end(Boolean(error) && lost === undefined);
        const owner = lost ? SETTINGS_KEY.exec(String(args[1]))?.[1] : undefined;
        if (owner !== undefined) {
          lostKeys.add(owner);
          health.keysLost(owner);
        }
        callback(lost ? new Error(lost, { cause: error }) : error, replies);
      }) satisfies ScriptCallback);
    };
  };
}
