import type { LimitRule, Operation } from "../adapters/contract.js";
import { KeepAlive, type Release } from "./keep-alive.js";
import { KeyedWindows } from "./keyed-windows.js";
import { WindowLimiter, type WindowSettings } from "./window.js";

export type { Release } from "./keep-alive.js";

/** How the limiters of one client are set up. */
export interface LimiterSettings {
  /** Redis (from `redisConnection`), when limits are shared across processes. */
  redis?: WindowSettings["redis"];
  /** Timeout of one request in ms (with Redis: when a dead process's slots are freed). */
  requestTimeoutMs: number;
  /** The client's clock (ms). */
  now: () => number;
  /** Errors the limiters meet outside any request (a lost Redis connection). */
  onError: (error: unknown) => void;
}

type Level = { take(signal?: AbortSignal): Promise<Release>; pause(ms: number, now: number): void };

/** The single key of an account or route rule on {@link KeyedWindows}. */
const WHOLE = "";

/** An account or route rule kept in this process, as a {@link Level}. */
function localLevel(rule: LimitRule, keepAlive: KeepAlive): Level {
  const windows = new KeyedWindows(rule, keepAlive);
  return {
    take: (signal) => windows.take(WHOLE, signal),
    pause: (ms, now) => windows.pause(WHOLE, ms, now),
  };
}

/**
 * All limits of one adapter account: account-wide, per route and per chat, each a sliding window.
 * A request takes a slot at every level it falls under, most specific first. Without Redis
 * every limit runs on {@link KeyedWindows}, in this process; with Redis, account and route
 * limits run on bottleneck's clustering ({@link WindowLimiter}), shared by every process, and
 * per-chat limits stay in this process.
 */
export class AccountLimiter {
  readonly #account: Level | undefined;
  readonly #routes = new Map<string, Level>();
  readonly #chats = new Map<string | undefined, KeyedWindows>();
  readonly #clustered: WindowLimiter[] = [];

  /** Builds the limiters from an adapter's rules; `id` names them (and their Redis keys). */
  constructor(rules: readonly LimitRule[], id: string, settings: LimiterSettings) {
    const keepAlive = new KeepAlive();
    const { redis } = settings;
    const level = (rule: LimitRule, name: string): Level => {
      if (!redis) return localLevel(rule, keepAlive);
      const limiter = new WindowLimiter(rule, name, { ...settings, redis, keepAlive });
      this.#clustered.push(limiter);
      return limiter;
    };
    const account = rules.find((r) => r.scope === "account");
    this.#account = account ? level(account, `${id}:account`) : undefined;
    for (const rule of rules) {
      if (rule.scope === "route" && rule.route) {
        this.#routes.set(rule.route, level(rule, `${id}:route:${rule.route}`));
      }
      if (rule.scope === "chat") this.#chats.set(rule.chatKind, new KeyedWindows(rule, keepAlive));
    }
  }

  /** Chats with a slot held or a caller waiting, over every per-chat rule. */
  get trackedChats(): number {
    let total = 0;
    for (const chats of this.#chats.values()) total += chats.size;
    return total;
  }

  #levels(operation: Operation | Omit<Operation, "poll">): Level[] {
    const levels: Level[] = [];
    const chat = operation.chat;
    if (chat !== undefined) {
      const windows = this.#chats.get(operation.chatKind) ?? this.#chats.get(undefined);
      if (windows) {
        levels.push({
          take: (signal) => windows.take(chat, signal),
          pause: (ms, now) => windows.pause(chat, ms, now),
        });
      }
    }
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
    return () => {
      for (const release of releases) release();
    };
  }

  /**
   * Pauses the broadest limit the operation falls under for `ms` (Telegram's `retry_after`, a
   * Mastodon quota reset), so every request under it waits.
   */
  pause(operation: Operation | Omit<Operation, "poll">, ms: number, now: number): void {
    this.#levels(operation).at(-1)?.pause(ms, now);
  }

  /**
   * Stops the limiters shared through Redis (their timers and subscriptions); the in-process
   * windows hold only unreferenced timers and need no stopping.
   */
  async stop(): Promise<void> {
    await Promise.all(this.#clustered.map((limiter) => limiter.stop()));
  }
}
