/** Herald's namespace for name-based UUIDs (RFC 9562 §5.5), itself a random v4 UUID. */
const HERALD_NAMESPACE = "6f1c2b1e-4d3a-4b8e-9a57-2f0e8c6d1a93";

function hexToBytes(hex: string): Uint8Array {
  const clean = hex.replaceAll("-", "");
  const bytes = new Uint8Array(clean.length / 2);
  for (let i = 0; i < bytes.length; i++)
    bytes[i] = Number.parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

function bytesToUuid(bytes: Uint8Array): string {
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * A name-based UUID version 5 (RFC 9562 §5.5: SHA-1 of namespace + name) in Herald's namespace:
 * the same name always gives the same UUID, which keeps platform idempotency keys stable across
 * retries and resends.
 */
export async function uuidV5(name: string): Promise<string> {
  const ns = hexToBytes(HERALD_NAMESPACE);
  const nameBytes = new TextEncoder().encode(name);
  const input = new Uint8Array(ns.length + nameBytes.length);
  input.set(ns);
  input.set(nameBytes, ns.length);
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-1", input)).slice(0, 16);
  hash[6] = (hash[6]! & 0x0f) | 0x50; // version 5 (RFC 9562 §5.5)
  hash[8] = (hash[8]! & 0x3f) | 0x80; // variant 10 (RFC 9562 §4.1)
  return bytesToUuid(hash);
}
