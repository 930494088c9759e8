import {
  type AdapterAccountMetrics,
  metricCount,
  objectOf,
  presentAccountMetrics,
} from "../../contract/metrics.js";

/**
 * A channel's or group's members from `getChatMemberCount` {chat_id}
 * (https://core.telegram.org/bots/api#getchatmembercount: "Returns Int on success"). A bot has
 * no followers of its own, so the account is measured through a chat it belongs to.
 */
export function telegramAccountMetrics(token: string): AdapterAccountMetrics {
  return {
    native: ["followers"],
    render: (ref) =>
      ref.chat === undefined
        ? {
            refused: {
              reason: "not-supported",
              message: "a bot has no followers; its audience is a chat's members",
              hint: 'name the channel: herald.accountMetrics("telegram:@shopnews")',
            },
          }
        : {
            operations: [
              {
                step: "member-count",
                route: "getChatMemberCount",
                method: "POST",
                path: `/bot${token}/getChatMemberCount`,
                body: { json: { chat_id: ref.chat } },
                idempotency: "safe",
              },
            ],
          },
    read: (ref, bodies) => {
      const { result } = objectOf(bodies[0]);
      return {
        metrics: presentAccountMetrics({ followers: metricCount(result) }),
        raw: { chat: ref.chat, member_count: result },
      };
    },
  };
}
