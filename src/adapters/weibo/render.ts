import type { Destination, Message, Operation, Rendering, RequestBody } from "../contract.js";
import { type Refuse, refuser } from "../refuse.js";
import { countWeiboLength, findWeiboLinks, inSafeDomain } from "./length.js";
import { MAX_PIC_BYTES, MAX_STATUS, PIC_TYPES } from "./limits.js";
import type { WeiboOverrides } from "./types.js";

const PLATFORM = "weibo";
/** "文本中不能包含“#话题词#”" (open.weibo.com/wiki/2/statuses/share, `status`). */
const TOPIC = /#[^#\s]+#/u;

const fail: Refuse = refuser(PLATFORM);

/** Settings of the adapter that rendering reads. */
export interface WeiboRenderSettings {
  /** The app's safe domains. */
  safeDomains: readonly string[];
  /** Default `rip`. */
  rip?: string;
}

/** The text with the message's link appended (unless the text already holds it). */
function statusText(message: Message): string {
  const text = message.text?.trim() ?? "";
  if (message.link === undefined || text.includes(message.link)) return text;
  return text === "" ? message.link : `${text} ${message.link}`;
}

/** Renders `statuses/share` (open.weibo.com/wiki/2/statuses/share). Pure. */
export function renderWeibo(
  message: Message,
  destination: Destination,
  settings: WeiboRenderSettings,
): Rendering {
  if (destination.kind !== "feed") fail("to", "the user's timeline (feed) only", 'target "weibo"');
  if (message.replyTo !== undefined) fail("replyTo", "statuses/share posts cannot reply");
  const text = statusText(message);
  if (text === "") fail("text", "required", "a Weibo post is text with a link of your safe domain");
  const length = countWeiboLength(text);
  if (length > MAX_STATUS)
    fail(
      "text",
      `at most ${MAX_STATUS} Chinese characters (got ${length}; ASCII counts half, a link 10)`,
    );
  if (TOPIC.test(text)) fail("text", "no #topic# (statuses/share does not take topics)");
  const links = findWeiboLinks(text);
  if (!links.some((link) => settings.safeDomains.some((domain) => inSafeDomain(link, domain)))) {
    fail(
      "text",
      `a link on the app's safe domain (${settings.safeDomains.join(", ")})`,
      "Weibo refuses a share without one; add message.link",
    );
  }
  const media = message.media ?? [];
  if (media.length > 1) fail("media", "at most one picture");
  const overrides = (message.overrides?.[PLATFORM] ?? {}) as WeiboOverrides;
  const rip = overrides.rip ?? settings.rip;
  const fields: Record<string, string> = { status: text, ...(rip ? { rip } : {}) };
  let body: RequestBody = { urlencoded: fields };
  const pic = media[0];
  if (pic) {
    if (!pic.data || !pic.mimeType)
      fail(
        "media[0]",
        "picture bytes (data) with a mimeType",
        "statuses/share uploads the picture",
      );
    if (!PIC_TYPES.includes(pic.mimeType)) fail("media[0].mimeType", PIC_TYPES.join(", "));
    if (pic.data.byteLength >= MAX_PIC_BYTES) fail("media[0].data", "under 5 MB");
    const extension = pic.mimeType.split("/")[1] ?? "jpg";
    body = {
      form: [
        ...Object.entries(fields).map(([name, value]) => ({ name, value })),
        {
          name: "pic",
          data: pic.data,
          filename: pic.filename ?? `pic.${extension}`,
          mimeType: pic.mimeType,
        },
      ],
    };
  }
  const operation: Operation = {
    step: "share",
    route: "share",
    method: "POST",
    path: "/2/statuses/share.json",
    body,
    // Weibo takes no idempotency key: an ambiguous failure ends `unknown`, never resent
    idempotency: "none",
  };
  return {
    operations: [operation],
    lengths: [
      { field: "text", length, max: MAX_STATUS, unit: "Chinese characters (ASCII half, links 10)" },
    ],
  };
}
