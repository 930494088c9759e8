import type { PlatformAdapter } from "../adapters/contract.js";
import type { CheckpointStore } from "../checkpoints/store.js";
import type { Clock } from "../clock.js";
import type { HeardItem, HeardKind, ListenQuery } from "../contract/listening.js";
import type { AccountRuntime } from "../delivery/execute.js";
import type { RetryPolicy } from "../delivery/retry-policy.js";
import type { HeraldError } from "../transport/errors.js";
import type { Redactor } from "../transport/redact.js";

/** What `herald.listen` is given: what to follow, where, and where to keep the positions. */
export interface ListenOptions extends ListenQuery {
  /**
   * The platform accounts to follow, as in `send`: `"mastodon"` (its default account) or
   * `"x@brand"`; one or a list. Each must have an adapter with a listening facet.
   */
  to: string | readonly string[];
  /**
   * Where each source keeps its position (cursor and the ids delivered since): the client's
   * `checkpoints` by default (`memoryCheckpoints()`, or `redisCheckpoints(redis)` to survive a
   * restart); `false` keeps them in this listener only.
   */
  cursors?: CheckpointStore | false;
  /**
   * The listener's name in its cursor keys (default: derived from the query). Two listeners with
   * the same name and query share positions: give each consumer its own name.
   */
  name?: string;
  /** Wait between two polls of a source when nothing more is waiting, in ms (default: the platform's). */
  intervalMs?: number;
  /**
   * Distinct item ids remembered to drop repeats across sources (default 10,000, our choice: a
   * few hours of a busy brand); the positions make restarts repeat-free beyond it.
   */
  dedupeWindow?: number;
  /** Closes the listener when it aborts. */
  signal?: AbortSignal;
}

/** One item a listener heard, with where it was heard. */
export interface ListenedItem<R = unknown> extends HeardItem<R> {
  /** Platform name (`mastodon`). */
  platform: string;
  /** Account name (`default`). */
  account: string;
  /** The source it came from (`mentions`, `tag:acmesale`). */
  source: string;
}

/** Where a listener event happened. */
export interface ListenPlace {
  /** Platform name. */
  platform: string;
  /** Account name. */
  account: string;
  /** Source id. */
  source: string;
}

/** A failed poll or handler, as `error` events report it. */
export interface ListenErrorEvent extends ListenPlace {
  /** What went wrong (secrets redacted). */
  error: HeraldError;
  /**
   * True when the source stopped (credentials refused, a webhook in the way, a handler that
   * threw); its position stays before the item not delivered. Else the source retries after a
   * backoff.
   */
  fatal: boolean;
  /** With `fatal: false`: the wait before the next poll, in ms. */
  retryInMs?: number;
}

/** A successful poll, as `poll` events report it (health). */
export interface ListenPollEvent extends ListenPlace {
  /** Items delivered from this answer (after dedupe). */
  delivered: number;
  /** When it was read (ms since the epoch, the client's clock). */
  at: number;
}

/** A rate-limit answer met while polling. */
export interface ListenRateLimitedEvent extends ListenPlace {
  /** How long the platform asked to wait, in ms, when it said. */
  retryAfterMs: number | undefined;
}

/** The events of a {@link ListenerEvents} emitter. */
export type ListenerEvents = {
  [K in HeardKind]: (item: ListenedItem) => unknown;
} & {
  /** Every item, whatever its kind. */
  item: (item: ListenedItem) => unknown;
  /** A poll or a handler failed. */
  error: (event: ListenErrorEvent) => void;
  /** A poll answered (health and progress). */
  poll: (event: ListenPollEvent) => void;
  /** The platform signalled a rate limit. */
  "rate-limited": (event: ListenRateLimitedEvent) => void;
  /** The listener closed. */
  close: () => void;
};

/** What listeners need from the client: the same runtimes sends use. */
export interface ListeningEnvironment {
  /** The client's adapters. */
  adapters: readonly PlatformAdapter[];
  /** The runtime (transport, limiters, quota ledger) of one adapter account, shared with sends. */
  runtimeOf(adapter: PlatformAdapter, account: string): AccountRuntime;
  /** Retry policy (also the backoff between failed polls). */
  policy: RetryPolicy;
  /** Time source. */
  clock: Clock;
  /** Secret redaction. */
  redactor: Redactor;
  /** The client's checkpoint store (the default for `cursors`). */
  checkpoints: CheckpointStore | undefined;
  /** Where an `error` event nobody listens to goes (the client's logger, else the console). */
  report(message: string, error: unknown): void;
}
