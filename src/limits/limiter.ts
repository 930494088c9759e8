import type Bottleneck from "bottleneck";
import type { LimitRule, Operation } from "../adapters/contract.js";
import { ChatWindows } from "./chats.js";
import { KeepAlive, type Release } from "./keep-alive.js";
import { WindowLimiter } from "./window.js";

export type { Release } from "./keep-alive.js";

/** How the limiters of one client are set up. */
export interface LimiterSettings {
  /** Bottleneck options merged into every account and route limiter. */
  bottleneck?: Bottleneck.ConstructorOptions;
  /** Redis (from `redisConnection`), when limits are shared across processes. */
  redis?: { Bottleneck: typeof Bottleneck; connection: Bottleneck.IORedisConnection };
  /** Timeout of one request in ms (with Redis: when a dead process's slots are freed). */
  requestTimeoutMs: number;
  /** The client's clock (ms). */
  now: () => number;
  /** Errors the limiters meet outside any request (a lost Redis connection). */
  onError: (error: unknown) => void;
}

type Level = { take(signal?: AbortSignal): Promise<Release>; pause(ms: number, now: number): void };

/**
 * All limits of one adapter account: account-wide, per route and per chat, each a sliding window.
 * A request takes a slot at every level it falls under, most specific first. Account and route
 * limits run on bottleneck (shared through Redis when configured); per-chat limits on
 * {@link ChatWindows}, in this process.
 */
export class AccountLimiter {
  readonly #account: WindowLimiter | undefined;
  readonly #routes = new Map<string, WindowLimiter>();
  readonly #chats = new Map<string | undefined, ChatWindows>();

  /** Builds the limiters from an adapter's rules; `id` names them (and their Redis keys). */
  constructor(rules: readonly LimitRule[], id: string, settings: LimiterSettings) {
    const keepAlive = new KeepAlive();
    const windowSettings = { ...settings, keepAlive };
    const account = rules.find((r) => r.scope === "account");
    this.#account = account
      ? new WindowLimiter(account, `${id}:account`, windowSettings)
      : undefined;
    for (const rule of rules) {
      if (rule.scope === "route" && rule.route) {
        this.#routes.set(
          rule.route,
          new WindowLimiter(rule, `${id}:route:${rule.route}`, windowSettings),
        );
      }
      if (rule.scope === "chat") this.#chats.set(rule.chatKind, new ChatWindows(rule, keepAlive));
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

  /** Stops every limiter (timers, and Redis subscriptions when clustered). */
  async stop(): Promise<void> {
    const all = [this.#account, ...this.#routes.values()];
    await Promise.all(all.map((limiter) => limiter?.stop()));
  }
}
