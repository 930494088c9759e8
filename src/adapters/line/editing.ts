import type { AdapterEditing, Refusal } from "../../contract/editing.js";

/**
 * LINE's Messaging API sends messages but has no call that edits or unsends one a bot sent
 * (https://developers.line.biz/en/reference/messaging-api/#messages): every edit and delete is
 * refused before any request, with the reason.
 */
const CANNOT: Refusal = {
  reason: "not-supported",
  message: "the LINE Messaging API cannot unsend or edit a message a bot sent",
  hint: "send a correction as a new message",
};

/** Edits and deletes on LINE: refused, with the reason. */
export const lineEditing: AdapterEditing = {
  edit: () => ({ refused: CANNOT }),
  delete: () => ({ refused: CANNOT }),
  refusal: () => undefined,
};
