import { isUploadedFile } from "../../body.js";
import type { WindowLimit } from "../../types.js";
import { SlidingWindow } from "../../window.js";
import {
  fieldsOf,
  json,
  type PlatformEnv,
  type PlatformRequest,
  type PlatformSimulator,
} from "../context.js";

/**
 * WeChat has no machine-readable spec (none in the official sources); the request shapes checked
 * here are encoded from the API pages: getStableAccessToken, 群发接口 (sendall, send, preview, get),
 * 客服消息, 模板消息 and 新增临时素材 / 新增永久素材 on developers.weixin.qq.com.
 */

/** WeChat simulator options. */
export interface WechatSimOptions {
  /** Official Accounts the token endpoint knows: AppID and AppSecret. */
  apps: Array<{ appId: string; appSecret: string }>;
  /** Followers (openids) and when they last wrote to the account (ms), which opens the 48 h window. */
  followers?: Record<string, number | undefined>;
  /** Tags by id, with their followers' openids. */
  tags?: Record<number, string[]>;
  /** Template ids accepted (default: any). */
  templates?: string[];
  /** `mass/get` answers `SENDING` this many times before `SEND_SUCCESS` (default 1). */
  sendingPolls?: number;
  /**
   * How soon a repeated clientmsgid is answered 45066 ("请间隔1分钟重试") rather than 45065
   * (default 60,000 ms; 0 answers 45065 at once).
   */
  clientMsgIdRetrySpacingMs?: number;
  /** Access token lifetime in seconds (default 7200). */
  tokenLifetimeSec?: number;
  /** Limits replacing the documented defaults. */
  limits?: WechatLimits;
}

/** WeChat limits; each is a sliding window. */
export interface WechatLimits {
  /** mass/sendall and mass/send (default 60 a minute, answered 45011). */
  massPerMinute?: WindowLimit;
  /** Calls of each API per day (default none; answered 45009). */
  dailyPerApi?: WindowLimit;
}

/** A mass send the simulated WeChat accepted. */
export interface WechatSimMassSend {
  /** `msg_id`. */
  msgId: string;
  /** `clientmsgid` as sent. */
  clientMsgId: string | undefined;
  /** `all`, a tag, or an openid list. */
  to: { all: true } | { tagId: number } | { openids: string[] };
  /** `msgtype`. */
  msgType: string;
  /** The body as sent. */
  body: Record<string, unknown>;
  /** `mass/get` polls left answering SENDING. */
  pollsLeft: number;
  /** Simulator time (ms). */
  time: number;
}

/** A message to one follower (customer service, template, or preview). */
export interface WechatSimMessage {
  /** `custom`, `template` or `preview`. */
  kind: "custom" | "template" | "preview";
  /** The openid. */
  touser: string;
  /** The body as sent. */
  body: Record<string, unknown>;
  /** Simulator time (ms). */
  time: number;
}

// 群发接口每分钟限制请求60次 (Batch_Sends_and_Originality_Checks)
const DEFAULT_LIMITS: Required<WechatLimits> = {
  massPerMinute: { limit: 60, windowMs: 60_000 },
  dailyPerApi: { limit: Number.POSITIVE_INFINITY, windowMs: 86_400_000 },
};
/** stable_token: "7200 秒". */
const TOKEN_LIFETIME_SEC = 7_200;
/** stable_token normal mode renews "提前5分钟". */
const TOKEN_RENEW_AHEAD_MS = 300_000;
/** Force refresh "需间隔30秒". */
const FORCE_SPACING_MS = 30_000;
/** Customer-service window after the follower's last message: 48 hours (客服消息). */
const WINDOW_MS = 48 * 3_600_000;
/** clientmsgid records are checked over "24 小时" and limited to "64字节". */
const CLIENTMSGID = { ttlMs: 86_400_000, maxBytes: 64, retrySpacingMs: 60_000 };
/** Template client_msg_id: one message per openid "10分钟有效". */
const TEMPLATE_DEDUPE_MS = 600_000;
/** mass/send: "OpenID最少2个，最多10000个". */
const OPENIDS = { min: 2, max: 10_000 };
const MASS_TYPES = new Set(["text", "image", "mpnews", "voice", "mpvideo", "wxcard"]);

const error = (errcode: number, errmsg: string, extra: Record<string, unknown> = {}) => ({
  errcode,
  errmsg,
  ...extra,
});

/**
 * Simulated WeChat Official Account API: `stable_token` (normal and force modes), access tokens
 * in the query (40001, 42001), mass sends with clientmsgid (45065 with the existing msg_id,
 * 45066 for a retry within a minute, 45067), openid list sizes (40130), `mass/get` (SENDING,
 * then SEND_SUCCESS), previews, customer-service messages inside the 48 h window (45015),
 * template messages with client_msg_id, image uploads, and limits (45011, 45009). Every answer
 * is HTTP 200 with `{ errcode, errmsg }`, as on WeChat.
 */
export class WechatSimulator implements PlatformSimulator {
  /** Mass sends accepted, in order. */
  readonly massSends: WechatSimMassSend[] = [];
  /** Messages to one follower, in order. */
  readonly messages: WechatSimMessage[] = [];
  /** Uploaded media ids with their file. */
  readonly media = new Map<
    string,
    { kind: "temporary" | "material"; name: string; type: string; size: number }
  >();
  /** Token requests answered with a token (`force` for force_refresh). */
  readonly tokenGrants: Array<{ appId: string; force: boolean; time: number }> = [];
  readonly #options: WechatSimOptions;
  readonly #tokens = new Map<string, { appId: string; expiresAt: number }>();
  readonly #current = new Map<string, { token: string; expiresAt: number }>();
  readonly #lastForce = new Map<string, number>();
  readonly #clientMsgIds = new Map<string, { msgId: string; time: number }>();
  readonly #templateKeys = new Map<string, { msgId: string; time: number }>();
  readonly #interactions = new Map<string, number>();
  #mass!: SlidingWindow;
  #daily!: SlidingWindow;
  #seq = 0;

  /** Creates the simulator from its options. */
  constructor(options: WechatSimOptions, _env?: PlatformEnv) {
    this.#options = options;
    this.reset();
  }

  /** Records that `openid` wrote to the account at `time`, opening the 48 h customer-service window. */
  interact(openid: string, time: number): void {
    this.#interactions.set(openid, time);
  }

  /** Makes every access token issued so far invalid (as a force refresh elsewhere would). */
  invalidateTokens(): void {
    this.#tokens.clear();
  }

  /** @inheritdoc */
  redactPath(path: string): string {
    return path;
  }

  /** @inheritdoc */
  serverError(status: number): Response {
    return new Response("<html><body>Bad Gateway</body></html>", {
      status,
      headers: { "content-type": "text/html" },
    });
  }

  /** @inheritdoc */
  tooManyRequests(): Response {
    // WeChat answers a rate limit with HTTP 200 and errcode 45011 (global return codes), no wait given
    return Response.json(error(45011, "api minute-quota reach limit mustslower retry next minute"));
  }

  /** @inheritdoc */
  reset(): void {
    this.massSends.length = 0;
    this.messages.length = 0;
    this.tokenGrants.length = 0;
    this.media.clear();
    this.#tokens.clear();
    this.#current.clear();
    this.#lastForce.clear();
    this.#clientMsgIds.clear();
    this.#templateKeys.clear();
    this.#interactions.clear();
    const limits = { ...DEFAULT_LIMITS, ...this.#options.limits };
    this.#mass = new SlidingWindow(limits.massPerMinute);
    this.#daily = new SlidingWindow(limits.dailyPerApi);
    this.#seq = 0;
    for (const [openid, time] of Object.entries(this.#options.followers ?? {})) {
      if (time !== undefined) this.#interactions.set(openid, time);
    }
  }

  /** @inheritdoc */
  handle(request: PlatformRequest): Response {
    const answer = (body: Record<string, unknown>) => {
      if (typeof body.errcode === "number" && body.errcode !== 0) {
        request.record.schemaErrors.push(...(body.schemaError ? [String(body.errmsg)] : []));
        if (body.errcode === 45011 || body.errcode === 45009) request.rateLimited = true;
      }
      const { schemaError: _ignored, ...rest } = body;
      // every WeChat answer is HTTP 200, with a Date header as any server sends
      return json(200, rest, { date: new Date(request.now).toUTCString() });
    };
    const { path } = request;
    request.record.operation = path.replace(/^\/cgi-bin\//, "");
    if (request.method !== "POST" && path !== "/cgi-bin/get_api_domain_ip") {
      return answer(error(43002, "require POST method"));
    }
    if (path === "/cgi-bin/stable_token") return answer(this.#stableToken(request));
    const token = request.query.get("access_token") ?? "";
    const grant = this.#tokens.get(token);
    if (grant === undefined)
      return answer(error(40001, "invalid credential, access_token is invalid or not latest"));
    if (grant.expiresAt <= request.now) return answer(error(42001, "access_token expired"));
    const daily = `${grant.appId}|${path}`;
    const wait = this.#daily.wait(daily, request.now);
    if (wait > 0) return answer(error(45009, "reach max api daily quota limit"));
    this.#daily.hit(daily, request.now);
    const body = fieldsOf(request.body.value);
    switch (path) {
      case "/cgi-bin/message/mass/sendall":
      case "/cgi-bin/message/mass/send":
        return answer(this.#massSend(request, body, grant.appId));
      case "/cgi-bin/message/mass/get":
        return answer(this.#massGet(body));
      case "/cgi-bin/message/mass/preview":
      case "/cgi-bin/message/custom/send":
        return answer(this.#single(request, body, path.endsWith("preview") ? "preview" : "custom"));
      case "/cgi-bin/message/template/send":
        return answer(this.#template(request, body));
      case "/cgi-bin/media/upload":
      case "/cgi-bin/material/add_material":
        return answer(this.#upload(request, path.includes("material") ? "material" : "temporary"));
      default:
        return answer(error(48001, "api unauthorized"));
    }
  }

  #id(): string {
    this.#seq++;
    return String(1_000_000_000 + this.#seq);
  }

  #stableToken(request: PlatformRequest): Record<string, unknown> {
    const body = fieldsOf(request.body.value);
    if (body.grant_type !== "client_credential") return error(40002, "invalid grant_type");
    const app = this.#options.apps.find((a) => a.appId === body.appid);
    if (app === undefined) return error(40013, "invalid appid");
    if (app.appSecret !== body.secret) return error(40125, "invalid appsecret");
    const force = body.force_refresh === true;
    const current = this.#current.get(app.appId);
    const lifetime = (this.#options.tokenLifetimeSec ?? TOKEN_LIFETIME_SEC) * 1000;
    if (force) {
      if (
        request.now - (this.#lastForce.get(app.appId) ?? Number.NEGATIVE_INFINITY) <
        FORCE_SPACING_MS
      ) {
        return error(45011, "api minute-quota reach limit: force refresh needs 30 s between calls");
      }
      this.#lastForce.set(app.appId, request.now);
      if (current) this.#tokens.delete(current.token);
    } else if (
      current &&
      this.#tokens.has(current.token) &&
      current.expiresAt - request.now > TOKEN_RENEW_AHEAD_MS
    ) {
      this.tokenGrants.push({ appId: app.appId, force, time: request.now });
      return {
        access_token: current.token,
        expires_in: Math.floor((current.expiresAt - request.now) / 1000),
      };
    }
    const token = `wx-sim-token-${app.appId}-${this.#id()}`;
    const expiresAt = request.now + lifetime;
    this.#tokens.set(token, { appId: app.appId, expiresAt });
    this.#current.set(app.appId, { token, expiresAt });
    this.tokenGrants.push({ appId: app.appId, force, time: request.now });
    return { access_token: token, expires_in: lifetime / 1000 };
  }

  /** Checks the content fields of a mass or single message; an error body or undefined. */
  #checkContent(body: Record<string, unknown>, mass: boolean): Record<string, unknown> | undefined {
    const type = body.msgtype;
    if (typeof type !== "string" || !MASS_TYPES.has(type))
      return { ...error(40008, "invalid message type"), schemaError: true };
    const content = fieldsOf(body[type === "image" && mass ? "images" : type]);
    if (type === "text" && (typeof content.content !== "string" || content.content === "")) {
      return { ...error(44004, "empty content"), schemaError: true };
    }
    if (type === "image") {
      const ids = mass ? content.media_ids : [content.media_id];
      if (
        !Array.isArray(ids) ||
        ids.length === 0 ||
        !ids.every((id) => typeof id === "string" && id !== "")
      ) {
        return { ...error(40007, "invalid media_id"), schemaError: true };
      }
      if (!ids.every((id) => this.media.has(id as string))) return error(40007, "invalid media_id");
    }
    if (type === "mpnews" && typeof content.media_id !== "string") {
      return { ...error(40007, "invalid media_id"), schemaError: true };
    }
    return undefined;
  }

  #massSend(
    request: PlatformRequest,
    body: Record<string, unknown>,
    appId: string,
  ): Record<string, unknown> {
    const all = request.path.endsWith("sendall");
    let to: WechatSimMassSend["to"];
    if (all) {
      const filter = fieldsOf(body.filter);
      if (typeof filter.is_to_all !== "boolean")
        return { ...error(47001, "data format error: filter.is_to_all"), schemaError: true };
      if (filter.is_to_all) to = { all: true };
      else if (typeof filter.tag_id === "number" && Number.isInteger(filter.tag_id))
        to = { tagId: filter.tag_id };
      else return { ...error(47001, "data format error: filter.tag_id"), schemaError: true };
      if ("tagId" in to && this.#options.tags && !(to.tagId in this.#options.tags))
        return error(40050, "invalid tag id");
    } else {
      const touser = body.touser;
      if (!Array.isArray(touser) || !touser.every((id) => typeof id === "string" && id !== "")) {
        return { ...error(47001, "data format error: touser"), schemaError: true };
      }
      if (touser.length < OPENIDS.min || touser.length > OPENIDS.max) {
        return {
          ...error(40130, "invalid openid list size, at least two openid"),
          schemaError: true,
        };
      }
      to = { openids: touser as string[] };
    }
    const invalid = this.#checkContent(body, true);
    if (invalid) return invalid;
    const clientMsgId = body.clientmsgid;
    if (clientMsgId !== undefined) {
      if (typeof clientMsgId !== "string")
        return { ...error(47001, "data format error: clientmsgid"), schemaError: true };
      if (new TextEncoder().encode(clientMsgId).length > CLIENTMSGID.maxBytes)
        return error(45067, "clientmsgid size out of limit");
      const seen = this.#clientMsgIds.get(`${appId}|${clientMsgId}`);
      if (seen && request.now - seen.time < CLIENTMSGID.ttlMs) {
        if (
          request.now - seen.time <
          (this.#options.clientMsgIdRetrySpacingMs ?? CLIENTMSGID.retrySpacingMs)
        )
          return error(45066, "same clientmsgid retry too fast");
        return error(45065, "clientmsgid exist", { msg_id: Number(seen.msgId) });
      }
    }
    const mass = `${appId}|mass`;
    if (this.#mass.wait(mass, request.now) > 0)
      return error(45011, "api minute-quota reach limit mustslower retry next minute");
    this.#mass.hit(mass, request.now);
    const msgId = this.#id();
    if (typeof clientMsgId === "string")
      this.#clientMsgIds.set(`${appId}|${clientMsgId}`, { msgId, time: request.now });
    this.massSends.push({
      msgId,
      clientMsgId: typeof clientMsgId === "string" ? clientMsgId : undefined,
      to,
      msgType: body.msgtype as string,
      body,
      pollsLeft: this.#options.sendingPolls ?? 1,
      time: request.now,
    });
    return {
      errcode: 0,
      errmsg: "send job submission success",
      msg_id: Number(msgId),
      msg_data_id: Number(msgId) + 1,
    };
  }

  #massGet(body: Record<string, unknown>): Record<string, unknown> {
    const id = String(body.msg_id ?? "");
    const job = this.massSends.find((m) => m.msgId === id);
    if (job === undefined) return error(47001, "data format error: msg_id");
    if (job.pollsLeft > 0) {
      job.pollsLeft--;
      return { msg_id: Number(id), msg_status: "SENDING" };
    }
    return { msg_id: Number(id), msg_status: "SEND_SUCCESS" };
  }

  #single(
    request: PlatformRequest,
    body: Record<string, unknown>,
    kind: "custom" | "preview",
  ): Record<string, unknown> {
    const touser = body.touser;
    if (typeof touser !== "string" || touser === "")
      return { ...error(40003, "invalid openid"), schemaError: true };
    const invalid = this.#checkContent(body, false);
    if (invalid) return invalid;
    if (kind === "custom") {
      const last = this.#interactions.get(touser);
      if (last === undefined || request.now - last > WINDOW_MS)
        return error(45015, "response out of time limit or subscription is canceled");
    }
    this.messages.push({ kind, touser, body, time: request.now });
    return { errcode: 0, errmsg: "ok" };
  }

  #template(request: PlatformRequest, body: Record<string, unknown>): Record<string, unknown> {
    const { touser, template_id: templateId, data, client_msg_id: key } = body;
    if (typeof touser !== "string" || touser === "")
      return { ...error(40003, "invalid openid"), schemaError: true };
    if (
      typeof templateId !== "string" ||
      (this.#options.templates && !this.#options.templates.includes(templateId))
    ) {
      return error(40037, "invalid template_id");
    }
    if (typeof data !== "object" || data === null)
      return { ...error(47001, "data format error: data"), schemaError: true };
    if (typeof key === "string") {
      const seen = this.#templateKeys.get(`${touser}|${key}`);
      // one message per openid + client_msg_id: the repeat gets the first one's msgid
      if (seen && request.now - seen.time < TEMPLATE_DEDUPE_MS)
        return { errcode: 0, errmsg: "ok", msgid: Number(seen.msgId) };
    }
    const msgId = this.#id();
    if (typeof key === "string")
      this.#templateKeys.set(`${touser}|${key}`, { msgId, time: request.now });
    this.messages.push({ kind: "template", touser, body, time: request.now });
    return { errcode: 0, errmsg: "ok", msgid: Number(msgId) };
  }

  #upload(request: PlatformRequest, kind: "temporary" | "material"): Record<string, unknown> {
    const file = fieldsOf(request.body.value).media;
    if (request.query.get("type") !== "image")
      return { ...error(40004, "invalid media type"), schemaError: true };
    if (!isUploadedFile(file)) return { ...error(41005, "media data missing"), schemaError: true };
    const mediaId = `media-${this.#id()}`;
    this.media.set(mediaId, { kind, name: file.name, type: file.type, size: file.size });
    return kind === "material"
      ? { media_id: mediaId, url: `https://mmbiz.qpic.cn/sim/${mediaId}` }
      : { type: "image", media_id: mediaId, created_at: Math.floor(request.now / 1000) };
  }
}
