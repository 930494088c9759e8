import type { LimitRule } from "../adapters/contract.js";
import { type KeepAlive, type Release, unref } from "./keep-alive.js";

interface Waiter {
  grant: () => void;
  signal: AbortSignal | undefined;
}

interface KeySlots {
  /** Slots taken and not yet free again (in flight, or inside their window). */
  held: number;
  /** Callers waiting for a slot of this key, first come first served. */
  waiters: Waiter[];
  /** End of the pause of this key (a 429 on it), on the caller's clock; 0 when none. */
  pausedUntil: number;
  /** Ends the pause; no slot is granted while it is set. */
  pause: ReturnType<typeof setTimeout> | undefined;
}

/**
 * One limit rule for any number of keys, in this process: the chats of a per-chat rule
 * (Telegram's 1 message per second to a private chat, 20 per minute to a group), or the single
 * key of an account or route rule when no Redis shares the limits. `max` slots per key, each
 * held from its grant until `perMs` after its response arrived, so at most `max` requests start
 * in ANY window of `perMs` (sliding, not aligned), measured conservatively from the end of the
 * previous response: the platform, which sees a request somewhere between its start and its
 * end, never counts more. The same window as {@link WindowLimiter}'s on Redis.
 *
 * A small counter per key, dropped as soon as its window is over: a mass send to a million
 * chats touches a million keys once each and stays cheap. bottleneck's local limiter costs
 * about 0.5 ms of CPU per request (its datastore yields a timer turn on every submit, register
 * and free: bench/overhead.ts), so it runs only where its clustering is needed, on Redis.
 *
 * Per-chat limits are kept in this process only, also when Redis shares the account's limits:
 * a chat is normally written to by one sender at a time (see docs/delivery.md).
 */
export class KeyedWindows {
  readonly #rule: LimitRule;
  readonly #keepAlive: KeepAlive;
  readonly #keys = new Map<string, KeySlots>();

  /** Enforces `rule` for every key it is asked about. */
  constructor(rule: LimitRule, keepAlive: KeepAlive) {
    this.#rule = rule;
    this.#keepAlive = keepAlive;
  }

  /** Keys with a slot held or a caller waiting (the memory this limiter uses). */
  get size(): number {
    return this.#keys.size;
  }

  /** Waits for a slot of `key`; the returned function frees it `perMs` later. */
  take(key: string, signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const slots = this.#slots(key);
    if (slots.waiters.length === 0 && this.#free(slots)) {
      slots.held++;
      return Promise.resolve(this.#release(key, slots));
    }
    return this.#wait(key, slots, signal);
  }

  /** Grants no slot of `key` before `now + ms`; a shorter pause never cuts a longer one short. */
  pause(key: string, ms: number, now: number): void {
    const slots = this.#slots(key);
    if (now + ms <= slots.pausedUntil) return;
    slots.pausedUntil = now + ms;
    clearTimeout(slots.pause);
    slots.pause = setTimeout(() => {
      slots.pause = undefined;
      this.#wake(key, slots);
    }, ms);
    unref(slots.pause);
  }

  #slots(key: string): KeySlots {
    let slots = this.#keys.get(key);
    if (!slots) {
      slots = { held: 0, waiters: [], pausedUntil: 0, pause: undefined };
      this.#keys.set(key, slots);
    }
    return slots;
  }

  #free(slots: KeySlots): boolean {
    return slots.held < this.#rule.max && slots.pause === undefined;
  }

  #wait(key: string, slots: KeySlots, signal: AbortSignal | undefined): Promise<Release> {
    this.#keepAlive.enter();
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = {
        signal,
        grant: () => {
          signal?.removeEventListener("abort", onAbort);
          this.#keepAlive.leave();
          slots.held++;
          resolve(this.#release(key, slots));
        },
      };
      const onAbort = () => {
        const index = slots.waiters.indexOf(waiter);
        if (index >= 0) slots.waiters.splice(index, 1);
        this.#keepAlive.leave();
        this.#forgetIfIdle(key, slots);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      slots.waiters.push(waiter);
    });
  }

  #release(key: string, slots: KeySlots): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      unref(
        setTimeout(() => {
          slots.held--;
          this.#wake(key, slots);
        }, this.#rule.perMs),
      );
    };
  }

  /** Grants waiting callers the slots that are free, then drops the key if nothing is left. */
  #wake(key: string, slots: KeySlots): void {
    while (slots.waiters.length > 0 && this.#free(slots)) slots.waiters.shift()?.grant();
    this.#forgetIfIdle(key, slots);
  }

  #forgetIfIdle(key: string, slots: KeySlots): void {
    if (slots.held === 0 && slots.waiters.length === 0 && slots.pause === undefined) {
      this.#keys.delete(key);
    }
  }
}
