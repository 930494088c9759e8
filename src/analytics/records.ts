import type { PlatformAdapter } from "../adapters/contract.js";
import type { CheckpointStore } from "../checkpoints/store.js";
import { checkDeliveryId } from "../delivery/input.js";
import type { TrackedLink } from "../delivery/links/tag.js";
import {
  type DeliveryReport,
  type Outcome,
  summaryOutcome,
  type TargetReport,
} from "../delivery/report.js";
import { parseTargetString } from "../delivery/targets.js";
import { ValidationError } from "../transport/errors.js";

/** What a delivery sent that cannot be named as a post ref, with the reason. */
export interface UntracedPart {
  /** The target label (`line:recipients`). */
  target: string;
  /** How many posts or recipients are left out. */
  count: number;
  /** Why. */
  reason: string;
}

/**
 * One thing a delivery did for one destination or one recipient, as a campaign report reads it:
 * what `herald.report` joins with the posts' metrics. A report or a checkpoint gives them; for a
 * campaign too large to hold in memory, stream them from your own store.
 */
export interface SentRecord {
  /** The target's label as the delivery report names it (`telegram:@shopnews`). */
  target: string;
  /** Platform name. */
  platform: string;
  /** Account name (`default` when omitted). */
  account?: string;
  /** Its outcome. */
  status: Outcome;
  /** Platform ids of what was created (for `sent`). */
  ids?: readonly string[];
  /** The chat the ids belong to, for platforms whose ids are per chat (Telegram, LINE). */
  chat?: string;
  /**
   * How many outcomes this record stands for (default 1): a report's recipients past its
   * listing limit are counted, not listed, and have no ids.
   */
  count?: number;
  /** When it was sent (ms since the epoch). */
  sentAt?: number;
  /** The target's tracked links (docs/links.md); the first record of a target that has them wins. */
  links?: readonly TrackedLink[];
}

/** What `herald.report` builds from when it is not a report or a delivery id: a stream of records. */
export interface CampaignRecords {
  /** The delivery the records belong to, for the report's title. */
  deliveryId?: string;
  /** The records, read once, in any order. */
  records: AsyncIterable<SentRecord> | Iterable<SentRecord>;
}

/** Records and what of the delivery they cannot name. */
export interface RecordSource {
  /** The delivery, when known. */
  deliveryId: string | undefined;
  /** The records, read once. */
  records: AsyncIterable<SentRecord> | Iterable<SentRecord>;
  /** Parts the records leave out (scheduled targets, ids a checkpoint does not keep). */
  untraced: UntracedPart[];
}

/** Whether one request of the adapter reaches one recipient (then its ids are per chat). */
function perRecipient(adapters: readonly PlatformAdapter[], platform: string): boolean {
  const adapter = adapters.find((a) => a.platform === platform);
  return (adapter?.capabilities.recipientBatch ?? 1) === 1;
}

/** The chat a `chat` target's label names (`telegram@bot:@shopnews` → `@shopnews`). */
function chatOfLabel(label: string): string | undefined {
  const colon = label.indexOf(":");
  return colon < 0 ? undefined : label.slice(colon + 1);
}

const OUTCOMES: readonly Outcome[] = ["sent", "failed", "unknown", "skipped"];

/** The records of one target of a report: listed recipients, then counts of the unlisted. */
function* targetRecords(
  target: TargetReport,
  sentAt: number,
  adapters: readonly PlatformAdapter[],
): Generator<SentRecord> {
  const base = {
    target: target.target,
    platform: target.platform,
    account: target.account,
    sentAt,
    ...(target.links && { links: target.links }),
  };
  if (target.destination !== "recipients") {
    const chat = target.destination === "chat" ? chatOfLabel(target.target) : undefined;
    const status = target.status === "scheduled" ? "skipped" : summaryOutcome(target.counts);
    yield { ...base, status, ids: target.ids, ...(chat !== undefined && { chat }) };
    return;
  }
  const single = perRecipient(adapters, target.platform);
  const listed = { sent: 0, failed: 0, unknown: 0, skipped: 0 };
  for (const r of target.recipients ?? []) {
    listed[r.status]++;
    yield { ...base, status: r.status, ids: r.ids, ...(single && { chat: r.recipient }) };
  }
  for (const status of OUTCOMES) {
    const count = target.counts[status] - listed[status];
    if (count > 0) yield { ...base, status, count };
  }
}

/** The records of a delivery report: one per destination or listed recipient. */
export function recordsOfReport(
  report: DeliveryReport,
  adapters: readonly PlatformAdapter[],
): RecordSource {
  const untraced: UntracedPart[] = [];
  const sent: TargetReport[] = [];
  for (const target of report.targets) {
    if (target.status === "scheduled") {
      untraced.push({ target: target.target, count: 1, reason: "scheduled, not sent yet" });
    } else sent.push(target);
  }
  function* all(): Generator<SentRecord> {
    for (const target of sent) yield* targetRecords(target, report.finishedAt, adapters);
  }
  return { deliveryId: report.id, records: all(), untraced };
}

/**
 * The records a delivery's checkpoint holds: the outcome and ids of each single destination. A
 * checkpoint keeps no ids of a mass send's recipients: those targets are untraced.
 */
export async function recordsOfDelivery(
  store: CheckpointStore | undefined,
  deliveryId: unknown,
): Promise<RecordSource> {
  checkDeliveryId(deliveryId, "deliveryId");
  const opened = store ? await store.open(deliveryId) : undefined;
  if (!opened) {
    throw new ValidationError("deliveryId", `no checkpoint of delivery ${deliveryId}`, {
      hint: "the in-memory store forgets a finished delivery: pass its report, or use redisCheckpoints",
    });
  }
  const untraced: UntracedPart[] = [];
  const records: SentRecord[] = [];
  const sentAt = opened.meta.startedAt;
  for (const [index, label] of opened.meta.targets.entries()) {
    const { platform, account = "default", chat: rest } = parseTargetString(label, "deliveryId");
    if (rest === "recipients") {
      untraced.push({ target: label, count: 0, reason: "a checkpoint keeps no ids of recipients" });
      continue;
    }
    const [outcome] = await store!.lookup(deliveryId, index, [{ id: "", position: 0 }]);
    const chat =
      rest === undefined || rest === "broadcast" || rest === "segment" ? undefined : rest;
    records.push({
      target: label,
      platform,
      account,
      sentAt,
      status: outcome?.status ?? "skipped",
      ids: outcome?.status === "sent" ? outcome.ids : [],
      ...(chat !== undefined && { chat }),
    });
  }
  return { deliveryId, records, untraced };
}
