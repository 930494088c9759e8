import type { SeededRandom } from "../../../util/random.js";
import { json, type PlatformRequest } from "../context.js";
import { graphError, graphToken } from "./graph.js";

/** A Facebook user of the simulator: a user access token and the Pages it manages. */
export interface FacebookSimUser {
  /** A user access token the simulated Graph accepts. */
  accessToken: string;
  /** Ids of the Pages the user manages (their tokens come from `pages`). */
  pageIds: string[];
}

/** The app the simulated Facebook Login knows. */
export interface FacebookSimApp {
  /** App id (`client_id`). */
  id: string;
  /** App secret (`client_secret`). */
  secret: string;
}

/** A Page as Facebook Login hands it out. */
export interface FacebookLoginPage {
  /** Page id. */
  id: string;
  /** Name. */
  name: string;
  /** Page access token. */
  accessToken: string;
}

/*
 * Token lifetimes the simulator reports: short-lived user tokens "about an hour or two", long-lived
 * ones "about 60 days" (https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived).
 */
const SHORT_LIVED_S = 3_600;
const LONG_LIVED_S = 60 * 86_400;
/** Default `limit` of cursor pagination (Graph API pagination: 25). */
const DEFAULT_PAGE_SIZE = 25;
/** Tasks a full-control Page role has (Graph API Page `tasks`). */
const ALL_TASKS = ["ADVERTISE", "ANALYZE", "CREATE_CONTENT", "MESSAGING", "MODERATE", "MANAGE"];

/**
 * The simulated Facebook Login: the code exchange and the long-lived token exchange
 * (`GET /oauth/access_token`), and `GET /me/accounts`.
 */
export class FacebookLogin {
  readonly #users = new Map<string, string[]>();
  readonly #codes: Map<string, string>;
  readonly #app: FacebookSimApp | undefined;
  readonly #random: SeededRandom;

  /** Creates the login from the simulator options. */
  constructor(
    users: readonly FacebookSimUser[],
    codes: Readonly<Record<string, string>>,
    app: FacebookSimApp | undefined,
    random: SeededRandom,
  ) {
    for (const user of users) this.#users.set(user.accessToken, [...user.pageIds]);
    this.#codes = new Map(Object.entries(codes));
    this.#app = app;
    this.#random = random;
  }

  /** The Pages of a user token, or undefined when the token is not a user's. */
  pagesOf(token: string | undefined): string[] | undefined {
    return token === undefined ? undefined : this.#users.get(token);
  }

  /** `GET /oauth/access_token`: a code exchange, or `grant_type=fb_exchange_token`. */
  accessToken(request: PlatformRequest): Response {
    request.record.operation = "oauthAccessToken";
    const q = request.query;
    if (!this.#app || q.get("client_id") !== this.#app.id) {
      return graphError(400, 101, "Error validating application. Invalid application ID.");
    }
    if (q.get("client_secret") !== this.#app.secret) {
      return graphError(400, 1, "Error validating client secret.");
    }
    if (q.get("grant_type") === "fb_exchange_token") {
      const pages = this.pagesOf(q.get("fb_exchange_token") ?? undefined);
      if (!pages)
        return graphError(400, 190, "Invalid OAuth access token - Cannot parse access token");
      const token = `EAAlong${this.#random.uuid().replaceAll("-", "")}`;
      this.#users.set(token, [...pages]);
      return json(200, { access_token: token, token_type: "bearer", expires_in: LONG_LIVED_S });
    }
    const user = this.#codes.get(q.get("code") ?? "");
    if (user === undefined || !q.get("redirect_uri")) {
      return graphError(400, 100, "Invalid verification code format.", { subcode: 36007 });
    }
    this.#codes.delete(q.get("code") ?? ""); // a code is good for one exchange
    return json(200, { access_token: user, token_type: "bearer", expires_in: SHORT_LIVED_S });
  }

  /** `GET /me/accounts`: the user's Pages with their tokens, cursor-paginated. */
  accounts(request: PlatformRequest, lookup: (id: string) => FacebookLoginPage | undefined) {
    request.record.operation = "meAccounts";
    const pageIds = this.pagesOf(graphToken(request));
    if (!pageIds)
      return graphError(400, 190, "Invalid OAuth access token - Cannot parse access token");
    const limit = Number(request.query.get("limit") ?? DEFAULT_PAGE_SIZE) || DEFAULT_PAGE_SIZE;
    const start = Number(atob(request.query.get("after") ?? "") || 0) || 0;
    const slice = pageIds.slice(start, start + limit);
    const data = slice
      .map(lookup)
      .filter((p): p is FacebookLoginPage => p !== undefined)
      .map((p) => ({
        id: p.id,
        name: p.name,
        category: "Business",
        access_token: p.accessToken,
        tasks: ALL_TASKS,
      }));
    const end = start + slice.length;
    const paging = {
      cursors: { before: btoa(String(start)), after: btoa(String(end)) },
      ...(end < pageIds.length && {
        next: `${request.baseUrl}${request.path}?limit=${limit}&after=${btoa(String(end))}`,
      }),
    };
    return json(200, { data, paging });
  }
}
