// The forms of LINE's ids, from the Messaging API reference
// (https://developers.line.biz/en/reference/messaging-api/#source-user): a user id is
// `U[0-9a-f]{32}`, a group id `C[0-9a-f]{32}`, a room id `R[0-9a-f]{32}`.

/** A LINE user id, the only id a multicast takes ("Array of user IDs", #send-multicast-message). */
export const LINE_USER_ID = {
  pattern: /^U[0-9a-f]{32}$/,
  rule: 'a LINE user id ("U" and 32 hex digits, from a webhook event\'s source.userId; not the LINE ID a user shows in the app)',
} as const;

/** A chat a push goes to: a user, group or room id (#send-push-message, `to`). */
export const LINE_CHAT_ID = /^[UCR][0-9a-f]{32}$/;
