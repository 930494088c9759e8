import type {
  AdapterListening,
  HeardItem,
  ListenReading,
  ListenSource,
} from "../../contract/listening.js";
import { objectOf } from "../../contract/metrics.js";
import type { Operation } from "../contract.js";
import { statusPlainText } from "./plain-text.js";

const NOTIFICATIONS_DOC = "https://docs.joinmastodon.org/methods/notifications/#get";

/**
 * Results asked per poll: the most either endpoint returns (notifications: "Max 80", tag
 * timeline: "Max 40": both pages above), so one poll is one request for up to 40 items.
 */
export const MASTODON_LISTEN_PAGE = 40;
/** The most results any of these endpoints returns (notifications: "Max 80"); a longer list is refused. */
const MAX_RESULTS = 80;
/**
 * Wait between two polls when nothing more is waiting: our choice, 2 sources polled every
 * 15 s take 40 of the 300 requests per 5 minutes (docs.joinmastodon.org/api/rate-limits/).
 */
const INTERVAL_MS = 15_000;
/** A hashtag's characters (Mastodon's Tag::HASHTAG_NAME_PAT: letters, digits, `_`, and `·`). */
const TAG = /^[\p{L}\p{N}_\u00b7]+$/u;

/** Mastodon ids are snowflakes in decimal strings: longer is newer, same length compares as text. */
function newer(a: string, b: string): boolean {
  return a.length !== b.length ? a.length > b.length : a > b;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** A Status entity as a heard item (https://docs.joinmastodon.org/entities/Status/); undefined when it is not one. */
function heardStatus(
  value: unknown,
  kind: HeardItem["kind"],
  now: number,
): HeardItem<Record<string, unknown>> | undefined {
  const status = objectOf(value);
  const id = str(status.id);
  const account = objectOf(status.account);
  const authorId = str(account.id);
  if (id === undefined || authorId === undefined) return undefined;
  const created = Date.parse(str(status.created_at) ?? "");
  const url = str(status.url) ?? str(status.uri);
  const handle = str(account.acct);
  const name = str(account.display_name);
  return {
    kind,
    id,
    author: {
      id: authorId,
      ...(handle !== undefined ? { handle } : {}),
      ...(name !== undefined ? { name } : {}),
    },
    text: statusPlainText(typeof status.content === "string" ? status.content : ""),
    ...(url !== undefined ? { url } : {}),
    createdAt: Number.isFinite(created) ? created : now,
    raw: status,
  };
}

/** The poll of one source: the page right after `min_id` (Mastodon's paging by `min_id`, oldest first). */
function poll(source: ListenSource, cursor: string | undefined): Operation {
  const page = { limit: String(MASTODON_LISTEN_PAGE), ...(cursor ? { min_id: cursor } : {}) };
  if (source.id === "mentions") {
    return {
      step: "notifications",
      route: "notifications",
      method: "GET",
      path: "/api/v1/notifications",
      // Rails reads an array parameter from `types[]` (the spec names it `types`)
      query: { "types[]": "mention", ...page },
      idempotency: "safe",
    };
  }
  return {
    step: "tag-timeline",
    route: "timelines",
    method: "GET",
    path: `/api/v1/timelines/tag/${encodeURIComponent(source.params.tag ?? "")}`,
    query: page,
    idempotency: "safe",
  };
}

/** Reads a page of Notifications or Statuses, oldest first, and the newest id as the next cursor. */
function read(source: ListenSource, body: unknown, now: number): ListenReading {
  if (!Array.isArray(body)) return { invalid: "not a list" };
  if (body.length > MAX_RESULTS) {
    return { invalid: `${body.length} results, more than the ${MAX_RESULTS} Mastodon returns` };
  }
  let cursor: string | undefined;
  const items: Array<{ at: string; item: HeardItem }> = [];
  for (const entry of body) {
    const id = str(objectOf(entry).id);
    if (id === undefined) continue;
    if (cursor === undefined || newer(id, cursor)) cursor = id;
    // a Notification carries the Status that mentions the account (entities/Notification/)
    const notification = source.id === "mentions";
    if (notification && objectOf(entry).type !== "mention") continue;
    const item = heardStatus(notification ? objectOf(entry).status : entry, source.kind, now);
    if (!item) continue;
    if (source.params.tag !== undefined) item.matched = [`#${source.params.tag.toLowerCase()}`];
    items.push({ at: id, item });
  }
  items.sort((a, b) => (a.at === b.at ? 0 : newer(a.at, b.at) ? 1 : -1));
  return {
    items: items.map((i) => i.item),
    ...(cursor !== undefined ? { cursor } : {}),
    more: body.length >= MASTODON_LISTEN_PAGE,
  };
}

/**
 * Listening on Mastodon by polling (docs/listening.md): mentions from the account's
 * notifications of type `mention` (GET /api/v1/notifications, https://docs.joinmastodon.org/methods/notifications/#get), and
 * each keyword as its hashtag's public timeline (GET /api/v1/timelines/tag/:hashtag,
 * https://docs.joinmastodon.org/methods/timelines/#tag): Mastodon has no full-text search of public posts. Paged by
 * `min_id`, so each poll reads the page right after the cursor, oldest first.
 */
export const mastodonListening: AdapterListening = {
  intervalMs: INTERVAL_MS,
  source: NOTIFICATIONS_DOC,
  sources(query) {
    const sources: ListenSource[] = [];
    if (query.mentions) sources.push({ id: "mentions", kind: "mention", params: {} });
    for (const keyword of query.keywords ?? []) {
      const tag = keyword.replace(/^#/, "").toLowerCase();
      if (!TAG.test(tag)) {
        return {
          refused: {
            reason: "not-supported",
            message: `"${keyword}" is not a hashtag: Mastodon follows keywords as hashtags only`,
            hint: "give one word of letters, digits or _ (it is followed as #word)",
          },
        };
      }
      if (!sources.some((s) => s.params.tag === tag)) {
        sources.push({ id: `tag:${tag}`, kind: "keyword", params: { tag } });
      }
    }
    return sources;
  },
  poll: (source, cursor) => poll(source, cursor),
  read: (source, body, _cursor, { now }) => read(source, body, now),
};
