/**
 * How every Graph API call is authorized: an OAuth 2.0 bearer token (a Page, user or system user
 * token), signed with `appsecret_proof` when the app secret is known.
 */
import type { AdapterAuth } from "../../adapters/contract.js";
import { bearerCredentials, createTokenAuth, type TokenSource } from "../../auth/tokens.js";
import { toHex } from "../../webhooks/encoding.js";

const encoder = new TextEncoder();

/**
 * `appsecret_proof`: hex HMAC-SHA256 of the access token keyed with the app secret
 * (https://developers.facebook.com/docs/graph-api/securing-requests/#appsecret_proof), with Web
 * Crypto so it runs everywhere.
 */
export async function appSecretProof(appSecret: string, accessToken: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(appSecret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return toHex(new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(accessToken))));
}

/**
 * Tokens per account, sent as `Authorization: Bearer` (the Graph API takes OAuth 2.0 bearer
 * tokens), each call signed with `appsecret_proof` when an app secret is given. A token Meta
 * rejects (error 190) is asked again from `tokens` once; Page tokens have no refresh grant.
 */
export function graphAuth(
  platform: string,
  tokens: TokenSource,
  appSecret: string | undefined,
): AdapterAuth {
  const inner = createTokenAuth({
    platform,
    tokens,
    toCredentials: bearerCredentials,
    headerNames: ["Authorization"],
  });
  if (appSecret === undefined) return inner;
  return {
    anyAccount: inner.anyAccount,
    headerNames: inner.headerNames,
    async credentials(account, rejected, context) {
      const credentials = await inner.credentials(account, rejected, context);
      const token = credentials.secrets[0] as string;
      const proof = await appSecretProof(appSecret, token);
      return {
        ...credentials,
        query: { ...credentials.query, appsecret_proof: proof },
        secrets: [...credentials.secrets, proof],
      };
    },
  };
}
