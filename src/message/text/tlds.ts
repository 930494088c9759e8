/**
 * The top-level domains twitter-text recognizes in URLs (its conformance `tld_lib.yml`; X counts
 * a URL only under one of them), unpacked from {@link PACKED_TLDS}.
 */
import { PACKED_TLDS } from "../../generated/tlds.js";

/** Where a packed name starts: its shared-prefix length, `0`-`9` then `A`-`Z` (10-35). */
const LENGTH_MARK = /[0-9A-Z]/;

/**
 * The names, unpacked (the format is described in scripts/generate-tlds.ts), lower case and in
 * code point order.
 */
export function topLevelDomains(): string[] {
  const names: string[] = [];
  let previous = "";
  let i = 0;
  while (i < PACKED_TLDS.length) {
    const mark = PACKED_TLDS.charCodeAt(i);
    const shared = mark <= 57 ? mark - 48 : mark - 55;
    let end = i + 1;
    while (end < PACKED_TLDS.length && !LENGTH_MARK.test(PACKED_TLDS[end] ?? "")) end++;
    previous = previous.slice(0, shared) + PACKED_TLDS.slice(i + 1, end);
    names.push(previous);
    i = end;
  }
  return names;
}
