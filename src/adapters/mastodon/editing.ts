import type { AdapterEditing, PostRef } from "../../contract/editing.js";
import type { Operation } from "../contract.js";
import { renderMastodon } from "./render.js";
import type { MastodonSettings } from "./types.js";

/**
 * Fields `PUT /api/v1/statuses/:id` takes (https://docs.joinmastodon.org/methods/statuses/#edit):
 * visibility, the reply and the schedule of a status cannot change.
 */
const EDITABLE = ["status", "spoiler_text", "sensitive", "language", "media_ids", "poll"];

/** The path of one status. */
export const statusPath = (ref: PostRef) => `/api/v1/statuses/${encodeURIComponent(ref.id)}`;

/**
 * Edits (`PUT /api/v1/statuses/:id`, the message rendered as a status, new media uploaded
 * first) and deletes (`DELETE /api/v1/statuses/:id`, https://docs.joinmastodon.org/methods/statuses/#delete)
 * the account's own statuses. Mastodon answers 404 for a status that is gone or not the
 * account's own (its controllers look statuses up among the account's).
 */
export function mastodonEditing(settings: MastodonSettings): AdapterEditing {
  return {
    edit(ref, message, context) {
      const rendering = renderMastodon(
        { ...message, replyTo: undefined },
        { kind: "feed" },
        context,
        settings,
      );
      const operations = rendering.operations.map((op): Operation => {
        if (op.step !== "status" || op.body === undefined || !("json" in op.body)) return op;
        const body = op.body.json as Record<string, unknown>;
        const edit = Object.fromEntries(EDITABLE.filter((k) => k in body).map((k) => [k, body[k]]));
        return {
          step: "edit",
          route: "statuses",
          method: "PUT",
          path: statusPath(ref),
          body: { json: edit },
          idempotency: "safe",
        };
      });
      return { operations };
    },
    delete(ref) {
      // deleting twice finds 404: the core reads that after a retried attempt as done
      return {
        operations: [
          {
            step: "delete",
            route: "delete-status",
            method: "DELETE",
            path: statusPath(ref),
            idempotency: "safe",
          },
        ],
      };
    },
    refusal({ status }) {
      return status === 404 ? "not-found" : undefined;
    },
  };
}
