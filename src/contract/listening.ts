/**
 * The listening facet of the adapter contract: which poll sources a listen query maps to on a
 * platform, the request that polls one source after a cursor, and how its answer reads into
 * heard items and the next cursor. Data and pure functions: the core owns the cadence, the
 * limiter, retries, cursors and dedupe (docs/listening.md).
 *
 * @packageDocumentation
 */

import type { Refusal } from "./editing.js";
import type { Operation } from "./operation.js";

/**
 * What a heard item is:
 * - `mention`: the account was named (`@shop`), or its bot was addressed;
 * - `keyword`: a post matching a followed keyword or hashtag;
 * - `comment`: a reply or comment to one of the account's own posts;
 * - `message`: a message to the account (a Telegram update matching the query).
 */
export type HeardKind = "mention" | "keyword" | "comment" | "message";

/** What a listener follows on every platform it names. */
export interface ListenQuery {
  /** Mentions of the account (and, where the platform says so, replies to it). */
  mentions?: boolean;
  /**
   * Keywords and hashtags (`"acme"`, `"#acmesale"`), matched case-insensitively; a platform
   * searches them natively where it can (X recent search, Mastodon hashtag timelines).
   */
  keywords?: readonly string[];
}

/** Who wrote a heard item. */
export interface HeardAuthor {
  /** The platform's user id. */
  id: string;
  /** The handle (`@someone`, `someone@instance`), when the platform gives one. */
  handle?: string;
  /** The display name, when the platform gives one. */
  name?: string;
}

/** One normalized item a listener heard; `R` is the platform's raw payload type. */
export interface HeardItem<R = unknown> {
  /** What it is. */
  kind: HeardKind;
  /** The platform's id of the item (a status, post or update id), unique per platform account. */
  id: string;
  /** Who wrote it. */
  author: HeardAuthor;
  /** Its text, as plain text. */
  text: string;
  /** A link to it, when the platform has one. */
  url?: string;
  /** When it was written (ms since the epoch); the poll's time when the platform says nothing. */
  createdAt: number;
  /** The keywords of the query it matched (lower case), for `keyword` items. */
  matched?: string[];
  /** The platform's own object for it, secrets redacted. */
  raw: R;
}

/**
 * One thing to poll for a query on one platform account: the mentions timeline, one hashtag's
 * timeline, one search, the bot's update queue. Its `id` is stable for the same query, so its
 * cursor can be found again after a restart.
 */
export interface ListenSource {
  /** Stable name within the platform account (`mentions`, `tag:acmesale`, `search:acme`). */
  readonly id: string;
  /** The kind of item it yields (a source may yield several: the reading's items say). */
  readonly kind: HeardKind;
  /** Parameters the adapter needs again in `poll` and `read` (a hashtag, a search query). */
  readonly params: Readonly<Record<string, string>>;
}

/** What an adapter read from one poll's answer. */
export type ListenReading =
  | {
      /** Items in the order to deliver them (oldest first where the platform allows). */
      items: HeardItem[];
      /** The cursor to poll after once these items are delivered; unchanged when absent. */
      cursor?: string;
      /** True when the platform has more right away: the core polls again without waiting. */
      more?: boolean;
    }
  /** The answer is not what the platform documents (too large, malformed): nothing is read. */
  | { invalid: string };

/**
 * How an adapter listens. The core polls each source with `poll`, through the account's
 * limiter and retry policy, every `intervalMs` (or at once after a reading with `more`), and
 * hands each successful answer to `read`.
 */
export interface AdapterListening {
  /** The default wait between two polls of one source, in ms, when nothing more is waiting. */
  readonly intervalMs: number;
  /** Where the mechanism is documented (URL). */
  readonly source: string;
  /**
   * The sources a query maps to for `account` (pure), or a refusal when the platform cannot
   * follow any of it (the core reports it as a `ValidationError` naming the platform).
   */
  sources(query: ListenQuery, account: string): ListenSource[] | { refused: Refusal };
  /** The request that polls `source` after `cursor` (undefined: the first poll). Pure. */
  poll(source: ListenSource, cursor: string | undefined, context: { now: number }): Operation;
  /**
   * Reads a poll's answer body. Pure; never throws, in time linear in the body: a hostile
   * body is `invalid`.
   */
  read(
    source: ListenSource,
    body: unknown,
    cursor: string | undefined,
    context: { now: number; query: ListenQuery },
  ): ListenReading;
  /**
   * Advice added to a failed poll's error (Telegram's 409: a webhook is set, so getUpdates is
   * refused), from the answer's status and the platform's message.
   */
  failureHint?(status: number, message: string): string | undefined;
}

/**
 * The keywords of `query` that `text` contains, lower case, each once; a `#tag` keyword
 * matches the hashtag only (not the same letters inside a word). Linear in the text for a
 * bounded number of keywords. For adapter authors.
 */
export function matchedKeywords(text: string, query: ListenQuery): string[] {
  const lower = text.toLowerCase();
  const matched: string[] = [];
  for (const keyword of query.keywords ?? []) {
    const k = keyword.toLowerCase();
    if (k === "" || matched.includes(k)) continue;
    let at = lower.indexOf(k);
    while (at !== -1) {
      const next = lower[at + k.length];
      // a hashtag ends where a tag character (letter, digit, _) does not follow
      if (!k.startsWith("#") || next === undefined || !/[\p{L}\p{N}_]/u.test(next)) break;
      at = lower.indexOf(k, at + 1);
    }
    if (at !== -1) matched.push(k);
  }
  return matched;
}

/** The listening facet: one optional member of {@link PlatformAdapter}. */
export interface ListeningFacet {
  /** Listening: the poll sources a listen query maps to, and how answers read (docs/listening.md). */
  readonly listening?: AdapterListening;
}
