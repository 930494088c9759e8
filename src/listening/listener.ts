import { EventEmitter } from "eventemitter3";
import type { CheckpointStore } from "../checkpoints/store.js";
import type { ListenQuery } from "../contract/listening.js";
import { DuplicateGuard } from "../delivery/duplicates.js";
import { CancelledError } from "../transport/errors.js";
import { untilAborted } from "../util/abortable.js";
import { CancelScope } from "../util/cancel.js";
import { Gate } from "../util/gate.js";
import type { SourceHost, SourcePlan } from "./poll.js";
import type { ListenedItem, ListenerEvents, ListeningEnvironment, ListenOptions } from "./types.js";

/** Default of {@link ListenOptions.dedupeWindow}: our choice, a few hours of a busy brand's mentions. */
const DEFAULT_DEDUPE_WINDOW = 10_000;

/** An item waiting for the iterator, with what acknowledges it. */
interface Waiting {
  item: ListenedItem;
  ack: () => void;
  drop: (error: unknown) => void;
}

/**
 * A running listen: an event emitter (`on("mention" | "keyword" | "comment" | "message" |
 * "item", ...)`, plus `error`, `poll`, `rate-limited` and `close`) and an `AsyncIterable` of
 * the same items. An item counts as delivered, and its source's position moves past it, once
 * every handler of its kind (and of `item`) has returned (or its promise resolved) and, when
 * iterating, once the loop asks for the next item. A handler that throws stops its source,
 * its position before that item (an `error` event with `fatal: true`).
 */
export class Listener extends EventEmitter<ListenerEvents> implements AsyncIterable<ListenedItem> {
  readonly #controller = new AbortController();
  readonly #gate = new Gate();
  readonly #queue: Waiting[] = [];
  readonly #report: (message: string, error: unknown) => void;
  #iterating = false;
  #handed: Waiting | undefined;
  #wake: (() => void) | undefined;
  #running: Promise<void> = Promise.resolve();

  /** @internal Built by `herald.listen`. */
  constructor(
    env: ListeningEnvironment,
    plans: readonly SourcePlan[],
    query: ListenQuery,
    options: { store: CheckpointStore | undefined; intervalMs?: number; dedupeWindow?: number },
    signal?: AbortSignal,
  ) {
    super();
    this.#report = env.report;
    if (signal?.aborted) this.#controller.abort();
    signal?.addEventListener("abort", () => void this.close(), { once: true });
    const host: SourceHost = {
      env,
      store: options.store,
      query,
      guard: new DuplicateGuard(options.dedupeWindow ?? DEFAULT_DEDUPE_WINDOW),
      gate: this.#gate,
      signal: this.#controller.signal,
      cancel: new CancelScope(this.#controller.signal),
      intervalMs: options.intervalMs,
      deliver: (item) => this.#deliver(item),
      emit: (event, ...args) => {
        if (event === "error" && this.listenerCount("error") === 0) {
          const [e] = args as Parameters<ListenerEvents["error"]>;
          this.#report(`listener ${e.platform}@${e.account} ${e.source}`, e.error);
          return;
        }
        (this.emit as (event: string, ...rest: unknown[]) => boolean)(event, ...args);
      },
    };
    // the polling code loads on first use: a client that never listens never bundles it
    this.#running = import("./poll.js").then(({ runSource }) =>
      Promise.all(plans.map((plan) => runSource(host, plan))).then(() => {}),
    );
  }

  /** Whether `close()` was called (or the signal aborted). */
  get closed(): boolean {
    return this.#controller.signal.aborted;
  }

  /** Whether polling is paused. */
  get paused(): boolean {
    return this.#gate.paused;
  }

  /** Stops polling (requests already sent finish; their items wait); `resume()` goes on. */
  pause(): void {
    this.#gate.pause();
  }

  /** Goes on after `pause()`. */
  resume(): void {
    this.#gate.resume();
  }

  /**
   * Stops every source: waits are aborted at once, a request in flight is left to its
   * timeout (its answer is dropped, its items stay undelivered), items not handed out stay
   * undelivered for the next listener. Resolves once every source has stopped and its last
   * position write has settled; emits `close`.
   */
  async close(): Promise<void> {
    if (!this.closed) {
      this.#controller.abort(new CancelledError("the listener was closed"));
      this.#gate.resume();
      for (const waiting of this.#queue.splice(0)) waiting.drop(new CancelledError());
      this.#wake?.();
      await this.#running;
      this.emit("close");
      return;
    }
    await this.#running;
  }

  /** Hands an item to the handlers, then to the iterator when one runs. */
  async #deliver(item: ListenedItem): Promise<void> {
    if (this.closed) throw new CancelledError();
    const handlers = [...this.listeners(item.kind), ...this.listeners("item")];
    // a handler that never settles does not hold `close()`: the item stays undelivered
    await untilAborted(
      Promise.all(handlers.map(async (handler) => handler(item))),
      this.#controller.signal,
    );
    if (!this.#iterating) return;
    await new Promise<void>((ack, drop) => {
      if (this.closed) {
        drop(new CancelledError());
        return;
      }
      this.#queue.push({ item, ack, drop });
      this.#wake?.();
    });
  }

  /** The items, as they are heard; ending the loop (`break`) closes the listener. */
  async *[Symbol.asyncIterator](): AsyncIterator<ListenedItem> {
    if (this.#iterating) throw new Error("a listener can be iterated by one loop at a time");
    this.#iterating = true;
    try {
      for (;;) {
        // the loop asks for the next item: the one handed out before is done with
        this.#handed?.ack();
        this.#handed = undefined;
        while (this.#queue.length === 0 && !this.closed) {
          await new Promise<void>((wake) => {
            this.#wake = wake;
          });
          this.#wake = undefined;
        }
        const next = this.#queue.shift();
        if (!next) return;
        this.#handed = next;
        yield next.item;
      }
    } finally {
      // a loop that breaks is done with its last item
      this.#handed?.ack();
      this.#handed = undefined;
      await this.close();
    }
  }
}
