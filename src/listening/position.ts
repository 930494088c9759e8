import type { ListenQuery } from "../contract/listening.js";

/**
 * Where one source stands: the cursor to poll after, and the ids delivered since that cursor
 * (the items of the answer being delivered), so a restart skips them instead of repeating them.
 */
export interface SourcePosition {
  /** The cursor to poll after; undefined before the first answer. */
  cursor: string | undefined;
  /** Ids delivered from the answer after `cursor`, in order. */
  delivered: string[];
}

/** FNV-1a, 32 bits (http://www.isthe.com/chongo/tech/comp/fnv/): a short, stable name for a query. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5; // the 32-bit FNV offset basis
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193); // the 32-bit FNV prime
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}

/** The listener's name in its keys: `name`, or a digest of the normalized query. */
export function queryName(query: ListenQuery, name: string | undefined): string {
  if (name !== undefined) return name;
  const keywords = [...new Set((query.keywords ?? []).map((k) => k.toLowerCase()))].sort();
  return `q${fnv1a(JSON.stringify([query.mentions === true, keywords]))}`;
}

/** The cursor key of one source: derived from the platform, the account and the query. */
export function positionKey(
  listener: string,
  platform: string,
  account: string,
  source: string,
): string {
  return `listen:${listener}:${platform}:${account}:${source}`;
}

/** The stored text of a position. */
export function encodePosition(position: SourcePosition): string {
  return JSON.stringify({ c: position.cursor ?? null, d: position.delivered });
}

/** Reads {@link encodePosition}'s text; a missing or unreadable one is the start. */
export function decodePosition(text: string | undefined): SourcePosition {
  if (text === undefined) return { cursor: undefined, delivered: [] };
  try {
    const value = JSON.parse(text) as { c?: unknown; d?: unknown };
    const cursor = typeof value.c === "string" ? value.c : undefined;
    const delivered = Array.isArray(value.d)
      ? value.d.filter((id): id is string => typeof id === "string")
      : [];
    return { cursor, delivered };
  } catch {
    return { cursor: undefined, delivered: [] };
  }
}
