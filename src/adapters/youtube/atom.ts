/**
 * Reads the Atom notifications YouTube's hub posts (developers.google.com/youtube/v3/guides/push_notifications):
 * a `<feed>` with an `<entry>` per new or updated video (`yt:videoId`, `yt:channelId`, title,
 * link, author, published, updated), or an `<at:deleted-entry ref="yt:video:ID" when="...">` for
 * a deleted one. The notifications have this fixed shape, so a small reader of these elements
 * does; it is not a general XML parser.
 */

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

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Decodes the five XML entities and numeric character references. */
function decode(text: string): string {
  return text
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, "$1")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === "#") {
        const code =
          name[1] === "x" || name[1] === "X"
            ? Number.parseInt(name.slice(2), 16)
            : Number(name.slice(1));
        return Number.isInteger(code) && code >= 0 && code <= 0x10ffff
          ? String.fromCodePoint(code)
          : whole;
      }
      return ENTITIES[name] ?? whole;
    });
}

function element(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`).exec(xml);
  return match ? decode(match[1] ?? "").trim() : undefined;
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(tag);
  return match ? decode(match[2] ?? match[3] ?? "") : undefined;
}

/** Reads a notification; throws when the body is not an Atom `<feed>`. */
export function parseYouTubeFeed(xml: string): YouTubeFeed {
  if (!/<feed[\s>]/.test(xml)) throw new Error("not an Atom feed");
  const entries: YouTubeFeedEntry[] = [];
  for (const match of xml.matchAll(/<entry(?:\s[^>]*)?>([\s\S]*?)<\/entry>/g)) {
    const body = match[1] ?? "";
    const videoId = element(body, "yt:videoId");
    const channelId = element(body, "yt:channelId");
    if (!videoId || !channelId) throw new Error("an entry without yt:videoId or yt:channelId");
    const linkTag = /<link\s[^>]*rel=["']alternate["'][^>]*>/.exec(body)?.[0];
    const link = linkTag ? attribute(linkTag, "href") : undefined;
    const authorXml = element(body, "author");
    const name = authorXml ? element(authorXml, "name") : undefined;
    const uri = authorXml ? element(authorXml, "uri") : undefined;
    const published = element(body, "published");
    const updated = element(body, "updated");
    entries.push({
      videoId,
      channelId,
      title: element(body, "title") ?? "",
      ...(link ? { link } : {}),
      ...(name || uri ? { author: { ...(name ? { name } : {}), ...(uri ? { uri } : {}) } } : {}),
      ...(published ? { published } : {}),
      ...(updated ? { updated } : {}),
    });
  }
  const deleted: YouTubeDeletedEntry[] = [];
  for (const match of xml.matchAll(
    /<at:deleted-entry(\s[^>]*)?(?:\/>|>([\s\S]*?)<\/at:deleted-entry>)/g,
  )) {
    const tag = match[1] ?? "";
    const ref = attribute(tag, "ref") ?? "";
    const videoId = /^yt:video:(.+)$/.exec(ref)?.[1];
    if (!videoId) throw new Error('a deleted entry without ref="yt:video:..."');
    const when = attribute(tag, "when");
    const byXml = match[2] ? element(match[2], "at:by") : undefined;
    const channelUri = byXml ? element(byXml, "uri") : undefined;
    deleted.push({ videoId, ...(when ? { when } : {}), ...(channelUri ? { channelUri } : {}) });
  }
  return { entries, deleted };
}
