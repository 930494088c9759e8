import { audience, isAudienceRef } from "./audience.js";

/** Bytes per `String.fromCharCode` call when encoding: stays under engines' argument limits. */
const CHUNK = 0x8000;

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * JSON for a durable scheduler: media bytes become `{ "$bytes": base64 }` and named audiences
 * `{ "$audience": name }`, so that {@link decode} gives back what was stored.
 */
export function encode(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Uint8Array) return { $bytes: toBase64(v) };
    if (isAudienceRef(v)) return { $audience: v.audience };
    return v;
  });
}

/** The inverse of {@link encode}. */
export function decode<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      const o = v as { $bytes?: unknown; $audience?: unknown };
      if (typeof o.$bytes === "string") return fromBase64(o.$bytes);
      if (typeof o.$audience === "string") return audience(o.$audience);
    }
    return v;
  }) as T;
}
