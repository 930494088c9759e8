import type { Media, Message } from "../../message/schema.js";
import {
  type Destination,
  type Operation,
  type RenderContext,
  type Rendering,
  stepRef,
} from "../contract.js";
import { type Refuse, refuser } from "../refuse.js";
import { withReplyContext } from "../reply.js";
import { MULTI_IMAGE_MAX, RESTLI_PROTOCOL_VERSION } from "./limits.js";
import { toLittleText } from "./little-text.js";
import type { LinkedInOverrides } from "./types.js";

const PLATFORM = "linkedin";

/** What `render` needs besides the message. */
export interface LinkedInRenderSettings {
  /** The author URN of an account (throws a `ValidationError` when there is none). */
  authorOf(account: string | undefined): string;
  /** `Linkedin-Version`. */
  version: string;
  /** Default visibility. */
  visibility: string;
  /** Longest commentary. */
  maxCharacters: number;
}

/** A comment URN `urn:li:comment:(<object urn>,<id>)`: its object is what a reply comments on. */
const COMMENT_URN = /^urn:li:comment:\((urn:li:[A-Za-z]+:[^,]+),[^)]+\)$/;

const fail: Refuse = refuser(PLATFORM);

/** The text, with the link appended when the post has no article to carry it. */
function textOf(message: Message, appendLink: boolean): string {
  const text = message.text?.trim() === "" ? "" : (message.text ?? "");
  if (!appendLink || message.link === undefined || text.includes(message.link)) return text;
  return text === "" ? message.link : `${text}\n\n${message.link}`;
}

/** The upload of one image: `initializeUpload`, then a PUT of the bytes to the returned URL. */
function imageUpload(media: Media, index: number, owner: string, headers: Record<string, string>) {
  if (media.data === undefined || media.mimeType === undefined) {
    fail(
      `media[${index}].data`,
      "image bytes required",
      "LinkedIn uploads images, it does not fetch URLs: pass data and mimeType",
    );
  }
  if (!media.mimeType.startsWith("image/")) {
    fail(`media[${index}].mimeType`, "an image (this adapter does not upload videos to LinkedIn)");
  }
  const init = `image-${index}-init`;
  const operations: Operation[] = [
    {
      step: init,
      route: "images",
      method: "POST",
      path: "/images",
      query: { action: "initializeUpload" },
      headers,
      body: { json: { initializeUploadRequest: { owner } } },
      // "safe": an upload slot nobody fills is never shown
      idempotency: "safe",
    },
    {
      step: `image-${index}`,
      route: "uploads",
      method: "PUT",
      path: "/",
      // the upload URL LinkedIn returned, checked by readResponse to be LinkedIn's
      url: stepRef(init, "uploadUrl"),
      body: { bytes: media.data, contentType: media.mimeType },
      // "safe": the same bytes PUT to the same URL again replace themselves
      idempotency: "safe",
    },
  ];
  return { operations, image: { id: stepRef(init), ...(media.alt && { altText: media.alt }) } };
}

/** A comment on a post, or a reply to a comment (`urn:li:comment:(...)`), as the author. */
function comment(
  message: Message,
  target: string,
  actor: string,
  headers: Record<string, string>,
): Operation {
  if ((message.media?.length ?? 0) > 0) fail("media", "comments are sent without media");
  const nested = COMMENT_URN.exec(target);
  const object = nested?.[1] ?? target;
  return {
    step: "comment",
    route: "comments",
    method: "POST",
    path: `/socialActions/${encodeURIComponent(object)}/comments`,
    headers,
    body: {
      json: {
        actor,
        object,
        message: { text: textOf(message, true) },
        ...(nested && { parentComment: target }),
      },
    },
    idempotency: "none",
  };
}

/**
 * Renders a message as a LinkedIn post (`POST /rest/posts`,
 * https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api):
 * commentary in little text (reserved characters escaped, hashtags as templates), images uploaded
 * first (`initializeUpload`, then a PUT of the bytes), one as `content.media`, several as
 * `content.multiImage`, a link alone as `content.article`. A reply (`replyTo`, or a target's
 * `reply.messageId`: a post or comment URN) becomes a comment
 * (`POST /rest/socialActions/{urn}/comments`). Pure.
 */
export function renderLinkedIn(
  message: Message,
  destination: Destination,
  context: RenderContext,
  settings: LinkedInRenderSettings,
): Rendering {
  if (destination.kind !== "feed") {
    fail(
      "to",
      `destination "${destination.kind}" not supported`,
      'LinkedIn posts to the author\'s feed: target "linkedin"',
    );
  }
  const author = settings.authorOf(context.account);
  const headers = {
    "Linkedin-Version": settings.version,
    "X-Restli-Protocol-Version": RESTLI_PROTOCOL_VERSION,
  };
  const {
    article,
    commentary: rawCommentary,
    ...overrides
  } = (message.overrides?.[PLATFORM] ?? {}) as LinkedInOverrides;
  const media = message.media ?? [];
  const plain = textOf(message, media.length > 0);
  const measured = typeof rawCommentary === "string" ? rawCommentary : plain;
  const lengths = [
    {
      field: "text",
      length: measured.length,
      max: settings.maxCharacters,
      unit: "UTF-16 code units before little-text escaping (limit unconfirmed)",
    },
  ];
  if (measured.length > settings.maxCharacters) {
    fail("text", `max ${settings.maxCharacters} characters, got ${measured.length}`);
  }
  const replyTo = withReplyContext(message, destination).replyTo;
  if (replyTo !== undefined) {
    return { operations: [comment(message, replyTo, author, headers)], lengths };
  }
  if (media.length > MULTI_IMAGE_MAX) {
    fail("media", `at most ${MULTI_IMAGE_MAX} images per post`);
  }

  const uploads = media.map((m, i) => imageUpload(m, i, author, headers));
  const warnings: string[] = [];
  let content: Record<string, unknown> | undefined;
  if (uploads.length === 1) content = { media: uploads[0]?.image };
  if (uploads.length > 1) content = { multiImage: { images: uploads.map((u) => u.image) } };
  if (uploads.length === 0 && message.link !== undefined) {
    if (article?.title === undefined) {
      warnings.push("the article's title is the link: give overrides.linkedin.article.title");
    }
    // LinkedIn does not fetch link previews for API posts: title (required) and thumbnail are ours
    content = {
      article: { source: message.link, title: article?.title ?? message.link, ...article },
    };
  }
  const body = {
    author,
    commentary: typeof rawCommentary === "string" ? rawCommentary : toLittleText(plain),
    visibility: settings.visibility,
    distribution: {
      feedDistribution: "MAIN_FEED",
      targetEntities: [],
      thirdPartyDistributionChannels: [],
    },
    lifecycleState: "PUBLISHED",
    isReshareDisabledByAuthor: false,
    ...(content && { content }),
    ...overrides,
  };
  const post: Operation = {
    step: "post",
    route: "posts",
    method: "POST",
    path: "/posts",
    headers,
    body: { json: body },
    // LinkedIn takes no idempotency key: an ambiguous failure is reported unknown, never resent
    idempotency: "none",
  };
  return {
    operations: [...uploads.flatMap((u) => u.operations), post],
    lengths,
    ...(warnings.length > 0 && { warnings }),
  };
}
