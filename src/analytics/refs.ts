import type { PlatformAdapter } from "../adapters/contract.js";
import type { CheckpointStore } from "../checkpoints/store.js";
import type { PostRef } from "../contract/editing.js";
import type { DeliveryReport, TargetReport } from "../delivery/report.js";
import { parseTargetString } from "../delivery/targets.js";
import { ValidationError } from "../transport/errors.js";

/**
 * A post named by hand: a {@link PostRef}, or `"platform:id"` / `"platform@account:id"` for
 * platforms whose ids need no chat (`"mastodon:109372"`, `"x@brand:1850"`).
 */
export type PostRefInput = PostRef | string;

import { recordsOfDelivery, type UntracedPart } from "./records.js";

export type { UntracedPart } from "./records.js";

/** The refs a delivery created, and what of it cannot be traced to a ref. */
export interface CollectedRefs {
  /** The posts, without repeats, in report order. */
  refs: PostRef[];
  /** Parts sent that no ref names. */
  untraced: UntracedPart[];
}

/** Checks one hand-given ref and fills its account. */
export function checkRef(input: unknown, field: string): PostRef {
  if (typeof input === "string") {
    const parsed = /:/.test(input) ? parseTargetString(input, field) : undefined;
    if (parsed?.chat === undefined) {
      throw new ValidationError(field, '"platform:id" or "platform@account:id"', {
        hint: 'e.g. "mastodon:109372", or { platform: "telegram", chat: "@shopnews", id: "42" }',
      });
    }
    return { platform: parsed.platform, account: parsed.account ?? "default", id: parsed.chat };
  }
  if (typeof input !== "object" || input === null) {
    throw new ValidationError(field, "a post ref: an object or a string");
  }
  const ref = input as Partial<PostRef>;
  if (typeof ref.platform !== "string" || typeof ref.id !== "string" || ref.id === "") {
    throw new ValidationError(field, "`platform` and a non-empty `id`");
  }
  if (ref.chat !== undefined && typeof ref.chat !== "string") {
    throw new ValidationError(`${field}.chat`, "a string");
  }
  if (ref.sentAt !== undefined && !Number.isFinite(ref.sentAt)) {
    throw new ValidationError(`${field}.sentAt`, "ms since the epoch");
  }
  return { ...ref, platform: ref.platform, id: ref.id, account: ref.account ?? "default" };
}

/** The chat a `chat` target's label names (`telegram@bot:@shopnews` → `@shopnews`). */
function chatOfLabel(label: string): string | undefined {
  const colon = label.indexOf(":");
  return colon < 0 ? undefined : label.slice(colon + 1);
}

/** Whether one request of the adapter reaches one recipient (then its ids are per chat). */
function perRecipient(adapters: readonly PlatformAdapter[], platform: string): boolean {
  const adapter = adapters.find((a) => a.platform === platform);
  return (adapter?.capabilities.recipientBatch ?? 1) === 1;
}

/** Adds a ref unless an equal one is in already. */
class RefSet {
  readonly refs: PostRef[] = [];
  readonly #seen = new Set<string>();

  add(ref: PostRef): void {
    const key = `${ref.platform}@${ref.account}|${ref.chat ?? ""}|${ref.id}`;
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    this.refs.push(ref);
  }
}

function collectTarget(
  target: TargetReport,
  sentAt: number,
  adapters: readonly PlatformAdapter[],
  into: RefSet,
  untraced: UntracedPart[],
): void {
  const base = {
    platform: target.platform,
    account: target.account,
    sentAt,
    target: target.target,
  };
  if (target.destination !== "recipients") {
    const chat = target.destination === "chat" ? chatOfLabel(target.target) : undefined;
    for (const id of target.ids) into.add({ ...base, id, ...(chat !== undefined && { chat }) });
    return;
  }
  const single = perRecipient(adapters, target.platform);
  let listed = 0;
  for (const r of target.recipients ?? []) {
    if (r.status !== "sent") continue;
    listed++;
    for (const id of r.ids) into.add({ ...base, id, ...(single && { chat: r.recipient }) });
  }
  if (listed < target.counts.sent) {
    untraced.push({
      target: target.target,
      count: target.counts.sent - listed,
      reason: "sent to recipients the report does not list (past its listing limit)",
    });
  }
}

/** The posts a delivery report says were created (`sent`), one ref per platform id. */
export function refsOfReport(
  report: DeliveryReport,
  adapters: readonly PlatformAdapter[],
): CollectedRefs {
  const into = new RefSet();
  const untraced: UntracedPart[] = [];
  for (const target of report.targets) {
    if (target.status === "scheduled") {
      untraced.push({ target: target.target, count: 1, reason: "scheduled, not sent yet" });
      continue;
    }
    collectTarget(target, report.finishedAt, adapters, into, untraced);
  }
  return { refs: into.refs, untraced };
}

/**
 * The posts a delivery's checkpoint holds: the platform ids of its single destinations (a
 * chat, a feed, a broadcast). A checkpoint does not keep the ids of recipients of a mass send:
 * those parts are listed as untraced (pass the report instead).
 */
export async function refsOfDelivery(
  store: CheckpointStore | undefined,
  deliveryId: unknown,
): Promise<CollectedRefs> {
  const { records, untraced = [] } = await recordsOfDelivery(store, deliveryId);
  const into = new RefSet();
  for await (const {
    target,
    platform,
    account = "default",
    status,
    ids = [],
    chat,
    sentAt,
  } of records) {
    if (status !== "sent") continue;
    for (const id of ids) {
      into.add({
        platform,
        account,
        id,
        target,
        ...(sentAt !== undefined && { sentAt }),
        ...(chat !== undefined && { chat }),
      });
    }
  }
  return { refs: into.refs, untraced };
}
