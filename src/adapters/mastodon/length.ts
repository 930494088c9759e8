import { countGraphemes, countWeightedLength, type TextEntity } from "../../message/text/length.js";

/*
 * Mastodon's mention grammar, Account::MENTION_RE
 * (https://github.com/mastodon/mastodon/blob/main/app/models/account.rb):
 * (?<![=/[:word:]])@((USERNAME)(?:@[[:word:]]+([.-]+[[:word:]]+)*)?) with
 * USERNAME = [a-z0-9_]+([.-]+[a-z0-9_]+)* (case-insensitive); Ruby's [[:word:]] is letters,
 * marks, decimal digits and connector punctuation.
 */
const MENTION =
  /(?<![=/\p{L}\p{M}\p{Nd}\p{Pc}])@([a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)(?:@[\p{L}\p{M}\p{Nd}\p{Pc}]+(?:[.-]+[\p{L}\p{M}\p{Nd}\p{Pc}]+)*)?/giu;
/** twitter-text's end_mention_match: a mention followed by this is not a mention. */
const NOT_AFTER_MENTION =
  /^(?:[@＠]|[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u0100-\u024f]|:\/\/)/u;

/**
 * Finds mentions as Mastodon's extractor does; each counts as `@user` (without its domain).
 */
export function findMentions(text: string): TextEntity[] {
  const found: TextEntity[] = [];
  const re = new RegExp(MENTION.source, MENTION.flags);
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const end = m.index + m[0].length;
    if (NOT_AFTER_MENTION.test(text.slice(end))) continue;
    found.push({ start: m.index, end, replacement: `@${m[1] ?? ""}` });
  }
  return found;
}

/**
 * The length of a status as Mastodon's StatusLengthValidator counts it
 * (https://github.com/mastodon/mastodon/blob/main/app/validators/status_length_validator.rb,
 * https://docs.joinmastodon.org/user/posting/): grapheme clusters of the content warning
 * (as is) plus the text, where every http(s) URL counts as `urlWeight` characters and a
 * mention `@user@domain` as `@user`.
 */
export function countStatusLength(text: string, spoilerText: string, urlWeight: number): number {
  return (
    countGraphemes(spoilerText) +
    countWeightedLength(text, { urlWeight, entities: findMentions(text) })
  );
}
