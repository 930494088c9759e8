/** Platform name used in targets (`telegram:@shopnews`). */
export const TELEGRAM = "telegram";

/** Default base URL of the Bot API (https://core.telegram.org/bots/api#making-requests). */
export const TELEGRAM_BASE_URL = "https://api.telegram.org";

/** The text formatting modes the adapter can set (https://core.telegram.org/bots/api#formatting-options). */
export type TelegramParseMode = "MarkdownV2" | "HTML";

/** The Bot API methods the adapter calls; each is also its limiter route. */
export type TelegramMethod = "sendMessage" | "sendPhoto" | "sendVideo" | "sendMediaGroup";

/** Max text length, in UTF-16 code units after entity parsing (https://core.telegram.org/bots/api#sendmessage: "1-4096 characters after entities parsing"). */
export const MAX_TEXT_LENGTH = 4096;

/** Max caption length (https://core.telegram.org/bots/api#sendphoto: "0-1024 characters after entities parsing"). */
export const MAX_CAPTION_LENGTH = 1024;

/** Max items of an album (https://core.telegram.org/bots/api#sendmediagroup: "must include 2-10 items"). */
export const MAX_MEDIA_GROUP = 10;

/** Max uploaded photo size (https://core.telegram.org/bots/api#sendphoto: "at most 10 MB"). */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

/** Max size of other uploads (https://core.telegram.org/bots/api#sending-files: "50 MB for other files"). */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

/** How Telegram counts text length, for errors and length reports (https://core.telegram.org/api/entities: offsets and lengths in UTF-16 code units). */
export const LENGTH_UNIT = "UTF-16 code units after entity parsing";
