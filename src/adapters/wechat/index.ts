/**
 * The WeChat Official Account adapter (`herald/wechat`): mass sends to every follower, a tag
 * (`mass/sendall`) or openid lists (`mass/send`, batched by 10,000) with `clientmsgid`,
 * `mass/get` status polling and `mass/preview`; customer-service and template messages; image
 * upload; access tokens from `stable_token`; webhooks in plain and safe (AES) mode.
 *
 * @packageDocumentation
 */
import { ValidationError } from "../../transport/errors.js";
import { webhookSecrets } from "../../webhooks/secrets.js";
import type { PlatformAdapter } from "../contract.js";
import { resolveCommonOptions } from "../options.js";
import { aesKeyOf } from "./crypto.js";
import type { WechatWebhookEvents } from "./events.js";
import { MASS_POLL, MASS_SEND_OPENIDS, WECHAT_LIMITS } from "./limits.js";
import { readWechatResponse } from "./read.js";
import { renderWechat } from "./render.js";
import { wechatTargeting } from "./targeting.js";
import { stableTokenAuth } from "./token.js";
import type { WechatOptions } from "./types.js";
import { wechatWebhooks } from "./webhooks.js";

export type * from "./events.js";
export { MASS_SEND_OPENIDS, WECHAT_LIMITS } from "./limits.js";
export { readWechatResponse, WECHAT_ERRORS } from "./read.js";
export type { WechatOptions, WechatOverrides, WechatTemplate } from "./types.js";
export { parseWechatXml, XmlError, type XmlObject, type XmlValue } from "./xml.js";

/** WeChat's API host (https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_access_token.html). */
export const WECHAT_BASE_URL = "https://api.weixin.qq.com";

const PLATFORM = "wechat";

function invalid(field: string, rule: string, hint?: string): never {
  throw new ValidationError(field, rule, { platform: PLATFORM, ...(hint && { hint }) });
}

/**
 * Creates the WeChat Official Account adapter.
 *
 * @example wechat({ appId: "wx123", appSecret: process.env.WECHAT_SECRET!, token: process.env.WECHAT_TOKEN, tags: { vip: 101 } })
 * @throws ValidationError when `appId` or `appSecret` is missing, or an option is malformed.
 */
export function wechat(options: WechatOptions): PlatformAdapter<WechatWebhookEvents> {
  if (typeof options?.appId !== "string" || !/^\w+$/.test(options.appId)) {
    invalid(
      "appId",
      "required: the AppID (开发者ID, wx...)",
      "WeChat Official Accounts Platform, 设置与开发 > 基本配置",
    );
  }
  if (typeof options.appSecret !== "string" || options.appSecret.trim() === "") {
    invalid("appSecret", "required: the AppSecret (开发者密码)");
  }
  const { account, baseUrl, limits } = resolveCommonOptions(PLATFORM, options, {
    baseUrl: WECHAT_BASE_URL,
    limits: WECHAT_LIMITS,
  });
  const tags = options.tags ?? {};
  for (const [name, id] of Object.entries(tags)) {
    if (!Number.isInteger(id) || id < 0)
      invalid(`tags.${name}`, "a tag_id (a non-negative integer)");
  }
  const massStatus = options.massStatus ?? MASS_POLL;
  if (massStatus !== false && !(massStatus.intervalMs > 0 && massStatus.timeoutMs > 0)) {
    invalid("massStatus", "{ intervalMs > 0, timeoutMs > 0 } or false");
  }
  const tokens = webhookSecrets(PLATFORM, "token", options.token);
  const aesKeyTexts = webhookSecrets(PLATFORM, "encodingAESKey", options.encodingAESKey) ?? [];
  const aesKeys = aesKeyTexts.map((text, i) => {
    const key = aesKeyOf(text);
    if (key === undefined) {
      invalid(
        aesKeyTexts.length > 1 ? `encodingAESKey[${i}]` : "encodingAESKey",
        "43 base64 characters",
      );
    }
    return key;
  });
  if (aesKeys.length > 0 && tokens === undefined) {
    invalid(
      "token",
      "required with encodingAESKey",
      "safe mode signs with the server configuration Token too",
    );
  }
  const auth = stableTokenAuth({
    appId: options.appId,
    appSecret: options.appSecret,
    baseUrl,
    ...(options.fetch && { fetch: options.fetch }),
    ...(options.now && { now: options.now }),
  });
  const render = { tags, massStatus };
  return {
    platform: PLATFORM,
    account,
    baseUrl,
    capabilities: {
      destinations: ["chat", "recipients", "broadcast", "segment"],
      recipientBatch: MASS_SEND_OPENIDS.max,
      recipientBatchMin: MASS_SEND_OPENIDS.min,
      nativeSchedule: false,
    },
    limits,
    secrets: [options.appSecret, ...(tokens ?? []), ...aesKeyTexts],
    authHeaders: () => ({}),
    auth,
    render: (message, destination) => renderWechat(message, destination, render),
    readResponse: readWechatResponse,
    nativeTargeting: (segment) => {
      const { filter: _filter, ...answer } = wechatTargeting(segment, tags);
      return answer;
    },
    ...(tokens !== undefined && {
      webhooks: wechatWebhooks({ account, appId: options.appId, tokens, aesKeys }),
    }),
  };
}
