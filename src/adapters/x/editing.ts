import type { AdapterEditing, PostRef } from "../../contract/editing.js";

const postPath = (ref: PostRef) => `/2/tweets/${encodeURIComponent(ref.id)}`;

/**
 * Deletes posts with `DELETE /2/tweets/:id` (https://docs.x.com/x-api/posts/delete-post) and
 * refuses edits: X lets only subscribers edit, within an hour of posting, and Herald does not
 * edit X posts. X answers 404 for a post that does not exist and 403 for another user's.
 */
export const xEditing: AdapterEditing = {
  edit: () => ({
    refused: {
      reason: "not-supported",
      message:
        "X lets a post be edited only by subscribers, within an hour of posting; Herald does not edit X posts",
      hint: "delete the post and send the correction as a new one",
    },
  }),
  delete: (ref) => ({
    operations: [
      {
        step: "delete",
        route: "tweets-delete",
        method: "DELETE",
        path: postPath(ref),
        // deleting twice finds 404: the core reads that after a retried attempt as done
        idempotency: "safe",
      },
    ],
  }),
  refusal({ status, code }) {
    if (status === 404 || code === "resource-not-found") return "not-found";
    if (status === 403 || code === "not-authorized-for-resource") return "not-allowed";
    return undefined;
  },
};
