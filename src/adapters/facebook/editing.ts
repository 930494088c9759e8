import type { AdapterEditing, PostRef } from "../../contract/editing.js";
import { ValidationError } from "../../transport/errors.js";

/** Graph's "object does not exist, cannot be loaded due to missing permissions" (code 100, subcode 33). */
const MISSING_SUBCODE = /\(subcode 33\)/;
/** Permission errors: 10 and 200-299 (https://developers.facebook.com/docs/graph-api/guides/error-handling). */
const isPermission = (code: number) => code === 10 || (code >= 200 && code <= 299);

const postPath = (ref: PostRef) => `/${encodeURIComponent(ref.id)}`;

/**
 * Edits a Page post's message (`POST /{post-id}` with `message`) and deletes it
 * (`DELETE /{post-id}`) (https://developers.facebook.com/docs/graph-api/reference/post#updating,
 * #deleting). Graph answers a post that is gone with code 100 subcode 33, and one the Page
 * token may not change with a permission error (code 10 or 200-299).
 */
export function facebookEditing(maxCharacters: number): AdapterEditing {
  return {
    edit(ref, message) {
      if (message.media !== undefined && message.media.length > 0) {
        throw new ValidationError("media", "an edit replaces the message only", {
          platform: "facebook",
        });
      }
      const text =
        message.link && !message.text?.includes(message.link)
          ? `${message.text ?? ""}\n\n${message.link}`.trim()
          : (message.text ?? "");
      if (text.length > maxCharacters) {
        throw new ValidationError("text", `max ${maxCharacters} characters, got ${text.length}`, {
          platform: "facebook",
        });
      }
      return {
        operations: [
          {
            step: "edit",
            route: "post-edit",
            method: "POST",
            path: postPath(ref),
            body: { urlencoded: { message: text } },
            idempotency: "safe",
          },
        ],
      };
    },
    delete: (ref) => ({
      operations: [
        {
          step: "delete",
          route: "post-delete",
          method: "DELETE",
          path: postPath(ref),
          idempotency: "safe",
        },
      ],
    }),
    refusal({ code, message }) {
      if (code === 100 && MISSING_SUBCODE.test(message)) return "not-found";
      if (typeof code === "number" && isPermission(code)) return "not-allowed";
      return undefined;
    },
  };
}
