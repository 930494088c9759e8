import type { LengthReport } from "../contract.js";
import { type Refuse, refuser } from "../refuse.js";
import { MAX_DESCRIPTION_BYTES, MAX_TAGS_LENGTH, MAX_TITLE } from "./limits.js";

const PLATFORM = "youtube";
const ANGLE = /[<>]/;

const fail: Refuse = refuser(PLATFORM);

/**
 * The length of a tag list as YouTube counts it: the tags, the commas between them, and the
 * quotation marks around a tag holding a space (docs/videos#snippet.tags[]).
 */
export function tagsLength(tags: readonly string[]): number {
  let length = Math.max(0, tags.length - 1);
  for (const tag of tags) length += [...tag].length + (/\s/.test(tag) ? 2 : 0);
  return length;
}

/** UTF-8 bytes of a string. */
export function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).byteLength;
}

/**
 * Checks a video's title, description and tags against YouTube's limits (PLATFORMS.md
 * "YouTube": title 100, description 5000 bytes, no `<` `>`); returns the lengths measured.
 */
export function checkMetadata(
  title: string,
  description: string | undefined,
  tags: readonly string[] | undefined,
  fields: { title: string; description: string; tags: string },
): LengthReport[] {
  if (title.trim() === "")
    fail(fields.title, "required", "give overrides.youtube.title or a first line of text");
  const titleLength = [...title].length; // code points: YouTube does not say how it counts (unconfirmed)
  if (titleLength > MAX_TITLE)
    fail(fields.title, `at most ${MAX_TITLE} characters (got ${titleLength})`);
  if (ANGLE.test(title)) fail(fields.title, "no < or > characters");
  const lengths: LengthReport[] = [
    { field: fields.title, length: titleLength, max: MAX_TITLE, unit: "code points" },
  ];
  if (description !== undefined) {
    const bytes = utf8Bytes(description);
    if (bytes > MAX_DESCRIPTION_BYTES) {
      fail(fields.description, `at most ${MAX_DESCRIPTION_BYTES} bytes of UTF-8 (got ${bytes})`);
    }
    if (ANGLE.test(description)) fail(fields.description, "no < or > characters");
    lengths.push({
      field: fields.description,
      length: bytes,
      max: MAX_DESCRIPTION_BYTES,
      unit: "UTF-8 bytes",
    });
  }
  if (tags !== undefined) {
    if (!tags.every((t) => typeof t === "string" && t.trim() !== ""))
      fail(fields.tags, "non-empty strings");
    if (tags.some((t) => ANGLE.test(t) || t.includes(",")))
      fail(fields.tags, "no <, > or , inside a tag");
    const length = tagsLength(tags);
    if (length > MAX_TAGS_LENGTH) {
      fail(
        fields.tags,
        `at most ${MAX_TAGS_LENGTH} characters in all (got ${length})`,
        "commas count, and a tag with a space counts two quotation marks",
      );
    }
    lengths.push({
      field: fields.tags,
      length,
      max: MAX_TAGS_LENGTH,
      unit: "characters, commas and quotes of spaced tags included",
    });
  }
  return lengths;
}
