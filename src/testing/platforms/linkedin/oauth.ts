import type { SeededRandom } from "../../../util/random.js";
import { fieldsOf, json, type PlatformRequest } from "../context.js";

/** The app the simulated LinkedIn OAuth server knows. */
export interface LinkedInSimApp {
  /** Client id. */
  clientId: string;
  /** Client secret. */
  clientSecret: string;
}

/*
 * Lifetimes LinkedIn reports: access tokens 60 days (expires_in 5184000 - 1), refresh tokens 365
 * days (https://learn.microsoft.com/en-us/linkedin/shared/authentication/programmatic-refresh-tokens).
 */
const ACCESS_TOKEN_S = 5_183_999;
const REFRESH_TOKEN_S = 31_535_999;

/** Who tokens belong to, as the simulator keeps its members. */
export interface LinkedInTokenStore<M> {
  /** The member a valid access token belongs to. */
  memberOf(token: string): M | undefined;
  /** Makes a new access token valid for the member. */
  grant(member: M, token: string): void;
}

/**
 * The simulated `POST /oauth/v2/accessToken`: the authorization code and refresh token grants
 * (https://learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow).
 * Every token it issues belongs to the member the code (or refresh token) was for; a refresh
 * token outlives the access tokens it renews.
 */
export class LinkedInOAuth<M> {
  readonly #codes: Map<string, string>;
  readonly #refresh = new Map<string, M>();
  readonly #app: LinkedInSimApp | undefined;
  readonly #random: SeededRandom;
  readonly #store: LinkedInTokenStore<M>;

  /** `codes` maps authorization codes to the access token of the member who granted them. */
  constructor(
    codes: Readonly<Record<string, string>>,
    app: LinkedInSimApp | undefined,
    random: SeededRandom,
    store: LinkedInTokenStore<M>,
  ) {
    this.#codes = new Map(Object.entries(codes));
    this.#app = app;
    this.#random = random;
    this.#store = store;
  }

  /**
   * A refresh token for the member of a valid access token (to seed a backend's stored pair in
   * tests); throws a `RangeError` for a token of no member.
   */
  refreshTokenFor(memberToken: string): string {
    const member = this.#store.memberOf(memberToken);
    if (member === undefined) throw new RangeError("no member has this access token");
    const token = `AQX${this.#random.uuid().replaceAll("-", "")}`;
    this.#refresh.set(token, member);
    return token;
  }

  /** Answers the token endpoint. */
  handle(request: PlatformRequest): Response {
    request.record.operation = "accessToken";
    const body = fieldsOf(request.body.value);
    const error = (status: number, code: string, description: string) =>
      json(status, { error: code, error_description: description });
    if (
      !this.#app ||
      body.client_id !== this.#app.clientId ||
      body.client_secret !== this.#app.clientSecret
    ) {
      return error(401, "invalid_client", "Client authentication failed");
    }
    let member: M | undefined;
    if (body.grant_type === "authorization_code") {
      const granted = this.#codes.get(String(body.code ?? ""));
      member = granted === undefined ? undefined : this.#store.memberOf(granted);
      if (member === undefined || typeof body.redirect_uri !== "string") {
        return error(
          400,
          "invalid_request",
          "Unable to retrieve access token: authorization code not found",
        );
      }
      this.#codes.delete(String(body.code)); // one exchange per code
    } else if (body.grant_type === "refresh_token") {
      member = this.#refresh.get(String(body.refresh_token ?? ""));
      if (member === undefined)
        return error(400, "invalid_request", "The provided refresh token is invalid");
    } else {
      return error(
        400,
        "unsupported_grant_type",
        "grant_type must be authorization_code or refresh_token",
      );
    }
    const accessToken = `AQV${this.#random.uuid().replaceAll("-", "")}`;
    this.#store.grant(member, accessToken);
    // LinkedIn answers a refresh with the same refresh token (its lifetime keeps running)
    const refreshToken =
      body.grant_type === "refresh_token"
        ? String(body.refresh_token)
        : this.refreshTokenFor(accessToken);
    return json(200, {
      access_token: accessToken,
      expires_in: ACCESS_TOKEN_S,
      refresh_token: refreshToken,
      refresh_token_expires_in: REFRESH_TOKEN_S,
      scope: "w_member_social,w_organization_social",
    });
  }
}
