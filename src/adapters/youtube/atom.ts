/**
 * Reads the Atom notifications YouTube's hub posts (developers.google.com/youtube/v3/guides/push_notifications):
 * a `<feed>` with an `<entry>` per new or updated video (`yt:videoId`, `yt:channelId`, title,
 * link, author, published, updated), or an `<at:deleted-entry ref="yt:video:ID" when="...">` for
 * a deleted one. Read in one forward pass ({@link readXml}), keeping only these fields: linear
 * in the body, since a body the hub signed can still be a large one.
 */
import { decodeXmlText, readXml, type XmlHandler } from "./xml-reader.js";

/** A video entry of a notification. */
export interface YouTubeFeedEntry {
  /** The video id (`yt:videoId`). */
  videoId: string;
  /** The channel id (`yt:channelId`). */
  channelId: string;
  /** The video title. */
  title: string;
  /** The watch URL (`link rel="alternate"`). */
  link?: string;
  /** The channel's name and URL. */
  author?: { name?: string; uri?: string };
  /** When the video was published (ISO 8601). */
  published?: string;
  /** When the entry last changed (ISO 8601). */
  updated?: string;
}

/** A deleted video (`at:deleted-entry`). */
export interface YouTubeDeletedEntry {
  /** The video id (from `ref="yt:video:ID"`). */
  videoId: string;
  /** When it was deleted (ISO 8601). */
  when?: string;
  /** The channel URL (`at:by/uri`), when present. */
  channelUri?: string;
}

/** What a notification holds. */
export interface YouTubeFeed {
  /** New or updated videos. */
  entries: YouTubeFeedEntry[];
  /** Deleted videos. */
  deleted: YouTubeDeletedEntry[];
}

/** The fields of an entry kept from their first element, wherever it is in the entry. */
const ENTRY_FIELDS: ReadonlySet<string> = new Set([
  "yt:videoId",
  "yt:channelId",
  "title",
  "published",
  "updated",
]);

/** Where a nested element stands: not yet met (0), open at this depth, or closed (-1). */
type Scope = number;

/** What is read of the `entry` or `at:deleted-entry` being read. */
interface Item {
  kind: "entry" | "deleted";
  /** Texts of the first element of each field, by field (`author:name` under the author). */
  texts: Map<string, string>;
  /** The field each open element's text goes to, by depth. */
  slots: Array<string | undefined>;
  /** The first author (entries) or `at:by` (deletions). */
  scope: Scope;
  link?: { href: string | undefined };
  attributes?: ReadonlyMap<string, string>;
}

class FeedHandler implements XmlHandler {
  readonly entries: YouTubeFeedEntry[] = [];
  readonly deleted: YouTubeDeletedEntry[] = [];
  #item: Item | undefined;

  wantsAttributes(name: string): boolean {
    return name === "link" || name === "at:deleted-entry";
  }

  open(name: string, depth: number, attributes: ReadonlyMap<string, string> | undefined): void {
    if (depth === 0) {
      if (name !== "feed") throw new Error("not an Atom feed");
      return;
    }
    if (depth === 1) {
      const kind = name === "entry" ? "entry" : name === "at:deleted-entry" ? "deleted" : undefined;
      this.#item = kind && {
        kind,
        texts: new Map(),
        slots: [],
        scope: 0,
        ...(attributes && { attributes }),
      };
      return;
    }
    const item = this.#item;
    if (!item) return;
    item.slots[depth] = this.#slot(item, name, depth, attributes);
  }

  /** The field an element's text goes to (its first element only), and the scope it opens. */
  #slot(
    item: Item,
    name: string,
    depth: number,
    attributes: ReadonlyMap<string, string> | undefined,
  ): string | undefined {
    let slot: string | undefined;
    if (item.kind === "entry") {
      if (name === "link" && !item.link && attributes?.get("rel") === "alternate") {
        item.link = { href: attributes.get("href") };
      }
      if (ENTRY_FIELDS.has(name)) slot = name;
      else if (item.scope > 0 && (name === "name" || name === "uri")) slot = `author:${name}`;
      if (name === "author" && item.scope === 0) item.scope = depth;
    } else {
      if (item.scope > 0 && name === "uri") slot = "by:uri";
      if (name === "at:by" && item.scope === 0) item.scope = depth;
    }
    if (slot === undefined || item.texts.has(slot)) return undefined;
    item.texts.set(slot, "");
    return slot;
  }

  text(raw: string, depth: number, cdata: boolean): void {
    const slot = this.#item?.slots[depth];
    if (slot === undefined || !this.#item) return;
    const texts = this.#item.texts;
    texts.set(slot, (texts.get(slot) ?? "") + (cdata ? raw : decodeXmlText(raw)));
  }

  close(depth: number): void {
    const item = this.#item;
    if (!item) return;
    if (depth === 1) {
      if (item.kind === "entry") this.entries.push(entryOf(item));
      else this.deleted.push(deletedOf(item));
      this.#item = undefined;
      return;
    }
    item.slots[depth] = undefined;
    if (depth === item.scope) item.scope = -1;
  }
}

function entryOf(item: Item): YouTubeFeedEntry {
  const text = (field: string) => item.texts.get(field)?.trim();
  const videoId = text("yt:videoId");
  const channelId = text("yt:channelId");
  if (!videoId || !channelId) throw new Error("an entry without yt:videoId or yt:channelId");
  const link = item.link?.href;
  const name = text("author:name");
  const uri = text("author:uri");
  const published = text("published");
  const updated = text("updated");
  return {
    videoId,
    channelId,
    title: text("title") ?? "",
    ...(link ? { link } : {}),
    ...(name || uri ? { author: { ...(name ? { name } : {}), ...(uri ? { uri } : {}) } } : {}),
    ...(published ? { published } : {}),
    ...(updated ? { updated } : {}),
  };
}

function deletedOf(item: Item): YouTubeDeletedEntry {
  const ref = item.attributes?.get("ref") ?? "";
  const videoId = ref.startsWith("yt:video:") ? ref.slice("yt:video:".length) : "";
  if (!videoId) throw new Error('a deleted entry without ref="yt:video:..."');
  const when = item.attributes?.get("when");
  const channelUri = item.texts.get("by:uri")?.trim();
  return { videoId, ...(when ? { when } : {}), ...(channelUri ? { channelUri } : {}) };
}

/**
 * Reads a notification; throws when the body is not an Atom `<feed>` (or not well-formed XML).
 * Linear in the body.
 */
export function parseYouTubeFeed(xml: string): YouTubeFeed {
  const handler = new FeedHandler();
  readXml(xml, handler);
  return { entries: handler.entries, deleted: handler.deleted };
}
