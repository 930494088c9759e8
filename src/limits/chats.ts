import type { LimitRule } from "../adapters/contract.js";
import { type KeepAlive, type Release, unref } from "./keep-alive.js";

interface Waiter {
  grant: () => void;
  signal: AbortSignal | undefined;
}

interface ChatSlots {
  /** Slots taken and not yet free again (in flight, or inside their window). */
  held: number;
  /** Callers waiting for a slot of this chat, first come first served. */
  waiters: Waiter[];
  /** End of the pause of this chat (a 429 on it), on the caller's clock; 0 when none. */
  pausedUntil: number;
  /** Ends the pause; no slot is granted while it is set. */
  pause: ReturnType<typeof setTimeout> | undefined;
}

/**
 * One per-chat rule (Telegram's 1 message per second to a private chat, 20 per minute to a
 * group) for any number of chats, without a bottleneck per chat: a mass send to a million
 * chats touches a million chats once each, and a small counter per chat, dropped as soon as its
 * window is over, keeps that cheap. The window is the same as {@link WindowLimiter}'s: `max`
 * slots per chat, each held from its grant until `perMs` after its response arrived.
 *
 * Per-chat limits are kept in this process only, also when Redis shares the account's limits:
 * a chat is normally written to by one sender at a time (see docs/delivery.md).
 */
export class ChatWindows {
  readonly #rule: LimitRule;
  readonly #keepAlive: KeepAlive;
  readonly #chats = new Map<string, ChatSlots>();

  /** Enforces `rule` for every chat it is asked about. */
  constructor(rule: LimitRule, keepAlive: KeepAlive) {
    this.#rule = rule;
    this.#keepAlive = keepAlive;
  }

  /** Chats with a slot held or a caller waiting (the memory this limiter uses). */
  get size(): number {
    return this.#chats.size;
  }

  /** Waits for a slot of `chat`; the returned function frees it `perMs` later. */
  take(chat: string, signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const slots = this.#slots(chat);
    if (slots.waiters.length === 0 && this.#free(slots)) {
      slots.held++;
      return Promise.resolve(this.#release(chat, slots));
    }
    return this.#wait(chat, slots, signal);
  }

  /** Grants no slot of `chat` before `now + ms`; a shorter pause never cuts a longer one short. */
  pause(chat: string, ms: number, now: number): void {
    const slots = this.#slots(chat);
    if (now + ms <= slots.pausedUntil) return;
    slots.pausedUntil = now + ms;
    clearTimeout(slots.pause);
    slots.pause = setTimeout(() => {
      slots.pause = undefined;
      this.#wake(chat, slots);
    }, ms);
    unref(slots.pause);
  }

  #slots(chat: string): ChatSlots {
    let slots = this.#chats.get(chat);
    if (!slots) {
      slots = { held: 0, waiters: [], pausedUntil: 0, pause: undefined };
      this.#chats.set(chat, slots);
    }
    return slots;
  }

  #free(slots: ChatSlots): boolean {
    return slots.held < this.#rule.max && slots.pause === undefined;
  }

  #wait(chat: string, slots: ChatSlots, signal: AbortSignal | undefined): Promise<Release> {
    this.#keepAlive.enter();
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = {
        signal,
        grant: () => {
          signal?.removeEventListener("abort", onAbort);
          this.#keepAlive.leave();
          slots.held++;
          resolve(this.#release(chat, slots));
        },
      };
      const onAbort = () => {
        const index = slots.waiters.indexOf(waiter);
        if (index >= 0) slots.waiters.splice(index, 1);
        this.#keepAlive.leave();
        this.#forgetIfIdle(chat, slots);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      slots.waiters.push(waiter);
    });
  }

  #release(chat: string, slots: ChatSlots): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      unref(
        setTimeout(() => {
          slots.held--;
          this.#wake(chat, slots);
        }, this.#rule.perMs),
      );
    };
  }

  /** Grants waiting callers the slots that are free, then drops the chat if nothing is left. */
  #wake(chat: string, slots: ChatSlots): void {
    while (slots.waiters.length > 0 && this.#free(slots)) slots.waiters.shift()?.grant();
    this.#forgetIfIdle(chat, slots);
  }

  #forgetIfIdle(chat: string, slots: ChatSlots): void {
    if (slots.held === 0 && slots.waiters.length === 0 && slots.pause === undefined) {
      this.#chats.delete(chat);
    }
  }
}
