import type { PlatformAdapter } from "../../adapters/contract.js";
import type { UtmValue } from "../../message/links.js";
import type { Message } from "../../message/schema.js";
import { findUrls } from "../../message/text/length.js";
import { tagLinks, tagUrl, type UtmParameters } from "../../message/text/utm.js";
import { ValidationError } from "../../transport/errors.js";

/** One tracked link of a target, as the delivery report keeps it (per target, in text order). */
export interface TrackedLink {
  /** The link as written in the message. */
  url: string;
  /** The link with its UTM parameters (what the shortener was given). */
  tagged: string;
  /** What went out: the short link, or `tagged` when not shortened. */
  sent: string;
  /** The id the shortener returned for the link, to join its clicks to the report. */
  id?: string;
}

/** One link of a target's text: where it is, and what it becomes. */
export interface TextLink {
  /** Start offset in the original text (UTF-16 code units, inclusive). */
  start: number;
  /** End offset in the original text (exclusive). */
  end: number;
  /** The link as written (HTML: `&amp;` read as `&`). */
  url: string;
  /** The tagged link itself (HTML: `&`): what the shortener is given and the report keeps. */
  tagged: string;
}

/** What link tracking made of one target's message, before any shortening. */
export interface TargetLinks {
  /** The message as given (validated, not compiled). */
  original: Message;
  /** The message with its links tagged (not compiled): what is rendered when nothing is shortened. */
  tagged: Message;
  /** The links of the text, in order. */
  text: TextLink[];
  /** The message's `link` field, tagged. */
  link?: { url: string; tagged: string };
  /** Writes a link into the text's markup (HTML: `&` as `&amp;`). */
  inMarkup: (text: string) => string;
}

/** Who a target is, for the per-target UTM values. */
export interface LinkTarget {
  /** The target's label (`telegram:@shopnews`). */
  label: string;
  /** The adapter that sends it. */
  adapter: PlatformAdapter;
  /** The account it is sent for. */
  account: string;
}

/** The value of a per-target record for this target: label, then platform@account, platform, `*`. */
function pick(value: UtmValue | undefined, target: LinkTarget): string | undefined {
  if (value === undefined || typeof value === "string") return value;
  const { platform } = target.adapter;
  return (
    value[target.label] ?? value[`${platform}@${target.account}`] ?? value[platform] ?? value["*"]
  );
}

/** The UTM parameters of one target; a required one a record gives no value for is refused. */
function parametersOf(message: Message, target: LinkTarget): UtmParameters | undefined {
  const utm = message.links?.utm;
  if (utm === undefined) return undefined;
  const required = (name: "campaign" | "medium"): string => {
    const found = pick(utm[name], target);
    if (found !== undefined) return found;
    throw new ValidationError(`links.utm.${name}`, `no value for ${target.label}`, {
      platform: target.adapter.platform,
      hint: 'add its label, its platform or "*" to the record',
    });
  };
  const content = pick(utm.content, target);
  const term = pick(utm.term, target);
  return {
    utm_source: target.adapter.platform,
    utm_medium: required("medium"),
    utm_campaign: required("campaign"),
    ...(content !== undefined && { utm_content: content }),
    ...(term !== undefined && { utm_term: term }),
  };
}

/** Writes text as it is. */
const asIs = (text: string) => text;

/**
 * How the added parameters (and short links) are written in the text's markup: the adapter's
 * `escapeText` (HTML: `&` as `&amp;`). A markup that escapes them with backslashes (Telegram
 * MarkdownV2 and Markdown) cannot carry them inside a link, so it is refused.
 */
function escaperOf(message: Message, target: LinkTarget, field: string) {
  const escapeText = target.adapter.escapeText;
  if (escapeText === undefined) return asIs;
  const inMarkup = (text: string) => escapeText(text, message);
  if (inMarkup("utm_a=b&c").includes("\\")) {
    throw new ValidationError(`${field}.links`, "links cannot be tagged in this text's markup", {
      platform: target.adapter.platform,
      hint: "its escapes would break the links: send the text as HTML or plain text",
    });
  }
  return inMarkup;
}

/** The links of a text, tagged with `params` (or as written without them). */
function textLinks(
  text: string,
  params: UtmParameters | undefined,
  inMarkup: (text: string) => string,
  platform: string,
): { text: string; links: TextLink[] } {
  const amp = inMarkup("&");
  const plain = (inText: string) => inText.split(amp).join("&");
  if (params === undefined) {
    const links = findUrls(text).map((u) => ({ ...u, url: plain(u.url), tagged: plain(u.url) }));
    return { text, links };
  }
  try {
    const tagged = tagLinks(text, params, inMarkup);
    const links = tagged.links.map((l) => ({
      start: l.start,
      end: l.end,
      url: plain(l.url),
      tagged: plain(l.tagged),
    }));
    return { text: tagged.text, links };
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new ValidationError("text", `link ${error.message}`, {
      platform,
      hint: "put a space after the link, end its fragment with a letter or digit, or add the utm_ parameters yourself",
    });
  }
}

/**
 * Tags the links of `message` (validated, not compiled) for one target: every http(s) link of
 * the text and the `link` field get `utm_source` = the platform and the message's other
 * parameters. Undefined when the message asks for no link tracking. Pure.
 *
 * @param field the target's path (`to[1]`), for errors.
 * @throws ValidationError for a record without a value for the target, a markup that cannot
 *   carry the parameters, or a link that would not be one link once tagged.
 */
export function tagTargetLinks(
  message: Message,
  target: LinkTarget,
  field: string,
): TargetLinks | undefined {
  if (message.links === undefined) return undefined;
  const params = parametersOf(message, target);
  const inMarkup = escaperOf(message, target, field);
  const text = textLinks(message.text ?? "", params, inMarkup, target.adapter.platform);
  const link =
    message.link === undefined
      ? undefined
      : { url: message.link, tagged: params ? tagUrl(message.link, params) : message.link };
  const tagged: Message = {
    ...message,
    ...(message.text !== undefined && { text: text.text }),
    ...(link !== undefined && { link: link.tagged }),
  };
  return {
    original: message,
    tagged,
    text: text.links,
    inMarkup,
    ...(link !== undefined && { link }),
  };
}

/** The report's links of a target: every distinct link once, in text order, `link` last. */
export function trackedLinks(
  links: TargetLinks,
  short: ReadonlyMap<string, { url: string; id?: string }> = new Map(),
): TrackedLink[] {
  const seen = new Map<string, TrackedLink>();
  const all = [...links.text, ...(links.link ? [links.link] : [])];
  for (const { url, tagged } of all) {
    if (seen.has(tagged)) continue;
    const shortened = short.get(tagged);
    seen.set(tagged, {
      url,
      tagged,
      sent: shortened?.url ?? tagged,
      ...(shortened?.id !== undefined && { id: shortened.id }),
    });
  }
  return [...seen.values()];
}
