/** A PKCE pair (RFC 7636): keep `verifier` server-side, send `challenge` in the authorization URL. */
export interface Pkce {
  /** The code verifier, sent with the code exchange. */
  verifier: string;
  /** BASE64URL(SHA-256(verifier)). */
  challenge: string;
  /** Always `S256`. */
  method: "S256";
}

/** Base64url without padding (RFC 7636 appendix A). */
export function base64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** 32 random bytes give a 43-character verifier, the minimum length of RFC 7636 §4.1. */
const VERIFIER_BYTES = 32;

/** Random bytes as base64url: state values and verifiers. */
export function randomToken(bytes = VERIFIER_BYTES): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** Creates a PKCE verifier and its S256 challenge with Web Crypto (every runtime). */
export async function createPkce(): Promise<Pkce> {
  const verifier = randomToken();
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return { verifier, challenge: base64Url(new Uint8Array(digest)), method: "S256" };
}
