/**
 * LINE Messaging API wire types used by the adapter, as in the official OpenAPI spec
 * (/work/shared/specs/line/messaging-api.yml, line/line-openapi).
 */

/** Age buckets of `AgeDemographicFilter` (spec: `AgeDemographic`). */
export type LineAgeBucket =
  | "age_15"
  | "age_20"
  | "age_25"
  | "age_30"
  | "age_35"
  | "age_40"
  | "age_45"
  | "age_50"
  | "age_55"
  | "age_60"
  | "age_65"
  | "age_70";

/** Friendship-length buckets of `SubscriptionPeriodDemographicFilter` (spec: `SubscriptionPeriodDemographic`). */
export type LineSubscriptionPeriodBucket = "day_7" | "day_30" | "day_90" | "day_180" | "day_365";

/** A LINE area code (spec: `AreaDemographic`), e.g. `jp_13` (Tokyo) or `tw_01` (Taipei City). */
export type LineAreaCode = `${"jp" | "tw" | "th" | "id"}_${string}`;

/** A narrowcast `filter.demographic` object (spec: `DemographicFilter` and its subtypes). */
export type LineDemographicFilter =
  | { type: "age"; gte?: LineAgeBucket; lt?: LineAgeBucket }
  | { type: "gender"; oneOf: Array<"male" | "female"> }
  | { type: "appType"; oneOf: Array<"ios" | "android"> }
  | { type: "area"; oneOf: LineAreaCode[] }
  | {
      type: "subscriptionPeriod";
      gte?: LineSubscriptionPeriodBucket;
      lt?: LineSubscriptionPeriodBucket;
    }
  | {
      type: "operator";
      and?: LineDemographicFilter[];
      or?: LineDemographicFilter[];
      not?: LineDemographicFilter;
    };

/** A LINE text message object (spec: `TextMessage`). */
export interface LineTextMessage {
  /** Always `text`. */
  type: "text";
  /** The text, at most 5000 UTF-16 code units. */
  text: string;
}

/** A LINE image or video message object (spec: `ImageMessage`, `VideoMessage`). */
export interface LineMediaMessage {
  /** `image` or `video`. */
  type: "image" | "video";
  /** HTTPS URL LINE fetches the media from. */
  originalContentUrl: string;
  /** HTTPS URL of the preview image (JPEG or PNG). */
  previewImageUrl: string;
}

/** A raw LINE message object given through `overrides.line.messages` (flex, sticker, template...). */
export interface LineRawMessage {
  /** The message type (`flex`, `sticker`, `template`, ...). */
  type: string;
  /** Any other properties of the message object, passed on unchanged. */
  [property: string]: unknown;
}

/** Any LINE message object the adapter sends. */
export type LineMessage = LineTextMessage | LineMediaMessage | LineRawMessage;

/**
 * What `message.overrides.line` may hold. Unknown keys are reported as warnings.
 */
export interface LineOverrides {
  /** Raw LINE message objects (1 to 5) replacing the ones rendered from text and media. */
  messages?: LineRawMessage[];
  /** `true`: recipients get no push notification (spec: `NotificationDisabled`). */
  notificationDisabled?: boolean;
  /**
   * Preview image URL(s) (HTTPS, JPEG or PNG): one string for every media item, or an array
   * indexed like `message.media`. Required for videos; images preview themselves by default.
   */
  previewImageUrl?: string | Array<string | null>;
}
