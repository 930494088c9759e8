import { EventEmitter } from "eventemitter3";

/** A webhook event handler; it may be async: the core awaits it and reports a rejection. */
export type WebhookHandler<P> = (event: P) => unknown;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

type AnyHandler = (event: unknown) => unknown;

/** Collects what the handlers of one emit returned (or threw). */
type Sink = (outcome: { value: unknown } | { error: unknown }) => void;

/**
 * The one listener function every handler is registered with; the handler itself is the
 * eventemitter3 `context`, so `off(name, handler)` finds exactly that registration (and `once`
 * registrations are removed by eventemitter3 before they run).
 */
function invoke(this: AnyHandler, event: unknown, sink: Sink): void {
  try {
    sink({ value: this(event) });
  } catch (error) {
    sink({ error });
  }
}

/**
 * An event emitter whose emit waits for async handlers and returns what they threw. Built on
 * eventemitter3; names and payloads are typed by `M` (name → payload).
 */
export class HandlerRegistry<M extends object> {
  readonly #emitter = new EventEmitter();

  /** Adds a handler. */
  on<K extends keyof M & string>(name: K, handler: WebhookHandler<M[K]>): void {
    this.#emitter.on(name, invoke, handler);
  }

  /** Adds a handler that runs for the next event only. */
  once<K extends keyof M & string>(name: K, handler: WebhookHandler<M[K]>): void {
    this.#emitter.once(name, invoke, handler);
  }

  /** Removes a handler, or every handler of `name` when none is given. */
  off<K extends keyof M & string>(name: K, handler?: WebhookHandler<M[K]>): void {
    if (handler === undefined) this.#emitter.removeAllListeners(name);
    else this.#emitter.off(name, invoke, handler);
  }

  /** How many handlers `name` has. */
  count(name: string): number {
    return this.#emitter.listenerCount(name);
  }

  /**
   * Runs every handler of `name` with `event` (all started at once) and resolves, once they
   * have all settled, with what they threw or rejected with. Never rejects.
   */
  async emit(name: string, event: unknown): Promise<unknown[]> {
    const pending: Array<Promise<unknown>> = [];
    const errors: unknown[] = [];
    this.#emitter.emit(name, event, (outcome: { value: unknown } | { error: unknown }) => {
      if ("error" in outcome) errors.push(outcome.error);
      else if (isThenable(outcome.value)) pending.push(Promise.resolve(outcome.value));
    });
    for (const result of await Promise.allSettled(pending)) {
      if (result.status === "rejected") errors.push(result.reason);
    }
    return errors;
  }
}
