import Bottleneck from "bottleneck";
import type { LimitRule, Operation } from "../adapters/contract.js";

/** Releases a slot taken from the limiters; the window counts from this moment. */
export type Release = () => void;

/** Options shared by every limiter of one client. */
export interface LimiterOptions {
  /** Bottleneck options merged into every limiter (e.g. Redis clustering: `datastore`, `connection`). */
  bottleneck?: Bottleneck.ConstructorOptions;
}

/**
 * Per-chat limiters kept before idle ones are dropped: our choice. A sweep empties the map down to
 * the chats still inside their window, so sweeps stay rare and their cost amortized.
 */
const CHAT_SWEEP_THRESHOLD = 10_000;

const unref = (timer: ReturnType<typeof setTimeout>): void => {
  (timer as { unref?: () => void }).unref?.();
};

/**
 * One window rule on bottleneck: `max` slots (maxConcurrent), each held from its start until
 * `perMs` after its request has finished. So at most `max` requests start in ANY window of
 * `perMs` (sliding, not aligned), measured conservatively from the end of the previous response:
 * the platform, which sees a request somewhere between its start and its end, never counts more.
 */
class WindowLimiter {
  readonly bottleneck: Bottleneck;
  readonly #perMs: number;

  constructor(rule: LimitRule, options: LimiterOptions, id: string) {
    this.#perMs = rule.perMs;
    this.bottleneck = new Bottleneck({ ...options.bottleneck, id, maxConcurrent: rule.max });
  }

  /** Waits for a slot; the returned function frees it `perMs` later. */
  take(signal?: AbortSignal): Promise<Release> {
    return new Promise<Release>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      let granted = false;
      // The hold and pause timers are unref'd so a finished script exits at once; a caller still
      // waiting for a slot keeps the process alive with this timer until it gets one.
      const keepAlive = setInterval(() => {}, 2 ** 30);
      const onAbort = () => {
        clearInterval(keepAlive);
        if (!granted) reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.bottleneck
        .schedule(
          () =>
            new Promise<void>((free) => {
              granted = true;
              clearInterval(keepAlive);
              signal?.removeEventListener("abort", onAbort);
              if (signal?.aborted) {
                free();
                return;
              }
              resolve(() => unref(setTimeout(free, this.#perMs)));
            }),
        )
        .catch((error: unknown) => {
          clearInterval(keepAlive);
          reject(error);
        });
    });
  }

  #resumeTimer: ReturnType<typeof setTimeout> | undefined;
  #pausedUntil = 0;

  /**
   * Stops granting slots until `now + ms` (a 429 or an exhausted quota); a shorter pause never
   * cuts a longer one short.
   */
  pause(ms: number, now: number): void {
    if (now + ms <= this.#pausedUntil) return;
    this.#pausedUntil = now + ms;
    clearTimeout(this.#resumeTimer);
    void this.bottleneck.updateSettings({ reservoir: 0 });
    this.#resumeTimer = setTimeout(
      () => void this.bottleneck.updateSettings({ reservoir: null }),
      ms,
    );
    unref(this.#resumeTimer);
  }
}

/**
 * All limits of one adapter account: account-wide, per route and per chat, each a sliding window.
 * A request takes a slot at every level it falls under, most specific first.
 */
export class AccountLimiter {
  readonly #account: WindowLimiter | undefined;
  readonly #routes = new Map<string, WindowLimiter>();
  readonly #chatRules: LimitRule[];
  readonly #chats = new Map<string, WindowLimiter>();
  readonly #options: LimiterOptions;
  readonly #id: string;

  /** Builds the limiters from an adapter's rules; `id` names them (and their Redis keys). */
  constructor(rules: readonly LimitRule[], id: string, options: LimiterOptions = {}) {
    this.#options = options;
    this.#id = id;
    const account = rules.find((r) => r.scope === "account");
    this.#account = account ? new WindowLimiter(account, options, `${id}:account`) : undefined;
    for (const rule of rules) {
      if (rule.scope === "route" && rule.route) {
        this.#routes.set(rule.route, new WindowLimiter(rule, options, `${id}:route:${rule.route}`));
      }
    }
    this.#chatRules = rules.filter((r) => r.scope === "chat");
  }

  #chatLimiter(operation: Operation | Omit<Operation, "poll">): WindowLimiter | undefined {
    if (operation.chat === undefined) return undefined;
    const rule =
      this.#chatRules.find((r) => r.chatKind === operation.chatKind) ??
      this.#chatRules.find((r) => r.chatKind === undefined);
    if (!rule) return undefined;
    const key = `${rule.chatKind ?? "*"}:${operation.chat}`;
    let limiter = this.#chats.get(key);
    if (!limiter) {
      limiter = new WindowLimiter(rule, this.#options, `${this.#id}:chat:${key}`);
      this.#chats.set(key, limiter);
    }
    return limiter;
  }

  #levels(operation: Operation | Omit<Operation, "poll">): WindowLimiter[] {
    const levels: WindowLimiter[] = [];
    const chat = this.#chatLimiter(operation);
    if (chat) levels.push(chat);
    const route = this.#routes.get(operation.route);
    if (route) levels.push(route);
    if (this.#account) levels.push(this.#account);
    return levels;
  }

  /** Waits until the operation may start under every limit it falls under. */
  async acquire(
    operation: Operation | Omit<Operation, "poll">,
    signal?: AbortSignal,
  ): Promise<Release> {
    const releases: Release[] = [];
    try {
      for (const level of this.#levels(operation)) releases.push(await level.take(signal));
    } catch (error) {
      for (const release of releases) release();
      throw error;
    }
    const chat = operation.chat;
    return () => {
      for (const release of releases) release();
      if (chat !== undefined) this.#forgetIdleChats();
    };
  }

  /** Per-chat limiters are dropped once idle, so a million chats do not pile up. */
  #forgetIdleChats(): void {
    if (this.#chats.size < CHAT_SWEEP_THRESHOLD) return;
    for (const [key, limiter] of this.#chats) {
      const counts = limiter.bottleneck.counts();
      if (counts.RUNNING + counts.QUEUED + counts.EXECUTING === 0) this.#chats.delete(key);
    }
  }

  /**
   * Pauses the broadest limit the operation falls under for `ms` (Telegram's `retry_after`, a
   * Mastodon quota reset), so every request under it waits.
   */
  pause(operation: Operation | Omit<Operation, "poll">, ms: number, now: number): void {
    this.#levels(operation).at(-1)?.pause(ms, now);
  }

  /** Stops every limiter (timers, and Redis connections when clustered). */
  async stop(): Promise<void> {
    const all = [this.#account, ...this.#routes.values(), ...this.#chats.values()];
    await Promise.all(all.map((l) => l?.bottleneck.disconnect?.()));
  }
}
