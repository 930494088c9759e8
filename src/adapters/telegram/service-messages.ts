/**
 * Telegram service messages: a `message` that reports something that happened in the chat
 * (members joining or leaving, a pin, a payment, a forum topic, a video chat...) rather than
 * something someone wrote. They stay `telegram.message` platform events and are not normalized
 * as a `message`, so a bot answering messages does not answer them.
 *
 * @packageDocumentation
 */

/**
 * The fields of a Message that make it a service message
 * (https://core.telegram.org/bots/api#message, Bot API 10.1): every field documented as "Service
 * message", and those the page lists among them without the words (`new_chat_members`,
 * `left_chat_member`, `new_chat_title`, `new_chat_photo`, `migrate_to_chat_id`,
 * `migrate_from_chat_id`, `pinned_message`, `connected_website`, `passport_data`,
 * `giveaway_winners`). `web_app_data` is among them, and is normalized as a `postback`.
 */
export const TELEGRAM_SERVICE_FIELDS: readonly string[] = [
  "new_chat_members",
  "left_chat_member",
  "chat_owner_left",
  "chat_owner_changed",
  "new_chat_title",
  "new_chat_photo",
  "delete_chat_photo",
  "group_chat_created",
  "supergroup_chat_created",
  "channel_chat_created",
  "message_auto_delete_timer_changed",
  "migrate_to_chat_id",
  "migrate_from_chat_id",
  "pinned_message",
  "successful_payment",
  "refunded_payment",
  "users_shared",
  "chat_shared",
  "gift",
  "unique_gift",
  "gift_upgrade_sent",
  "connected_website",
  "write_access_allowed",
  "passport_data",
  "proximity_alert_triggered",
  "boost_added",
  "chat_background_set",
  "checklist_tasks_done",
  "checklist_tasks_added",
  "direct_message_price_changed",
  "forum_topic_created",
  "forum_topic_edited",
  "forum_topic_closed",
  "forum_topic_reopened",
  "general_forum_topic_hidden",
  "general_forum_topic_unhidden",
  "giveaway_created",
  "giveaway_winners",
  "giveaway_completed",
  "managed_bot_created",
  "paid_message_price_changed",
  "poll_option_added",
  "poll_option_deleted",
  "suggested_post_approved",
  "suggested_post_approval_failed",
  "suggested_post_declined",
  "suggested_post_paid",
  "suggested_post_refunded",
  "video_chat_scheduled",
  "video_chat_started",
  "video_chat_ended",
  "video_chat_participants_invited",
  "web_app_data",
];

const SERVICE: ReadonlySet<string> = new Set(TELEGRAM_SERVICE_FIELDS);

/** The service field of `message` (a Message object), or `undefined` for a message someone wrote. */
export function serviceFieldOf(message: Record<string, unknown>): string | undefined {
  for (const key of Object.keys(message)) if (SERVICE.has(key)) return key;
  return undefined;
}
