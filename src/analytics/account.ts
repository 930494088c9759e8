import type { PlatformAdapter } from "../adapters/contract.js";
import type { AccountMetrics, AccountRef } from "../contract/metrics.js";
import { parseTargetString } from "../delivery/targets.js";
import { HeraldError, ValidationError } from "../transport/errors.js";
import { CancelScope } from "../util/cancel.js";
import { Slots } from "../util/slots.js";
import { RefusedError } from "./errors.js";
import {
  type AnalyticsEnvironment,
  adapterOf,
  type RunCounters,
  refusalOf,
  sendForRef,
} from "./send.js";

/**
 * An account to measure: `"mastodon"`, `"x@brand"`, `"telegram:@shopnews"` (Telegram measures
 * a channel's members, so it needs the chat), or an {@link AccountRef}.
 */
export type AccountInput = string | { platform: string; account?: string; chat?: string };

/** The metrics of one account, or why there are none. */
export type AccountMetricsResult =
  | {
      /** The account. */
      account: AccountRef;
      /** It was read. */
      ok: true;
      /** What the platform gave; one it does not give is absent, never 0. */
      metrics: AccountMetrics;
      /** The platform's own answer, secrets redacted. */
      raw: unknown;
    }
  | {
      /** The account. */
      account: AccountRef;
      /** It was not read. */
      ok: false;
      /** Why: a `RefusedError` or the request's error. */
      error: HeraldError;
    };

/** What `herald.accountMetrics` resolves with: one sample of each account's audience. */
export interface AccountMetricsSample {
  /** When it was taken (ms since the epoch, the client's clock): keep samples for a time series. */
  at: number;
  /** One result per account, in the order asked. */
  accounts: AccountMetricsResult[];
  /** Retries made. */
  retries: number;
  /** Rate-limit answers received. */
  rateLimited: number;
}

/** Options of `herald.accountMetrics`. */
export interface AccountMetricsOptions {
  /** Stops waiting; accounts not read yet end with a `CancelledError`. */
  signal?: AbortSignal;
}

/** Accounts read at once: ours, a handful; each adapter account's limiter sets the pace. */
const ACCOUNT_CONCURRENCY = 8;

/** Checks one input. */
function checkAccount(input: unknown, field: string): AccountRef {
  if (typeof input === "string") {
    const { platform, account = "default", chat } = parseTargetString(input, field);
    return { platform, account, ...(chat !== undefined && { chat }) };
  }
  const ref = input as Partial<AccountRef> | null;
  if (typeof ref !== "object" || ref === null || typeof ref.platform !== "string") {
    throw new ValidationError(
      field,
      '"platform", "platform@account", "telegram:@channel" or { platform }',
    );
  }
  if (ref.chat !== undefined && typeof ref.chat !== "string") {
    throw new ValidationError(`${field}.chat`, "a string");
  }
  return {
    platform: ref.platform,
    account: ref.account ?? "default",
    ...(ref.chat !== undefined && { chat: ref.chat }),
  };
}

/** Reads one account through the delivery path. */
async function readAccount(
  env: AnalyticsEnvironment,
  adapter: PlatformAdapter,
  ref: AccountRef,
  run: { cancel: CancelScope; counters: RunCounters; keyBase: string },
): Promise<AccountMetricsResult> {
  const post = { platform: ref.platform, account: ref.account, id: ref.chat ?? ref.account };
  const facet = adapter.metrics?.account;
  const refused = (refusal: ConstructorParameters<typeof RefusedError>[2]) => ({
    account: ref,
    ok: false as const,
    error: new RefusedError("metrics", post, refusal),
  });
  if (!facet) {
    return refused({
      reason: "not-supported",
      message: `the ${adapter.platform} adapter reads no account metrics`,
    });
  }
  const plan = facet.render(ref, { now: env.clock.now() });
  if ("refused" in plan) return refused(plan.refused);
  const sent = await sendForRef(env, adapter, post, plan.operations, run);
  if (sent.outcome.status !== "sent") {
    const error = refusalOf(adapter, "metrics", post, sent.outcome) ?? sent.outcome.error!;
    return { account: ref, ok: false, error };
  }
  const reading = facet.read(ref, sent.bodies);
  if ("refused" in reading) return refused(reading.refused);
  return { account: ref, ok: true, metrics: reading.metrics, raw: reading.raw };
}

/**
 * Reads the followers and audience of accounts (by default every adapter account whose
 * platform reads them), through the client's limiters, retries, quota and redaction.
 */
export async function readAccountMetrics(
  env: AnalyticsEnvironment,
  inputs: AccountInput | readonly AccountInput[] | undefined,
  options: AccountMetricsOptions = {},
): Promise<AccountMetricsSample> {
  const refs =
    inputs === undefined
      ? env.adapters
          .filter((a) => a.metrics?.account !== undefined)
          .map((a) => ({ platform: a.platform, account: a.account }))
      : (Array.isArray(inputs) ? inputs : [inputs]).map((input, i) =>
          checkAccount(input, `accounts[${i}]`),
        );
  const adapters = refs.map((ref, i) => adapterOf(env, { ...ref, id: "-" }, `accounts[${i}]`));
  const cancel = new CancelScope(options.signal ?? new AbortController().signal);
  const counters: RunCounters = { retries: 0, rateLimited: 0 };
  const slots = new Slots(ACCOUNT_CONCURRENCY);
  const accounts = await Promise.all(
    refs.map(async (ref, i): Promise<AccountMetricsResult> => {
      await slots.acquire();
      try {
        return await readAccount(env, adapters[i]!, ref, {
          cancel,
          counters,
          keyBase: `account|${i}`,
        });
      } catch (error) {
        const herald =
          error instanceof HeraldError
            ? error
            : new HeraldError("platform", env.redactor.text(String(error)), ref.platform);
        return { account: ref, ok: false, error: herald };
      } finally {
        slots.release();
      }
    }),
  );
  return { at: env.clock.now(), accounts, ...counters };
}
