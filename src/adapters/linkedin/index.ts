/**
 * The LinkedIn adapter (`herald/linkedin`): posts as a member or an organization through the
 * versioned REST API, with images, articles, little-text escaping and comments as replies, OAuth
 * tokens per account, and organization social action webhooks.
 *
 * @packageDocumentation
 */
import { refreshTokens } from "../../auth/oauth2.js";
import { bearerCredentials, createTokenAuth, type TokenSource } from "../../auth/tokens.js";
import { webhookSecrets } from "../../webhooks/secrets.js";
import type { PlatformAdapter } from "../contract.js";
import { resolveCommonOptions } from "../options.js";
import { isAuthorUrn, resolveAuthor } from "./author.js";
import {
  DEFAULT_MAX_CHARACTERS,
  LINKEDIN_BASE_URL,
  LINKEDIN_LIMITS,
  LINKEDIN_VERSION,
} from "./limits.js";
import { LINKEDIN_OAUTH } from "./oauth.js";
import { readLinkedInResponse } from "./read.js";
import { renderLinkedIn } from "./render.js";
import type { LinkedInOptions, LinkedInWebhookEvents } from "./types.js";
import { linkedinWebhooks } from "./webhooks.js";

export {
  LINKEDIN_BASE_URL,
  LINKEDIN_LIMITS,
  LINKEDIN_VERSION,
  RESTLI_PROTOCOL_VERSION,
} from "./limits.js";
export { escapeLittleText, toLittleText } from "./little-text.js";
export { LINKEDIN_OAUTH } from "./oauth.js";
export type {
  LinkedInOptions,
  LinkedInOverrides,
  LinkedInSocialActionNotification,
  LinkedInWebhookEvents,
} from "./types.js";

import { type Refuse, refuser } from "../refuse.js";

const PLATFORM = "linkedin";

const invalid: Refuse = refuser(PLATFORM);

/**
 * Creates the LinkedIn adapter. One member with `accessToken` (and `author`), or many accounts
 * with a `tokens` provider; each account posts as its author URN.
 *
 * @example linkedin({ accessToken: process.env.LI_TOKEN!, author: "urn:li:organization:123" })
 * @example linkedin({ tokens: (account) => db.linkedinTokens(account), clientId, clientSecret, onTokens })
 */
export function linkedin(options: LinkedInOptions): PlatformAdapter<LinkedInWebhookEvents> {
  const { accessToken, tokens, author } = options ?? {};
  if ((accessToken === undefined) === (tokens === undefined)) {
    invalid("accessToken", "give accessToken (one member) or tokens, not both or neither");
  }
  if (accessToken !== undefined && (typeof accessToken !== "string" || accessToken.trim() === "")) {
    invalid("accessToken", "a non-empty OAuth 2.0 access token");
  }
  if (typeof author === "string" && !isAuthorUrn(author)) {
    invalid("author", "a member or organization URN", 'e.g. "urn:li:organization:123"');
  }
  const version = options.version ?? LINKEDIN_VERSION;
  if (!/^\d{6}(\.\d{2})?$/.test(version)) invalid("version", "a Linkedin-Version such as 202607");
  const maxCharacters = options.maxCharacters ?? DEFAULT_MAX_CHARACTERS;
  if (!Number.isInteger(maxCharacters) || maxCharacters < 1) {
    invalid("maxCharacters", "a positive integer");
  }
  const { account, baseUrl, limits } = resolveCommonOptions(PLATFORM, options, {
    baseUrl: LINKEDIN_BASE_URL,
    limits: LINKEDIN_LIMITS,
  });
  const clientSecrets = webhookSecrets(PLATFORM, "clientSecret", options.clientSecret) ?? [];
  const clientId = options.clientId;
  const source: TokenSource = tokens ?? { accessToken: accessToken as string };
  const refresh =
    clientId !== undefined && clientSecrets[0] !== undefined
      ? (
          pair: Parameters<typeof refreshTokens>[2],
          _account: string,
          request: { timeoutMs: number },
        ) =>
          refreshTokens(
            LINKEDIN_OAUTH,
            { clientId, clientSecret: clientSecrets[0], redirectUri: "" },
            pair,
            { ...(options.tokenUrl ? { tokenUrl: options.tokenUrl } : {}), ...request },
          )
      : undefined;
  const auth = createTokenAuth({
    platform: PLATFORM,
    tokens: source,
    ...(refresh && { refresh }),
    ...(options.onTokens && { onTokens: options.onTokens }),
    toCredentials: bearerCredentials,
    headerNames: ["Authorization"],
  });
  const authorOf = (name: string | undefined) => resolveAuthor(name ?? account, account, author);
  const accountOf = (organization: string) => (author === organization ? account : organization);
  const webhooks =
    clientSecrets.length > 0
      ? linkedinWebhooks({
          clientSecrets,
          signatureInput: options.signatureInput ?? "either",
          accountOf,
        })
      : undefined;

  return {
    platform: PLATFORM,
    account,
    baseUrl,
    capabilities: { destinations: ["feed"], nativeSchedule: false },
    limits,
    secrets: [...(accessToken !== undefined ? [accessToken] : []), ...clientSecrets],
    authHeaders: () => ({}),
    auth,
    render: (message, destination, context) =>
      renderLinkedIn(message, destination, context, {
        authorOf,
        version,
        visibility: options.visibility ?? "PUBLIC",
        maxCharacters,
      }),
    readResponse: (operation, response) => readLinkedInResponse(operation, response, baseUrl),
    ...(webhooks && { webhooks }),
  };
}
