/**
 * WeChat webhook payloads (https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html,
 * .../Receiving_event_pushes.html, and the mass send page for MASSSENDJOBFINISH), as parsed
 * from their XML: every leaf is a string, as WeChat writes it. Types only.
 *
 * @packageDocumentation
 */
import type { XmlValue } from "./xml.js";

/** What every delivery carries. */
export interface WechatPayloadBase {
  /** Any other field, as parsed (a string, or nested elements). */
  [field: string]: XmlValue | undefined;
  /** The Official Account's original id (`gh_...`). */
  ToUserName: string;
  /** The follower's openid. */
  FromUserName: string;
  /** Unix seconds. */
  CreateTime: string;
  /** `text`, `image`, ..., or `event`. */
  MsgType: string;
}

/** A text message from a follower (`MsgType` text). */
export interface WechatTextMessage extends WechatPayloadBase {
  /** The text. */
  Content: string;
  /** The message id (64-bit, as digits). */
  MsgId: string;
}

/** Another kind of message (image, voice, video, location, link): fields as WeChat sends them. */
export interface WechatOtherMessage extends WechatPayloadBase {
  /** The message id. */
  MsgId: string;
}

/** An event (`MsgType` event). */
export interface WechatEventPayload extends WechatPayloadBase {
  /** The event name (`subscribe`, `CLICK`, `MASSSENDJOBFINISH`, ...). */
  Event: string;
  /** Menu key (`CLICK`), URL (`VIEW`), or `qrscene_...` (subscribe by QR code). */
  EventKey?: string;
}

/** The end of a mass send (`MASSSENDJOBFINISH`). */
export interface WechatMassSendFinished extends WechatEventPayload {
  /** The mass send's msg_id. */
  MsgID: string;
  /** `sendsuccess`, `sendfail`, or `err(<code>)`. */
  Status: string;
  /** Followers the send was meant for. */
  TotalCount: string;
  /** Followers left after filtering (region, gender, refusals, the 4-a-month cap). */
  FilterCount: string;
  /** Followers reached. */
  SentCount: string;
  /** Followers not reached. */
  ErrorCount: string;
}

/** The end of a template message (`TEMPLATESENDJOBFINISH`). */
export interface WechatTemplateSendFinished extends WechatEventPayload {
  /** The template message's msgid. */
  MsgID: string;
  /** `success`, `failed:user block`, or `failed: system failed`. */
  Status: string;
}

/** WeChat platform events by name; `herald.webhooks.on("wechat.event.CLICK", ...)`. */
export type WechatWebhookEvents = {
  "wechat.message.text": WechatTextMessage;
  "wechat.message.image": WechatOtherMessage;
  "wechat.message.voice": WechatOtherMessage;
  "wechat.message.video": WechatOtherMessage;
  "wechat.message.shortvideo": WechatOtherMessage;
  "wechat.message.location": WechatOtherMessage;
  "wechat.message.link": WechatOtherMessage;
  "wechat.event.subscribe": WechatEventPayload;
  "wechat.event.unsubscribe": WechatEventPayload;
  "wechat.event.SCAN": WechatEventPayload;
  "wechat.event.LOCATION": WechatEventPayload;
  "wechat.event.CLICK": WechatEventPayload;
  "wechat.event.VIEW": WechatEventPayload;
  "wechat.event.MASSSENDJOBFINISH": WechatMassSendFinished;
  "wechat.event.TEMPLATESENDJOBFINISH": WechatTemplateSendFinished;
};
