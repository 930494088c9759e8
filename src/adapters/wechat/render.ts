import type { Message } from "../../message/schema.js";
import { ValidationError } from "../../transport/errors.js";
import {
  type Destination,
  IDEMPOTENCY_KEY,
  type Operation,
  type Rendering,
  stepRef,
} from "../contract.js";
import {
  massContent,
  singleContent,
  type WechatContent,
  wechatContent,
  wechatOverrides,
} from "./content.js";
import { MASS_SEND_OPENIDS } from "./limits.js";
import { type WechatFilter, wechatTargeting } from "./targeting.js";
import type { WechatOverrides } from "./types.js";

const PLATFORM = "wechat";

/** What rendering needs from the adapter's options. */
export interface WechatRenderOptions {
  /** Tag names → tag ids. */
  tags: Readonly<Record<string, number>>;
  /** `mass/get` polling, or none. */
  massStatus: { intervalMs: number; timeoutMs: number } | false;
}

function fail(field: string, rule: string, hint?: string): never {
  throw new ValidationError(field, rule, { platform: PLATFORM, ...(hint && { hint }) });
}

/** A mass send (`mass/sendall` or `mass/send`), with `clientmsgid` and the `mass/get` poll. */
function massOperation(
  path: string,
  target: Record<string, unknown>,
  content: WechatContent,
  overrides: WechatOverrides,
  options: WechatRenderOptions,
  recipients?: number,
): Operation {
  return {
    step: "mass",
    route: "mass",
    method: "POST",
    path,
    body: {
      json: {
        ...target,
        ...massContent(content),
        ...(overrides.send_ignore_reprint !== undefined && {
          send_ignore_reprint: overrides.send_ignore_reprint,
        }),
        // WeChat refuses a second mass send with the same clientmsgid within 24 h (45065)
        clientmsgid: IDEMPOTENCY_KEY,
      },
    },
    idempotency: "key",
    ...(recipients !== undefined && { recipients }),
    ...(options.massStatus !== false && {
      poll: {
        request: {
          step: "mass-get",
          route: "mass-get",
          method: "POST",
          path: "/cgi-bin/message/mass/get",
          body: { json: { msg_id: stepRef("mass", "msg_id") } },
          idempotency: "safe",
        },
        ...options.massStatus,
      },
    }),
  };
}

/** A message to one follower: template, mass preview, or customer-service message. */
function chatOperations(message: Message, openid: string, overrides: WechatOverrides): Operation[] {
  const { template } = overrides;
  if (template !== undefined) {
    return [
      {
        step: "template",
        route: "template",
        method: "POST",
        path: "/cgi-bin/message/template/send",
        body: {
          json: {
            touser: openid,
            ...template,
            // WeChat sends one message per openid + client_msg_id (within 10 minutes)
            client_msg_id: IDEMPOTENCY_KEY,
          },
        },
        idempotency: "key",
        chat: openid,
      },
    ];
  }
  const preview = overrides.preview === true;
  const { content, uploads } = wechatContent(message, overrides, "temporary");
  return [
    ...uploads,
    {
      step: preview ? "preview" : "custom",
      route: preview ? "mass-preview" : "custom",
      method: "POST",
      path: preview ? "/cgi-bin/message/mass/preview" : "/cgi-bin/message/custom/send",
      body: { json: { touser: openid, ...singleContent(content) } },
      // neither takes a key: an ambiguous failure ends `unknown`, never resent
      idempotency: "none",
      chat: openid,
    },
  ];
}

/**
 * Renders a message for one destination: `chat` (an openid) → customer-service message,
 * template message or mass preview; `recipients` → `mass/send` to 2–10,000 openids; `broadcast`
 * → `mass/sendall` to all; `segment` → `mass/sendall` with `filter.tag_id`. Images are
 * uploaded first. Pure.
 */
export function renderWechat(
  message: Message,
  destination: Destination,
  options: WechatRenderOptions,
): Rendering {
  const overrides = wechatOverrides(message);
  const warnings: string[] = [];
  if (message.replyTo !== undefined) {
    warnings.push("WeChat messages do not quote or thread: replyTo is not sent");
  }
  if (destination.kind === "chat") {
    if (overrides.template !== undefined && (message.text ?? "").trim() !== "") {
      warnings.push("a template message carries only its data: the text is not sent");
    }
    return { operations: chatOperations(message, destination.chat, overrides), warnings };
  }
  if (overrides.template !== undefined || overrides.preview === true) {
    fail(
      overrides.template !== undefined ? "overrides.wechat.template" : "overrides.wechat.preview",
      "goes to one follower",
      'target each openid as a chat: { platform: "wechat", chat: openid }',
    );
  }
  let filter: WechatFilter | undefined;
  let recipients: string[] | undefined;
  switch (destination.kind) {
    case "broadcast":
      filter = { is_to_all: true };
      break;
    case "segment": {
      const answer = wechatTargeting(destination.segment, options.tags);
      if (!answer.native) fail(answer.condition, answer.rule, answer.hint);
      filter = answer.filter;
      if (filter?.is_to_all)
        warnings.push("the segment has no condition: it goes to every follower");
      break;
    }
    case "recipients": {
      recipients = destination.recipients.map((r) => r.id);
      const { min, max } = MASS_SEND_OPENIDS;
      if (recipients.length > max || (recipients.length < min && destination.sample !== true)) {
        fail(
          "recipients",
          `mass/send takes ${min} to ${max} openids (got ${recipients.length})`,
          recipients.length < min
            ? "reach one follower with a customer-service message (a chat target, inside the 48 h window) or a template message"
            : `split recipients into batches of ${max}`,
        );
      }
      break;
    }
    case "feed":
      fail(
        "to",
        "a WeChat Official Account has no feed Herald posts to",
        "send to followers: broadcast, a tag segment, recipients or a chat",
      );
  }
  const { content, uploads } = wechatContent(message, overrides, "material");
  const mass =
    recipients !== undefined
      ? massOperation(
          "/cgi-bin/message/mass/send",
          { touser: recipients },
          content,
          overrides,
          options,
          recipients.length,
        )
      : massOperation("/cgi-bin/message/mass/sendall", { filter }, content, overrides, options);
  return { operations: [...uploads, mass], ...(warnings.length > 0 && { warnings }) };
}
