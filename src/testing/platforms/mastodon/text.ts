/** Characters every URL counts for (docs.joinmastodon.org/user/posting/#text: "23 characters"; instance `characters_reserved_per_url`). */
export const CHARACTERS_PER_URL = 23;

const URL_RE = /https?:\/\/[^\s<>"]+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?'")\]}]+$/;
// Account::MENTION_RE in mastodon/app/models/account.rb: a remote mention counts as its local part.
const REMOTE_MENTION_RE = /(?<![=/\w])@([a-z0-9_]+(?:[a-z0-9_.-]+[a-z0-9_])?)@\w+(?:[.-]+\w+)*/gi;

/**
 * Length of a status as Mastodon's StatusLengthValidator counts it: grapheme clusters, every URL
 * counts {@link CHARACTERS_PER_URL}, a mention `@user@domain` counts as `@user`.
 */
export function statusLength(text: string, perUrl = CHARACTERS_PER_URL): number {
  const placeholder = "x".repeat(perUrl);
  const replaced = text
    .replace(URL_RE, (url) => {
      const trailing = TRAILING_PUNCTUATION.exec(url)?.[0] ?? "";
      return placeholder + trailing;
    })
    .replace(REMOTE_MENTION_RE, "@$1");
  let count = 0;
  for (const _ of new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(replaced))
    count++;
  return count;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`).replace(/&#38;/g, "&amp;");
}

/** Status text rendered as Mastodon does for local statuses: paragraphs, line breaks, links. */
export function statusHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((paragraph) => {
      const linked = escapeHtml(paragraph).replace(/https?:\/\/(?:[^\s<>"&]|&amp;)+/gi, (url) => {
        const trailing = TRAILING_PUNCTUATION.exec(url)?.[0] ?? "";
        const href = url.slice(0, url.length - trailing.length);
        return `<a href="${href}" rel="nofollow noopener" target="_blank">${href}</a>${trailing}`;
      });
      return `<p>${linked.replace(/\n/g, "<br />")}</p>`;
    })
    .join("");
}
