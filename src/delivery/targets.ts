import type { DestinationKind, PlatformAdapter } from "../adapters/contract.js";
import type { Segment } from "../message/segment.js";
import {
  type Recipient,
  type ReplyContext,
  type Target,
  TargetObjectSchema,
} from "../message/target.js";
import { decideTargeting, type TargetingDecision } from "../targeting/decide.js";
import { ValidationError } from "../transport/errors.js";
import { firstIssue } from "./issues.js";

/** A target checked and matched to its adapter. */
export interface ResolvedTarget {
  /** A readable label (`telegram:@shopnews`, `line@jp:segment`). */
  label: string;
  /** The adapter that sends it. */
  adapter: PlatformAdapter;
  /** The account it is sent for: the adapter's, or the one the target names (any-account adapters). */
  account: string;
  /** The destination kind. */
  kind: DestinationKind;
  /** With kind `chat`. */
  chat?: string;
  /** With kind `segment` (native), or with `recipients` (emulated). */
  segment?: Segment;
  /** Native, emulated or no targeting (impossible targets throw while resolving). */
  targeting: TargetingDecision;
  /** With kind `recipients`. */
  recipients?: Iterable<Recipient> | AsyncIterable<Recipient>;
  /** With kind `chat` or `feed`: what the message answers (a webhook event's `replyTo`). */
  reply?: ReplyContext;
}

/** Parses `"platform"`, `"platform:chat"` and `"platform@account:chat"` (target labels too). */
export function parseTargetString(
  text: string,
  field: string,
): { platform: string; account?: string; chat?: string } {
  const match = /^([a-z0-9_-]+)(?:@([^:]+))?(?::(.+))?$/i.exec(text.trim());
  if (!match) {
    throw new ValidationError(field, `"${text}" is not a target`, {
      hint: 'write "platform:chat" (e.g. "telegram:@shopnews"), "platform@account:chat" or "platform"',
    });
  }
  const [, platform, account, chat] = match;
  return {
    platform: platform!.toLowerCase(),
    ...(account ? { account } : {}),
    ...(chat ? { chat } : {}),
  };
}

function findAdapter(
  adapters: readonly PlatformAdapter[],
  platform: string,
  account: string | undefined,
  field: string,
): PlatformAdapter {
  const ofPlatform = adapters.filter((a) => a.platform === platform);
  if (ofPlatform.length === 0) {
    const known = [...new Set(adapters.map((a) => a.platform))].join(", ") || "none";
    throw new ValidationError(`${field}.platform`, `no adapter for platform "${platform}"`, {
      hint: `configured platforms: ${known}`,
    });
  }
  if (account !== undefined) {
    const found =
      ofPlatform.find((a) => a.account === account) ??
      ofPlatform.find((a) => a.auth?.anyAccount === true);
    if (!found) {
      throw new ValidationError(
        `${field}.account`,
        `no ${platform} adapter for account "${account}"`,
        {
          platform,
          hint: `configured accounts: ${ofPlatform.map((a) => a.account).join(", ")}`,
        },
      );
    }
    return found;
  }
  if (ofPlatform.length === 1) return ofPlatform[0]!;
  const fallback = ofPlatform.find((a) => a.account === "default");
  if (fallback) return fallback;
  throw new ValidationError(`${field}.account`, `${platform} has several accounts: name one`, {
    platform,
    hint: `configured accounts: ${ofPlatform.map((a) => a.account).join(", ")}`,
  });
}

/** Checks one target and matches it to its adapter; throws a `ValidationError` naming the field. */
export function resolveTarget(
  target: Target,
  index: number,
  adapters: readonly PlatformAdapter[],
): ResolvedTarget {
  const field = `to[${index}]`;
  const object = typeof target === "string" ? parseTargetString(target, field) : target;
  const parsed = TargetObjectSchema.safeParse(object);
  if (!parsed.success) {
    const issue = firstIssue(parsed.error, object);
    throw new ValidationError(issue.path ? `${field}.${issue.path}` : field, issue.message);
  }
  const t = parsed.data;
  const adapter = findAdapter(adapters, t.platform, t.account, field);
  const account = t.account ?? adapter.account;
  const kind: DestinationKind =
    t.chat !== undefined
      ? "chat"
      : t.recipients !== undefined
        ? "recipients"
        : t.segment !== undefined
          ? "segment"
          : t.broadcast
            ? "broadcast"
            : "feed";
  const targeting = decideTargeting(adapter, kind, t.segment, field);
  if (!adapter.capabilities.destinations.includes(kind)) {
    throw new ValidationError(field, `${adapter.platform} cannot send to a ${kind} destination`, {
      platform: adapter.platform,
      hint: `${adapter.platform} takes: ${adapter.capabilities.destinations.join(", ")}`,
    });
  }
  if (t.reply !== undefined && kind !== "chat" && kind !== "feed") {
    throw new ValidationError(`${field}.reply`, "a reply answers one chat or the feed", {
      platform: adapter.platform,
      hint: "send the answer to the event's replyTo target as it is",
    });
  }
  const who = account === "default" ? adapter.platform : `${adapter.platform}@${account}`;
  const label = kind === "chat" ? `${who}:${t.chat}` : kind === "feed" ? who : `${who}:${kind}`;
  return {
    label,
    adapter,
    account,
    kind,
    targeting,
    ...(t.chat !== undefined ? { chat: t.chat } : {}),
    ...(t.segment !== undefined ? { segment: t.segment } : {}),
    ...(t.recipients !== undefined ? { recipients: t.recipients } : {}),
    ...(t.reply !== undefined ? { reply: t.reply } : {}),
  };
}
