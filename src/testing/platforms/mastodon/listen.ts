import { json, type PlatformRequest } from "../context.js";
import { statusHtml } from "./text.js";

/** Operations this file answers. */
export type MastodonListenOperation = "getNotifications" | "getTimelinesTagByHashtag";

/** What the listening part needs from the Mastodon simulator. */
export interface MastodonListenHost {
  /** Public origin for URLs. */
  origin(): string;
  /** A new snowflake id at `now`, from the same sequence as the instance's statuses. */
  nextId(now: number): string;
  /** The simulator's clock. */
  now(): number;
}

/** Someone who writes on the simulated instance (or a remote one). */
export interface MastodonAuthor {
  /** Username (default `someone`). */
  username?: string;
  /** Display name. */
  displayName?: string;
}

/** A status published into the simulated instance's public timelines. */
export interface MastodonPublished {
  /** The Status entity. */
  status: Record<string, unknown>;
  /** Hashtags it carries (lower case, without `#`). */
  tags: string[];
}

/** Results per page when `limit` is absent, and the most a page takes (the docs cited per endpoint). */
const PAGES: Record<MastodonListenOperation, { fallback: number; max: number }> = {
  // docs.joinmastodon.org/methods/notifications/#get: "Defaults to 40 notifications. Max 80"
  getNotifications: { fallback: 40, max: 80 },
  // docs.joinmastodon.org/methods/timelines/#tag: "Defaults to 20 statuses. Max 40"
  getTimelinesTagByHashtag: { fallback: 20, max: 40 },
};

const TAG_PATH = /^\/api\/v1\/timelines\/tag\/([^/]+)$/;
const HASHTAG = /#([\p{L}\p{N}_]+)/gu;

/** Snowflake order: longer is newer, same length compares as text. */
function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Paging as Mastodon documents it (docs.joinmastodon.org/api/guidelines/#pagination):
 * `max_id` (older than), `since_id` (newer than, the newest page), `min_id` (newer than, the
 * page right after it); results newest first.
 */
function page<T extends { id: string }>(all: readonly T[], query: URLSearchParams, limit: number) {
  const max = query.get("max_id");
  const since = query.get("since_id");
  const min = query.get("min_id");
  let list = all.filter(
    (e) =>
      (max === null || compareIds(e.id, max) < 0) &&
      (since === null || compareIds(e.id, since) > 0) &&
      (min === null || compareIds(e.id, min) > 0),
  );
  list.sort((a, b) => compareIds(a.id, b.id));
  list = min !== null ? list.slice(0, limit) : list.slice(-limit);
  return list.reverse();
}

/**
 * Mentions and hashtag timelines on the simulated Mastodon: `mention(...)` and `publish(...)`
 * put items in; `GET /api/v1/notifications` (with `types[]`) and
 * `GET /api/v1/timelines/tag/:hashtag` serve them, paged by `max_id`, `since_id`, `min_id` and
 * `limit` as documented, Notification and Status entities shaped as their pages describe.
 */
export class MastodonListen {
  /** Notifications by account id, in order of creation. */
  readonly #notifications = new Map<
    string,
    Array<{ id: string; entity: Record<string, unknown> }>
  >();
  /** Public statuses, in order of publication. */
  readonly #published: Array<{ id: string; tags: string[]; entity: Record<string, unknown> }> = [];

  readonly #authors = new Map<string, string>();

  /** Serves the timelines of `host`. */
  constructor(private readonly host: MastodonListenHost) {}

  /** Which operation a request is, if it is one of these. */
  operationOf(method: string, path: string): MastodonListenOperation | undefined {
    if (method !== "GET") return undefined;
    if (path === "/api/v1/notifications") return "getNotifications";
    return TAG_PATH.test(path) ? "getTimelinesTagByHashtag" : undefined;
  }

  /** Publishes a public status by `author` (hashtags read from the text); returns it. */
  publish(text: string, author: MastodonAuthor = {}, inReplyTo?: string): MastodonPublished {
    const now = this.host.now();
    const id = this.host.nextId(now);
    const username = author.username ?? "someone";
    const tags = [...text.matchAll(HASHTAG)].map((m) => m[1]!.toLowerCase());
    const origin = this.host.origin();
    const status: Record<string, unknown> = {
      id,
      created_at: new Date(now).toISOString(),
      in_reply_to_id: inReplyTo ?? null,
      in_reply_to_account_id: null,
      sensitive: false,
      spoiler_text: "",
      visibility: "public",
      language: "en",
      uri: `${origin}/users/${username}/statuses/${id}`,
      url: `${origin}/@${username}/${id}`,
      replies_count: 0,
      reblogs_count: 0,
      favourites_count: 0,
      edited_at: null,
      content: statusHtml(text),
      reblog: null,
      account: this.#author(username, author.displayName),
      media_attachments: [],
      mentions: [],
      tags: tags.map((name) => ({ name, url: `${origin}/tags/${name}` })),
      emojis: [],
      card: null,
      poll: null,
    };
    this.#published.push({ id, tags, entity: status });
    return { status, tags };
  }

  /**
   * Publishes a status mentioning the account `accountId` and notifies it (a `mention`
   * Notification, docs.joinmastodon.org/entities/Notification/); returns the notification.
   */
  mention(accountId: string, text: string, author: MastodonAuthor = {}): Record<string, unknown> {
    const { status } = this.publish(text, author);
    const now = this.host.now();
    const id = this.host.nextId(now);
    const entity = {
      id,
      type: "mention",
      group_key: `ungrouped-${id}`,
      created_at: new Date(now).toISOString(),
      account: status.account,
      status,
    };
    const list = this.#notifications.get(accountId) ?? [];
    list.push({ id, entity });
    this.#notifications.set(accountId, list);
    return entity;
  }

  /** Answers one of {@link operationOf}'s operations for the account `accountId`. */
  handle(
    operation: MastodonListenOperation,
    request: PlatformRequest,
    accountId: string,
  ): Response {
    const { fallback, max } = PAGES[operation];
    const asked = request.query.get("limit");
    const n = asked === null ? fallback : Number.parseInt(asked, 10);
    // Mastodon clamps limit to its maximum (Api::BaseController#limit_param)
    const limit = Number.isFinite(n) && n > 0 ? Math.min(n, max) : fallback;
    if (operation === "getNotifications") {
      const types = request.query.getAll("types[]");
      const all = (this.#notifications.get(accountId) ?? []).filter(
        (n) => types.length === 0 || types.includes(String(n.entity.type)),
      );
      return json(
        200,
        page(all, request.query, limit).map((n) => n.entity),
      );
    }
    const tag = decodeURIComponent(TAG_PATH.exec(request.path)?.[1] ?? "").toLowerCase();
    const all = this.#published.filter((s) => s.tags.includes(tag));
    return json(
      200,
      page(all, request.query, limit).map((s) => s.entity),
    );
  }

  /** Forgets every notification and status. */
  reset(): void {
    this.#notifications.clear();
    this.#published.length = 0;
    this.#authors.clear();
  }

  /** A stable account id per username (simulator ids above the instance's own accounts' 100,00x). */
  #authorId(username: string): string {
    let id = this.#authors.get(username);
    if (id === undefined) {
      id = String(200_001 + this.#authors.size);
      this.#authors.set(username, id);
    }
    return id;
  }

  #author(username: string, displayName: string | undefined): Record<string, unknown> {
    const origin = this.host.origin();
    return {
      id: this.#authorId(username),
      username,
      acct: username,
      display_name: displayName ?? username,
      locked: false,
      bot: false,
      group: false,
      created_at: "2025-01-01T00:00:00.000Z",
      note: "",
      url: `${origin}/@${username}`,
      uri: `${origin}/users/${username}`,
      avatar: `${origin}/avatars/original/missing.png`,
      avatar_static: `${origin}/avatars/original/missing.png`,
      header: `${origin}/headers/original/missing.png`,
      header_static: `${origin}/headers/original/missing.png`,
      followers_count: 0,
      following_count: 0,
      statuses_count: 1,
      last_status_at: null,
      emojis: [],
      fields: [],
    };
  }
}
