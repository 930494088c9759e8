import { retryAfterMs } from "../../transport/retry-after.js";
import type { FailureKind, Operation, PlatformResponse, ResponseReading } from "../contract.js";

/**
 * WeChat return codes Herald acts on (全局返回码,
 * https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html, and
 * the mass send page for 45065–45067). Compare `PlatformError.platformCode` with them, e.g.
 * `error.platformCode === WECHAT_ERRORS.outsideWindow`.
 */
export const WECHAT_ERRORS = {
  /** -1 系统繁忙: system busy, try again. */
  busy: -1,
  /** 40001 the access_token is invalid (or the AppSecret is wrong). */
  invalidCredential: 40001,
  /** 40014 不合法的 access_token. */
  invalidToken: 40014,
  /** 42001 access_token 超时. */
  tokenExpired: 42001,
  /** 45009 接口调用超过限制: the API's daily quota is used up. */
  dailyQuota: 45009,
  /** 45011 API 调用太频繁: the per-minute limit. */
  minuteLimit: 45011,
  /** 45015 回复时间超过限制: the user has not interacted within the customer-service window (48 h). */
  outsideWindow: 45015,
  /** 45028 没有群发配额: no mass send quota left. */
  noMassQuota: 45028,
  /** 45047 客服接口下行条数超过上限: too many customer-service messages since the user's last interaction. */
  tooManyReplies: 45047,
  /** 45065 相同 clientmsgid 已存在群发记录: already sent; the answer carries that job's msg_id. */
  clientMsgIdExists: 45065,
  /** 45066 相同 clientmsgid 重试速度过快，请间隔1分钟重试. */
  clientMsgIdTooFast: 45066,
  /** 45067 clientmsgid 长度超过限制. */
  clientMsgIdTooLong: 45067,
} as const;

/** How long 45011 (per minute) and 45066 (same clientmsgid, "请间隔1分钟重试") ask to wait. */
const ONE_MINUTE_MS = 60_000;

/**
 * China Standard Time, UTC+8: daily quotas are read as counted per calendar day there (our
 * reading: WeChat says "每日" without a time zone), so 45009 answers a wait until the next
 * midnight in Beijing, from the answer's `Date` header.
 */
const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

function untilNextChinaMidnight(headers: Headers): number | undefined {
  const now = Date.parse(headers.get("date") ?? "");
  if (Number.isNaN(now)) return undefined;
  const local = now + CHINA_OFFSET_MS;
  return DAY_MS - (local % DAY_MS);
}

/** Codes meaning the access token is not accepted: the core renews it once and retries. */
const AUTH_CODES: ReadonlySet<number> = new Set([40001, 40014, 42001]);

/**
 * Codes of input WeChat refuses (全局返回码): 40003 invalid openid, 40004 invalid media type,
 * 40007 invalid media_id, 40008 invalid message type, 40037 invalid template_id, 40130 openid
 * list size (2 to 10,000), 44002 empty body, 44003 empty news, 44004 empty text, 45002 content
 * too long, 45067 clientmsgid too long, 47001 malformed body.
 */
const VALIDATION_CODES: ReadonlySet<number> = new Set([
  40003, 40004, 40007, 40008, 40037, 40130, 44002, 44003, 44004, 45002, 45067, 47001,
]);

/** Longest platform error message kept in a reading. */
const MAX_MESSAGE = 300;

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

function idText(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return typeof value === "string" && value !== "" ? value : undefined;
}

function fail(
  kind: FailureKind,
  code: number,
  message: string,
  retryable: boolean,
  retryAfter?: number,
): ResponseReading {
  return {
    ok: false,
    failure: { kind, code, message, retryable },
    ...(retryAfter !== undefined && { retryAfterMs: retryAfter }),
  };
}

/** Reads a successful answer: ids of mass jobs, messages and uploads; `mass/get` status. */
function readSuccess(operation: Omit<Operation, "poll">, body: Record<string, unknown>) {
  if (operation.route === "mass-get") {
    const status = idText(body.msg_status);
    const id = idText(body.msg_id);
    const base = id !== undefined ? { id } : {};
    if (status === "SENDING") return { ok: true, pending: true, ...base };
    if (status === "SEND_SUCCESS") return { ok: true, ...base, note: "mass send finished" };
    return {
      ...base,
      ...fail("platform", 0, `mass send ended ${status ?? "without a status"}`, false),
    };
  }
  // mass/sendall and mass/send: msg_id (and msg_data_id for news); custom/send has no id;
  // template/send msgid; uploads media_id
  const id = idText(body.msg_id) ?? idText(body.msgid) ?? idText(body.media_id);
  const values: Record<string, string> = {};
  for (const name of ["msg_id", "msg_data_id", "media_id"]) {
    const value = idText(body[name]);
    if (value !== undefined) values[name] = value;
  }
  const pending = operation.route === "mass";
  return {
    ok: true,
    ...(id !== undefined && { id }),
    ...(Object.keys(values).length > 0 && { values }),
    ...(pending && { pending: true }),
  } satisfies ResponseReading;
}

/**
 * Reads a WeChat answer. WeChat answers HTTP 200 with `{ errcode, errmsg }`; `errcode` 0 or
 * absent is success. Failures ({@link WECHAT_ERRORS}): 40001/40014/42001 `auth` (the core renews
 * the token once and resends); -1 transient; 45011 per-minute limit and 45066 (same clientmsgid
 * too fast) rate-limit after a minute; 45009 daily quota rate-limit until the next midnight in China (from
 * the answer's `Date`: beyond `maxWaitMs` the send fails with a `RateLimitError` saying how
 * long); 45028 no mass quota a rate limit that waiting does not restore (a `PlatformError`); 45065 (clientmsgid seen)
 * success: the job already exists, its msg_id is the answer; 45015 outside the
 * customer-service window and 45047 too many replies are platform errors with that code;
 * invalid input `validation`; other codes `platform`. Mass sends read `pending` so that the
 * core follows the job with `mass/get`. Pure.
 */
export function readWechatResponse(
  operation: Omit<Operation, "poll">,
  response: PlatformResponse,
): ResponseReading {
  const body = record(response.body);
  if (response.status >= 500) {
    return fail("transient", response.status, `HTTP ${response.status}`, true);
  }
  const code = typeof body.errcode === "number" ? body.errcode : 0;
  if (response.status >= 200 && response.status < 300 && code === 0) {
    return readSuccess(operation, body);
  }
  const raw = typeof body.errmsg === "string" ? body.errmsg : `HTTP ${response.status}`;
  const message = raw.length > MAX_MESSAGE ? `${raw.slice(0, MAX_MESSAGE)}…` : raw;
  if (code === 0) {
    // not WeChat's own answer (those are HTTP 200 with errcode) but a gateway's: read the status
    if (response.status === 429) {
      return fail("rate-limit", 429, message, true, retryAfterMs(response.headers));
    }
    if (response.status === 401) return fail("auth", 401, message, false);
    return fail("platform", response.status, message, false);
  }
  if (AUTH_CODES.has(code)) return fail("auth", code, message, false);
  switch (code) {
    case WECHAT_ERRORS.busy:
      return fail("transient", code, message, true);
    case WECHAT_ERRORS.minuteLimit:
    case WECHAT_ERRORS.clientMsgIdTooFast:
      return fail("rate-limit", code, message, true, ONE_MINUTE_MS);
    case WECHAT_ERRORS.dailyQuota: {
      // retried (and the route paused) only when the day's end is known and within maxWaitMs;
      // otherwise a RateLimitError whose retryAfter says how long
      const wait = untilNextChinaMidnight(response.headers);
      return fail("rate-limit", code, message, wait !== undefined, wait);
    }
    case WECHAT_ERRORS.noMassQuota:
      return fail("rate-limit", code, message, false);
    case WECHAT_ERRORS.clientMsgIdExists: {
      const existing = readSuccess(operation, body);
      return {
        ...existing,
        note: "already sent (45065): WeChat had this clientmsgid, nothing was sent twice",
      };
    }
    default:
      return fail(VALIDATION_CODES.has(code) ? "validation" : "platform", code, message, false);
  }
}
