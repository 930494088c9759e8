import type { LimitRule } from "../contract.js";

/** WeChat's documentation of mass sends (群发接口和原创校验). */
export const MASS_DOC =
  "https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html";
/** WeChat's global return codes (全局返回码). */
export const RETURN_CODES_DOC =
  "https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html";
/** `getStableAccessToken` (POST /cgi-bin/stable_token). */
export const STABLE_TOKEN_DOC =
  "https://developers.weixin.qq.com/doc/service/api/base/api_getstableaccesstoken";

/**
 * WeChat's documented request limits. Mass sends (`mass/sendall`, `mass/send`): "群发接口每分钟
 * 限制请求60次" (60 requests a minute, {@link MASS_DOC}). The daily quotas of every other API
 * depend on the account (its followers and verification) and are learned from 45009 answers
 * instead: Herald then stops the route (see `readWechatResponse`).
 */
export const WECHAT_LIMITS: readonly LimitRule[] = [
  // mass/sendall and mass/send: 60 requests per minute (MASS_DOC, 注意事项 6)
  { scope: "route", route: "mass", max: 60, perMs: 60_000, source: MASS_DOC },
];

/**
 * OpenIDs per `mass/send`: "OpenID最少2个，最多10000个"
 * (https://developers.weixin.qq.com/doc/service/api/notify/message/api_masssend.html, touser).
 */
export const MASS_SEND_OPENIDS = { min: 2, max: 10_000 } as const;

/**
 * `clientmsgid` length: "开发者侧群发msgid，长度限制64字节" ({@link MASS_DOC}); Herald's key is a
 * 36-character UUID, well under it.
 */
export const CLIENTMSGID_MAX_BYTES = 64;

/**
 * Images: "图片（image）: 10M，支持PNG\JPEG\JPG\GIF格式" (temporary media,
 * https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/New_temporary_materials.html;
 * permanent material takes the same size and also BMP).
 */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

/**
 * Access tokens from `stable_token` last "7200 秒" ({@link STABLE_TOKEN_DOC}); in normal mode
 * the platform "提前5分钟更新access_token" (issues the next one 5 minutes ahead). Herald renews
 * one minute before expiry (inside those 5 minutes) and, after a rejection, forces a refresh
 * at most every 30 s ("强制刷新模式每天限用20次且需间隔30秒").
 */
export const TOKEN = { renewBeforeMs: 60_000, forceSpacingMs: 30_000 } as const;

/**
 * Polling `mass/get` after a mass send until it leaves `SENDING`: our choice, every minute for
 * up to an hour (WeChat documents no pace; the MASSSENDJOBFINISH webhook reports the end too).
 */
export const MASS_POLL = { intervalMs: 60_000, timeoutMs: 3_600_000 } as const;

/**
 * Signed webhook timestamps older or newer than this are refused as replays: our choice (5
 * minutes, as stripe-node); WeChat documents none. In plain mode the signature covers only the
 * token, timestamp and nonce, not the body, so this bound is what limits a replay.
 */
export const WEBHOOK_TOLERANCE_MS = 300_000;
