import type { Message } from "../../message/schema.js";
import { ValidationError } from "../../transport/errors.js";
import {
  type Destination,
  type Operation,
  type RenderContext,
  type Rendering,
  stepRef,
} from "../contract.js";
import { LINE_CHAT_ID } from "./ids.js";
import {
  LINE_MULTICAST_MAX,
  NARROWCAST_POLL_INTERVAL_MS,
  NARROWCAST_POLL_TIMEOUT_MS,
} from "./limits.js";
import { renderLineMessages } from "./messages.js";
import { toLineNarrowcastFilter } from "./narrowcast-filter.js";

/** The header LINE deduplicates sends by (https://developers.line.biz/en/docs/messaging-api/retrying-api-request/). */
export const LINE_RETRY_KEY_HEADER = "X-Line-Retry-Key";

/**
 * Whether `replyTo` looks like a webhook reply token rather than a message id: LINE message ids
 * are decimal (`444573844083572737`) and user/group/room ids are `U`/`C`/`R` + 32 hex digits;
 * reply tokens are longer opaque alphanumeric strings (`nHuyWiB7yP5Zw52FIkcQobQuGDXCTA`,
 * `757913772c4646b784d4b7ce46d12671`).
 */
export function looksLikeReplyToken(value: string): boolean {
  // 20..256 characters: our heuristic bounds around the documented examples (30 and 32 characters)
  return (
    /^[A-Za-z0-9_-]{20,256}$/.test(value) &&
    !/^\d+$/.test(value) &&
    !/^[UCR][0-9a-f]{32}$/.test(value)
  );
}

function fail(field: string, rule: string, hint: string): never {
  throw new ValidationError(field, rule, { platform: "line", hint });
}

/** Refuses a `replyTo` that is not a reply token, saying what it looks like instead. */
function checkReplyTo(replyTo: string): void {
  if (looksLikeReplyToken(replyTo)) return;
  if (/^\d+$/.test(replyTo)) {
    fail(
      "replyTo",
      "LINE cannot reply to a message id; it needs the replyToken of a webhook event",
      "pass the event's replyToken as replyTo, or quote a message with overrides.line.messages and its quoteToken",
    );
  }
  if (LINE_CHAT_ID.test(replyTo)) {
    fail(
      "replyTo",
      "that is a LINE user, group or room id, not a reply token",
      `send to the chat instead: to: "line:${replyTo}"`,
    );
  }
  fail(
    "replyTo",
    `not a LINE reply token: 20 to 256 letters, digits, "-" or "_" (got ${replyTo.length} characters)`,
    "pass the replyToken of the webhook event you answer",
  );
}

/**
 * Renders a message for one destination into LINE requests: `chat` -> push (or reply with a
 * reply token in `replyTo`), `recipients` -> multicast, `broadcast` -> broadcast, `segment` ->
 * narrowcast with a progress poll. Pure.
 */
export function renderLine(
  message: Message,
  destination: Destination,
  context: RenderContext,
): Rendering {
  const rendered = renderLineMessages(message);
  const common = {
    messages: rendered.messages,
    ...(rendered.notificationDisabled !== undefined && {
      notificationDisabled: rendered.notificationDisabled,
    }),
  };
  const keyed = { idempotency: "key", idempotencyHeader: LINE_RETRY_KEY_HEADER } as const;
  const warnings = [...rendered.warnings];
  const done = (operation: Operation): Rendering => ({
    operations: [operation],
    lengths: rendered.lengths,
    ...(warnings.length > 0 && { warnings }),
  });

  // a webhook event's reply context: its reply token while valid, a push to the chat after
  const reply = destination.kind === "chat" ? destination.reply : undefined;
  const tokenValid =
    reply?.token !== undefined &&
    (reply.tokenExpiresAt === undefined || context.now < reply.tokenExpiresAt);
  // a token from a webhook event is LINE's own: only a `replyTo` the caller wrote is checked
  if (message.replyTo !== undefined) checkReplyTo(message.replyTo);
  const replyToken = message.replyTo ?? (tokenValid ? reply?.token : undefined);
  if (replyToken !== undefined) {
    if (destination.kind !== "chat") {
      fail("replyTo", "a LINE reply token answers one chat", "send replies to a chat target");
    }
    return done({
      step: "reply",
      route: "reply",
      method: "POST",
      path: "/v2/bot/message/reply",
      body: { json: { replyToken, ...common } },
      // reply takes no X-Line-Retry-Key (https://developers.line.biz/en/docs/messaging-api/retrying-api-request/)
      idempotency: "none",
      chat: destination.chat,
    });
  }

  switch (destination.kind) {
    case "chat":
      if (!LINE_CHAT_ID.test(destination.chat)) {
        fail(
          "chat",
          'a LINE user, group or room id ("U", "C" or "R" and 32 hex digits, from a webhook event\'s source)',
          "LINE IDs shown in the app (and display names) are not ids the Messaging API takes",
        );
      }
      return done({
        step: "push",
        route: "push",
        method: "POST",
        path: "/v2/bot/message/push",
        body: { json: { to: destination.chat, ...common } },
        ...keyed,
        chat: destination.chat,
      });
    case "recipients": {
      const ids = destination.recipients.map((r) => r.id);
      if (ids.length === 0 || ids.length > LINE_MULTICAST_MAX) {
        fail(
          "recipients",
          `a LINE multicast takes 1 to ${LINE_MULTICAST_MAX} user ids (got ${ids.length})`,
          `split recipients into batches of ${LINE_MULTICAST_MAX}`,
        );
      }
      return done({
        step: "multicast",
        route: "multicast",
        method: "POST",
        path: "/v2/bot/message/multicast",
        body: { json: { to: ids, ...common } },
        ...keyed,
        recipients: ids.length,
      });
    }
    case "broadcast":
      return done({
        step: "broadcast",
        route: "broadcast",
        method: "POST",
        path: "/v2/bot/message/broadcast",
        body: { json: common },
        ...keyed,
      });
    case "segment": {
      const demographic = toLineNarrowcastFilter(destination.segment);
      if (demographic === undefined) {
        warnings.push("the segment has no condition: the narrowcast goes to every friend");
      }
      return done({
        step: "narrowcast",
        route: "narrowcast",
        method: "POST",
        path: "/v2/bot/message/narrowcast",
        body: {
          json: { ...common, ...(demographic !== undefined && { filter: { demographic } }) },
        },
        ...keyed,
        poll: {
          request: {
            step: "progress",
            route: "progress",
            method: "GET",
            path: "/v2/bot/message/progress/narrowcast",
            query: { requestId: stepRef("narrowcast", "requestId") },
            idempotency: "safe",
          },
          intervalMs: NARROWCAST_POLL_INTERVAL_MS,
          timeoutMs: NARROWCAST_POLL_TIMEOUT_MS,
        },
      });
    }
    case "feed":
      return fail(
        "to",
        "LINE has no feed to post to",
        "target a chat, recipients, a segment or broadcast: true",
      );
  }
}
